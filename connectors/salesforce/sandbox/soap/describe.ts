import { toId18 } from '../ids.js';
import type { ObjectDef } from '../model.js';
import { describeObject, globalEntry } from '../rest/describe.js';
import { limitCount, objectOrFault, type CallHandler } from './call.js';
import { childrenNamed, el, esc, leaf, nil } from './xml.js';

/**
 * describeGlobal, describeSObject(s) and describeTabs. The metadata is the same REST describes
 * (one source of truth, built once per object); here it is written as XML in the partner WSDL's
 * element order (alphabetical sequences), optional elements left out when they have no value.
 */

/**
 * How one element is written: `req` always (nil when null), `opt` only when it has a value,
 * `list` once per item, `objects` once per item with the nested order, `any` as a typed
 * xsd:anyType value.
 */
type Spec = readonly [key: string, kind: 'req' | 'opt' | 'list' | 'any'] | readonly [key: string, kind: 'objects', order: readonly Spec[]];

function xmlOf(value: Record<string, unknown>, order: readonly Spec[], defaults: Readonly<Record<string, unknown>> = {}): string {
  let out = '';
  for (const spec of order) {
    const [key, kind] = spec;
    const v = key in value ? value[key] : defaults[key];
    if (kind === 'req') out += scalar(key, v);
    else if (kind === 'opt') out += v === null || v === undefined ? '' : scalar(key, v);
    else if (kind === 'any') out += v === null || v === undefined ? '' : `<${key} xsi:type="xsd:${typeof v === 'boolean' ? 'boolean' : typeof v === 'number' ? 'double' : 'string'}">${esc(String(v))}</${key}>`;
    else if (kind === 'list') out += ((v as unknown[] | null | undefined) ?? []).map((item) => scalar(key, item)).join('');
    else if (spec.length === 3) out += ((v as Record<string, unknown>[] | null | undefined) ?? []).map((item) => el(key, xmlOf(item, spec[2]))).join('');
  }
  return out;
}

function scalar(key: string, v: unknown): string {
  return v === null || v === undefined ? nil(key) : leaf(key, v as string | number | boolean);
}

const GLOBAL_ORDER: readonly Spec[] = [
  ['activateable', 'req'], ['createable', 'req'], ['custom', 'req'], ['customSetting', 'req'], ['dataTranslationEnabled', 'req'],
  ['deepCloneable', 'req'], ['deletable', 'req'], ['deprecatedAndHidden', 'req'], ['feedEnabled', 'req'], ['hasSubtypes', 'req'],
  ['idEnabled', 'req'], ['isInterface', 'req'], ['isSubtype', 'req'], ['keyPrefix', 'req'], ['label', 'req'], ['labelPlural', 'req'],
  ['layoutable', 'req'], ['mergeable', 'req'], ['mruEnabled', 'req'], ['name', 'req'], ['queryable', 'req'], ['replicateable', 'req'],
  ['retrieveable', 'req'], ['searchable', 'req'], ['triggerable', 'req'], ['undeletable', 'req'], ['updateable', 'req'],
];

// elements the partner WSDL has and the REST describe does not
const WSDL_DEFAULTS: Readonly<Record<string, unknown>> = { dataTranslationEnabled: false, idEnabled: true, aiPredictionField: false };

const PICKLIST_ORDER: readonly Spec[] = [['active', 'req'], ['defaultValue', 'req'], ['label', 'req'], ['validFor', 'opt'], ['value', 'req']];

const FIELD_ORDER: readonly Spec[] = [
  ['aggregatable', 'req'], ['aiPredictionField', 'req'], ['autoNumber', 'req'], ['byteLength', 'req'], ['calculated', 'req'],
  ['calculatedFormula', 'opt'], ['cascadeDelete', 'opt'], ['caseSensitive', 'req'], ['compoundFieldName', 'opt'], ['controllerName', 'opt'],
  ['createable', 'req'], ['custom', 'req'], ['dataTranslationEnabled', 'opt'], ['defaultValue', 'any'], ['defaultValueFormula', 'opt'],
  ['defaultedOnCreate', 'req'], ['dependentPicklist', 'opt'], ['deprecatedAndHidden', 'req'], ['digits', 'req'], ['displayLocationInDecimal', 'opt'],
  ['encrypted', 'opt'], ['externalId', 'opt'], ['extraTypeInfo', 'opt'], ['filterable', 'req'], ['filteredLookupInfo', 'opt'],
  ['formulaTreatNullNumberAsZero', 'opt'], ['groupable', 'req'], ['highScaleNumber', 'opt'], ['htmlFormatted', 'opt'], ['idLookup', 'req'],
  ['inlineHelpText', 'opt'], ['label', 'req'], ['length', 'req'], ['mask', 'opt'], ['maskType', 'opt'], ['name', 'req'], ['nameField', 'req'],
  ['namePointing', 'opt'], ['nillable', 'req'], ['permissionable', 'req'], ['picklistValues', 'objects', PICKLIST_ORDER],
  ['polymorphicForeignKey', 'req'], ['precision', 'req'], ['queryByDistance', 'req'], ['referenceTargetField', 'opt'], ['referenceTo', 'list'],
  ['relationshipName', 'opt'], ['relationshipOrder', 'opt'], ['restrictedDelete', 'opt'], ['restrictedPicklist', 'req'], ['scale', 'req'],
  ['searchPrefilterable', 'req'], ['soapType', 'req'], ['sortable', 'opt'], ['type', 'req'], ['unique', 'req'], ['updateable', 'req'],
  ['writeRequiresMasterRead', 'opt'],
];

const CHILD_ORDER: readonly Spec[] = [
  ['cascadeDelete', 'req'], ['childSObject', 'req'], ['deprecatedAndHidden', 'req'], ['field', 'req'], ['junctionIdListNames', 'list'],
  ['junctionReferenceTo', 'list'], ['relationshipName', 'opt'], ['restrictedDelete', 'opt'],
];

const RECORD_TYPE_ORDER: readonly Spec[] = [
  ['active', 'req'], ['available', 'req'], ['defaultRecordTypeMapping', 'req'], ['developerName', 'req'], ['master', 'req'], ['name', 'req'], ['recordTypeId', 'req'],
];

const SCOPE_ORDER: readonly Spec[] = [['label', 'req'], ['name', 'req']];

const SOBJECT_ORDER: readonly Spec[] = [
  ['activateable', 'req'], ['childRelationships', 'objects', CHILD_ORDER], ['compactLayoutable', 'req'], ['createable', 'req'], ['custom', 'req'],
  ['customSetting', 'req'], ['dataTranslationEnabled', 'req'], ['deepCloneable', 'req'], ['defaultImplementation', 'req'], ['deletable', 'req'],
  ['deprecatedAndHidden', 'req'], ['feedEnabled', 'req'], ['fields', 'objects', FIELD_ORDER], ['hasSubtypes', 'req'], ['idEnabled', 'req'],
  ['implementedBy', 'req'], ['implementsInterfaces', 'req'], ['isInterface', 'req'], ['isSubtype', 'req'], ['keyPrefix', 'req'], ['label', 'req'],
  ['labelPlural', 'req'], ['layoutable', 'req'], ['mergeable', 'req'], ['mruEnabled', 'req'], ['name', 'req'], ['networkScopeFieldName', 'req'],
  ['queryable', 'req'], ['recordTypeInfos', 'objects', RECORD_TYPE_ORDER], ['replicateable', 'req'], ['retrieveable', 'req'],
  ['searchLayoutable', 'req'], ['searchable', 'req'], ['supportedScopes', 'objects', SCOPE_ORDER], ['triggerable', 'req'], ['undeletable', 'req'],
  ['updateable', 'req'], ['urlDetail', 'req'], ['urlEdit', 'req'], ['urlNew', 'req'],
];

const cache = new WeakMap<ObjectDef, Map<string, string>>();

/** One DescribeSObjectResult's content, built once per object definition, version and host. */
function sobjectDescribeXml(def: ObjectDef, version: string, baseUrl: string): string {
  let byKey = cache.get(def);
  if (!byKey) cache.set(def, (byKey = new Map()));
  const key = `${version} ${baseUrl}`;
  let xml = byKey.get(key);
  if (xml === undefined) byKey.set(key, (xml = buildDescribeXml(def, version, baseUrl)));
  return xml;
}

function buildDescribeXml(def: ObjectDef, version: string, baseUrl: string): string {
  const body = describeObject(def, version, baseUrl).body;
  const fields = (body.fields as Record<string, unknown>[]).map((f) => ({ ...WSDL_DEFAULTS, ...f }));
  const urls = { urlDetail: `${baseUrl}/{ID}`, urlEdit: `${baseUrl}/{ID}/e`, urlNew: `${baseUrl}/${def.keyPrefix}/e` };
  return xmlOf({ ...WSDL_DEFAULTS, ...body, fields, ...urls }, SOBJECT_ORDER);
}

const describeGlobal: CallHandler = (c) => {
  const sobjects = c.org.store.objects().map((def) => el('sobjects', xmlOf(globalEntry(def, c.version), GLOBAL_ORDER, WSDL_DEFAULTS)));
  return el('result', leaf('encoding', 'UTF-8') + leaf('maxBatchSize', 200) + sobjects.join(''));
};

const describeSObject: CallHandler = (c) => {
  const [node] = childrenNamed(c.call, 'sObjectType');
  const def = objectOrFault(c, node?.text.trim());
  return el('result', sobjectDescribeXml(def, c.version, c.ctx.baseUrl()));
};

const describeSObjects: CallHandler = (c) => {
  const names = childrenNamed(c.call, 'sObjectType').map((n) => n.text.trim());
  limitCount(names, 100);
  // every name is checked before anything is written: one unknown type faults the call
  const defs = names.map((n) => objectOrFault(c, n));
  return defs.map((def) => el('result', sobjectDescribeXml(def, c.version, c.ctx.baseUrl()))).join('');
};

// the objects the sandbox's one app (Sales) shows as tabs
const TAB_OBJECTS = ['Account', 'Contact', 'Lead', 'Opportunity', 'Case'];
const SALES_APP_ID = toId18('02u5g00000Sales')!;

/** describeTabs (jsforce exposes it): the Sales app, DescribeTabSetResult and DescribeTab in WSDL order. */
const describeTabs: CallHandler = (c) => {
  const base = c.ctx.baseUrl();
  const tabs = TAB_OBJECTS.flatMap((name) => {
    const def = c.org.store.object(name);
    if (!def) return [];
    const icon = def.labelPlural.toLowerCase().replace(/\s+/g, '');
    return [
      el(
        'tabs',
        leaf('custom', def.custom) +
          leaf('iconUrl', `${base}/img/icon/${icon}32.png`) +
          leaf('label', def.labelPlural) +
          leaf('miniIconUrl', `${base}/img/icon/${icon}16.png`) +
          leaf('name', `standard-${def.name}`) +
          leaf('sobjectName', def.name) +
          leaf('url', `${base}/${def.keyPrefix}/o`),
      ),
    ];
  });
  return el(
    'result',
    leaf('description', 'Manage your sales process with accounts, contacts, leads, opportunities, and more') +
      leaf('label', 'Sales') +
      leaf('logoUrl', `${base}/img/seasonLogos/logo.svg`) +
      leaf('selected', true) +
      leaf('tabSetId', SALES_APP_ID) +
      tabs.join(''),
  );
};

/** The describe operations by name. */
export const DESCRIBE_CALLS: Readonly<Record<string, CallHandler>> = { describeGlobal, describeSObject, describeSObjects, describeTabs };
