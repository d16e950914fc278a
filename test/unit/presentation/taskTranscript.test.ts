import assert from 'node:assert/strict';
import type { PhaseResult, TaskResult } from '../../../src/core/tasks/taskTypes';
import { phaseLine, resultSummary, taskTranscript, transcriptProgress } from '../../../src/presentation/tasks/taskTranscript';

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
    assert.equal(transcriptProgress({ type: 'phase-start', taskId: 't', key: 'validate#2', phase: 'validate', round: 2, startedAt: 0 }), 'Validate (round 2)…');
    assert.equal(transcriptProgress({ type: 'phase-end', taskId: 't', result: phase({ key: 'judge#1', phase: 'review', round: 1, modelId: 'mini' }) }), 'Judge (round 1) succeeded on mini');
  });

  it('says what a check found, as the card does: "passed" or "found 1 new error", not that the phase succeeded', () => {
    const report = (status: 'passed' | 'failed', n: number) => ({ status, diagnostics: Array.from({ length: n }, () => ({ path: 'src/a.ts', line: 3, column: 1, code: 'TS2322', message: 'bad' })), files: [{ path: 'src/a.ts', check: 'types' as const }], timeMs: 5 });
    const passed = phase({ key: 'validate', phase: 'validate', timeMs: 800, inputTokens: 0, outputTokens: 0, output: { kind: 'validation', report: report('passed', 0) } });
    const failed = phase({ key: 'validate#1', phase: 'validate', round: 1, timeMs: 800, inputTokens: 0, outputTokens: 0, output: { kind: 'validation', report: report('failed', 1) } });
    assert.match(phaseLine(passed), /^- \*\*Validate\*\* · passed · 800 ms\n {2}- type-checks \(1 file\)$/);
    assert.match(phaseLine(failed), /^- \*\*Validate \(round 1\)\*\* · found 1 new error · 800 ms\n/);
    assert.equal(transcriptProgress({ type: 'phase-end', taskId: 't', result: failed }), 'Validate (round 1) found 1 new error');
    assert.equal(transcriptProgress({ type: 'phase-end', taskId: 't', result: { ...failed, status: 'failed', error: 'the checker crashed' } }), 'Validate (round 1) failed');
  });

  const finished = (phases: PhaseResult[]): TaskResult => ({
    taskId: 't', profileId: 'implement', pattern: 'cascade', status: 'succeeded', phases, phasesRun: phases.length, phasesSucceeded: phases.length, totalMs: 1300, inputTokens: 5000, outputTokens: 2500, modelsUsed: ['strong', 'cheap', 'judge'], costUsd: 0.015,
  });

  it('never lets model text start Markdown structure', () => {
    const plan = { summary: '# big <img src=x>', steps: [{ title: '[click](javascript:x)', files: ['a`b.ts'] }] };
    const text = taskTranscript(finished([phase({ key: 'plan', phase: 'plan', modelId: 'strong', output: { kind: 'plan', plan } })]), []);
    assert.ok(!/(^|[^\\])<img/.test(text), text);
    assert.ok(text.includes('\\# big'));
    assert.ok(text.includes('\\[click\\]'));
    assert.ok(text.includes("`a'b.ts`"));
  });

  it('writes the whole task once it has ended: the plan, every phase in order, the notes, then the totals (1.139 folded phases written one by one)', () => {
    const plan = { summary: 'Discount codes.', steps: [{ title: 'Add the codes', files: ['src/codes.ts'] }] };
    const text = taskTranscript(
      finished([
        phase({ key: 'plan', phase: 'plan', modelId: 'strong', output: { kind: 'plan', plan } }),
        phase({ key: 'generate#1', phase: 'generate', round: 1, modelId: 'cheap' }),
        phase({ key: 'judge#1', phase: 'review', round: 1, modelId: 'judge' }),
        phase({ key: 'review', phase: 'review', modelId: 'judge' }),
      ]),
      ['Not refined; what remains: 1 review finding.'],
    );
    // Counts read as on the card: "5,000", not "5000".
    assert.match(text, / · 5,000 in \/ 2,500 out tokens · /);
    const at = (needle: string) => {
      const i = text.indexOf(needle);
      assert.ok(i >= 0, `${needle} in ${text}`);
      return i;
    };
    const order = ['**Plan:** Discount codes.', '1. Add the codes — `src/codes.ts`', '**Plan** · `strong`', '**Generate (round 1)** · `cheap`', '**Judge (round 1)** · `judge`', '**Review** · `judge`', '> Not refined; what remains: 1 review finding.', '**Task finished** · 4 phases of 4 succeeded'].map(at);
    assert.deepEqual(order, [...order].sort((a, b) => a - b));
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
