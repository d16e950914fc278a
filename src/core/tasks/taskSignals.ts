import type { QualitySignal, SignalTarget } from '../metrics/qualitySignal';
import type { TaskPorts } from './taskPorts';
import type { TaskRun } from './taskRun';
import type { PhaseResult, TaskResult, ValidationReport } from './taskTypes';

export type { SignalTarget };

/** The attempt behind a phase's kept answer; undefined for a phase no model answered (validate, a skipped phase). */
export function phaseTarget(result: PhaseResult): SignalTarget | undefined {
  if (result.status !== 'succeeded' || !result.requestId || !result.modelId || !result.capability) return undefined;
  return { requestId: result.requestId, modelId: result.modelId, capability: result.capability };
}

/**
 * The phase whose change set a task ends with: the last one that produced a change set (a refine
 * round's, else the generate phase's). The change the person accepts or rejects is its answer.
 */
export function changeProducer(result: Pick<TaskResult, 'phases'>): PhaseResult | undefined {
  return result.phases.findLast((p) => p.status === 'succeeded' && p.output?.kind === 'change-set' && p.requestId !== undefined);
}

/**
 * A task's checks ran on a draft: `passed` or `failed` is recorded against the attempt that wrote
 * it. A report that checked nothing (`not-validated`) says nothing about the answer.
 */
export function recordValidation(run: TaskRun, report: ValidationReport, by: SignalTarget | undefined): void {
  if (!by || report.status === 'not-validated' || !run.ports.recordSignal) return;
  // A cascade checks its draft, and the task's validate phase checks the same draft again: one
  // answer is one signal, or a model would earn two successes (or failures) for it. A list on the
  // run, not a WeakMap keyed by it: a task has a few drafts, and each WeakMap entry is an ephemeron
  // every garbage collection must trace.
  if (run.validatedAnswers.includes(by.requestId)) return;
  run.validatedAnswers.push(by.requestId);
  sendSignal(run.ports, { kind: 'task-validation', value: report.status, ...by });
}

/** What sending a signal needs: the task's ports have it, and so does the VS Code layer's task controller. */
export type SignalPorts = Pick<TaskPorts, 'recordSignal' | 'now' | 'workspaceId' | 'log'>;

/** Hands one signal to the port; a signal is worth less than the task, so a failure is only logged. */
export function sendSignal(
  ports: SignalPorts,
  signal: Pick<QualitySignal, 'kind' | 'value'> & SignalTarget,
): void {
  if (!ports.recordSignal) return;
  try {
    ports.recordSignal({ time: ports.now(), ...signal, ...(ports.workspaceId !== undefined ? { workspace: ports.workspaceId } : {}) });
  } catch (error) {
    ports.log.warn(`Could not record a quality signal (${signal.kind} ${signal.value}): ${error instanceof Error ? error.message : String(error)}`);
  }
}
