import type { ObjectDef, RecordError } from '../model.js';
import { Rollback } from '../store/org-store.js';
import { illegalReferenceIdMessage } from './composite-run.js';
import { jsonParserError, notFound, requireObjectBody, restError } from './errors.js';
import { saveOptions } from './records.js';
import { resolveRelationships } from './relationships.js';
import type { RestRequest, RestResponse } from './router.js';

/**
 * `POST /composite/tree/{T}`: create record trees (roots of type T, children nested under their
 * child-relationship names such as `Contacts: {records: […]}`) all-or-nothing. Records are
 * created level by level (every root, then every second-level record, …), which is also the
 * order of the 201 results; on any failure nothing is kept and the 400 names only the record
 * that failed.
 */

const MAX_RECORDS = 200;
const MAX_TYPES = 5;
const MAX_DEPTH = 5;
const REFERENCE_ID = /^[A-Za-z0-9][A-Za-z0-9_]*$/;

interface TreeNode {
  readonly referenceId: string;
  readonly def: ObjectDef;
  readonly fields: Record<string, unknown>;
  readonly parent: TreeNode | undefined;
  /** the child's reference field to its parent, e.g. AccountId */
  readonly parentField: string | undefined;
  id?: string;
}

interface Pending {
  readonly record: unknown;
  readonly expected: ObjectDef;
  readonly parent: TreeNode | undefined;
  readonly parentField: string | undefined;
}

interface TreeProblem {
  readonly referenceId: unknown;
  readonly errors: readonly RecordError[];
}

/** Run a composite/tree request for the root object named in the url. */
export function compositeTree(req: RestRequest, typeName: string): RestResponse {
  const def = req.org.store.object(typeName);
  if (!def) return notFound();
  const notObject = requireObjectBody(req.body, 'SObjectTreeRequest');
  if (notObject) return notObject;
  const records = (req.body as Record<string, unknown>).records;
  if (!Array.isArray(records)) return jsonParserError(`Required field 'records' is missing or is not an array`);

  const flat = flatten(req, records.map((record) => ({ record, expected: def, parent: undefined, parentField: undefined })));
  if ('response' in flat) return flat.response;
  const { nodes, problems } = flat;
  if (nodes.length > MAX_RECORDS) return restError(400, 'LIMIT_EXCEEDED', `An sObject tree request can create at most ${MAX_RECORDS} records; this one has ${nodes.length}`);
  if (new Set(nodes.map((n) => n.def.name)).size > MAX_TYPES) return restError(400, 'LIMIT_EXCEEDED', `An sObject tree request can hold records of at most ${MAX_TYPES} different types`);
  problems.push(...duplicates(nodes));
  if (problems.length > 0) return treeFailure(problems);

  let failure: TreeProblem | undefined;
  try {
    req.org.store.transaction(() => {
      for (const node of nodes) {
        const input = node.parent && node.parentField ? { ...node.fields, [node.parentField]: node.parent.id } : node.fields;
        const resolved = resolveRelationships(req.org.store, node.def, input);
        const outcome = 'errors' in resolved ? { ok: false as const, errors: resolved.errors } : req.org.store.create(node.def.name, resolved.input, saveOptions(req));
        if (!outcome.ok) {
          failure = { referenceId: node.referenceId, errors: outcome.errors };
          throw new Rollback();
        }
        node.id = outcome.id;
      }
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  // a value of the wrong JSON type fails deserialisation of the whole request, not one record
  const unparsable = failure?.errors.find((e) => e.statusCode === 'JSON_PARSER_ERROR');
  if (unparsable) return jsonParserError(unparsable.message);
  if (failure) return treeFailure([failure]);
  return { status: 201, body: { hasErrors: false, results: nodes.map((n) => ({ referenceId: n.referenceId, id: n.id })) } };
}

/**
 * Every record of every tree in creation order (breadth first), with the record-level problems
 * found on the way; a malformed request (not objects, too deep) is answered directly.
 */
function flatten(req: RestRequest, roots: Pending[]): { nodes: TreeNode[]; problems: TreeProblem[] } | { response: RestResponse } {
  const nodes: TreeNode[] = [];
  const problems: TreeProblem[] = [];
  let level: Pending[] = roots;
  for (let depth = 1; level.length > 0; depth++) {
    if (depth > MAX_DEPTH) return { response: restError(400, 'LIMIT_EXCEEDED', `sObject trees can be at most ${MAX_DEPTH} levels deep`) };
    const next: Pending[] = [];
    for (const pending of level) {
      if (pending.record === null || typeof pending.record !== 'object' || Array.isArray(pending.record)) {
        return { response: jsonParserError('Each entry of records must be a JSON object') };
      }
      const record = pending.record as Record<string, unknown>;
      const attributes = (record.attributes ?? {}) as Record<string, unknown>;
      const referenceId = attributes.referenceId;
      const fields: Record<string, unknown> = {};
      const node: TreeNode = { referenceId: typeof referenceId === 'string' ? referenceId : '', def: pending.expected, fields, parent: pending.parent, parentField: pending.parentField };
      for (const [key, value] of Object.entries(record)) {
        if (key === 'attributes') continue;
        if (isRecordsWrapper(value)) {
          const relationship = pending.expected.childMap.get(key.toLowerCase());
          const children = relationship && req.org.store.object(relationship.childSObject);
          if (relationship && children) {
            for (const child of value.records) next.push({ record: child, expected: children, parent: node, parentField: relationship.field });
            continue;
          }
        }
        // anything else is a field; the store names unknown ones
        fields[key] = value;
      }
      const problem = recordProblem(referenceId, attributes.type, pending.expected);
      if (problem) problems.push(problem);
      nodes.push(node);
    }
    level = next;
  }
  return { nodes, problems };
}

function isRecordsWrapper(value: unknown): value is { records: unknown[] } {
  return value !== null && typeof value === 'object' && Array.isArray((value as { records?: unknown }).records);
}

function recordProblem(referenceId: unknown, type: unknown, expected: ObjectDef): TreeProblem | undefined {
  const invalid = (message: string): TreeProblem => ({ referenceId: typeof referenceId === 'string' ? referenceId : null, errors: [{ statusCode: 'INVALID_INPUT', message, fields: [] }] });
  if (typeof referenceId !== 'string' || referenceId === '') return invalid('Include a referenceId in the attributes of every record');
  if (!REFERENCE_ID.test(referenceId)) return invalid(illegalReferenceIdMessage(referenceId));
  if (typeof type !== 'string' || type === '') return invalid('Include the sObject type in the attributes of every record');
  if (type.toLowerCase() !== expected.name.toLowerCase()) return invalid(`The sObject type ${type} doesn't match the type ${expected.name} expected at this position of the tree`);
  return undefined;
}

// One result per instance of a repeated referenceId, as Salesforce reports them.
function duplicates(nodes: readonly TreeNode[]): TreeProblem[] {
  const counts = new Map<string, number>();
  for (const n of nodes) counts.set(n.referenceId, (counts.get(n.referenceId) ?? 0) + 1);
  return nodes
    .filter((n) => REFERENCE_ID.test(n.referenceId) && counts.get(n.referenceId)! > 1)
    .map((n) => ({ referenceId: n.referenceId, errors: [{ statusCode: 'INVALID_INPUT', message: 'Duplicate ReferenceId provided in the request', fields: [] }] }));
}

function treeFailure(problems: readonly TreeProblem[]): RestResponse {
  return {
    status: 400,
    body: {
      hasErrors: true,
      results: problems.map((p) => ({ referenceId: p.referenceId, errors: p.errors.map((e) => ({ statusCode: e.statusCode, message: e.message, fields: [...e.fields] })) })),
    },
  };
}
