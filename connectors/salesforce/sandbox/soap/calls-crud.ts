import { toId18 } from '../ids.js';
import type { ObjectDef, RecordError } from '../model.js';
import { executeSoql, parseSoql } from '../soql/index.js';
import { Rollback } from '../store/org-store.js';
import { limitCount, objectOrFault, saveOptions, type CallContext, type CallHandler } from './call.js';
import { SoapFault, withSoqlFaults } from './faults.js';
import { saveResultXml, sobjectXml, upsertResultXml } from './results.js';
import { readSObject, saveInputOf, type SObjectInput } from './sobject-input.js';
import { childrenNamed, nil, textOf } from './xml.js';

/**
 * create, update, upsert, delete, undelete, emptyRecycleBin and retrieve. Each record gets its own
 * result in input order; with AllOrNoneHeader the whole call is one transaction and the records
 * that were fine report ALL_OR_NONE_OPERATION_ROLLED_BACK.
 */

interface Outcome {
  readonly id: string | undefined;
  readonly errors: readonly RecordError[];
  readonly created: boolean;
}

const MAX_RECORDS = 200;
const MAX_RETRIEVE = 2000;

const ROLLED_BACK: RecordError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

function ok(id: string, created = false): Outcome {
  return { id, errors: [], created };
}

function failed(errors: readonly RecordError[], id?: string): Outcome {
  return { id, errors, created: false };
}

/** Apply `fn` to every item; under AllOrNoneHeader any failure undoes them all. */
function applyAll<T>(c: CallContext, items: readonly T[], fn: (item: T) => Outcome): Outcome[] {
  if (!c.headers.allOrNone) return items.map(fn);
  let outcomes: Outcome[] = [];
  try {
    c.org.store.transaction(() => {
      outcomes = items.map(fn);
      if (outcomes.some((o) => o.errors.length > 0)) throw new Rollback();
    });
    return outcomes;
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
    return outcomes.map((o) => (o.errors.length > 0 ? o : failed([ROLLED_BACK])));
  }
}

/** The sObjects of a call with their objects; an unknown or missing type faults the whole call. */
function sobjectsOf(c: CallContext): { input: SObjectInput; def: ObjectDef }[] {
  const nodes = childrenNamed(c.call, 'sObjects');
  limitCount(nodes, MAX_RECORDS);
  return nodes.map((node) => {
    const input = readSObject(node);
    return { input, def: objectOrFault(c, input.type) };
  });
}

const create: CallHandler = (c) => {
  const outcomes = applyAll(c, sobjectsOf(c), ({ input, def }) => {
    if (input.id !== undefined) return failed([{ statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', message: 'cannot specify Id in an insert call', fields: ['Id'] }]);
    const { values, errors } = saveInputOf(c, def, input);
    if (errors.length > 0) return failed(errors);
    const outcome = c.org.store.create(def.name, values, saveOptions(c));
    return outcome.ok ? ok(outcome.id) : failed(outcome.errors);
  });
  return outcomes.map(saveResultXml).join('');
};

const update: CallHandler = (c) => {
  const outcomes = applyAll(c, sobjectsOf(c), ({ input, def }) => {
    if (input.id === undefined) return failed([{ statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }]);
    if (toId18(input.id) === undefined) return failed([{ statusCode: 'MALFORMED_ID', message: `${def.label} ID: id value of incorrect type: ${input.id}`, fields: ['Id'] }]);
    const { values, errors } = saveInputOf(c, def, input);
    if (errors.length > 0) return failed(errors);
    const outcome = c.org.store.update(input.id, values, saveOptions(c), def.name);
    return outcome.ok ? ok(outcome.id) : failed(outcome.errors);
  });
  return outcomes.map(saveResultXml).join('');
};

const upsert: CallHandler = (c) => {
  const external = textOf(c.call, 'externalIDFieldName');
  if (external === undefined || external === '') throw new SoapFault('MISSING_ARGUMENT', 'externalIDFieldName not specified');
  const items = sobjectsOf(c);
  for (const { def } of items) {
    const f = def.fieldMap.get(external.toLowerCase());
    if (!f || !(f.externalId || f.idLookup)) {
      throw new SoapFault('INVALID_FIELD', `Field name provided, ${external} is not an External ID or indexed field for ${def.name}`, 'InvalidFieldFault');
    }
  }
  const outcomes = applyAll(c, items, ({ input, def }) => {
    const { values, errors } = saveInputOf(c, def, input);
    if (errors.length > 0) return failed(errors);
    if (def.fieldMap.get(external.toLowerCase())!.type === 'id' && input.id !== undefined) values.Id = input.id;
    const outcome = c.org.store.upsert(def.name, external, values, saveOptions(c));
    return outcome.ok ? ok(outcome.id, outcome.created) : failed(outcome.errors);
  });
  return outcomes.map(upsertResultXml).join('');
};

/** delete / undelete / emptyRecycleBin: one store operation per id. */
function byIds(operation: (c: CallContext, id: string) => { ok: true; id: string } | { ok: false; errors: readonly RecordError[] }): CallHandler {
  return (c) => {
    const ids = childrenNamed(c.call, 'ids').map((n) => n.text.trim());
    limitCount(ids, MAX_RECORDS);
    const outcomes = applyAll(c, ids, (raw) => {
      const id = toId18(raw);
      if (id === undefined) return failed([{ statusCode: 'MALFORMED_ID', message: `malformed id ${raw}`, fields: [] }]);
      const outcome = operation(c, id);
      return outcome.ok ? ok(outcome.id) : failed(outcome.errors, c.org.store.get(id) ? id : undefined);
    });
    return outcomes.map(saveResultXml).join('');
  };
}

const retrieve: CallHandler = (c) => {
  const def = objectOrFault(c, textOf(c.call, 'sObjectType'));
  const fields = (textOf(c.call, 'fieldList') ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.length === 0) throw new SoapFault('MALFORMED_QUERY', 'fieldList must not be empty', 'MalformedQueryFault');
  const raw = childrenNamed(c.call, 'ids').map((n) => n.text.trim());
  limitCount(raw, MAX_RETRIEVE);
  const ids = raw.map((r) => toId18(r));
  const valid = [...new Set(ids.filter((id): id is string => id !== undefined))];
  // retrieve is a query by id underneath: field errors read as SOQL errors, as in Salesforce
  const where = valid.length === 0 ? 'Id = null' : `Id IN (${valid.map((id) => `'${id}'`).join(', ')})`;
  const result = withSoqlFaults(() => executeSoql(parseSoql(`SELECT ${fields.join(', ')} FROM ${def.name} WHERE ${where}`), c.org.store, { includeDeleted: false, now: c.org.now() }));
  const byId = new Map(result.rows.map((r) => [r.id, r]));
  return ids
    .map((id) => {
      const row = id === undefined ? undefined : byId.get(id);
      return row ? sobjectXml('result', row, c.org.store) : nil('result');
    })
    .join('');
};

/** The CRUD operations by name. */
export const CRUD_CALLS: Readonly<Record<string, CallHandler>> = {
  create,
  update,
  upsert,
  delete: byIds((c, id) => c.org.store.delete(id)),
  undelete: byIds((c, id) => c.org.store.undelete(id)),
  emptyRecycleBin: byIds((c, id) => c.org.store.purge(id)),
  retrieve,
};
