import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnosticsOf, load, runSteps, serve } from '../../helpers/project.js';

/** A payloadFactory step with its format as a YAML block, so formats read as they are written. */
function step(format: string, options = ''): string {
  const block = format
    .trim()
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
  return `- payloadFactory:\n    ${options ? `${options}\n    ` : ''}format: |\n${block}`;
}

/** Load a sequence whose only step is `yaml` (indented under `steps:`) and list its diagnostics. */
function diagnostics(yaml: string): string[] {
  return diagnosticsOf(load({ 'sequences/s.yaml': `name: s\nsteps:\n${yaml}\n` }));
}

const order = { id: 7, first: 'Ada', last: 'Lovelace', count: 5, customer: { name: 'ACME', city: 'Oslo' }, lines: [{ sku: 'A-1', qty: 2 }, { sku: 'B-7', qty: 1 }] };

describe('payloadFactory, JSON', () => {
  it.each([
    ['the brief example', '{"id": ${payload.id}, "name": "${payload.first} ${payload.last}", "tags": ${vars.tags}, "n": "${payload.count}"}', { id: 7, name: 'Ada Lovelace', tags: ['x', 'y'], n: '5' }],
    ['an object outside a string', '{"customer": ${payload.customer}}', { customer: { name: 'ACME', city: 'Oslo' } }],
    ['an object inside a string (MI: quoting makes it a literal string)', '{"customer": "${payload.customer}"}', { customer: '{"name":"ACME","city":"Oslo"}' }],
    ['a missing value: null outside a string, empty inside', '{"a": ${payload.nope}, "b": "[${payload.nope}]"}', { a: null, b: '[]' }],
    ['an expression with operators and functions', '{"total": ${payload.count * 2}, "upper": "${toUpper(payload.first)}"}', { total: 10, upper: 'ADA' }],
    ['literals of every JSON type', '{"t": true, "f": false, "n": null, "num": -1.5e2, "arr": [1, [2], {}], "o": {"k": "v"}}', { t: true, f: false, n: null, num: -150, arr: [1, [2], {}], o: { k: 'v' } }],
    ['escapes in strings', '{"s": "a\\"b\\\\c\\n\\u00e9 $5 ${payload.id}"}', { s: 'a"b\\c\né $5 7' }],
    ['quotes inside an expression in a string, taken raw', '{"id": "${headers["x-id"]}"}', { id: 'h-1' }],
    ['a key that is a template', '{"${payload.first}": 1}', { Ada: 1 }],
    ['a top-level array', '[${payload.id}, "${payload.first}"]', [7, 'Ada']],
    ['a top-level expression', '${payload.lines}', order.lines],
    ['a "__proto__" key as plain data', '{"__proto__": {"polluted": true}}', JSON.parse('{"__proto__": {"polluted": true}}')],
  ])('builds %s', async (_name, format, expected) => {
    const { mc } = await runSteps(step(format), { payload: order, vars: { tags: ['x', 'y'] }, headers: { 'x-id': 'h-1' } });
    expect(mc.payload).toEqual(expected);
    expect(mc.contentType).toBe('application/json');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('copies inserted values, so the new payload does not alias a variable', async () => {
    const { mc } = await runSteps(`${step('{"tags": ${vars.tags}}')}\n- enrich: { source: { type: inline, value: z }, target: { type: child, path: "\${payload.tags}" } }`, { vars: { tags: ['x'] } });
    expect(mc.payload).toEqual({ tags: ['x', 'z'] });
    expect(mc.vars.tags).toEqual(['x']);
  });

  it('gives each message its own copy of a constant format', async () => {
    const first = await runSteps(step('{"list": []}'));
    (first.mc.payload as { list: number[] }).list.push(1);
    const second = await runSteps(step('{"list": []}'));
    expect(second.mc.payload).toEqual({ list: [] });
  });

  it('answers with the JSON it built', async () => {
    const { response, json } = await runSteps(`${step('{"id": "${payload.id}"}')}\n- respond: {}`, { payload: order });
    expect(response.headers['content-type']).toBe('application/json');
    expect(json).toEqual({ id: '7' });
  });

  it('uses contentType when given', async () => {
    const { mc, response } = await runSteps(`${step('{"data": {"id": ${payload.id}}}', 'contentType: application/vnd.api+json')}\n- respond: {}`, { payload: order });
    expect(mc.contentType).toBe('application/vnd.api+json');
    expect(response.headers['content-type']).toBe('application/vnd.api+json');
    expect(response.body).toBe('{"data":{"id":7}}');
  });
});

describe('payloadFactory, XML', () => {
  it.each([
    ['text and attributes (values stay strings)', '<order id="${payload.id}"><qty>${payload.count}</qty><name>${payload.first} ${payload.last}</name></order>', { order: { '@id': '7', qty: '5', name: 'Ada Lovelace' } }],
    ['an object as whole content: child elements', '<order>${payload.customer}</order>', { order: { name: 'ACME', city: 'Oslo' } }],
    ['an array as whole content: repeated elements', '<order><line>${payload.lines}</line></order>', { order: { line: [{ sku: 'A-1', qty: 2 }, { sku: 'B-7', qty: 1 }] } }],
    ['an array among repeated elements: more repetitions', '<r><item>first</item><item>${vars.more}</item></r>', { r: { item: ['first', 'a', 'b'] } }],
    ['an object as content beside attributes: merged', '<order id="1">${payload.customer}</order>', { order: { '@id': '1', name: 'ACME', city: 'Oslo' } }],
    ['a scalar as content beside attributes: text', '<order id="1">${payload.first}</order>', { order: { '@id': '1', '#text': 'Ada' } }],
    ['an object in an attribute: JSON text', '<a v="${payload.customer}"/>', { a: { '@v': '{"name":"ACME","city":"Oslo"}' } }],
    ['a missing value: an empty element', '<a><b>${payload.nope}</b></a>', { a: { b: '' } }],
    ['expressions holding < & and quotes', '<a n="${payload.count < 10 && payload.first == "Ada"}">${payload.count > 1}</a>', { a: { '@n': 'true', '#text': 'true' } }],
    ['a constant document', '<a><b x="1">t</b></a>', { a: { b: { '@x': '1', '#text': 't' } } }],
    ['entities and CDATA around expressions', '<a><b>x &amp; ${payload.first} &lt;</b><c><![CDATA[${payload.count} <y>]]></c></a>', { a: { b: 'x & Ada <', c: '5 <y>' } }],
  ])('builds %s', async (_name, format, expected) => {
    const { mc } = await runSteps(step(format, 'mediaType: xml'), { payload: order, vars: { more: ['a', 'b'] } });
    expect(mc.payload).toEqual(expected);
    expect(mc.contentType).toBe('application/xml');
  });

  it('answers with the XML it built', async () => {
    const format = '<order id="${payload.id}">\n  <customer>${payload.customer.name}</customer>\n  <lines>${payload.lines}</lines>\n</order>';
    const { response } = await runSteps(`${step(format, 'mediaType: xml')}\n- respond: {}`, { payload: order });
    expect(response.headers['content-type']).toBe('application/xml');
    expect(response.body).toBe('<order id="7"><customer>ACME</customer><lines><sku>A-1</sku><qty>2</qty></lines><lines><sku>B-7</sku><qty>1</qty></lines></order>');
  });

  it.each([
    ['a key that is not an XML name', '<a>${payload.bad}</a>', { bad: { 'first name': 1 } }, 'FERRY_ERR_PAYLOAD_FORMAT', '${payload.bad} holds the key "first name", which is not a valid XML name'],
    ['a list beside attributes', '<a id="1">${payload.list}</a>', { list: [1, 2] }, 'FERRY_ERR_PAYLOAD_FORMAT', '${payload.list} is a list, which cannot be the content of an element with attributes; wrap it in an element of its own'],
  ])('fails at run time on %s', async (_name, format, payload, code, message) => {
    const { response, json } = await runSteps(step(format, 'mediaType: xml'), { payload });
    expect(response.status).toBe(500);
    expect(json).toEqual({ error: { code, message } });
  });
});

describe('payloadFactory, text', () => {
  it.each([
    ['Hello ${payload.first}!', 'Hello Ada!\n'],
    ['${payload.customer}', '{"name":"ACME","city":"Oslo"}\n'],
  ])('renders %j', async (format, expected) => {
    const { mc, response } = await runSteps(`${step(format, 'mediaType: text')}\n- respond: {}`, { payload: order });
    expect(mc.payload).toBe(expected);
    expect(response.headers['content-type']).toBe('text/plain');
  });
});

describe('payloadFactory at load', () => {
  it.each([
    ['invalid JSON', step('{"a": 1,\n "b": }'), 's.yaml:4:15 FERRY_ERR_ARTIFACT_INVALID format is not valid JSON at line 2, column 7: unexpected \'}\'; expected a value'],
    ['text after the JSON value', step('{"a": 1} x'), 's.yaml:4:15 FERRY_ERR_ARTIFACT_INVALID format is not valid JSON at line 1, column 10: unexpected text after the JSON value'],
    ['an unterminated JSON string', step('{"a": "b}'), 's.yaml:4:15 FERRY_ERR_ARTIFACT_INVALID format is not valid JSON at line 1, column 10: unterminated string'],
    ['an expression error outside a string, at its character', step('{"a": 1,\n"b": ${payload.}}'), "s.yaml:6:24 FERRY_ERR_EXPR_SYNTAX expected a property name after '.'"],
    ['an expression error inside a string, at its character', step('{"a": "x ${toUpper(}"}'), 's.yaml:5:28 FERRY_ERR_EXPR_SYNTAX unexpected end of expression'],
    ['an unterminated ${', step('{"a": ${payload.id'), 's.yaml:5:15 FERRY_ERR_EXPR_SYNTAX unterminated ${ … }'],
    ['malformed XML', step('<a>\n  <b></a>', 'mediaType: xml'), "s.yaml:5:15 FERRY_ERR_ARTIFACT_INVALID format is not valid XML at line 2, column 6: Expected closing tag 'b'"],
    ['an XML expression error, at its character', step('<a>\n<b>${payload.x +}</b></a>', 'mediaType: xml'), 's.yaml:7:25 FERRY_ERR_EXPR_SYNTAX unexpected end of expression'],
    ['a DTD in an XML format', step('<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 'mediaType: xml'), 's.yaml:5:15 FERRY_ERR_ARTIFACT_INVALID format declares a DTD'],
    ['an empty format', '  - payloadFactory: { mediaType: xml, format: " " }', 's.yaml:3:47 FERRY_ERR_ARTIFACT_INVALID format is empty; a xml format is a document'],
    ['two XML roots', step('<a/><b/>', 'mediaType: xml'), 's.yaml:5:15 FERRY_ERR_ARTIFACT_INVALID format must have exactly one root element'],
    ['an expression as an element name', step('<${payload.x}/>', 'mediaType: xml'), 's.yaml:5:15 FERRY_ERR_ARTIFACT_INVALID format: ${…} cannot stand for an element or attribute name (line 1, column 14)'],
    ['an expression as an attribute name', step('<a ${payload.x}="1"/>', 'mediaType: xml'), 's.yaml:5:15 FERRY_ERR_ARTIFACT_INVALID format: ${…} cannot stand for an element or attribute name (line 1, column 4)'],
    ['an unknown mediaType', step('x', 'mediaType: yaml'), 's.yaml:4:18 FERRY_ERR_ARTIFACT_SCHEMA payloadFactory: mediaType: must be one of "json", "xml", "text"'],
    ['a missing format', '  - payloadFactory: { mediaType: json }', "s.yaml:3:21 FERRY_ERR_ARTIFACT_SCHEMA payloadFactory: (top level): missing required property 'format'"],
    ['a contentType that does not fit the mediaType (a warning)', step('{}', 'contentType: application/xml'), 's.yaml:4:20 FERRY_WARN_ARTIFACT contentType application/xml is not a json type; the json payload will be written as xml'],
  ])('reports %s', (_name, yaml, expected) => {
    const indented = yaml.startsWith('  ') ? yaml : yaml.replace(/^/gm, '  ');
    expect(diagnostics(indented)).toContainEqual(expect.stringContaining(expected));
  });
});

describe('payloadFactory over HTTP: JSON in, XML out', () => {
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve({
      'config/apis/transform.yaml': `name: transform
context: /transform
resources:
  - methods: [POST]
    uriTemplate: /
    inSequence:
      - payloadFactory:
          mediaType: xml
          format: |
            <order id="\${payload.id}">
              <customer>\${payload.customer.name}</customer>
              <line>\${payload.lines}</line>
            </order>
      - respond: {}
`,
    });
  });
  afterAll(() => server.close());

  it('answers application/xml built from the posted JSON', async () => {
    const res = await fetch(`${server.url}/transform`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(order) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml');
    expect(await res.text()).toBe('<order id="7"><customer>ACME</customer><line><sku>A-1</sku><qty>2</qty></line><line><sku>B-7</sku><qty>1</qty></line></order>');
  });
});
