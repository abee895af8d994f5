/** A fixed scope shared by the expression specs. */
import type { ExpressionScope } from '../../src/expressions/index.js';

/** A fresh scope per call, so a test that mutates it cannot leak into another. */
export function makeScope(overrides: Partial<ExpressionScope> = {}): ExpressionScope {
  return {
    payload: {
      users: [
        { name: 'Ann', age: 34, active: true, tags: ['admin', 'ops'], email: 'ann@example.com' },
        { name: 'Bob', age: 17, active: false, tags: ['dev'] },
        { name: 'Cid', age: 25, active: true, tags: [], nickname: null },
      ],
      order: { id: 'A-1', total: 10.5, items: [{ sku: 'x', price: 2.5, qty: 2 }, { sku: 'y', price: 5.5, qty: 1 }] },
      'first name': 'Zoe',
      count: 3,
      ratio: 0.1,
      flag: true,
      nothing: null,
      text: '  padded  ',
      json: '{"a":1,"b":[1,2]}',
      jsonArray: '[1,2,3]',
      store: { book: [{ title: 'A', price: 8 }, { title: 'B', price: 22 }], bicycle: { color: 'red', price: 19 } },
      root: { child: 'xml-ish' },
    },
    vars: {
      name: 'Ann',
      minAge: 18,
      num1: 7,
      num2: 2,
      str5: '5',
      list: ['a', 'b', 'c'],
      sf: { payload: { records: [{ Id: '001' }, { Id: '002' }] }, attributes: { statusCode: 201 } },
      'last name': 'Smith',
      idx: 1,
      key: 'count',
      epoch: 1705314645123,
      hdr: 'X-Request-ID',
    },
    headers: { 'content-type': 'application/json', 'x-request-id': 'req-42', accept: ['a', 'b'] },
    props: { duration: 'years', ERROR_CODE: 'E1' },
    params: {
      pathParams: { id: '77' },
      queryParams: { q: 'shoes', limit: '10' },
      functionParams: { fp: 'fv' },
    },
    configs: { baseUrl: 'https://api.example.com', retries: 3 },
    error: { code: 'E_TIMEOUT', message: 'upstream timed out', detail: { after: 30 }, status: 504 },
    ...overrides,
  };
}
