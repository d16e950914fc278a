import assert from 'node:assert/strict';
import { z } from 'zod';
import { findingsSchema, planSchema } from '../../../src/core/tasks/taskSchemas';

describe('task schemas', () => {
  it('take null for an optional text, as models used to strict modes write it', () => {
    const findings = findingsSchema.parse({ findings: [{ file: 'a.ts', startLine: 1, endLine: 2, severity: 'info', message: 'm', suggestedFix: null }] });
    assert.equal(findings.findings[0]?.suggestedFix, undefined);
    const plan = planSchema.parse({ summary: 's', steps: [{ title: 't', detail: null, files: [] }] });
    assert.equal(plan.steps[0]?.detail, undefined);
  });

  it('still write a JSON Schema the providers can be sent', () => {
    const json = z.toJSONSchema(findingsSchema) as { type?: string };
    assert.equal(json.type, 'object');
  });
});
