import assert from 'node:assert/strict';
import { toJSONSchema, z } from 'zod';
import type { JsonSchema } from '../../../src/core/providers/contract';
import { isStrictCompatible } from '../../../src/core/providers/strictSchema';

const closed = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}): JsonSchema => ({
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
  ...extra,
});

describe('isStrictCompatible (OpenAI strict structured outputs)', () => {
  it('accepts a zod object whose fields are all required, nested objects and arrays included', () => {
    const schema = toJSONSchema(z.object({ plan: z.array(z.object({ step: z.string(), done: z.boolean() })), note: z.string().nullable() }));
    assert.equal(isStrictCompatible(schema), true);
  });

  it('refuses an optional field, as zod writes it (left out of required)', () => {
    assert.equal(isStrictCompatible(toJSONSchema(z.object({ a: z.string(), b: z.string().optional() }))), false);
  });

  it('refuses an object that is not closed, at the root or nested', () => {
    assert.equal(isStrictCompatible({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }), false);
    assert.equal(isStrictCompatible(closed({ inner: { type: 'object', properties: { b: { type: 'number' } }, required: ['b'] } })), false);
    assert.equal(isStrictCompatible(closed({ list: { type: 'array', items: { type: 'object', properties: {}, additionalProperties: true } } })), false);
  });

  it('looks inside anyOf branches, $defs and nullable object types', () => {
    assert.equal(isStrictCompatible(closed({ v: { anyOf: [{ type: 'string' }, closed({ x: { type: 'number' } })] } })), true);
    assert.equal(isStrictCompatible(closed({ v: { anyOf: [{ type: 'string' }, { type: 'object', properties: { x: { type: 'number' } } }] } })), false);
    assert.equal(isStrictCompatible(closed({ r: { $ref: '#/$defs/node' } }, { $defs: { node: { type: 'object', properties: { n: { type: 'string' } }, required: [] } } })), false);
    assert.equal(isStrictCompatible(closed({ o: { type: ['object', 'null'], properties: { n: { type: 'string' } }, required: ['n'] } })), false);
  });

  it('refuses a root that is not an object, a root anyOf, and keywords strict mode refuses', () => {
    assert.equal(isStrictCompatible({ type: 'array', items: { type: 'string' } }), false);
    assert.equal(isStrictCompatible({ anyOf: [closed({ a: { type: 'string' } })] }), false);
    assert.equal(isStrictCompatible(closed({ a: { allOf: [{ type: 'string' }] } })), false);
    // zod writes a discriminated union as oneOf.
    assert.equal(isStrictCompatible(toJSONSchema(z.object({ u: z.discriminatedUnion('k', [z.object({ k: z.literal('x') }), z.object({ k: z.literal('y') })]) }))), false);
  });

  it('refuses more than 10 levels of object nesting', () => {
    let nested: JsonSchema = closed({ leaf: { type: 'string' } });
    for (let i = 0; i < 10; i++) nested = closed({ next: nested });
    assert.equal(isStrictCompatible(nested), false);
    let shallow: JsonSchema = closed({ leaf: { type: 'string' } });
    for (let i = 0; i < 9; i++) shallow = closed({ next: shallow });
    assert.equal(isStrictCompatible(shallow), true);
  });
});
