import { describe, expect, it } from 'vitest';
import { executeSoql, parseSoql } from '../../../../../connectors/salesforce/sandbox/soql/index.js';
import { OPTIONS, SOURCE } from './fixture.js';
import { errorOf } from './helpers.js';

const parse = (soql: string) => () => parseSoql(soql);
const execute = (soql: string) => () => executeSoql(parseSoql(soql), SOURCE, OPTIONS);

describe('messages recorded from real orgs, reproduced exactly', () => {
  it('unexpected token (the reference catalogue example)', () => {
    const e = errorOf(parse('SELECT Id FRM Account'));
    expect([e.code, e.message]).toEqual(['MALFORMED_QUERY', "\nSELECT Id FRM Account\n          ^\nERROR at Row:1:Column:11\nunexpected token: 'FRM'"]);
  });

  it('unexpected end of query: the caret sits one past the last character', () => {
    const e = errorOf(parse('SELECT Id FROM Account WHERE'));
    expect(e.message).toBe("\nSELECT Id FROM Account WHERE\n                            ^\nERROR at Row:1:Column:29\nunexpected token: '<EOF>'");
  });

  it('unknown column (recorded INVALID_FIELD)', () => {
    const e = errorOf(execute('SELECT Asdf FROM Contact'));
    expect(e.code).toBe('INVALID_FIELD');
    expect(e.message).toBe(
      "\nSELECT Asdf FROM Contact\n       ^\nERROR at Row:1:Column:8\nNo such column 'Asdf' on entity 'Contact'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
    );
  });

  it('malformed id literal (recorded INVALID_QUERY_FILTER_OPERATOR, caret on the field)', () => {
    const e = errorOf(execute("SELECT Id FROM Contact WHERE Id = 'ZZZ'"));
    expect([e.code, e.message]).toEqual(['INVALID_QUERY_FILTER_OPERATOR', "\nSELECT Id FROM Contact WHERE Id = 'ZZZ'\n                             ^\nERROR at Row:1:Column:30\ninvalid ID field: ZZZ"]);
  });

  it('illegal escape: 0-based column, caret one left of the quote, excerpt cut 30 characters back (recorded)', () => {
    const e = errorOf(parse("SELECT Id, Data_Quality_Score__c from Contact where FirstName = 'Anne\\-Marie'"));
    expect(e.message).toBe(
      "\nfrom Contact where FirstName = 'Anne\\-Marie'\n                              ^\nERROR at Row:1:Column:64\nInvalid string literal 'Anne\\-Marie'. Illegal character sequence '\\-' in string literal.",
    );
    expect([e.code, e.row, e.column]).toEqual(['MALFORMED_QUERY', 1, 64]);
  });

  it('mixed AND/OR on row 3: the excerpt starts at the whole string literal 30 characters back (as recorded)', () => {
    const e = errorOf(parse("SELECT Id, Email, Name\nFROM Contact\nWHERE AccountId = '0014000000p6XlS' AND LastName LIKE 'test' OR email LIKE 'test'"));
    expect([e.row, e.column, e.reason]).toEqual([3, 62, "unexpected token: 'OR'"]);
    expect(e.message.split('\n')[1]).toBe("'0014000000p6XlS' AND LastName LIKE 'test' OR email LIKE 'test'");
  });

  it('unknown sObject (INVALID_TYPE with the custom-object hint)', () => {
    const e = errorOf(execute('SELECT COUNT(Id) FROM SourceMember'));
    expect([e.code, e.row, e.column]).toEqual(['INVALID_TYPE', 1, 23]);
    expect(e.reason).toBe("sObject type 'SourceMember' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.");
  });

  it('OFFSET over 2000: NUMBER_OUTSIDE_VALID_RANGE with the bare message', () => {
    const e = errorOf(parse('SELECT Id FROM Account LIMIT 5 OFFSET 2001'));
    expect([e.code, e.message, e.column]).toEqual(['NUMBER_OUTSIDE_VALID_RANGE', 'Maximum SOQL offset allowed is 2000', 39]);
  });
});

describe('syntax errors (parseSoql, no data needed)', () => {
  it.each([
    ['missing value at the end', 'SELECT Id FROM Account WHERE', 'MALFORMED_QUERY', 1, 29, "unexpected token: '<EOF>'"],
    ['OR after AND without parentheses', "SELECT Id FROM Account WHERE Name = 'a' AND Type = 'b' OR Industry = 'c'", 'MALFORMED_QUERY', 1, 56, "unexpected token: 'OR'"],
    ['AND after OR without parentheses', "SELECT Id FROM Account WHERE Name = 'a' OR Type = 'b' AND Industry = 'c'", 'MALFORMED_QUERY', 1, 55, "unexpected token: 'AND'"],
    ['mixing inside parentheses too', "SELECT Id FROM Account WHERE (Name = 'a' OR Name = 'b' AND Type = 'c')", 'MALFORMED_QUERY', 1, 56, "unexpected token: 'AND'"],
    ['unescaped quote ends the string early', "SELECT Id FROM Account WHERE Name = 'O'Brien'", 'MALFORMED_QUERY', 1, 40, "unexpected token: 'Brien'"],
    ["doubled quote is not SOQL's escape", "SELECT Id FROM Lead WHERE FirstName = 'O''Test'", 'MALFORMED_QUERY', 1, 42, "unexpected token: ''Test''"],
    ['illegal escape \\q', "SELECT Id FROM Account WHERE Name = 'a\\qb'", 'MALFORMED_QUERY', 1, 36, "Invalid string literal 'a\\qb'. Illegal character sequence '\\q' in string literal."],
    ['illegal escape \\x on row 2 (0-based column)', "SELECT Id FROM Account\nWHERE Name = 'a\\x'", 'MALFORMED_QUERY', 2, 13, "Illegal character sequence '\\x'"],
    ['\\_ outside LIKE', "SELECT Id FROM Account WHERE Name = 'a\\_b'", 'MALFORMED_QUERY', 1, 36, "Illegal character sequence '\\_' in string literal."],
    ['\\% in an IN list', "SELECT Id FROM Account WHERE Name IN ('a', '50\\%')", 'MALFORMED_QUERY', 1, 43, "Illegal character sequence '\\%'"],
    ['\\u without four hex digits', "SELECT Id FROM Account WHERE Name = '\\u12G4'", 'MALFORMED_QUERY', 1, 36, "Illegal character sequence '\\u'"],
    ['trailing lone backslash', "SELECT Id FROM Account WHERE Name = 'abc\\", 'MALFORMED_QUERY', 1, 36, "Illegal character sequence '\\'"],
    ['unterminated string', "SELECT Id FROM Account WHERE Name = 'abc", 'MALFORMED_QUERY', 1, 40, "line 1:40 mismatched character '<EOF>' expecting '''"],
    ['double-quoted string', 'SELECT Id FROM Account WHERE Name = "abc"', 'MALFORMED_QUERY', 1, 36, `line 1:36 unexpected token: '"'`],
    ['stray character', 'SELECT Id from $casecomment', 'MALFORMED_QUERY', 1, 15, "line 1:15 unexpected token: '$'"],
    ['semicolon (a lexical error: 0-based column)', "SELECT Id FROM Account WHERE Name = 'x';", 'MALFORMED_QUERY', 1, 39, "line 1:39 unexpected token: ';'"],
    ['LIKE null', 'SELECT Id FROM Account WHERE Name LIKE null', 'MALFORMED_QUERY', 1, 40, "unexpected token: 'null'"],
    ['empty IN list', 'SELECT Id FROM Account WHERE Name IN ()', 'MALFORMED_QUERY', 1, 30, "unexpected token: 'Name IN ()'"],
    ['bare word as a value', 'SELECT Id FROM Account WHERE Name = Acme', 'MALFORMED_QUERY', 1, 37, "unexpected token: 'Acme'"],
    ['date literal without :n', 'SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS', 'MALFORMED_QUERY', 1, 44, "unexpected token: 'LAST_N_DAYS'"],
    ['date literal with a blank before n', 'SELECT Id FROM Account WHERE CreatedDate = LAST_N_DAYS: 5', 'MALFORMED_QUERY', 1, 44, "unexpected token: 'LAST_N_DAYS'"],
    ['impossible date', 'SELECT Id FROM Contact WHERE Birthdate = 2024-02-30', 'MALFORMED_QUERY', 1, 42, 'Invalid date: 2024-02-30'],
    ['impossible month in a datetime', 'SELECT Id FROM Account WHERE SystemModstamp > 2020-52-12t12:12:00-05:00', 'MALFORMED_QUERY', 1, 47, 'Invalid datetime: 2020-52-12t12:12:00-05:00'],
    ['impossible zone offset', 'SELECT Id FROM Account WHERE SystemModstamp > 2020-12-12t12:12:00-25:00', 'MALFORMED_QUERY', 1, 47, 'Invalid datetime: 2020-12-12t12:12:00-25:00'],
    ['datetime without a zone', 'SELECT Id FROM Account WHERE CreatedDate > 2016-07-31T04:17:54', 'MALFORMED_QUERY', 1, 44, 'Invalid datetime: 2016-07-31T04:17:54'],
    ['clauses out of order', "SELECT Id FROM Account ORDER BY Name WHERE Name = 'x'", 'MALFORMED_QUERY', 1, 38, "unexpected token: 'WHERE'"],
    ['negative LIMIT', 'SELECT Id FROM Account LIMIT -1', 'MALFORMED_QUERY', 1, 30, "unexpected token: '-1'"],
    ['decimal OFFSET', 'SELECT Id FROM Account OFFSET 1.5', 'MALFORMED_QUERY', 1, 31, "unexpected token: '1.5'"],
    ['nothing selected', 'SELECT FROM Account', 'MALFORMED_QUERY', 1, 13, "unexpected token: 'Account'"],
    ['trailing comma in SELECT', 'SELECT Id, FROM Account', 'MALFORMED_QUERY', 1, 17, "unexpected token: 'Account'"],
    ['unknown clause', 'SELECT Id FROM Account USING SCOPE everything', 'MALFORMED_QUERY', 1, 24, "unexpected token: 'USING'"],
    ['multi-line EOF counts rows', "SELECT Id\nFROM Account\nWHERE Name = 'a' OR", 'MALFORMED_QUERY', 3, 20, "unexpected token: '<EOF>'"],
    ['FIELDS(ALL) without LIMIT', 'SELECT FIELDS(ALL) FROM Account', 'MALFORMED_QUERY', 1, 8, 'The SOQL FIELDS function must have a LIMIT of at most 200'],
    ['FIELDS(CUSTOM) with LIMIT 201', 'SELECT Id, FIELDS(CUSTOM) FROM Account LIMIT 201', 'MALFORMED_QUERY', 1, 12, 'The SOQL FIELDS function must have a LIMIT of at most 200'],
    ['unknown FIELDS scope', 'SELECT FIELDS(SOME) FROM Account LIMIT 1', 'MALFORMED_QUERY', 1, 15, "unexpected token: 'SOME'"],
    ['child subquery inside a child subquery', 'SELECT Id, (SELECT Id, (SELECT Id FROM Cases) FROM Contacts) FROM Account', 'MALFORMED_QUERY', 1, 24, "unexpected token: '('"],
  ])('%s', (_name, soql, code, row, column, reason) => {
    const e = errorOf(parse(soql));
    expect([e.code, e.row, e.column]).toEqual([code, row, column]);
    expect(e.reason).toContain(reason);
    expect(e.message).toContain(`ERROR at Row:${row}:Column:${column}\n`);
  });

  it('a parse error before a lexical error wins, as Salesforce reads left to right', () => {
    expect(errorOf(parse("SELECT Id FRM Account WHERE Name = 'bad\\q'")).reason).toBe("unexpected token: 'FRM'");
  });
});

describe('metadata errors (executeSoql)', () => {
  const WSDL = 'Please reference your WSDL or the describe call for the appropriate names.';
  it.each([
    ['unknown custom field', 'SELECT Foo__c FROM Account', 'INVALID_FIELD', 1, 8, `No such column 'Foo__c' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. ${WSDL}`],
    ['unknown field in WHERE', "SELECT Id FROM Account WHERE Nmae = 'x'", 'INVALID_FIELD', 1, 30, "No such column 'Nmae' on entity 'Account'"],
    ['unknown field in ORDER BY', 'SELECT Id FROM Account ORDER BY Nmae', 'INVALID_FIELD', 1, 33, "No such column 'Nmae' on entity 'Account'"],
    ['unknown field at the end of a path names the parent entity', 'SELECT Account.Foo FROM Contact', 'INVALID_FIELD', 1, 8, "No such column 'Foo' on entity 'Account'"],
    ['two levels up', 'SELECT Name, Owner.Nme FROM Account', 'INVALID_FIELD', 1, 14, "No such column 'Nme' on entity 'User'"],
    ['unknown relationship', 'SELECT Acount.Name FROM Contact', 'INVALID_FIELD', 1, 8, `Didn't understand relationship 'Acount' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. ${WSDL}`],
    ['reference field used as a relationship', 'SELECT AccountId.Name FROM Contact', 'INVALID_FIELD', 1, 8, "Didn't understand relationship 'AccountId' in field path"],
    ['unknown child relationship', 'SELECT Id, (SELECT Id FROM Contactz) FROM Account', 'INVALID_TYPE', 1, 28, "Didn't understand relationship 'Contactz' in FROM part of query call."],
    ['unknown object', 'SELECT Id FROM Foo__c', 'INVALID_TYPE', 1, 16, "sObject type 'Foo__c' is not supported."],
    ['unknown object in a semi-join', 'SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contactz)', 'INVALID_TYPE', 1, 59, "sObject type 'Contactz' is not supported."],
    ['quoted number', "SELECT Id FROM Account WHERE AnnualRevenue = 'abc'", 'INVALID_FIELD', 1, 30, "value of filter criterion for field 'AnnualRevenue' must be of type double and should not be enclosed in quotes"],
    ['quoted integer', "SELECT Id FROM Account WHERE NumberOfEmployees > '5'", 'INVALID_FIELD', 1, 30, "field 'NumberOfEmployees' must be of type int and should not be enclosed in quotes"],
    ['quoted boolean', "SELECT Id FROM Account WHERE Active__c = 'true'", 'INVALID_FIELD', 1, 30, "field 'Active__c' must be of type boolean and should not be enclosed in quotes"],
    ['quoted datetime', "SELECT Id FROM Account WHERE CreatedDate > '2024-01-01T00:00:00Z'", 'INVALID_FIELD', 1, 30, "field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes"],
    ['date literal on a datetime field', 'SELECT Id FROM Account WHERE CreatedDate > 2024-01-01', 'INVALID_FIELD', 1, 30, "field 'CreatedDate' must be of type dateTime and should not be enclosed in quotes"],
    ['datetime literal on a date field', 'SELECT Id FROM Contact WHERE Birthdate = 2024-01-01T00:00:00Z', 'INVALID_FIELD', 1, 30, "field 'Birthdate' must be of type date and should not be enclosed in quotes"],
    ['number on a text field', 'SELECT Id FROM Account WHERE Name = 5', 'INVALID_FIELD', 1, 30, "field 'Name' must be of type string and should be enclosed in quotes"],
    ['date literal on a text field', 'SELECT Id FROM Account WHERE Name = TODAY', 'INVALID_FIELD', 1, 30, "field 'Name' must be of type string and should be enclosed in quotes"],
    ['malformed reference id', "SELECT Id FROM Contact WHERE AccountId IN ('001000000000001', 'nope')", 'INVALID_QUERY_FILTER_OPERATOR', 1, 30, 'invalid ID field: nope'],
    ['18-character id with a bad checksum', "SELECT Id FROM Contact WHERE Id = '003000000000001ZZZ'", 'INVALID_QUERY_FILTER_OPERATOR', 1, 30, 'invalid ID field: 003000000000001ZZZ'],
    ['LIKE on a number', "SELECT Id FROM Account WHERE NumberOfEmployees LIKE '1%'", 'INVALID_QUERY_FILTER_OPERATOR', 1, 30, 'invalid operator on int field'],
    ['LIKE on an id', "SELECT Id FROM Account WHERE Id LIKE '001%'", 'INVALID_QUERY_FILTER_OPERATOR', 1, 30, 'invalid operator on id field'],
    ['LIKE on a multipicklist', "SELECT Id FROM Account WHERE Regions__c LIKE 'A%'", 'INVALID_QUERY_FILTER_OPERATOR', 1, 30, 'invalid operator on multipicklist field'],
    ['< on a boolean', 'SELECT Id FROM Account WHERE Active__c < true', 'INVALID_QUERY_FILTER_OPERATOR', 1, 30, 'invalid operator on boolean field'],
    ['INCLUDES on a picklist', "SELECT Id FROM Account WHERE Industry INCLUDES ('x')", 'INVALID_QUERY_FILTER_OPERATOR', 1, 30, 'includes or excludes operator only valid on multipicklist field'],
    ['long text area in WHERE', "SELECT Id FROM Account WHERE Description = 'x'", 'INVALID_FIELD', 1, 30, "field 'Description' can not be filtered in query call"],
    ['multipicklist in ORDER BY', 'SELECT Id FROM Account ORDER BY Regions__c', 'INVALID_FIELD', 1, 33, "field 'Regions__c' can not be sorted in a query call"],
    ['duplicate field', 'SELECT Id, Name, id FROM Account', 'MALFORMED_QUERY', 1, 18, 'duplicate field selected: id'],
    ['alias on a plain query', 'SELECT Name n FROM Account', 'MALFORMED_QUERY', 1, 13, "unexpected token: 'n'"],
    ['ungrouped field beside an aggregate', 'SELECT Name, COUNT(Id) FROM Account', 'MALFORMED_QUERY', 1, 8, 'Field must be grouped or aggregated: Name'],
    ['field missing from GROUP BY', 'SELECT Industry, Type, COUNT(Id) FROM Account GROUP BY Industry', 'MALFORMED_QUERY', 1, 18, 'Field must be grouped or aggregated: Type'],
    ['SUM of text', 'SELECT SUM(Name) FROM Account', 'MALFORMED_QUERY', 1, 8, 'field Name does not support aggregate operator SUM'],
    ['COUNT of a boolean', 'SELECT COUNT(Active__c) FROM Account', 'MALFORMED_QUERY', 1, 8, 'field Active__c does not support aggregate operator COUNT'],
    ['GROUP BY a currency field', 'SELECT AnnualRevenue FROM Account GROUP BY AnnualRevenue', 'MALFORMED_QUERY', 1, 44, "field 'AnnualRevenue' can not be grouped in a query call"],
    ['HAVING on an ungrouped field', 'SELECT Industry, COUNT(Id) FROM Account GROUP BY Industry HAVING Type = null', 'MALFORMED_QUERY', 1, 66, 'Field must be grouped or aggregated: Type'],
    ['HAVING without GROUP BY or aggregates', "SELECT Name FROM Account HAVING Name = 'x'", 'MALFORMED_QUERY', 1, 26, "unexpected token: 'HAVING'"],
    ['semi-join selecting a non-id field', 'SELECT Id FROM Account WHERE Id IN (SELECT LastName FROM Contact)', 'MALFORMED_QUERY', 1, 33, 'semi join'],
  ])('%s', (_name, soql, code, row, column, reason) => {
    expect(() => parseSoql(soql)).not.toThrow();
    const e = errorOf(execute(soql));
    expect([e.code, e.row, e.column]).toEqual([code, row, column]);
    expect(e.reason).toContain(reason);
    expect(e.message.startsWith('\n')).toBe(true);
  });
});
