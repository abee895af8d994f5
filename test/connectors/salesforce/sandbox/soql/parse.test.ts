import { describe, expect, it } from 'vitest';
import { parseSoql } from '../../../../../connectors/salesforce/sandbox/soql/index.js';
import type { Condition, Literal } from '../../../../../connectors/salesforce/sandbox/soql/index.js';
import { matchesWildcard } from '../../../../../connectors/salesforce/sandbox/soql/wildcard.js';

/** The literal of `WHERE f <op> literal`. */
function whereLiteral(soql: string): Literal {
  const where = parseSoql(soql).where as Condition;
  if (where.kind !== 'compare') throw new Error(`not a comparison: ${where.kind}`);
  return where.value;
}

describe('query summary fields (what REST and Bulk inspect)', () => {
  it.each([
    ['SELECT Id, Name FROM Account', { object: 'Account', hasAggregates: false, isCount: false, hasChildSubqueries: false, limit: undefined, offset: undefined, selectedFieldPaths: ['Id', 'Name'] }],
    ['select id, account.name from contact', { object: 'contact', hasAggregates: false, selectedFieldPaths: ['id', 'account.name'] }],
    ['SELECT a.Name, a.Owner.Name FROM Account a', { object: 'Account', selectedFieldPaths: ['Name', 'Owner.Name'] }],
    ['SELECT COUNT() FROM Account', { hasAggregates: true, isCount: true, selectedFieldPaths: [] }],
    ['SELECT Industry, COUNT(Id), MAX(AnnualRevenue) top, MIN(Name) FROM Account GROUP BY Industry', { hasAggregates: true, isCount: false, selectedFieldPaths: ['Industry', 'expr0', 'top', 'expr1'] }],
    ['SELECT Industry FROM Account GROUP BY Industry', { hasAggregates: true }],
    ['SELECT Name, (SELECT LastName FROM Contacts) FROM Account', { hasChildSubqueries: true, selectedFieldPaths: ['Name'] }],
    ['SELECT Id FROM Account LIMIT 10 OFFSET 2000', { limit: 10, offset: 2000 }],
    ['SELECT FIELDS(ALL) FROM Account LIMIT 200', { selectedFieldPaths: ['FIELDS(ALL)'], limit: 200 }],
    ['SELECT FIELDS(STANDARD) FROM Account', { selectedFieldPaths: ['FIELDS(STANDARD)'], limit: undefined }],
  ])('%s', (soql, expected) => {
    expect(parseSoql(soql)).toMatchObject(expected);
  });

  it('groupBy lists the GROUP BY paths as written', () => {
    expect(parseSoql('SELECT Account.Name, COUNT(Id) FROM Contact GROUP BY Account.Name, LeadSource').groupBy.map((g) => g.text)).toEqual(['Account.Name', 'LeadSource']);
  });

  it('FOR VIEW / FOR REFERENCE / FOR UPDATE are accepted and remembered', () => {
    expect(['VIEW', 'REFERENCE', 'UPDATE'].map((f) => parseSoql(`SELECT Id FROM Account FOR ${f.toLowerCase()}`).forClause)).toEqual(['VIEW', 'REFERENCE', 'UPDATE']);
  });
});

describe('accepted syntax', () => {
  it.each([
    ['keywords in any case', 'sElEcT Id fRoM Account wHeRe Name = \'x\' AnD Type != null oRdEr bY Name dEsC nUlLs LaSt LiMiT 1'],
    ['multi-line text', 'SELECT Id,\n  Name\nFROM Account\nWHERE Name = \'x\'\n'],
    ['<> as not-equal (Salesforce accepts it, undocumented)', "SELECT Id FROM Account WHERE Name <> 'x'"],
    ['NOT before a comparison and before parentheses', "SELECT Id FROM Account WHERE NOT Name = 'x' AND NOT (Type = 'a' OR Type = 'b')"],
    ['NOT IN and IN lists', "SELECT Id FROM Account WHERE Name NOT IN ('a', 'b') AND Type IN ('c')"],
    ['semi-join and anti-join', "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact) AND Id NOT IN (SELECT AccountId FROM Contact WHERE LastName = 'x')"],
    ['INCLUDES / EXCLUDES', "SELECT Id FROM Account WHERE Regions__c INCLUDES ('a;b', 'c') AND Regions__c EXCLUDES ('d')"],
    ['negative and decimal numbers', 'SELECT Id FROM Account WHERE AnnualRevenue > -1.5 AND NumberOfEmployees < 10'],
    ['HAVING on an aggregate', 'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING COUNT(Id) > 1 ORDER BY COUNT(Id) DESC'],
    ['trailing whitespace', 'SELECT Id FROM Account   \n\t'],
  ])('%s', (_name, soql) => {
    expect(parseSoql(soql).object).toBe('Account');
  });

  it('AND chains and OR chains keep every operand', () => {
    const where = parseSoql("SELECT Id FROM Account WHERE Name = 'a' OR Name = 'b' OR (Name = 'c' AND Type = 'd')").where!;
    expect(where.kind).toBe('or');
    expect(where.kind === 'or' && where.operands.length).toBe(3);
  });
});

describe('literals', () => {
  it.each([
    ["'plain'", 'plain'],
    ["'tab\\there'", 'tab\there'],
    ["'line\\Nbreak'", 'line\nbreak'],
    ["'cr\\rlf\\n'", 'cr\rlf\n'],
    ["'\\b\\B\\f\\F'", '\b\b\f\f'],
    ["'say \\\"hi\\\"'", 'say "hi"'],
    ["'O\\'Brien'", "O'Brien"],
    ["'back\\\\slash'", 'back\\slash'],
    ["'\\u00e9t\\u00C9'", 'étÉ'],
    ["'100%_done'", '100%_done'],
    ["''", ''],
  ])('string %s', (literal, value) => {
    expect(whereLiteral(`SELECT Id FROM Account WHERE Name = ${literal}`)).toMatchObject({ kind: 'string', value });
  });

  it('\\% and \\_ are legal inside a LIKE pattern and mean the characters themselves', () => {
    const lit = whereLiteral("SELECT Id FROM Account WHERE Name LIKE '50\\%\\_%'");
    expect(lit.kind === 'string' && matchesWildcard(lit.like.pattern, '50%_ off')).toBe(true);
    expect(lit.kind === 'string' && matchesWildcard(lit.like.pattern, '50xy off')).toBe(false);
  });

  it.each([
    ['2024-01-31', { kind: 'date', value: '2024-01-31' }],
    ['2024-01-31T10:00:00Z', { kind: 'datetime', value: Date.UTC(2024, 0, 31, 10) }],
    ['2024-01-31T10:00:00+02:00', { kind: 'datetime', value: Date.UTC(2024, 0, 31, 8) }],
    ['2024-01-31T10:00:00-0530', { kind: 'datetime', value: Date.UTC(2024, 0, 31, 15, 30) }],
    ['2024-01-31T10:00:00.250Z', { kind: 'datetime', value: Date.UTC(2024, 0, 31, 10, 0, 0, 250) }],
    ['TODAY', { kind: 'dateLiteral', name: 'TODAY', n: undefined }],
    ['last_n_days:30', { kind: 'dateLiteral', name: 'LAST_N_DAYS', n: 30 }],
    ['N_DAYS_AGO:0', { kind: 'dateLiteral', name: 'N_DAYS_AGO', n: 0 }],
    ['42', { kind: 'number', value: 42 }],
    ['-3.25', { kind: 'number', value: -3.25 }],
    ['TRUE', { kind: 'boolean', value: true }],
    ['false', { kind: 'boolean', value: false }],
    ['NULL', { kind: 'null' }],
  ])('%s', (literal, expected) => {
    expect(whereLiteral(`SELECT Id FROM Account WHERE CreatedDate = ${literal}`)).toMatchObject(expected);
  });
});
