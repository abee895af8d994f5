/**
 * A small org for the SOQL/SOSL tests: Account, Contact and User metadata built with
 * defineObjects, in-memory records, and "now" fixed at Wednesday 2024-05-15 12:00 UTC.
 */
import { IdGenerator } from '../../../../../connectors/salesforce/sandbox/ids.js';
import { auditFields, defineObjects } from '../../../../../connectors/salesforce/sandbox/metadata/define.js';
import type { FieldValue, ObjectDef, SRecord } from '../../../../../connectors/salesforce/sandbox/model.js';
import type { DataSource, QueryOptions } from '../../../../../connectors/salesforce/sandbox/soql/types.js';

export const NOW = Date.UTC(2024, 4, 15, 12, 0, 0);
export const OPTIONS: QueryOptions = { includeDeleted: false, now: NOW };
export const ALL_ROWS: QueryOptions = { includeDeleted: true, now: NOW };

export const OBJECTS = defineObjects(
  [
    {
      name: 'Account',
      keyPrefix: '001',
      fields: [
        ...auditFields(true),
        { name: 'Name', type: 'string', nameField: true, nillable: false },
        { name: 'Industry', type: 'picklist', picklist: ['Technology', 'Manufacturing', 'Retail'] },
        { name: 'Type', type: 'picklist', picklist: ['Customer', 'Prospect', 'Partner'] },
        { name: 'AnnualRevenue', type: 'currency' },
        { name: 'NumberOfEmployees', type: 'int' },
        { name: 'Description', type: 'textarea', length: 32000 },
        { name: 'Phone', type: 'phone' },
        { name: 'ParentId', type: 'reference', referenceTo: ['Account'], relationshipName: 'Parent' },
        { name: 'Regions__c', type: 'multipicklist', picklist: ['EMEA', 'APAC', 'AMER'] },
        { name: 'sample__c', type: 'string', externalId: true },
        { name: 'Active__c', type: 'boolean' },
        { name: 'SLAExpirationDate__c', type: 'date' },
      ],
    },
    {
      name: 'Contact',
      keyPrefix: '003',
      fields: [
        ...auditFields(true),
        { name: 'AccountId', type: 'reference', referenceTo: ['Account'], relationshipName: 'Account' },
        { name: 'Name', type: 'string', nameField: true, createable: false, updateable: false },
        { name: 'FirstName', type: 'string' },
        { name: 'LastName', type: 'string', nillable: false },
        { name: 'Email', type: 'email' },
        { name: 'Phone', type: 'phone' },
        { name: 'Birthdate', type: 'date' },
      ],
    },
    {
      name: 'User',
      keyPrefix: '005',
      fields: [...auditFields(false), { name: 'Name', type: 'string', nameField: true }, { name: 'Email', type: 'email' }],
    },
  ],
  { 'Account.ParentId': 'ChildAccounts' },
);

const ids = new IdGenerator();
const store = new Map<string, SRecord>();
const byType = new Map<string, SRecord[]>();

function add(type: string, prefix: string, values: Record<string, FieldValue>, deleted = false): SRecord {
  const id = ids.next(prefix);
  const rec: SRecord = {
    type,
    id,
    deleted,
    values: { Id: id, IsDeleted: deleted, CreatedDate: NOW - 86_400_000 * 30, LastModifiedDate: NOW, SystemModstamp: NOW, ...values },
  };
  store.set(id, rec);
  byType.set(type, [...(byType.get(type) ?? []), rec]);
  return rec;
}

const at = (iso: string): number => Date.parse(iso);

export const U1 = add('User', '005', { Name: 'Admin User', Email: 'admin@example.com' });
export const U2 = add('User', '005', { Name: 'Sales Rep', Email: 'rep@example.com' });

export const ACME = add('Account', '001', {
  Name: 'Acme', Industry: 'Technology', Type: 'Customer', AnnualRevenue: 1_000_000, NumberOfEmployees: 100,
  CreatedDate: at('2024-05-15T08:00:00Z'), Regions__c: 'EMEA;APAC', sample__c: 'S1', OwnerId: U1.id, Phone: '(415) 555-1234',
  Active__c: true, SLAExpirationDate__c: '2024-05-15', Description: 'Makers of everything',
});
export const GLOBEX = add('Account', '001', {
  Name: 'Globex', Industry: 'Manufacturing', Type: 'Prospect', AnnualRevenue: 500_000, NumberOfEmployees: 50,
  CreatedDate: at('2024-05-14T10:00:00Z'), Regions__c: 'AMER', sample__c: 'S2', OwnerId: U2.id, ParentId: ACME.id,
  Active__c: false, SLAExpirationDate__c: '2024-06-30',
});
export const INITECH = add('Account', '001', {
  Name: 'Initech', Industry: 'Technology', Type: 'Customer', AnnualRevenue: null, NumberOfEmployees: 10,
  CreatedDate: at('2024-01-10T09:30:00Z'), Regions__c: null, OwnerId: U1.id, Active__c: true, SLAExpirationDate__c: '2023-12-01',
});
export const OBRIEN = add('Account', '001', {
  Name: "O'Brien & Sons", Industry: null, Type: 'Partner', AnnualRevenue: 250_000, NumberOfEmployees: null,
  CreatedDate: at('2023-12-31T23:00:00Z'), Regions__c: 'APAC', OwnerId: U2.id, Active__c: false, Phone: '+1 212 555 0000',
});
export const HOOLI = add('Account', '001', {
  Name: 'Hooli 50% Off_Sale', Industry: 'Technology', Type: 'Customer', AnnualRevenue: 2_000_000, NumberOfEmployees: 1000,
  CreatedDate: at('2024-05-20T00:00:00Z'), Regions__c: 'APAC;AMER;EMEA', OwnerId: U1.id, Active__c: true,
});
export const GONE = add('Account', '001', { Name: 'Deleted Co', Industry: 'Retail', OwnerId: U1.id, CreatedDate: at('2024-05-01T00:00:00Z') }, true);

export const ANN = add('Contact', '003', { AccountId: ACME.id, Name: 'Ann Smith', FirstName: 'Ann', LastName: 'Smith', Email: 'ann@acme.com', Birthdate: '1990-05-15', OwnerId: U1.id });
export const BOB = add('Contact', '003', { AccountId: ACME.id, Name: 'Bob Jones', FirstName: 'Bob', LastName: 'Jones', Email: 'bob@acme.com', Birthdate: '1985-01-31', OwnerId: U1.id });
export const CARA = add('Contact', '003', { AccountId: GLOBEX.id, Name: 'Cara Smith', FirstName: 'Cara', LastName: 'Smith', Email: 'cara@globex.com', Birthdate: null, OwnerId: U2.id });
export const DAN = add('Contact', '003', { AccountId: null, Name: 'Dan Nobody', FirstName: 'Dan', LastName: 'Nobody', Email: null, OwnerId: U2.id });
export const EVE = add('Contact', '003', { AccountId: ACME.id, Name: 'Eve Gone', FirstName: 'Eve', LastName: 'Gone', Email: 'eve@acme.com', OwnerId: U1.id }, true);
export const FAY = add('Contact', '003', { AccountId: GONE.id, Name: 'Fay Orphan', FirstName: 'Fay', LastName: 'Orphan', Email: 'fay@deleted.example', OwnerId: U1.id });

/** The fixture org as a DataSource. */
export const SOURCE: DataSource = {
  object: (name: string): ObjectDef | undefined => OBJECTS.get(name.toLowerCase()),
  records: (type: string) => byType.get(type) ?? [],
  get: (id: string) => store.get(id),
  objects: () => OBJECTS.values(),
};

/** A DataSource without `objects()`, as a minimal implementation may be. */
export const BARE_SOURCE: DataSource = { object: SOURCE.object, records: SOURCE.records, get: SOURCE.get };
