import { describe, expect, it } from 'vitest';
import { diagnosticsOf, load } from '../helpers/project.js';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const api = (body: string) => `name: a\ncontext: /a\nresources:\n${body}`;

describe('loading a project collects every problem with file:line:col', () => {
  it.each([
    [
      'YAML syntax error',
      { 'config/apis/a.yaml': 'name: a\ncontext: /a\nresources: [\n' },
      'a.yaml:4:1 FERRY_ERR_ARTIFACT_SYNTAX YAML Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
    [
      'schema violation: unknown key',
      { 'config/apis/a.yaml': api('  - methods: [GET]\n    inSequence: []\n    uriTemplat: /x\n') },
      "a.yaml:6:5 FERRY_ERR_ARTIFACT_SCHEMA resources.0.uriTemplat: unknown property 'uriTemplat'",
    ],
    [
      'schema violation: bad method',
      { 'config/apis/a.yaml': api('  - methods: [FETCH]\n    inSequence: []\n') },
      'a.yaml:4:15 FERRY_ERR_ARTIFACT_SCHEMA resources.0.methods.0: must be one of "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"',
    ],
    [
      'schema violation: missing context',
      { 'config/apis/a.yaml': 'name: a\nresources:\n  - methods: [GET]\n    inSequence: []\n' },
      "a.yaml:1:1 FERRY_ERR_ARTIFACT_SCHEMA (top level): missing required property 'context'",
    ],
    [
      'unknown mediator, with a suggestion',
      { 'config/apis/a.yaml': api('  - methods: [GET]\n    inSequence:\n      - lgo: { message: hi }\n') },
      "a.yaml:6:9 FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR unknown mediator 'lgo'; did you mean 'log'?",
    ],
    [
      'a step with two keys',
      { 'config/apis/a.yaml': api('  - methods: [GET]\n    inSequence:\n      - log: {}\n        drop: {}\n') },
      "a.yaml:6:9 FERRY_ERR_ARTIFACT_BAD_STEP a step must be a map with exactly one key, the mediator name (found 'log', 'drop'; is a '-' missing?)",
    ],
    [
      'mediator config violating its schema',
      { 'config/apis/a.yaml': api('  - methods: [GET]\n    inSequence:\n      - log: { level: loud }\n') },
      'a.yaml:6:23 FERRY_ERR_ARTIFACT_SCHEMA log: level: must be one of "fatal", "error", "warn", "info", "debug", "trace", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "WARNING"',
    ],
    [
      'missing sequence referenced as inSequence',
      { 'config/apis/a.yaml': api('  - methods: [GET]\n    inSequence: lookup\n') },
      "a.yaml:5:17 FERRY_ERR_ARTIFACT_MISSING_SEQUENCE sequence 'lookup' does not exist in sequences/",
    ],
    [
      'missing sequence referenced by a sequence step',
      {
        'config/apis/a.yaml': api('  - methods: [GET]\n    inSequence:\n      - sequence: lookpu\n'),
        'sequences/lookup.yaml': 'name: lookup\nsteps: []\n',
      },
      "a.yaml:6:19 FERRY_ERR_ARTIFACT_MISSING_SEQUENCE sequence 'lookpu' does not exist in sequences/; did you mean 'lookup'?",
    ],
    [
      'missing endpoint',
      { 'config/apis/a.yaml': api('  - methods: [GET]\n    inSequence:\n      - call: { endpoint: backend }\n') },
      "a.yaml:6:27 FERRY_ERR_ARTIFACT_MISSING_ENDPOINT endpoint 'backend' is not defined in config/server.yaml endpoints",
    ],
    [
      'duplicate sequence names',
      { 'sequences/one.yaml': 'name: s\nsteps: []\n', 'sequences/two.yaml': 'name: s\nsteps: []\n' },
      "two.yaml:1:7 FERRY_ERR_ARTIFACT_DUPLICATE sequence 's' is already defined in",
    ],
    [
      'duplicate API names',
      { 'config/apis/one.yaml': api('  - methods: [GET]\n    inSequence: []\n'), 'config/apis/two.yaml': 'name: a\ncontext: /b\nresources:\n  - methods: [GET]\n    inSequence: []\n' },
      "two.yaml:1:7 FERRY_ERR_ARTIFACT_DUPLICATE API 'a' is already defined in",
    ],
    [
      'two APIs on one context',
      { 'config/apis/one.yaml': api('  - methods: [GET]\n    inSequence: []\n'), 'config/apis/two.yaml': 'name: b\ncontext: /a/\nresources:\n  - methods: [GET]\n    inSequence: []\n' },
      "two.yaml:2:10 FERRY_ERR_ARTIFACT_CONTEXT_CLASH context /a/ is already claimed by API 'a'",
    ],
    [
      'duplicate resource templates',
      { 'config/apis/a.yaml': api('  - methods: [GET]\n    uriTemplate: /x/{id}\n    inSequence: []\n  - methods: [GET, POST]\n    uriTemplate: /x/{id}\n    inSequence: []\n') },
      'a.yaml:8:18 FERRY_ERR_ARTIFACT_TEMPLATE_CLASH GET /a/x/{id} duplicates GET /a/x/{id} of API \'a\'',
    ],
    [
      'ambiguous resource templates',
      { 'config/apis/a.yaml': api('  - methods: [GET]\n    uriTemplate: /x/{id}\n    inSequence: []\n  - methods: [GET]\n    uriTemplate: /x/{name}\n    inSequence: []\n') },
      "a.yaml:8:18 FERRY_ERR_ARTIFACT_TEMPLATE_CLASH GET /a/x/{name} is ambiguous with GET /a/x/{id} of API 'a'",
    ],
    [
      'malformed uriTemplate',
      { 'config/apis/a.yaml': api('  - methods: [GET]\n    uriTemplate: /x/{id\n    inSequence: []\n') },
      "a.yaml:5:21 FERRY_ERR_ARTIFACT_BAD_TEMPLATE unclosed '{' in uriTemplate",
    ],
    [
      'expression syntax error, at the character',
      { 'config/apis/a.yaml': api('  - methods: [GET]\n    inSequence:\n      - log: { message: "total ${payload.a +}" }\n') },
      'a.yaml:6:45 FERRY_ERR_EXPR_SYNTAX unexpected end of expression',
    ],
    [
      'expression syntax error inside a block scalar',
      { 'sequences/s.yaml': 'name: s\nsteps:\n  - log:\n      message: |\n        line one\n        then ${vars.x +* 2}\n' },
      's.yaml:6:24 FERRY_ERR_EXPR_SYNTAX',
    ],
    [
      'expression syntax error in a leaf of an object value',
      { 'sequences/s.yaml': 'name: s\nsteps:\n  - respond:\n      body:\n        a: ok\n        b: [1, "x ${payload.}"]\n' },
      "s.yaml:6:29 FERRY_ERR_EXPR_SYNTAX expected a property name after '.'",
    ],
    [
      'onError naming a missing sequence',
      { 'sequences/s.yaml': 'name: s\nsteps: []\nonError: handler\n' },
      "s.yaml:3:10 FERRY_ERR_ARTIFACT_MISSING_SEQUENCE sequence 'handler' does not exist in sequences/",
    ],
  ])('%s', (_name, files, expected) => {
    const result = load(files);
    expect(result.project).toBeUndefined();
    expect(diagnosticsOf(result)).toContainEqual(expect.stringMatching(new RegExp(`^${escapeRegex(expected)}`)));
  });

  it('reports all mistakes of a project at once, in file order', () => {
    const result = load({
      'config/server.yaml': 'server:\n  port: high\n',
      'config/apis/a.yaml': api('  - methods: [GET]\n    inSequence:\n      - lgo: {}\n      - call: { endpoint: nowhere }\n'),
      'config/apis/b.yaml': 'name: b\ncontext: /a\nresources:\n  - methods: [GET]\n    inSequence: missing\n',
      'sequences/s.yaml': 'name: s\nsteps:\n  - log: { message: "${payload.}" }\n',
    });
    const codes = result.diagnostics.list.map((d) => d.code);
    expect(codes).toEqual([
      'FERRY_ERR_CONFIG_SCHEMA',
      'FERRY_ERR_EXPR_SYNTAX',
      'FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR',
      'FERRY_ERR_ARTIFACT_MISSING_ENDPOINT',
      'FERRY_ERR_ARTIFACT_CONTEXT_CLASH',
      // the API that lost the context is still checked
      'FERRY_ERR_ARTIFACT_MISSING_SEQUENCE',
    ]);
    expect(result.diagnostics.errorCount).toBe(6);
  });

  it('checks the other resources of an API whose one resource breaks the schema', () => {
    const result = load({
      'config/apis/a.yaml': api('  - methods: [FETCH]\n    inSequence: []\n  - methods: [GET]\n    inSequence:\n      - lgo: {}\n'),
    });
    expect(diagnosticsOf(result).map((d) => d.split(' ').slice(0, 2).join(' '))).toEqual([
      'a.yaml:4:15 FERRY_ERR_ARTIFACT_SCHEMA',
      'a.yaml:8:9 FERRY_ERR_ARTIFACT_UNKNOWN_MEDIATOR',
    ]);
  });

  it('keeps the sound sections of a server.yaml with errors, so references to them still resolve', () => {
    const result = load({
      'config/server.yaml': 'server:\n  port: ${env:FERRY_TEST_NOT_SET}\nendpoints:\n  up: { uri: "http://127.0.0.1:1/x" }\n',
      'config/apis/a.yaml': api('  - methods: [GET]\n    inSequence:\n      - call: { endpoint: up }\n'),
    });
    expect(diagnosticsOf(result).map((d) => d.split(' ').slice(0, 2).join(' '))).toEqual(['server.yaml:2:9 FERRY_ERR_CONFIG_ENV_MISSING']);
  });

  it('warns about pre-GA expression spellings but loads', () => {
    const result = load({ 'sequences/s.yaml': 'name: s\nsteps:\n  - log: { message: "${var.x} ${params.uriParams.id}" }\n' });
    expect(result.project).toBeDefined();
    const warnings = result.diagnostics.list.filter((d) => d.code === 'FERRY_WARN_EXPR_DEPRECATED');
    // each points at the deprecated word: `var`, then `uriParams`
    expect(warnings.map((w) => `${w.line}:${w.col}`)).toEqual(['3:24', '3:40']);
  });

  it('loads a valid project and counts what it holds', () => {
    const result = load({
      'config/apis/a.yaml': api('  - methods: [GET]\n    uriTemplate: /{id}\n    inSequence: s\n  - methods: POST PUT\n    inSequence:\n      - respond: {}\n'),
      'sequences/s.yaml': 'name: s\nsteps:\n  - sequence: t\n',
      'sequences/t.yaml': 'name: t\nsteps:\n  - respond: {}\n',
    });
    expect(diagnosticsOf(result)).toEqual([]);
    expect(result.counts).toEqual({ apis: 1, resources: 2, sequences: 2 });
    expect(result.project!.apis[0]!.resources.map((r) => `${r.methods.join(',')} ${r.url}`)).toEqual(['GET /a/:id', 'POST,PUT /a']);
  });

  it('mounts a versioned API under context/version, or where the context says', () => {
    const result = load({
      'config/apis/a.yaml': 'name: a\ncontext: /a\nversion: v2\nresources:\n  - methods: [GET]\n    inSequence: []\n',
      'config/apis/b.yaml': 'name: b\ncontext: /{version}/b\nversion: "1.0"\nversionType: context\nresources:\n  - methods: [GET]\n    inSequence: []\n',
    });
    expect(diagnosticsOf(result)).toEqual([]);
    expect(result.project!.apis.map((a) => a.context)).toEqual(['/a/v2', '/1.0/b']);
  });
});
