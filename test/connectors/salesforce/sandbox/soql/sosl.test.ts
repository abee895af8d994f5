import { describe, expect, it } from 'vitest';
import { executeSosl, parseSosl } from '../../../../../connectors/salesforce/sandbox/soql/index.js';
import type { QueryRow } from '../../../../../connectors/salesforce/sandbox/soql/index.js';
import { ACME, BARE_SOURCE, OPTIONS, SOURCE } from './fixture.js';
import { cell, errorOf } from './helpers.js';

const search = (sosl: string) => executeSosl(parseSosl(sosl), SOURCE, OPTIONS).rows;
const names = (rows: readonly QueryRow[]) => rows.map((r) => `${r.object}:${String(cell(r, 'Name'))}`);

describe('SOSL matching', () => {
  it.each([
    ['FIND {Acme} RETURNING Account(Name)', ['Account:Acme']],
    ['FIND {acme} IN ALL FIELDS RETURNING Account(Name), Contact(Name)', ['Account:Acme', 'Contact:Ann Smith', 'Contact:Bob Jones']],
    ['FIND {acme} IN NAME FIELDS RETURNING Account(Name), Contact(Name)', ['Account:Acme']],
    ['FIND {ann@acme.com} IN EMAIL FIELDS RETURNING Contact(Name, Email)', ['Contact:Ann Smith']],
    ['FIND {Ann} IN EMAIL FIELDS RETURNING Contact(Name)', ['Contact:Ann Smith']],
    ['FIND {555-1234} IN PHONE FIELDS RETURNING Account(Name)', ['Account:Acme']],
    ['FIND {glob*} RETURNING Account(Name)', ['Account:Globex']],
    ['FIND {Sm?th} RETURNING Contact(Name)', ['Contact:Ann Smith', 'Contact:Cara Smith']],
    ['FIND {Acm} RETURNING Account(Name)', []],
    ['FIND {"Brien & Sons"} RETURNING Account(Name)', ["Account:O'Brien & Sons"]],
    ['FIND {"Sons Brien"} RETURNING Account(Name)', []],
    ['FIND {Smith Ann} RETURNING Contact(Name)', ['Contact:Ann Smith']],
    ['FIND {Smith AND Ann} RETURNING Contact(Name)', ['Contact:Ann Smith']],
    ['FIND {Smith OR Jones} RETURNING Contact(Name)', ['Contact:Ann Smith', 'Contact:Bob Jones', 'Contact:Cara Smith']],
    ['FIND {Smith AND NOT Cara} RETURNING Contact(Name)', ['Contact:Ann Smith']],
    ['FIND {(Smith OR Jones) AND acme} RETURNING Contact(Name)', ['Contact:Ann Smith', 'Contact:Bob Jones']],
    ["FIND {Smith} RETURNING Contact(Name WHERE Account.Name = 'Globex')", ['Contact:Cara Smith']],
    ['FIND {Smith OR Jones} RETURNING Contact(Name ORDER BY FirstName DESC LIMIT 2)', ['Contact:Cara Smith', 'Contact:Bob Jones']],
    ['FIND {Smith OR Jones} RETURNING Contact(Name ORDER BY FirstName OFFSET 1)', ['Contact:Bob Jones', 'Contact:Cara Smith']],
    ['FIND {Smith OR acme} RETURNING Account(Name), Contact(Name) LIMIT 2', ['Account:Acme', 'Contact:Ann Smith']],
    ['FIND {Gone} RETURNING Contact(Name)', []],
    ['find {ACME} in name fields returning account(name)', ['Account:Acme']],
  ])('%s', (sosl, expected) => {
    expect(names(search(sosl))).toEqual(expected);
  });

  it('RETURNING without a field list gives the Id only', () => {
    const rows = search('FIND {Acme} RETURNING Account');
    expect(rows).toEqual([{ object: 'Account', id: ACME.id, cells: [expect.objectContaining({ kind: 'field', name: 'Id', value: ACME.id })] }]);
  });

  it('returned fields follow parent paths like SOQL', () => {
    const row = search('FIND {Jones} RETURNING Contact(LastName, Account.Name)')[0]!;
    expect(row.cells.map((c) => c.name)).toEqual(['LastName', 'Account']);
    expect(cell(cell(row, 'Account') as QueryRow, 'Name')).toBe('Acme');
  });

  it('without RETURNING every searchable object is searched, Id only, in describe order', () => {
    const rows = search('FIND {acme}');
    expect(rows.map((r) => r.object)).toEqual(['Account', 'Contact', 'Contact']);
    expect(rows.every((r) => r.cells.length === 1 && r.cells[0]!.name === 'Id')).toBe(true);
  });

  it('a DataSource that cannot list objects finds nothing without RETURNING', () => {
    expect(executeSosl(parseSosl('FIND {acme}'), BARE_SOURCE, OPTIONS).rows).toEqual([]);
  });

  it('the parsed search keeps the scope, the unescaped term and the RETURNING specs', () => {
    const q = parseSosl('FIND {foo\\-bar} IN PHONE FIELDS RETURNING Contact(Phone LIMIT 3), Account');
    expect(q).toMatchObject({ scope: 'PHONE', searchText: 'foo-bar', returning: [{ object: 'Contact', limit: 3 }, { object: 'Account', fields: [] }] });
  });
});

describe('SOSL errors', () => {
  it.each([
    ['term without braces', 'FIND Acme RETURNING Account', 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.'],
    ['unclosed brace', 'FIND {Acme RETURNING Account', 'MALFORMED_SEARCH', 'No search term found. The search term must be enclosed in braces.'],
    ['not a FIND', 'SEARCH {Acme}', 'MALFORMED_SEARCH', "unexpected token: 'SEARCH'"],
    ['one-character term', 'FIND {a}', 'MALFORMED_SEARCH', 'search term must be longer than one character'],
    ['clauses out of order', 'FIND {Acme} RETURNING Account IN ALL FIELDS', 'MALFORMED_SEARCH', "unexpected token: 'IN'"],
    ['unknown scope', 'FIND {Acme} IN EVERY FIELDS', 'MALFORMED_SEARCH', "unexpected token: 'EVERY'"],
    ['dangling operator', 'FIND {Acme AND} RETURNING Account', 'MALFORMED_SEARCH', 'unexpected token'],
  ])('%s', (_name, sosl, code, reason) => {
    const e = errorOf(() => parseSosl(sosl));
    expect(e.code).toBe(code);
    expect(e.reason).toContain(reason);
  });

  it('the missing-braces message is the bare sentence, as REST returns it', () => {
    expect(errorOf(() => parseSosl('FIND Acme')).message).toBe('No search term found. The search term must be enclosed in braces.');
  });

  it.each([
    ['unknown object', 'FIND {Acme} RETURNING Foo__c(Name)', 'INVALID_TYPE', "sObject type 'Foo__c' is not supported."],
    ['unknown field', 'FIND {Acme} RETURNING Account(Nope)', 'INVALID_FIELD', "No such column 'Nope' on entity 'Account'"],
    ['bad literal in WHERE', "FIND {Acme} RETURNING Account(Name WHERE AnnualRevenue = 'x')", 'INVALID_FIELD', 'must be of type double'],
  ])('%s', (_name, sosl, code, reason) => {
    const e = errorOf(() => search(sosl));
    expect([e.code, e.row]).toEqual([code, 1]);
    expect(e.reason).toContain(reason);
  });
});
