import { describe, expect, it } from 'vitest';
import { columnPaths, executeSoql, parseSoql, validateSoql } from '../../../../../connectors/salesforce/sandbox/soql/index.js';
import { ACME, ALL_ROWS, ANN, GLOBEX, OPTIONS, SOURCE, U1 } from './fixture.js';
import { cell, column, errorOf, run } from './helpers.js';

const ACME15 = ACME.id.slice(0, 15);
const OBRIEN = "O'Brien & Sons";
const HOOLI = 'Hooli 50% Off_Sale';

describe('WHERE on Account (rows in store order)', () => {
  it.each([
    ["Industry = 'technology'", ['Acme', 'Initech', HOOLI]],
    ["Industry != 'Technology'", ['Globex', OBRIEN]],
    ["Industry <> 'Technology'", ['Globex', OBRIEN]],
    ['Industry = null', [OBRIEN]],
    ['Industry != null', ['Acme', 'Globex', 'Initech', HOOLI]],
    ['AnnualRevenue > 500000', ['Acme', HOOLI]],
    ['AnnualRevenue >= 500000', ['Acme', 'Globex', HOOLI]],
    ['AnnualRevenue < 500000', [OBRIEN]],
    ['AnnualRevenue <= 250000.0', [OBRIEN]],
    ['AnnualRevenue = null', ['Initech']],
    ['NumberOfEmployees = 100', ['Acme']],
    ['NumberOfEmployees IN (10, 50)', ['Globex', 'Initech']],
    ["Name LIKE 'g%'", ['Globex']],
    ["Name LIKE 'ACME'", ['Acme']],
    ["Name LIKE 'a_me%'", ['Acme']],
    ["Name LIKE '_nitech'", ['Initech']],
    ["Name LIKE '%50\\% off%'", [HOOLI]],
    ["Name LIKE '%\\_%'", [HOOLI]],
    ["Name LIKE '%o_f%'", [HOOLI]],
    ["Name LIKE 'o\\'brien%'", [OBRIEN]],
    ["Name = 'O\\'Brien & Sons'", [OBRIEN]],
    ["Name = '\\u0041cme'", ['Acme']],
    ["Name IN ('acme', 'Globex')", ['Acme', 'Globex']],
    ["Name NOT IN ('Acme', 'Globex')", ['Initech', OBRIEN, HOOLI]],
    ["Industry NOT IN ('Technology')", ['Globex', OBRIEN]],
    ["Industry IN ('Retail', null)", [OBRIEN]],
    ['Active__c = true', ['Acme', 'Initech', HOOLI]],
    ['Active__c = FALSE', ['Globex', OBRIEN]],
    ["sample__c = 's1'", ['Acme']],
    ["Phone LIKE '%555%'", ['Acme', OBRIEN]],
    ["Regions__c INCLUDES ('EMEA')", ['Acme', HOOLI]],
    ["Regions__c INCLUDES ('AMER', 'EMEA;APAC')", ['Acme', 'Globex', HOOLI]],
    ["Regions__c includes ('apac;emea;amer')", [HOOLI]],
    ["Regions__c EXCLUDES ('APAC')", ['Globex', 'Initech']],
    ["Regions__c = 'APAC;EMEA'", ['Acme']],
    ["Regions__c != 'APAC'", ['Acme', 'Globex', 'Initech', HOOLI]],
    ['CreatedDate = TODAY', ['Acme']],
    ['CreatedDate = YESTERDAY', ['Globex']],
    ['CreatedDate < TODAY', ['Globex', 'Initech', OBRIEN]],
    ['CreatedDate <= TODAY', ['Acme', 'Globex', 'Initech', OBRIEN]],
    ['CreatedDate > TODAY', [HOOLI]],
    ['CreatedDate >= TODAY', ['Acme', HOOLI]],
    ['CreatedDate = THIS_WEEK', ['Acme', 'Globex']],
    ['CreatedDate = NEXT_WEEK', [HOOLI]],
    ['CreatedDate = LAST_N_DAYS:1', ['Acme', 'Globex']],
    ['CreatedDate = LAST_N_DAYS:0', ['Acme']],
    ['CreatedDate = NEXT_N_DAYS:7', [HOOLI]],
    ['CreatedDate = THIS_QUARTER', ['Acme', 'Globex', HOOLI]],
    ['CreatedDate = LAST_N_MONTHS:4', ['Initech']],
    ['CreatedDate = THIS_YEAR', ['Acme', 'Globex', 'Initech', HOOLI]],
    ['CreatedDate = LAST_YEAR', [OBRIEN]],
    ['CreatedDate < THIS_YEAR', [OBRIEN]],
    ['CreatedDate >= 2024-05-14T10:00:00Z', ['Acme', 'Globex', HOOLI]],
    ['CreatedDate < 2024-05-14T12:00:00+02:00', ['Initech', OBRIEN]],
    ['CreatedDate = 2024-05-15T08:00:00.000Z', ['Acme']],
    ['CreatedDate = 2024-01-01T00:00:00+01:00', [OBRIEN]],
    ['CreatedDate = 2024-01-01T00:30:00+01:00', []],
    ['SLAExpirationDate__c = 2024-05-15', ['Acme']],
    ['SLAExpirationDate__c > 2024-05-15', ['Globex']],
    ['SLAExpirationDate__c = TODAY', ['Acme']],
    ['SLAExpirationDate__c < THIS_MONTH', ['Initech']],
    ['SLAExpirationDate__c = NEXT_MONTH', ['Globex']],
    [`Id = '${ACME15}'`, ['Acme']],
    [`Id = '${ACME.id.slice(0, 15)}${ACME.id.slice(15).toLowerCase()}'`, ['Acme']],
    [`Id IN ('${GLOBEX.id}', '${ACME15}')`, ['Acme', 'Globex']],
    [`ParentId = '${ACME15}'`, ['Globex']],
    [`OwnerId != '${U1.id}'`, ['Globex', OBRIEN]],
    ["Owner.Name = 'Sales Rep'", ['Globex', OBRIEN]],
    ["Parent.Name = 'acme'", ['Globex']],
    ['Parent.Owner.Name != null', ['Globex']],
    ["Id IN (SELECT AccountId FROM Contact WHERE LastName = 'Smith')", ['Acme', 'Globex']],
    ['Id NOT IN (SELECT AccountId FROM Contact)', ['Initech', OBRIEN, HOOLI]],
    ["Id IN (SELECT ParentId FROM Account WHERE Name = 'Globex')", ['Acme']],
    ["NOT Industry = 'Technology'", ['Globex', OBRIEN]],
    ["(Industry = 'Technology' AND NumberOfEmployees > 50) OR Name = 'Globex'", ['Acme', 'Globex', HOOLI]],
    ["Industry = 'Technology' AND (Type = 'Customer' OR Type = 'Partner') AND NOT (Name LIKE 'I%')", ['Acme', HOOLI]],
    ["NOT (Name = 'Acme' OR Name = 'Globex')", ['Initech', OBRIEN, HOOLI]],
    ['IsDeleted = false', ['Acme', 'Globex', 'Initech', OBRIEN, HOOLI]],
    ["Name = 'Deleted Co'", []],
  ])('%s', (where, names) => {
    expect(column(run(`SELECT Name FROM Account WHERE ${where}`), 'Name')).toEqual(names);
  });

  it('the FROM alias qualifies fields in SELECT and WHERE', () => {
    const result = run("SELECT a.Name, a.Owner.Name FROM Account a WHERE a.Type = 'Prospect'");
    expect(column(result, 'Name')).toEqual(['Globex']);
    expect(result.rows[0]!.cells.map((c) => c.name)).toEqual(['Name', 'Owner']);
  });
});

describe('WHERE on Contact: parents that are missing or deleted read as null', () => {
  it.each([
    ["Account.Name = 'Acme'", ['Ann Smith', 'Bob Jones']],
    ['AccountId = null', ['Dan Nobody']],
    ['Account.Name = null', ['Dan Nobody', 'Fay Orphan']],
    ['Birthdate = 1990-05-15', ['Ann Smith']],
    ['Birthdate < 1990-01-01', ['Bob Jones']],
    ["Email LIKE '%@ACME.com'", ['Ann Smith', 'Bob Jones']],
    ["Account.Owner.Name = 'Admin User' AND Account.Industry = 'Technology'", ['Ann Smith', 'Bob Jones']],
  ])('%s', (where, names) => {
    expect(column(run(`SELECT Name FROM Contact WHERE ${where}`), 'Name')).toEqual(names);
  });
});

describe('ORDER BY, LIMIT, OFFSET', () => {
  it.each([
    ['Name', ['Acme', 'Globex', HOOLI, 'Initech', OBRIEN]],
    ['name DESC', [OBRIEN, 'Initech', HOOLI, 'Globex', 'Acme']],
    ['AnnualRevenue', ['Initech', OBRIEN, 'Globex', 'Acme', HOOLI]],
    ['AnnualRevenue DESC', [HOOLI, 'Acme', 'Globex', OBRIEN, 'Initech']],
    ['AnnualRevenue ASC NULLS LAST', [OBRIEN, 'Globex', 'Acme', HOOLI, 'Initech']],
    ['AnnualRevenue DESC NULLS FIRST', ['Initech', HOOLI, 'Acme', 'Globex', OBRIEN]],
    ['Industry, Name DESC', [OBRIEN, 'Globex', 'Initech', HOOLI, 'Acme']],
    ['Owner.Name, Name', ['Acme', HOOLI, 'Initech', 'Globex', OBRIEN]],
    ['CreatedDate DESC', [HOOLI, 'Acme', 'Globex', 'Initech', OBRIEN]],
    ['Active__c, Name', ['Globex', OBRIEN, 'Acme', HOOLI, 'Initech']],
    ['SLAExpirationDate__c DESC NULLS LAST, Name', ['Globex', 'Acme', 'Initech', HOOLI, OBRIEN]],
    ['Name LIMIT 2', ['Acme', 'Globex']],
    ['Name LIMIT 2 OFFSET 1', ['Globex', HOOLI]],
    ['Name OFFSET 4', [OBRIEN]],
    ['Name OFFSET 9', []],
    ['Name LIMIT 0', []],
  ])('ORDER BY %s', (order, names) => {
    const result = run(`SELECT Name FROM Account ORDER BY ${order}`);
    expect(column(result, 'Name')).toEqual(names);
    expect(result.totalSize).toBe(names.length);
  });

  it('sorts by a parent path with NULLS LAST, then by a second key', () => {
    expect(column(run('SELECT LastName FROM Contact ORDER BY Account.Name NULLS LAST, LastName'), 'LastName')).toEqual(['Jones', 'Smith', 'Smith', 'Nobody', 'Orphan']);
  });

  it('without ORDER BY, LIMIT keeps store order; FOR VIEW changes nothing', () => {
    expect(column(run('SELECT Name FROM Account LIMIT 3 FOR VIEW'), 'Name')).toEqual(['Acme', 'Globex', 'Initech']);
  });
});

describe('result shaping', () => {
  it('cells come in SELECT order with canonical names, and every row carries its id', () => {
    const result = run("select name, INDUSTRY, id from account where name = 'acme'");
    expect(result.object).toBe('Account');
    expect(result.rows[0]).toMatchObject({ object: 'Account', id: ACME.id });
    expect(result.rows[0]!.cells.map((c) => [c.kind, c.name])).toEqual([['field', 'Name'], ['field', 'Industry'], ['field', 'Id']]);
  });

  it('the id is there even when Id is not selected', () => {
    expect(run("SELECT Name FROM Contact WHERE FirstName = 'Ann'").rows[0]!.id).toBe(ANN.id);
  });

  it('all fields of one relationship merge into one nested row, placed at the first of them', () => {
    const row = run("SELECT Account.Name, LastName, Account.Industry, Account.Owner.Name FROM Contact WHERE LastName = 'Jones'").rows[0]!;
    expect(row.cells.map((c) => c.name)).toEqual(['Account', 'LastName']);
    const account = cell(row, 'Account') as { object: string; id: string; cells: Array<{ name: string }> };
    expect([account.object, account.id]).toEqual(['Account', ACME.id]);
    expect(account.cells.map((c) => c.name)).toEqual(['Name', 'Industry', 'Owner']);
    expect(cell(account as never, 'Owner')).toMatchObject({ object: 'User', id: U1.id, cells: [{ name: 'Name', value: 'Admin User' }] });
  });

  it('an empty reference and a deleted parent both give a null parent row', () => {
    const result = run("SELECT LastName, Account.Name FROM Contact WHERE LastName IN ('Nobody', 'Orphan')");
    expect(result.rows.map((r) => cell(r, 'Account'))).toEqual([null, null]);
  });

  it('queryAll shows the deleted parent', () => {
    const result = run("SELECT Account.Name FROM Contact WHERE LastName = 'Orphan'", ALL_ROWS);
    expect(cell(cell(result.rows[0]!, 'Account') as never, 'Name')).toBe('Deleted Co');
  });

  it('child subquery: its rows, filtered, sorted and limited; null when there are none', () => {
    const result = run("SELECT Name, (SELECT LastName, Email FROM Contacts WHERE FirstName != 'Zed' ORDER BY LastName DESC LIMIT 5) FROM Account WHERE Name IN ('Acme', 'Initech')");
    const acme = cell(result.rows[0]!, 'Contacts') as { object: string; totalSize: number; rows: unknown[] };
    expect([acme.object, acme.totalSize]).toEqual(['Contact', 2]);
    expect(column(acme as never, 'LastName')).toEqual(['Smith', 'Jones']);
    expect(cell(result.rows[1]!, 'Contacts')).toBeNull();
  });

  it('child subquery LIMIT applies per parent', () => {
    const result = run("SELECT (SELECT FirstName FROM Contacts ORDER BY FirstName LIMIT 1) FROM Account WHERE Name = 'Acme'");
    expect(column(cell(result.rows[0]!, 'Contacts') as never, 'FirstName')).toEqual(['Ann']);
  });

  it('a relationship named in the metadata (ChildAccounts) works as a subquery', () => {
    const result = run("SELECT Name, (SELECT Name FROM childaccounts) FROM Account WHERE Name = 'Acme'");
    expect(result.rows[0]!.cells.map((c) => c.name)).toEqual(['Name', 'ChildAccounts']);
    expect(column(cell(result.rows[0]!, 'ChildAccounts') as never, 'Name')).toEqual(['Globex']);
  });

  it('deleted children stay out of a normal query and come back in queryAll', () => {
    const q = "SELECT (SELECT FirstName FROM Contacts ORDER BY FirstName) FROM Account WHERE Name = 'Acme'";
    expect(column(cell(run(q).rows[0]!, 'Contacts') as never, 'FirstName')).toEqual(['Ann', 'Bob']);
    expect(column(cell(run(q, ALL_ROWS).rows[0]!, 'Contacts') as never, 'FirstName')).toEqual(['Ann', 'Bob', 'Eve']);
  });

  it('queryAll includes deleted rows with IsDeleted true', () => {
    const q = "SELECT Name, IsDeleted FROM Account WHERE Industry = 'Retail'";
    expect(run(q).rows).toEqual([]);
    expect(run(q, ALL_ROWS).rows.map((r) => [cell(r, 'Name'), cell(r, 'IsDeleted')])).toEqual([['Deleted Co', true]]);
    expect(column(run('SELECT Name FROM Account WHERE IsDeleted = true', ALL_ROWS), 'Name')).toEqual(['Deleted Co']);
  });

  it('COUNT() gives the count as totalSize and no rows', () => {
    expect(run("SELECT COUNT() FROM Account WHERE Industry = 'Technology'")).toEqual({ object: 'Account', totalSize: 3, rows: [], isCount: true, isAggregate: false });
    expect(run('SELECT COUNT() FROM Account', ALL_ROWS).totalSize).toBe(6);
    expect(run('SELECT COUNT() FROM Account LIMIT 2').totalSize).toBe(2);
  });

  it('totalSize is the number of rows returned', () => {
    expect(run('SELECT Id FROM Contact').totalSize).toBe(5);
    expect(run('SELECT Id FROM Contact LIMIT 2 OFFSET 1')).toMatchObject({ totalSize: 2, isCount: false, isAggregate: false });
  });

  it('FIELDS(STANDARD) and FIELDS(CUSTOM) expand from describe', () => {
    const standard = run("SELECT FIELDS(STANDARD) FROM Account WHERE Name = 'Acme'").rows[0]!.cells.map((c) => c.name);
    expect(standard).toContain('Name');
    expect(standard).not.toContain('sample__c');
    const custom = run("SELECT Id, FIELDS(CUSTOM) FROM Account WHERE Name = 'Acme' LIMIT 1").rows[0]!.cells.map((c) => c.name);
    expect(custom).toEqual(['Id', 'Regions__c', 'sample__c', 'Active__c', 'SLAExpirationDate__c']);
  });

  it('values keep their stored types: datetime ms, date text, numbers, booleans, multipicklist text', () => {
    const row = run("SELECT CreatedDate, SLAExpirationDate__c, AnnualRevenue, Active__c, Regions__c FROM Account WHERE Name = 'Acme'").rows[0]!;
    expect(row.cells.map((c) => (c.kind === 'field' ? c.value : undefined))).toEqual([Date.UTC(2024, 4, 15, 8), '2024-05-15', 1_000_000, true, 'EMEA;APAC']);
  });
});

describe('entry points besides executeSoql', () => {
  it('a query parsed once runs many times, against different options', () => {
    const query = parseSoql('SELECT COUNT() FROM Contact');
    expect([executeSoql(query, SOURCE, OPTIONS).totalSize, executeSoql(query, SOURCE, ALL_ROWS).totalSize]).toEqual([5, 6]);
  });

  it('columnPaths gives canonical column names with FIELDS() expanded (Bulk CSV headers)', () => {
    expect(columnPaths(parseSoql('select id, account.NAME, account.owner.name from contact'), SOURCE, OPTIONS)).toEqual(['Id', 'Account.Name', 'Account.Owner.Name']);
    expect(columnPaths(parseSoql('SELECT Name, FIELDS(CUSTOM) FROM Account LIMIT 5'), SOURCE, OPTIONS)).toEqual(['Name', 'Regions__c', 'sample__c', 'Active__c', 'SLAExpirationDate__c']);
    expect(columnPaths(parseSoql('SELECT Type, COUNT(Id) FROM Account GROUP BY Type'), SOURCE, OPTIONS)).toEqual(['Type', 'expr0']);
  });

  it('validateSoql checks metadata without running', () => {
    expect(() => validateSoql(parseSoql('SELECT Name FROM Account'), SOURCE, OPTIONS)).not.toThrow();
    expect(errorOf(() => validateSoql(parseSoql('SELECT Nope FROM Account'), SOURCE, OPTIONS)).code).toBe('INVALID_FIELD');
  });
});
