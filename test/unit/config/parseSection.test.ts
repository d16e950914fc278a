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
