import { checkWords } from '../../shared/checkWords';
import { asSentence, oneLine } from '../../shared/oneLine';
import { finish, reuse } from './phaseRunner';
import type { TaskRun } from './taskRun';
import { recordValidation } from './taskSignals';
import { phaseResultOf, phaseStart } from './taskTotals';
import type { ChangeSet, PhaseOutput, PhaseResult, PhaseStatus, ValidationReport } from './taskTypes';

const NOT_VALIDATED: ValidationReport = { status: 'not-validated', diagnostics: [], files: [], timeMs: 0 };

/**
 * Type-checks the draft through the validator port, without writing anything. Without a validator
 * (or a draft) the report says `not-validated`. Calls no model.
 */
export async function runValidatePhase(run: TaskRun, key: string, draft: ChangeSet | undefined, round?: number): Promise<PhaseResult> {
  const reused = reuse(run, key);
  if (reused) return reused;
  const { ports, taskId } = run;
  const startedAt = ports.now();
  const end = (status: PhaseStatus, timeMs: number, fields: { output?: PhaseOutput; error?: string; note?: string }): PhaseResult =>
    finish(run, phaseResultOf({ key, phase: 'validate', round, startedAt, status, output: fields.output, error: fields.error, note: fields.note }, { timeMs, inputTokens: 0, outputTokens: 0, fallbacks: [] }));
  run.emit(phaseStart(taskId, key, 'validate', round, undefined, startedAt));
  if (!ports.validator || !draft) {
    const why = !draft ? 'there is no change set to check' : 'no validator is available';
    return end('succeeded', 0, { output: { kind: 'validation', report: NOT_VALIDATED }, note: `not validated: ${why}` });
  }
  try {
    const report = await ports.validator.validate(draft.changes, run.signal);
    if (!run.signal.aborted) recordValidation(run, report, run.state.draft === draft ? run.state.draftBy : undefined);
    if (report.status === 'failed') ports.log.info(asSentence(`Task ${taskId} ${key}: the check ${checkWords(report)}: ${diagnosticsLine(report)}`));
    return end(run.signal.aborted ? 'cancelled' : 'succeeded', report.timeMs, { output: { kind: 'validation', report } });
  } catch (error) {
    const status = run.signal.aborted ? 'cancelled' : 'failed';
    return end(status, ports.now() - startedAt, { error: error instanceof Error ? error.message : String(error) });
  }
}

/** The first errors a check found, each with its code and place, for the log (the rest counted). */
function diagnosticsLine(report: ValidationReport): string {
  const shown = report.diagnostics.slice(0, 3).map((d) => `${d.code} ${d.path}:${d.line} ${oneLine(d.message, 160)}`);
  const more = report.diagnostics.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}
