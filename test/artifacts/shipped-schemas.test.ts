import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderSchemas } from '../../src/artifacts/shipped-schemas.js';
import { ROOT } from '../helpers/cli.js';

describe('schemas shipped for editors (schemas/*.json)', () => {
  const rendered = renderSchemas();

  it.each(Object.keys(rendered))('%s is up to date (regenerate with `npm run schemas`)', (name) => {
    expect(readFileSync(join(ROOT, 'schemas', name), 'utf8')).toBe(rendered[name]);
  });

  const ajv = new Ajv({ allErrors: true, strict: false });
  const validateApi = ajv.compile(JSON.parse(rendered['api.schema.json']!));
  const validateSequence = ajv.compile(JSON.parse(rendered['sequence.schema.json']!));

  it.each(['echo', 'transform', 'orders'])('accept the example API %s', (name) => {
    expect(validateApi(parse(readFileSync(join(ROOT, 'config/apis', `${name}.yaml`), 'utf8')))).toBe(true);
  });

  it.each(['lookup-order', 'order-error'])('accept the example sequence %s', (name) => {
    expect(validateSequence(parse(readFileSync(join(ROOT, 'sequences', `${name}.yaml`), 'utf8')))).toBe(true);
  });

  it('reject an unknown mediator and a bad nested step, as an editor would flag them', () => {
    expect(validateSequence({ name: 's', steps: [{ lgo: {} }] })).toBe(false);
    expect(validateSequence({ name: 's', steps: [{ filter: { expression: '${true}', then: [{ log: { level: 'loud' } }] } }] })).toBe(false);
    expect(validateSequence({ name: 's', steps: [{ filter: { expression: '${true}', then: [{ log: { level: 'info' } }] } }] })).toBe(true);
  });
});
