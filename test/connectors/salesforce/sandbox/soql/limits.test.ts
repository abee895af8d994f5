import { describe, expect, it } from 'vitest';
import { executeSosl, parseSoql, parseSosl } from '../../../../../connectors/salesforce/sandbox/soql/index.js';
import { MAX_NESTING } from '../../../../../connectors/salesforce/sandbox/soql/stream.js';
import { WildcardBuilder, matchesWildcard } from '../../../../../connectors/salesforce/sandbox/soql/wildcard.js';
import type { Wildcard } from '../../../../../connectors/salesforce/sandbox/soql/wildcard.js';
import { useSandbox } from '../helpers.js';
import { restClient } from '../rest-client.js';
import { OPTIONS, SOURCE } from './fixture.js';
import { errorOf, run } from './helpers.js';

/** The LIKE pattern the lexer builds from a literal written as in a query (escapes and all). */
function like(literal: string): Wildcard {
  const where = parseSoql(`SELECT Id FROM Account WHERE Name LIKE '${literal}'`).where!;
  if (where.kind !== 'compare' || where.value.kind !== 'string') throw new Error('not a LIKE comparison');
  return where.value.like.pattern;
}

/** Milliseconds `fn` takes. */
function elapsed(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

describe('LIKE patterns', () => {
  it.each([
    ['abc', 'ABC', true],
    ['abc', 'abcd', false],
    ['a%', 'abc', true],
    ['%c', 'abc', true],
    ['%c', 'abcd', false],
    ['%b%', 'abc', true],
    ['%b%', 'ac', false],
    ['%', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a_c', 'abc', true],
    ['a_c', 'ac', false],
    ['a_c', 'abbc', false],
    ['_', '', false],
    ['a_b', 'a\nb', true],
    ['a%a', 'a', false],
    ['a%a', 'aa', true],
    ['%a%b%c%', 'xAyBzC', true],
    ['%a%b%c%', 'cba', false],
    ['%_b_%', 'ab', false],
    ['%_b_%', 'abc', true],
    ['%aa_a%', 'xaaaba', true],
    ['%ab_d%', 'abxabcd', true],
    ['a.c', 'abc', false],
    ['a*c', 'abc', false],
    ['(x)+[y]', '(X)+[Y]', true],
    [String.raw`50\%\_ off`, '50%_ off', true],
    [String.raw`50\%\_ off`, '50xy off', false],
    [String.raw`100\%`, '1000', false],
    [String.raw`%\_%`, 'snake_case', true],
    [String.raw`%\_%`, 'camelCase', false],
    [String.raw`caf\u00e9%`, 'CAFÉ au lait', true],
    ['%straße', 'Hauptstraße', true],
  ])('%s on %j → %s', (pattern, value, expected) => {
    expect(matchesWildcard(like(pattern), value)).toBe(expected);
  });

  it('filter rows in a query, case-insensitively, with escaped wildcards literal', () => {
    const names = (soql: string) => run(soql).rows.map((r) => r.cells[0]!.kind === 'field' && r.cells[0]!.value);
    expect(names("SELECT Name FROM Account WHERE Name LIKE 'g%'")).toEqual(['Globex']);
    expect(names("SELECT Name FROM Account WHERE Name LIKE '%50\\% off\\_%'")).toEqual(['Hooli 50% Off_Sale']);
    expect(names("SELECT Name FROM Account WHERE Name LIKE '%0\\_%'")).toEqual([]);
  });
});

describe('wildcards take linear time on values that almost match', () => {
  const value = 'a'.repeat(20_000);

  it.each([
    ['%a%a%a%a%a%a%a%a%b'],
    [`${'%a'.repeat(200)}%b`],
    ['%a_a_a_a_a_a_a_b%'],
    [`%${'_'.repeat(100)}b%`],
    [`${'_%'.repeat(50)}b`],
  ])('LIKE %s over 20,000 characters: no match, under 50 ms', (pattern) => {
    const compiled = like(pattern);
    let result = true;
    expect(elapsed(() => (result = matchesWildcard(compiled, value)))).toBeLessThan(50);
    expect(result).toBe(false);
  });

  it('and still matches when the last piece is there', () => {
    const compiled = like(`${'%a'.repeat(200)}%b`);
    expect(elapsed(() => expect(matchesWildcard(compiled, `${value}b`)).toBe(true))).toBeLessThan(50);
  });

  it('SOSL * and ? build the same patterns', () => {
    const builder = new WildcardBuilder();
    for (const ch of 'a*a*a*a*a*a*?b') {
      if (ch === '*') builder.anyRun();
      else if (ch === '?') builder.anyOne();
      else builder.literal(ch);
    }
    const pattern = builder.build();
    expect(elapsed(() => expect(matchesWildcard(pattern, value)).toBe(false))).toBeLessThan(50);
    expect(matchesWildcard(pattern, 'aaaaaaxb')).toBe(true);
  });
});

describe('nesting depth', () => {
  it.each([
    ['parentheses', `${'('.repeat(MAX_NESTING)}Name = 'x'${')'.repeat(MAX_NESTING)}`],
    ['NOT', `${'NOT '.repeat(MAX_NESTING)}Name = 'x'`],
  ])('%s up to MAX_NESTING levels parse', (_name, where) => {
    expect(() => parseSoql(`SELECT Id FROM Account WHERE ${where}`)).not.toThrow();
  });

  it.each([
    ['parentheses', 20_000, `${'('.repeat(20_000)}Name = 'x'${')'.repeat(20_000)}`, 29 + MAX_NESTING + 1],
    ['NOT', 20_000, `${'NOT '.repeat(20_000)}Name = 'x'`, 29 + 4 * MAX_NESTING + 1],
    ['semi-joins', 3_000, `${'Id IN (SELECT AccountId FROM Contact WHERE '.repeat(3_000)}Name = 'x'${')'.repeat(3_000)}`, 29 + 43 * MAX_NESTING + 7],
  ])('%s nested %i deep → MALFORMED_QUERY at the first level too many', (_name, _depth, where, column) => {
    const err = errorOf(() => parseSoql(`SELECT Id FROM Account WHERE ${where}`));
    expect(err).toMatchObject({ code: 'MALFORMED_QUERY', row: 1, column });
    expect(err.reason).toBe(`Query nested too deeply: at most ${MAX_NESTING} levels of parentheses, NOT and subqueries are allowed`);
    expect(err.message).toMatch(/\n *\^\nERROR at Row:1:Column:\d+\n/);
  });

  it('SOSL: parentheses in the search term are capped the same way', () => {
    const err = errorOf(() => parseSosl(`FIND {${'('.repeat(20_000)}ab${')'.repeat(20_000)}}`));
    expect(err).toMatchObject({ code: 'MALFORMED_SEARCH', reason: `Search term nested too deeply: at most ${MAX_NESTING} levels of parentheses are allowed` });
  });

  it.each([
    ['words', `${'ab '.repeat(20_000)}`],
    ['OR', `${'ab OR '.repeat(20_000)}ab`],
    ['AND NOT', `ab ${'AND NOT cd '.repeat(20_000)}`],
  ])('SOSL: a long %s chain is a flat list, not a deep tree', (_name, term) => {
    expect(() => executeSosl(parseSosl(`FIND {${term}} RETURNING Account(Id)`), SOURCE, OPTIONS)).not.toThrow();
  });

  it('SOSL: AND NOT keeps its meaning in a flat chain', () => {
    const names = (term: string) => executeSosl(parseSosl(`FIND {${term}} RETURNING Account(Name)`), SOURCE, OPTIONS).rows.length;
    expect(names('Acme OR Globex')).toBe(2);
    expect(names('Acme OR Globex AND NOT Acme')).toBe(2);
    expect(names('(Acme OR Globex) AND NOT Acme')).toBe(1);
    expect(names('(Acme OR Globex) AND NOT Acme AND NOT Globex')).toBe(0);
    expect(names('Acme AND NOT Nothing AND NOT Nowhere')).toBe(1);
  });
});

describe('over HTTP', () => {
  const ctx = useSandbox({ seed: { records: { Account: [{ Name: 'a'.repeat(200) }] } } });
  const api = restClient(() => ctx.url);
  const query = (soql: string) => api.get(`/query?q=${encodeURIComponent(soql)}`);
  const search = (sosl: string) => api.get(`/search?q=${encodeURIComponent(sosl)}`);

  /** The answer and how long it took. */
  async function timed<T>(call: () => Promise<T>): Promise<[T, number]> {
    const start = performance.now();
    const answer = await call();
    return [answer, performance.now() - start];
  }

  // (a RegExp took 2.6 s on these; with a few more wildcards it never finished)
  it('a backtracking-prone LIKE on a 200-character name answers at once', async () => {
    await api.token();
    const [res, ms] = await timed(() => query("SELECT Id FROM Account WHERE Name LIKE '%a%a%a%a%b'"));
    expect(res.body).toEqual({ totalSize: 0, done: true, records: [] });
    expect(ms).toBeLessThan(500);
    const hit = await query("SELECT Name FROM Account WHERE Name LIKE '%a%a%a%a%a%a%a%'");
    expect(hit.body.records.map((r: { Name: string }) => r.Name)).toEqual(['a'.repeat(200)]);
  });

  it('a backtracking-prone SOSL word answers at once', async () => {
    const [res, ms] = await timed(() => search('FIND {a*a*a*a*a*b} IN NAME FIELDS RETURNING Account(Name)'));
    expect(res).toMatchObject({ status: 200, body: { searchRecords: [] } });
    expect(ms).toBeLessThan(500);
    const hit = await search('FIND {a*a*a*a*a*a*a*} IN NAME FIELDS RETURNING Account(Name)');
    expect(hit.body.searchRecords.map((r: { Name: string }) => r.Name)).toEqual(['a'.repeat(200)]);
  });

  it('7,000 nested parentheses → 400 MALFORMED_QUERY with a position, not 500', async () => {
    const res = await query(`SELECT Id FROM Account WHERE ${'('.repeat(7_000)}Name = 'x'${')'.repeat(7_000)}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual([{ errorCode: 'MALFORMED_QUERY', message: expect.stringMatching(new RegExp(`ERROR at Row:1:Column:${29 + MAX_NESTING + 1}\\nQuery nested too deeply`)) }]);
  });
});
