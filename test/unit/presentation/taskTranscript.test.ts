import assert from 'node:assert/strict';
import type { PhaseResult, TaskResult } from '../../../src/core/tasks/taskTypes';
import { phaseLine, resultSummary, transcriptPart } from '../../../src/presentation/tasks/taskTranscript';

const phase = (over: Partial<PhaseResult>): PhaseResult => ({ key: 'generate', phase: 'generate', status: 'succeeded', fallbacks: [], startedAt: 0, timeMs: 1200, inputTokens: 300, outputTokens: 120, ...over });

describe('Task transcript (participant)', () => {
  it('writes a phase with its model, status, time, tokens, cost and fallbacks', () => {
    const line = phaseLine(phase({ modelId: 'gpt-4o', costUsd: 0.0031, fallbacks: [{ from: 'claude', to: 'gpt-4o', reason: 'rate limited' }] }));
    assert.match(line, /^- \*\*Generate\*\* · `gpt-4o` · succeeded · 1\.2 s · 300 in \/ 120 out · \$0\.0031/);
    assert.match(line, /fell back from `claude` to `gpt-4o`: rate limited/);
  });

  it('says a skipped review was skipped and why, without figures', () => {
    const line = phaseLine(phase({ key: 'review', phase: 'review', status: 'skipped', error: 'review skipped: every review model failed', timeMs: 0, inputTokens: 0, outputTokens: 0 }));
    assert.equal(line, '- **Review** · skipped\n  - review skipped: every review model failed');
  });

  it('names a round and a critique as the task card does, not by their keys', () => {
    assert.match(phaseLine(phase({ key: 'refine#1', phase: 'refine', round: 1 })), /^- \*\*Refine \(round 1\)\*\* · succeeded/);
    assert.match(phaseLine(phase({ key: 'critique:claude', phase: 'review' })), /^- \*\*Review \(claude\)\*\* · succeeded/);
    assert.deepEqual(transcriptPart({ type: 'phase-start', taskId: 't', key: 'validate#2', phase: 'validate', round: 2, startedAt: 0 }), { kind: 'progress', text: 'Validate (round 2)…' });
  });

  it('never lets model text start Markdown structure', () => {
    const part = transcriptPart({ type: 'plan-ready', taskId: 't', plan: { summary: '# big <img src=x>', steps: [{ title: '[click](javascript:x)', files: ['a`b.ts'] }] } });
    assert.ok(part?.kind === 'markdown');
    assert.ok(!/(^|[^\\])<img/.test(part.text), part.text);
    assert.ok(part.text.includes('\\# big'));
    assert.ok(part.text.includes('\\[click\\]'));
    assert.ok(part.text.includes("`a'b.ts`"));
  });

  it('sums up a stopped task with where it stopped, and lists a change set’s files', () => {
    const result: TaskResult = {
      taskId: 't', profileId: 'implement', pattern: 'single', status: 'failed', phases: [phase({ modelId: 'm', costUsd: 0.01 }), phase({ key: 'review', phase: 'review', modelId: 'odd' })],
      phasesRun: 2, phasesSucceeded: 1, totalMs: 2500, inputTokens: 600, outputTokens: 240, modelsUsed: ['m', 'odd'], stoppedReason: 'generate failed: every model failed', resumeFrom: 'generate',
      final: { kind: 'change-set', changeSet: { summary: 'Adds codes', changes: [{ kind: 'edit', path: 'src/a.ts', before: '', after: 'x' }, { kind: 'rename', path: 'b.ts', newPath: 'c.ts', before: '', after: '' }] } },
    };
    const text = resultSummary(result);
    assert.match(text, /\*\*Task stopped at generate\*\* · 1 phase of 2 succeeded · 2\.5 s · 600 in \/ 240 out tokens · ≥ \$0\.010/);
    assert.match(text, /> generate failed: every model failed/);
    assert.match(text, /- edit `src\/a\.ts`\n- rename `b\.ts` → `c\.ts`/);
  });
});
