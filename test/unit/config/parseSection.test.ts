import assert from 'node:assert/strict';
import { z } from 'zod';
import type { SettingsDiagnostic } from '../../../src/core/config/diagnostics';
import { parseSection } from '../../../src/core/config/parseSection';

const schema = z
  .object({
    strategy: z.enum(['ordered', 'adaptive']).default('ordered'),
    threshold: z.number().min(0).max(1).default(0.6),
    nested: z.object({ n: z.number().default(5) }).strict().default({ n: 5 }),
  })
  .strict();

describe('parseSection', () => {
  it('keeps the valid fields and falls back to defaults only for the bad ones', () => {
    const diagnostics: SettingsDiagnostic[] = [];
    const out = parseSection(schema, { strategy: 'adaptive', threshold: 7, nested: { n: 'x' } }, 'switchboard.routing', diagnostics);
    assert.deepEqual(out, { strategy: 'adaptive', threshold: 0.6, nested: { n: 5 } });
    assert.deepEqual(diagnostics.map((d) => d.path).sort(), ['switchboard.routing.nested.n', 'switchboard.routing.threshold']);
  });

  it('drops only the bad field of a nested object, keeping its good siblings', () => {
    const nested = z
      .object({ circuit: z.object({ failures: z.number().int().min(1).default(5), waitMs: z.number().default(30_000) }).strict().default({ failures: 5, waitMs: 30_000 }) })
      .strict();
    const diagnostics: SettingsDiagnostic[] = [];
    assert.deepEqual(parseSection(nested, { circuit: { failures: 0, waitMs: 60_000 } }, 'switchboard.routing', diagnostics), { circuit: { failures: 5, waitMs: 60_000 } });
    assert.deepEqual(parseSection(nested, { circuit: { failures: 3, waitMs: 60_000, colour: 'red' } }, 'switchboard.routing', diagnostics), { circuit: { failures: 3, waitMs: 60_000 } });
    assert.deepEqual(diagnostics.map((d) => d.path), ['switchboard.routing.circuit.failures', 'switchboard.routing.circuit.colour']);
  });

  it('drops only the bad entries of an array field, keeping the good ones', () => {
    const list = z.object({ tools: z.union([z.boolean(), z.array(z.string().min(1))]).default(false) }).strict();
    const diagnostics: SettingsDiagnostic[] = [];
    assert.deepEqual(parseSection(list, { tools: ['a', '', 'b', ''] }, 'switchboard.research', diagnostics), { tools: ['a', 'b'] });
    assert.deepEqual(diagnostics.map((d) => d.path), ['switchboard.research.tools[1]', 'switchboard.research.tools[3]']);
  });

  it('still drops the whole nested field when it is missing a required part', () => {
    const required = z.object({ inner: z.object({ a: z.number(), b: z.number() }).optional(), keep: z.boolean().default(false) }).strict();
    const diagnostics: SettingsDiagnostic[] = [];
    assert.deepEqual(parseSection(required, { inner: { a: 'x', b: 2 }, keep: true }, 'x', diagnostics), { keep: true });
  });

  it('reports and drops unknown fields', () => {
    const diagnostics: SettingsDiagnostic[] = [];
    const out = parseSection(schema, { strategy: 'ordered', colour: 'red' }, 'switchboard.routing', diagnostics);
    assert.equal(out.strategy, 'ordered');
    assert.deepEqual(diagnostics.map((d) => d.path), ['switchboard.routing.colour']);
  });

  it('falls back whole when the section is not an object', () => {
    const diagnostics: SettingsDiagnostic[] = [];
    const out = parseSection(schema, 42, 'switchboard.routing', diagnostics);
    assert.deepEqual(out, { strategy: 'ordered', threshold: 0.6, nested: { n: 5 } });
    assert.equal(diagnostics.length, 1);
  });

  it('treats undefined as all defaults with no diagnostics', () => {
    const diagnostics: SettingsDiagnostic[] = [];
    assert.deepEqual(parseSection(schema, undefined, 'x', diagnostics), { strategy: 'ordered', threshold: 0.6, nested: { n: 5 } });
    assert.deepEqual(diagnostics, []);
  });
});
