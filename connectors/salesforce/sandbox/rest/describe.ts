import { createHash } from 'node:crypto';
import type { FieldDef, ObjectDef } from '../model.js';
import { sobjectUrl } from './format.js';

/**
 * describeGlobal entries and full sObject describes in Salesforce's JSON shape (key sets and order
 * as recorded from a real org; keys of newer API versions included). Describes are built once per
 * object definition and version and reused, with their ETag.
 */

const AUDIT_FIELDS = new Set(['Id', 'IsDeleted', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp']);
const TEXT_TYPES = new Set(['string', 'textarea', 'picklist', 'multipicklist', 'combobox', 'email', 'phone', 'url', 'encryptedstring']);
const PERSON_OBJECTS = new Set(['Contact', 'Lead', 'User']);
const FEED_ENABLED = new Set(['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'User']);
// the Master record type every object has when it defines none
const MASTER_RECORD_TYPE = '012000000000000AAA';

/** One sObject as describeGlobal lists it (also the `objectDescribe` of the basic-info resource). */
export function globalEntry(def: ObjectDef, version: string): Record<string, unknown> {
  const url = sobjectUrl(version, def.name);
  return {
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    createable: def.createable,
    custom: def.custom,
    customSetting: false,
    deepCloneable: false,
    deletable: def.deletable,
    deprecatedAndHidden: false,
    feedEnabled: FEED_ENABLED.has(def.name),
    hasSubtypes: false,
    isInterface: false,
    isSubtype: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: true,
    mergeable: def.mergeable,
    mruEnabled: true,
    name: def.name,
    queryable: def.queryable,
    replicateable: true,
    retrieveable: true,
    searchable: def.searchable,
    triggerable: true,
    undeletable: def.undeletable,
    updateable: def.updateable,
    urls: { sobject: url, describe: `${url}/describe`, rowTemplate: `${url}/{ID}` },
  };
}

export interface Describe {
  readonly body: Record<string, unknown>;
  /** quoted, as the ETag header carries it */
  readonly etag: string;
  /** HTTP date of the metadata's last change */
  readonly lastModified: string;
}

const cache = new WeakMap<ObjectDef, Map<string, Describe>>();

/** The full describe of an object for an API version, computed once. */
export function describeObject(def: ObjectDef, version: string, baseUrl: string): Describe {
  let byVersion = cache.get(def);
  if (!byVersion) cache.set(def, (byVersion = new Map()));
  const key = `${version} ${baseUrl}`;
  let describe = byVersion.get(key);
  if (!describe) {
    const body = buildDescribe(def, version, baseUrl);
    const etag = `"${createHash('sha1').update(JSON.stringify(body)).digest('hex').slice(0, 8)}"`;
    describe = { body, etag, lastModified: new Date(def.modified).toUTCString() };
    byVersion.set(key, describe);
  }
  return describe;
}

function buildDescribe(def: ObjectDef, version: string, baseUrl: string): Record<string, unknown> {
  const url = sobjectUrl(version, def.name);
  const entry = globalEntry(def, version);
  return {
    actionOverrides: [],
    activateable: false,
    associateEntityType: null,
    associateParentEntity: null,
    childRelationships: def.childRelationships.map((c) => ({
      cascadeDelete: c.cascadeDelete,
      childSObject: c.childSObject,
      deprecatedAndHidden: false,
      field: c.field,
      junctionIdListNames: [],
      junctionReferenceTo: [],
      relationshipName: c.relationshipName,
      restrictedDelete: false,
    })),
    compactLayoutable: true,
    createable: def.createable,
    custom: def.custom,
    customSetting: false,
    deepCloneable: false,
    defaultImplementation: null,
    deletable: def.deletable,
    deprecatedAndHidden: false,
    extendedBy: null,
    extendsInterfaces: null,
    feedEnabled: entry.feedEnabled,
    fields: def.fields.map((f) => describeField(f, def)),
    hasSubtypes: false,
    implementedBy: null,
    implementsInterfaces: null,
    isInterface: false,
    isSubtype: false,
    keyPrefix: def.keyPrefix,
    label: def.label,
    labelPlural: def.labelPlural,
    layoutable: true,
    listviewable: null,
    lookupLayoutable: null,
    mergeable: def.mergeable,
    mruEnabled: true,
    name: def.name,
    namedLayoutInfos: [],
    networkScopeFieldName: null,
    queryable: def.queryable,
    recordTypeInfos: [
      {
        active: true,
        available: true,
        defaultRecordTypeMapping: true,
        developerName: 'Master',
        master: true,
        name: 'Master',
        recordTypeId: MASTER_RECORD_TYPE,
        urls: { layout: `${url}/describe/layouts/${MASTER_RECORD_TYPE}` },
      },
    ],
    replicateable: true,
    retrieveable: true,
    searchLayoutable: true,
    searchable: def.searchable,
    sobjectDescribeOption: 'FULL',
    supportedScopes: supportedScopes(def),
    triggerable: true,
    undeletable: def.undeletable,
    updateable: def.updateable,
    urls: {
      compactLayouts: `${url}/describe/compactLayouts`,
      rowTemplate: `${url}/{ID}`,
      approvalLayouts: `${url}/describe/approvalLayouts`,
      uiDetailTemplate: `${baseUrl}/{ID}`,
      uiEditTemplate: `${baseUrl}/{ID}/e`,
      listviews: `${url}/listviews`,
      describe: `${url}/describe`,
      uiNewRecord: `${baseUrl}/${def.keyPrefix}/e`,
      quickActions: `${url}/quickActions`,
      layouts: `${url}/describe/layouts`,
      sobject: url,
    },
  };
}

/** One field as describe reports it, every key of the recorded shape. */
export function describeField(f: FieldDef, def: ObjectDef): Record<string, unknown> {
  const isText = TEXT_TYPES.has(f.type);
  return {
    aggregatable: f.type !== 'address' && f.type !== 'base64' && !(f.type === 'textarea' && f.length > 255),
    autoNumber: false,
    byteLength: isText ? f.length * 3 : f.type === 'id' || f.type === 'reference' ? 18 : 0,
    calculated: f.calculated,
    calculatedFormula: null,
    cascadeDelete: false,
    caseSensitive: f.caseSensitive,
    compoundFieldName: compoundFieldName(f, def),
    controllerName: null,
    createable: f.createable,
    custom: f.custom,
    // booleans carry their default here; a picklist's default is flagged in its picklistValues
    defaultValue: f.type === 'boolean' ? f.defaultValue ?? false : null,
    defaultValueFormula: null,
    defaultedOnCreate: f.defaultedOnCreate,
    dependentPicklist: false,
    deprecatedAndHidden: false,
    digits: f.digits,
    displayLocationInDecimal: false,
    encrypted: f.type === 'encryptedstring',
    externalId: f.externalId,
    extraTypeInfo: f.type === 'textarea' ? 'plaintextarea' : f.name === 'Name' && PERSON_OBJECTS.has(def.name) ? 'personname' : null,
    filterable: f.filterable,
    filteredLookupInfo: null,
    groupable: f.groupable,
    highScaleNumber: false,
    htmlFormatted: false,
    idLookup: f.idLookup,
    inlineHelpText: null,
    label: f.label,
    length: f.length,
    mask: null,
    maskType: null,
    name: f.name,
    nameField: f.nameField,
    namePointing: f.referenceTo.length > 1,
    nillable: f.nillable,
    permissionable: f.nillable && !AUDIT_FIELDS.has(f.name),
    picklistValues: f.picklistValues.map((p) => ({ active: p.active, defaultValue: p.defaultValue, label: p.label, validFor: null, value: p.value })),
    polymorphicForeignKey: f.referenceTo.length > 1,
    precision: f.precision,
    queryByDistance: f.type === 'address',
    referenceTargetField: null,
    referenceTo: [...f.referenceTo],
    relationshipName: f.relationshipName,
    relationshipOrder: null,
    restrictedDelete: false,
    restrictedPicklist: f.restrictedPicklist,
    scale: f.scale,
    searchPrefilterable: false,
    soapType: f.soapType,
    sortable: f.sortable,
    type: f.type,
    unique: f.unique,
    updateable: f.updateable,
    writeRequiresMasterRead: false,
  };
}

/** Address parts belong to their compound address field; a person's name parts to Name. */
function compoundFieldName(f: FieldDef, def: ObjectDef): string | null {
  const address = /^(.*)(Street|City|State|PostalCode|Country|Latitude|Longitude|GeocodeAccuracy)$/.exec(f.name);
  if (address && def.fieldMap.get(`${address[1]}Address`.toLowerCase())?.type === 'address') return `${address[1]}Address`;
  if (PERSON_OBJECTS.has(def.name) && ['FirstName', 'LastName', 'Salutation'].includes(f.name)) return 'Name';
  return null;
}

function supportedScopes(def: ObjectDef): { label: string; name: string }[] {
  const plural = def.labelPlural.toLowerCase();
  const scopes = [{ label: `All ${plural}`, name: 'everything' }];
  if (def.fieldMap.has('ownerid')) scopes.push({ label: `My ${plural}`, name: 'mine' });
  if (def.name === 'Account' || def.name === 'Opportunity') scopes.push({ label: `My team's ${plural}`, name: 'team' });
  return scopes;
}
