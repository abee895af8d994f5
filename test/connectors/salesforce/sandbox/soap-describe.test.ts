import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from './helpers.js';
import { call, childOrder, faultOf, list, soapLogin } from './soap-helpers.js';

const ctx = useSandbox();
let sid = '';
beforeAll(async () => {
  sid = await soapLogin(ctx.url);
});

/** Element names in order with repeats collapsed (unbounded elements such as `fields`). */
const distinct = (names: string[]) => names.filter((n, i) => n !== names[i - 1]);

const GLOBAL_SOBJECT_ORDER = [
  'activateable', 'createable', 'custom', 'customSetting', 'dataTranslationEnabled', 'deepCloneable', 'deletable', 'deprecatedAndHidden',
  'feedEnabled', 'hasSubtypes', 'idEnabled', 'isInterface', 'isSubtype', 'keyPrefix', 'label', 'labelPlural', 'layoutable', 'mergeable',
  'mruEnabled', 'name', 'queryable', 'replicateable', 'retrieveable', 'searchable', 'triggerable', 'undeletable', 'updateable',
];

const DESCRIBE_ORDER = [
  'activateable', 'childRelationships', 'compactLayoutable', 'createable', 'custom', 'customSetting', 'dataTranslationEnabled', 'deepCloneable',
  'defaultImplementation', 'deletable', 'deprecatedAndHidden', 'feedEnabled', 'fields', 'hasSubtypes', 'idEnabled', 'implementedBy',
  'implementsInterfaces', 'isInterface', 'isSubtype', 'keyPrefix', 'label', 'labelPlural', 'layoutable', 'mergeable', 'mruEnabled', 'name',
  'networkScopeFieldName', 'queryable', 'recordTypeInfos', 'replicateable', 'retrieveable', 'searchLayoutable', 'searchable', 'supportedScopes',
  'triggerable', 'undeletable', 'updateable', 'urlDetail', 'urlEdit', 'urlNew',
];

// the Field sequence of the partner WSDL; optional elements appear only when they have a value
const FIELD_SEQUENCE = [
  'aggregatable', 'aiPredictionField', 'autoNumber', 'byteLength', 'calculated', 'calculatedFormula', 'cascadeDelete', 'caseSensitive',
  'compoundFieldName', 'controllerName', 'createable', 'custom', 'dataTranslationEnabled', 'defaultValue', 'defaultValueFormula', 'defaultedOnCreate',
  'dependentPicklist', 'deprecatedAndHidden', 'digits', 'displayLocationInDecimal', 'encrypted', 'externalId', 'extraTypeInfo', 'filterable',
  'filteredLookupInfo', 'formulaTreatNullNumberAsZero', 'groupable', 'highScaleNumber', 'htmlFormatted', 'idLookup', 'inlineHelpText', 'label',
  'length', 'mask', 'maskType', 'name', 'nameField', 'namePointing', 'nillable', 'permissionable', 'picklistValues', 'polymorphicForeignKey',
  'precision', 'queryByDistance', 'referenceTargetField', 'referenceTo', 'relationshipName', 'relationshipOrder', 'restrictedDelete',
  'restrictedPicklist', 'scale', 'searchPrefilterable', 'soapType', 'sortable', 'type', 'unique', 'updateable', 'writeRequiresMasterRead',
];

describe('describeGlobal', () => {
  it('lists every sObject with DescribeGlobalSObjectResult elements in WSDL order', async () => {
    const res = await call(ctx.url, sid, '<describeGlobal/>');
    expect(res.status).toBe(200);
    expect(distinct(childOrder(res.text, 'result'))).toEqual(['encoding', 'maxBatchSize', 'sobjects']);
    expect(childOrder(res.text, 'sobjects')).toEqual(GLOBAL_SOBJECT_ORDER);
    const result = res.body.describeGlobalResponse.result;
    expect(result.encoding).toBe('UTF-8');
    expect(result.maxBatchSize).toBe('200');
    const sobjects = list(result.sobjects);
    expect(sobjects.map((s) => s.name)).toEqual(expect.arrayContaining(['Account', 'Contact', 'Lead', 'Opportunity', 'Case', 'Task', 'User']));
    expect(sobjects.find((s) => s.name === 'Account')).toMatchObject({ keyPrefix: '001', label: 'Account', labelPlural: 'Accounts', createable: 'true', mergeable: 'true', custom: 'false' });
    expect(sobjects.find((s) => s.name === 'Opportunity')?.mergeable).toBe('false');
  });
});

describe('describeSObject', () => {
  it('answers a DescribeSObjectResult in WSDL order with fields, child relationships and the Master record type', async () => {
    const res = await call(ctx.url, sid, '<describeSObject><sObjectType>account</sObjectType></describeSObject>');
    expect(res.status).toBe(200);
    expect(distinct(childOrder(res.text, 'result'))).toEqual(DESCRIBE_ORDER);
    const result = res.body.describeSObjectResponse.result;
    expect(result).toMatchObject({ name: 'Account', keyPrefix: '001', label: 'Account', defaultImplementation: { '@_xsi:nil': 'true' }, urlNew: `${ctx.url}/001/e` });
    expect(result.recordTypeInfos).toEqual({
      active: 'true', available: 'true', defaultRecordTypeMapping: 'true', developerName: 'Master', master: 'true', name: 'Master', recordTypeId: '012000000000000AAA',
    });
    expect(list(result.childRelationships).find((r) => r.relationshipName === 'Contacts')).toMatchObject({ childSObject: 'Contact', field: 'AccountId', cascadeDelete: 'false' });
  });

  it('writes every field in the Field sequence of the WSDL', async () => {
    const res = await call(ctx.url, sid, '<describeSObject><sObjectType>Account</sObjectType></describeSObject>');
    const order = childOrder(res.text, 'fields');
    const positions = distinct(order).map((n) => FIELD_SEQUENCE.indexOf(n));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const fields = list(res.body.describeSObjectResponse.result.fields);
    expect(fields[0]).toMatchObject({ name: 'Id', type: 'id', soapType: 'tns:ID', length: '18', nillable: 'false', idLookup: 'true' });
    expect(fields.find((f) => f.name === 'Name')).toMatchObject({ type: 'string', soapType: 'xsd:string', length: '255', byteLength: '765', nillable: 'false', nameField: 'true' });
    expect(fields.find((f) => f.name === 'External_Id__c')).toMatchObject({ externalId: 'true', custom: 'true', unique: 'true' });
    expect(fields.find((f) => f.name === 'AnnualRevenue')).toMatchObject({ type: 'currency', soapType: 'xsd:double', precision: '18', scale: '2' });
    expect(fields.find((f) => f.name === 'ParentId')).toMatchObject({ type: 'reference', referenceTo: 'Account', relationshipName: 'Parent' });
    const industry = fields.find((f) => f.name === 'Industry');
    expect(list(industry.picklistValues)[0]).toEqual({ active: 'true', defaultValue: 'false', label: 'Agriculture', value: 'Agriculture' });
  });

  it('a boolean default value is typed (xsd:anyType)', async () => {
    const res = await call(ctx.url, sid, '<describeSObject><sObjectType>Lead</sObjectType></describeSObject>');
    const isConverted = list(res.body.describeSObjectResponse.result.fields).find((f) => f.name === 'IsConverted');
    expect(isConverted.defaultValue).toEqual({ '#text': 'false', '@_xsi:type': 'xsd:boolean' });
    expect(res.text).toContain('xmlns:xsd="http://www.w3.org/2001/XMLSchema"');
  });

  it('describeSObjects answers one result per type in request order', async () => {
    const res = await call(ctx.url, sid, '<describeSObjects><sObjectType>Contact</sObjectType><sObjectType>Account</sObjectType></describeSObjects>');
    expect(list(res.body.describeSObjectsResponse.result).map((r) => r.name)).toEqual(['Contact', 'Account']);
  });

  it.each([
    ['describeSObject', '<describeSObject><sObjectType>Nope__c</sObjectType></describeSObject>'],
    ['describeSObjects', '<describeSObjects><sObjectType>Account</sObjectType><sObjectType>Nope__c</sObjectType></describeSObjects>'],
  ])('%s of an unknown type → InvalidSObjectFault', async (_op, body) => {
    const res = await call(ctx.url, sid, body);
    expect(res.status).toBe(500);
    expect(faultOf(res).code).toBe('sf:INVALID_TYPE');
    expect(faultOf(res).detail?.['sf:InvalidSObjectFault']['sf:exceptionMessage']).toBe(
      "sObject type 'Nope__c' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
    );
  });
});

describe('describeTabs', () => {
  it('(a jsforce call) answers the Sales app with its tabs in WSDL order', async () => {
    const res = await call(ctx.url, sid, '<describeTabs/>');
    expect(res.status).toBe(200);
    expect(distinct(childOrder(res.text, 'result'))).toEqual(['description', 'label', 'logoUrl', 'selected', 'tabSetId', 'tabs']);
    expect(childOrder(res.text, 'tabs')).toEqual(['custom', 'iconUrl', 'label', 'miniIconUrl', 'name', 'sobjectName', 'url']);
    const result = res.body.describeTabsResponse.result;
    expect(result).toMatchObject({ label: 'Sales', selected: 'true' });
    expect(result.tabSetId).toMatch(/^02u[A-Za-z0-9]{15}$/);
    expect(list(result.tabs).map((t) => t.sobjectName)).toEqual(['Account', 'Contact', 'Lead', 'Opportunity', 'Case']);
    expect(list(result.tabs)[0]).toMatchObject({ name: 'standard-Account', url: `${ctx.url}/001/o` });
  });
});
