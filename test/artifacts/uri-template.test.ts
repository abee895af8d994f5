import { describe, expect, it } from 'vitest';
import { joinPath, parseUriTemplate, UriTemplateError } from '../../src/artifacts/uri-template.js';

describe('uriTemplate', () => {
  it.each([
    ['/', '/', '/', [], []],
    ['/orders/{id}', '/orders/:id', '/orders/{}', ['id'], []],
    ['/{name}.json', '/:name.json', '/{}.json', ['name'], []],
    ['/a/{x}/b/{y}', '/a/:x/b/:y', '/a/{}/b/{}', ['x', 'y'], []],
    ['/search?q={q}&page={p}', '/search', '/search', [], [{ param: 'q', name: 'q' }, { param: 'page', name: 'p' }]],
    ['/files/*', '/files/*', '/files/*', [], []],
    ['/time/12:00', '/time/12::00', '/time/12:00', [], []],
  ])('%s → route %s', (source, routePath, shape, pathParams, queryParams) => {
    expect(parseUriTemplate(source)).toEqual({ source, routePath, shape, pathParams, queryParams });
  });

  it.each([
    ['orders', 'must start with /', 0],
    ['/a/{id', "unclosed '{'", 3],
    ['/a/id}', "unmatched '}'", 5],
    ['/a/{1x}', "path parameter name '1x' must be an identifier", 4],
    ['/{a}/{a}', "path parameter 'a' appears twice", 6],
    ['/{a}{b}', 'two parameters need a separator', 4],
    ['/a*', "'*' is only allowed as the last segment", 2],
    ['/a?q', "query template part 'q' must look like name={var}", 3],
    ['/{id}?id={id}', "'id' is already a path parameter", 10],
    ['/x?%zz={q}', "query parameter name '%zz' is not valid percent-encoding", 3],
  ])('rejects %s: %s at offset %d', (source, message, offset) => {
    let error: unknown;
    try {
      parseUriTemplate(source);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UriTemplateError);
    expect((error as UriTemplateError).message).toContain(message);
    expect((error as UriTemplateError).offset).toBe(offset);
  });

  it.each([
    ['/a', '/', '/a'],
    ['/a/', '/b', '/a/b'],
    ['/', '/b', '/b'],
    ['/', '/', '/'],
  ])('joins %s and %s as %s', (context, path, joined) => {
    expect(joinPath(context, path)).toBe(joined);
  });
});
