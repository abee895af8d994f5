import { describe, expect, it } from 'vitest';
import { defineField } from '../../../../connectors/salesforce/sandbox/metadata/define.js';
import type { FieldType } from '../../../../connectors/salesforce/sandbox/model.js';
import { coerce } from '../../../../connectors/salesforce/sandbox/store/coerce.js';

const field = (type: FieldType, name = 'Value__c') => defineField({ name, type, label: 'Value', ...(type === 'reference' ? { referenceTo: ['Account'] } : {}) });
const none = () => undefined;

/** A JSON array nested `depth` deep, built without recursion. */
function nestedArray(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

describe('coerce: JSON values of the wrong kind', () => {
  it.each([
    ['string', ['a'], 'Cannot deserialize instance of string from START_ARRAY value'],
    ['double', [1], 'Cannot deserialize instance of double from START_ARRAY value'],
    ['reference', ['001'], 'Cannot deserialize instance of reference from START_ARRAY value'],
    ['multipicklist', ['A', 'B'], 'Cannot deserialize instance of multipicklist from START_ARRAY value'],
    ['string', { a: 1 }, 'Cannot deserialize instance of string from START_OBJECT value { or request may be missing a required field'],
    ['int', { a: 1 }, 'Cannot deserialize instance of int from START_OBJECT value { or request may be missing a required field'],
    ['int', true, 'Cannot deserialize instance of int from VALUE_TRUE value true or request may be missing a required field'],
    ['date', false, 'Cannot deserialize instance of date from VALUE_FALSE value false or request may be missing a required field'],
    ['date', 20240131, 'Cannot deserialize instance of date from VALUE_NUMBER_INT value 20240131 or request may be missing a required field'],
    ['boolean', 2.5, 'Cannot deserialize instance of boolean from VALUE_NUMBER_FLOAT value 2.5 or request may be missing a required field'],
    ['int', 'many', 'Cannot deserialize instance of int from VALUE_STRING value many or request may be missing a required field'],
  ] as const)('%s ← %j: JSON_PARSER_ERROR naming the Jackson token', (type, raw, message) => {
    expect(coerce(field(type), raw, 'json', none)).toEqual({ error: { statusCode: 'JSON_PARSER_ERROR', message, fields: [] } });
  });

  it.each([['string'], ['double'], ['date'], ['reference']] as const)('%s ← an array nested 100,000 deep: an error, not a stack overflow', (type) => {
    const raw = nestedArray(100_000);
    expect(coerce(field(type), raw, 'json', none)).toEqual({
      error: { statusCode: 'JSON_PARSER_ERROR', message: expect.stringContaining('from START_ARRAY value'), fields: [] },
    });
    expect(coerce(field(type), raw, 'text', none)).toEqual({ error: { statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', message: 'Value: value not of required type: [', fields: ['Value__c'] } });
  });

  it('an object nested 100,000 deep is refused the same way', () => {
    let raw: unknown = {};
    for (let i = 0; i < 100_000; i++) raw = { a: raw };
    expect(coerce(field('string'), raw, 'json', none)).toMatchObject({ error: { message: expect.stringContaining('from START_OBJECT value {') } });
  });

  it('scalars of the right kind still pass', () => {
    expect(coerce(field('int'), 42, 'json', none)).toEqual({ value: 42 });
    expect(coerce(field('string'), true, 'json', none)).toEqual({ value: 'true' });
    expect(coerce(field('boolean'), false, 'json', none)).toEqual({ value: false });
  });
});
