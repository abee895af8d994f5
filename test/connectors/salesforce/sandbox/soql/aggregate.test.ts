import { describe, expect, it } from 'vitest';
import { cell, column, run } from './helpers.js';

describe('aggregate queries', () => {
  it('an aggregate without GROUP BY is one AggregateResult row with exprN names', () => {
    const result = run('SELECT COUNT(Id) FROM Account');
    expect(result).toMatchObject({ object: 'Account', totalSize: 1, isAggregate: true, isCount: false });
    expect(result.rows[0]).toMatchObject({ object: 'AggregateResult', id: undefined, cells: [{ kind: 'aggregate', name: 'expr0', value: 5 }] });
  });

  it('only unaliased aggregates take exprN numbers; grouped fields keep their field name', () => {
    const result = run('SELECT Industry, COUNT(Id) c, MAX(Name), MIN(Name) FROM Account GROUP BY Industry');
    expect(result.rows[0]!.cells.map((c) => c.name)).toEqual(['Industry', 'c', 'expr0', 'expr1']);
  });

  it('SUM, AVG, MIN, MAX, COUNT(field), COUNT_DISTINCT skip nulls', () => {
    const row = run('SELECT SUM(AnnualRevenue), AVG(AnnualRevenue), MIN(AnnualRevenue), MAX(Name), COUNT(Industry), COUNT_DISTINCT(Industry) FROM Account').rows[0]!;
    expect(row.cells.map((c) => (c.kind === 'aggregate' ? c.value : undefined))).toEqual([3_750_000, 937_500, 250_000, "O'Brien & Sons", 4, 2]);
  });

  it('MIN and MAX keep the field type: datetime ms, date text', () => {
    const row = run('SELECT MIN(CreatedDate) first, MAX(SLAExpirationDate__c) last FROM Account').rows[0]!;
    expect([cell(row, 'first'), cell(row, 'last')]).toEqual([Date.parse('2023-12-31T23:00:00Z'), '2024-06-30']);
  });

  it('aggregate cells name the aggregated field', () => {
    const c = run('SELECT SUM(AnnualRevenue) total FROM Account').rows[0]!.cells[0]!;
    expect(c.kind === 'aggregate' && c.field?.name).toBe('AnnualRevenue');
  });

  it('GROUP BY with ORDER BY an aggregate, then the key (nulls first)', () => {
    const result = run('SELECT Industry, COUNT(Id) n FROM Account GROUP BY Industry ORDER BY COUNT(Id) DESC, Industry');
    expect(result.rows.map((r) => [cell(r, 'Industry'), cell(r, 'n')])).toEqual([['Technology', 3], [null, 1], ['Manufacturing', 1]]);
    expect(result.totalSize).toBe(3);
  });

  it('HAVING filters groups', () => {
    expect(column(run('SELECT Industry FROM Account GROUP BY Industry HAVING COUNT(Id) > 1'), 'Industry')).toEqual(['Technology']);
    expect(column(run("SELECT Type, SUM(AnnualRevenue) s FROM Account GROUP BY Type HAVING SUM(AnnualRevenue) >= 500000 AND Type != 'Prospect'"), 's')).toEqual([3_000_000]);
  });

  it('LIMIT and OFFSET page the groups', () => {
    expect(column(run('SELECT Type FROM Account GROUP BY Type ORDER BY Type LIMIT 1 OFFSET 1'), 'Type')).toEqual(['Partner']);
  });

  it('grouping by a parent path names the column after the field', () => {
    const result = run('SELECT Account.Name, COUNT(Id) FROM Contact WHERE AccountId != null GROUP BY Account.Name ORDER BY Account.Name');
    expect(result.rows.map((r) => [cell(r, 'Name'), cell(r, 'expr0')])).toEqual([[null, 1], ['Acme', 2], ['Globex', 1]]);
  });

  it('WHERE filters before grouping; with nothing left there is one row without GROUP BY and none with it', () => {
    expect(run("SELECT COUNT(Id), SUM(AnnualRevenue) FROM Account WHERE Name = 'zzz'").rows[0]!.cells.map((c) => (c.kind === 'aggregate' ? c.value : 'x'))).toEqual([0, null]);
    expect(run("SELECT Industry, COUNT(Id) FROM Account WHERE Name = 'zzz' GROUP BY Industry").rows).toEqual([]);
  });

  it('grouped field aliases replace the field name', () => {
    expect(run('SELECT Type t, COUNT(Id) FROM Account GROUP BY Type').rows[0]!.cells.map((c) => c.name)).toEqual(['t', 'expr0']);
  });
});
