import type { TaskState } from './phaseContext';
import { ANSWER_PHASE, STOPPED_REASON, type PhaseResult } from './taskTypes';
import { phaseSettingsOf } from './profiles';
import { note, type TaskRun } from './taskRun';
import { phaseTarget } from './taskSignals';

/** What a finished phase adds to what later phases are told. */
export function applyOutput(state: TaskState, result: PhaseResult): void {
  const output = result.output;
  switch (output?.kind) {
    case 'plan':
      state.plan = output.plan;
      break;
    case 'research':
      state.research = { context: output.context, sources: output.sources, toolCalls: output.toolCalls };
      break;
    case 'change-set':
      keepDraftOf(state, result);
      break;
    case 'findings':
      state.findings = [...output.findings];
      break;
    case 'validation':
      state.validation = output.report;
      break;
    default:
      break;
  }
}

/** A succeeded phase's change set becomes the draft, with the attempt that wrote it. */
export function keepDraftOf(state: TaskState, result: PhaseResult): void {
  if (result.status !== 'succeeded' || result.output?.kind !== 'change-set') return;
  state.draft = result.output.changeSet;
  const by = phaseTarget(result);
  if (by) state.draftBy = by;
  else delete state.draftBy;
}

/**
 * After a phase: a succeeded phase feeds the state; a stopped one stops the task; a critical one
 * that failed stops it (what was done is kept, and the task can resume from there); any other
 * failure is reported and the task goes on. Returns whether the task goes on.
 */
export function settle(run: TaskRun, result: PhaseResult, options: { apply?: boolean } = {}): boolean {
  if (result.status === 'succeeded') {
    if (options.apply !== false) applyOutput(run.state, result);
    return run.stop === undefined;
  }
  if (run.stop) return false;
  if (result.status === 'cancelled') {
    run.stop = { status: 'cancelled', reason: STOPPED_REASON, resumeFrom: result.key };
    return false;
  }
  // An answer's one phase has nothing to go on to: it is critical.
  if (result.status === 'failed' && (result.phase === ANSWER_PHASE || phaseSettingsOf(run.profile, result.phase).critical)) {
    run.stop = { status: 'failed', reason: `${result.key} failed: ${result.error ?? 'unknown error'}`, resumeFrom: result.key };
    return false;
  }
  note(run, result.error ?? `${result.key} skipped`);
  run.ports.log.warn(`Task ${run.taskId}: ${result.error ?? `${result.key} skipped`}; going on.`);
  return true;
}

/** Before a phase: after Stop, nothing new starts. Returns whether the phase may start. */
export function mayStart(run: TaskRun, key: string): boolean {
  if (run.stop) return false;
  if (run.signal.aborted) {
    run.stop = { status: 'cancelled', reason: STOPPED_REASON, resumeFrom: key };
    return false;
  }
  return true;
}

/** Whether the draft has problems a refine round should fix. */
export function needsRefine(state: TaskState): boolean {
  return state.findings.some((f) => f.severity !== 'info') || state.validation?.status === 'failed' || state.draftProblems.length > 0;
}

/** What remains after the last refine round, in words. */
export function remaining(state: TaskState): string {
  const parts: string[] = [];
  const findings = state.findings.filter((f) => f.severity !== 'info').length;
  if (findings) parts.push(`${findings} review finding${findings > 1 ? 's' : ''}`);
  if (state.validation?.status === 'failed') {
    const n = state.validation.diagnostics.length;
    parts.push(`${n} type error${n === 1 ? '' : 's'} (${state.validation.diagnostics.slice(0, 3).map((d) => `${d.code} ${d.path}:${d.line}`).join(', ')})`);
  }
  if (state.draftProblems.length) parts.push(`${state.draftProblems.length} change${state.draftProblems.length > 1 ? 's' : ''} that could not be applied`);
  return parts.join(', ');
}
