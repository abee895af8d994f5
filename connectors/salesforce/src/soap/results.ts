import { setOwn } from '../../../../src/formats/plain-data.js';
import { child, isNil, parseXml, type XNode } from './xml.js';

/**
 * SOAP answers as JSON: prefixes dropped, `xsi:nil` as null, sObjects as `{type, Id, …fields}`
 * (the partner API writes a selected Id twice; it becomes one key), child relationships as query
 * results. Record field values stay the strings SOAP sends; the partner WSDL's own booleans and
 * numbers (done, success, created, size, describe flags and lengths) become JSON booleans and
 * numbers. Repeated WSDL elements (records, errors, ids, fields…) are always arrays.
 */

// xsd:boolean elements of the partner WSDL's result types (LoginResult/GetUserInfoResult,
// SaveResult and friends, QueryResult, DuplicateResult, describe results)
const BOOLEANS: ReadonlySet<string> = new Set([
  'done', 'success', 'created', 'passwordExpired', 'sandbox', 'accessibilityMode', 'chatterExternal', 'orgDisallowHtmlAttachments',
  'orgHasPersonAccounts', 'organizationMultiCurrency', 'allowSave', 'selected',
  'activateable', 'compactLayoutable', 'createable', 'custom', 'customSetting', 'dataTranslationEnabled', 'deepCloneable', 'deletable',
  'deprecatedAndHidden', 'feedEnabled', 'hasSubtypes', 'idEnabled', 'isInterface', 'isSubtype', 'layoutable', 'mergeable', 'mruEnabled',
  'queryable', 'replicateable', 'retrieveable', 'searchLayoutable', 'searchable', 'triggerable', 'undeletable', 'updateable',
  'aggregatable', 'aiPredictionField', 'autoNumber', 'calculated', 'cascadeDelete', 'caseSensitive', 'defaultedOnCreate', 'dependentPicklist',
  'displayLocationInDecimal', 'encrypted', 'externalId', 'filterable', 'formulaTreatNullNumberAsZero', 'groupable', 'highScaleNumber',
  'htmlFormatted', 'idLookup', 'nameField', 'namePointing', 'nillable', 'permissionable', 'polymorphicForeignKey', 'queryByDistance',
  'restrictedDelete', 'restrictedPicklist', 'searchPrefilterable', 'sortable', 'unique', 'writeRequiresMasterRead',
  // PicklistEntry and RecordTypeInfo (a Field's defaultValue is xsd:anyType and says its type itself)
  'active', 'defaultValue', 'available', 'defaultRecordTypeMapping', 'master',
]);

// xsd:int and xsd:double elements of the same types
const NUMBERS: ReadonlySet<string> = new Set([
  'size', 'maxBatchSize', 'sessionSecondsValid', 'orgAttachmentFileSizeLimit', 'length', 'byteLength', 'digits', 'precision', 'scale',
  'relationshipOrder', 'row', 'column', 'current', 'limit', 'matchConfidence',
]);

// elements the WSDL declares unbounded: arrays even when one or none came
const LISTS: ReadonlySet<string> = new Set([
  'records', 'errors', 'fields', 'ids', 'deletedRecords', 'searchRecords', 'sobjects', 'mergedRecordIds', 'updatedRelatedIds',
  'duplicateResults', 'matchResults', 'matchRecords', 'picklistValues', 'referenceTo', 'childRelationships', 'recordTypeInfos',
  'supportedScopes', 'junctionIdListNames', 'junctionReferenceTo', 'extendedErrorDetails', 'fieldDiffs', 'tabs', 'colors', 'icons',
  'namedLayoutInfos', 'actionOverrides', 'controllingFields', 'entityMetadata', 'fieldMetadata', 'searchResultsMetadata',
]);

/** A parsed answer: the SOAP header and the first element of the body. */
export interface SoapDocument {
  readonly header: XNode | undefined;
  readonly body: XNode | undefined;
}

/** Parse a SOAP answer; malformed XML is FERRY_ERR_CALL_BAD_RESPONSE. */
export function readDocument(text: string, what: string): SoapDocument {
  const root = parseXml(text, 'FERRY_ERR_CALL_BAD_RESPONSE', what);
  return { header: child(root, 'Header'), body: child(root, 'Body')?.children[0] };
}

/** A SOAP fault as JSON: faultcode without `sf:`, faultstring, and the detail's exceptionCode/Message. */
export interface FaultJson {
  faultcode: string;
  faultstring: string;
  exceptionCode?: string;
  exceptionMessage?: string;
  /** the detail element: UnexpectedErrorFault, InvalidFieldFault, LoginFault, … */
  faultType?: string;
  row?: number;
  column?: number;
}

/** The fault of a body element, or undefined when it is none. */
export function faultOf(body: XNode | undefined): FaultJson | undefined {
  if (body?.name !== 'Fault') return undefined;
  const text = (name: string, node: XNode | undefined = body) => child(node, name)?.text.trim();
  const fault: FaultJson = { faultcode: (text('faultcode') ?? '').replace(/^sf:/, ''), faultstring: text('faultstring') ?? '' };
  const detail = child(body, 'detail')?.children[0];
  if (detail) {
    fault.faultType = detail.name;
    const code = text('exceptionCode', detail);
    const message = text('exceptionMessage', detail);
    if (code !== undefined) fault.exceptionCode = code;
    if (message !== undefined) fault.exceptionMessage = message;
    for (const key of ['row', 'column'] as const) {
      const n = text(key, detail);
      if (n !== undefined && /^-?\d+$/.test(n)) fault[key] = Number(n);
    }
  }
  return fault;
}

/** `{used, max}` from the LimitInfoHeader's API REQUESTS entry. */
export function apiUsageOf(header: XNode | undefined): { used: number; max: number } | undefined {
  const info = child(header, 'LimitInfoHeader')?.children.find((c) => c.name === 'limitInfo' && child(c, 'type')?.text.trim() === 'API REQUESTS');
  const used = Number(child(info, 'current')?.text);
  const max = Number(child(info, 'limit')?.text);
  return info && Number.isFinite(used) && Number.isFinite(max) ? { used, max } : undefined;
}

/** The `result` elements of a `<callResponse>` as JSON, one per result (null for a nil one). */
export function resultsOf(response: XNode): unknown[] {
  return response.children.filter((c) => c.name === 'result').map(valueOf);
}

function xsiType(node: XNode): string | undefined {
  const t = node.attrs.type;
  return t === undefined ? undefined : t.slice(t.indexOf(':') + 1);
}

/** A WSDL element as JSON. */
function valueOf(node: XNode): unknown {
  if (isNil(node)) return null;
  const type = xsiType(node);
  if (type === 'sObject') return recordOf(node);
  if (node.children.length === 0) return scalarOf(node.name, node.text, type);
  const out: Record<string, unknown> = {};
  for (const c of node.children) add(out, c.name, valueOf(c));
  // lists that came empty are still lists: a query with no rows has records [], a success no errors
  if ('done' in out && 'size' in out) out.records ??= [];
  if ('success' in out) out.errors ??= [];
  return out;
}

// element names are data: setOwn keeps a `__proto__` element from becoming a prototype
function add(out: Record<string, unknown>, name: string, value: unknown): void {
  const prev = Object.hasOwn(out, name) ? out[name] : undefined;
  if (LISTS.has(name)) {
    if (prev === undefined) setOwn(out, name, [value]);
    else (prev as unknown[]).push(value);
  } else if (Object.hasOwn(out, name)) {
    // a repeat the tables do not know: keep every value rather than the last
    setOwn(out, name, Array.isArray(prev) ? [...prev, value] : [prev, value]);
  } else setOwn(out, name, value);
}

function scalarOf(name: string, text: string, type: string | undefined): unknown {
  const t = text.trim();
  if (type === 'boolean' || (type === undefined && BOOLEANS.has(name))) return t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : text;
  if (type === 'int' || type === 'long' || type === 'double' || (type === undefined && NUMBERS.has(name))) {
    const n = Number(t);
    return t !== '' && Number.isFinite(n) ? n : text;
  }
  return text;
}

/**
 * An sObject: `{type, Id, …fields}` in the order sent. The partner API writes `Id` twice when it
 * was selected (and once, nil, when it was not): the first non-null one is kept.
 */
function recordOf(node: XNode): Record<string, unknown> {
  let type: string | undefined;
  let id: string | null | undefined;
  const fields: [string, unknown][] = [];
  for (const c of node.children) {
    if (c.name === 'type') type = c.text.trim();
    else if (c.name === 'Id') {
      const v = isNil(c) ? null : c.text.trim();
      if (id === undefined || id === null) id = v;
    } else fields.push([c.name, fieldOf(c)]);
  }
  const out: Record<string, unknown> = {};
  if (type !== undefined) out.type = type;
  if (id !== undefined) out.Id = id;
  for (const [name, value] of fields) setOwn(out, name, value);
  return out;
}

/** A record's field: text as sent, a parent sObject, a child query result, or a compound value (address). */
function fieldOf(node: XNode): unknown {
  if (isNil(node)) return null;
  const type = xsiType(node);
  if (type === 'sObject') return recordOf(node);
  if (type === 'QueryResult') return valueOf(node);
  if (node.children.length === 0) return node.text;
  const out: Record<string, unknown> = {};
  for (const c of node.children) setOwn(out, c.name, fieldOf(c));
  return out;
}
