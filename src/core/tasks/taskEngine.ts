import { formatUsd } from '../../shared/figures';
import { CostCap } from './costCap';
import { enabledPhases } from './profiles';
import { EventChannel } from './eventChannel';
import { emptyState } from './phaseContext';
import { runFlow } from './taskFlow';
import { taskTotals } from './taskTotals';
import type { TaskPorts } from './taskPorts';
import type { TaskRun } from './taskRun';
import type { PhaseOutput, PhaseResult, TaskEvent, TaskInput, TaskResult } from './taskTypes';

export interface RunTaskOptions {
  /** Stop: every running phase is aborted at once and no later phase starts. */
  readonly signal?: AbortSignal;
  /** A failed task's result: the phases it finished before `resumeFrom` are reused, not asked again. */
  readonly resumeFrom?: TaskResult;
}

/**
 * Runs a task: its profile's phases, each routed through its own tier, each fed the earlier phases'
 * outputs. Yields `task-start`, each phase's start, router events and end, notes, and exactly one
 * `task-end` with the result. Never throws for model failures: a failed phase is in the result.
 * Ending the iteration early stops the task like the signal does.
 */
export function runTask(ports: TaskPorts, input: TaskInput, options: RunTaskOptions = {}): AsyncIterable<TaskEvent> {
  return {
    [Symbol.asyncIterator]: () => events(ports, input, options)[Symbol.asyncIterator](),
  };
}

async function* events(ports: TaskPorts, input: TaskInput, options: RunTaskOptions): AsyncGenerator<TaskEvent, void, undefined> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) controller.abort();
  const channel = new EventChannel<TaskEvent>();
  const previous = options.resumeFrom;
  const taskId = previous?.taskId ?? ports.newId();
  const startedAt = ports.now();
  const run: TaskRun = {
    ports,
    input,
    profile: input.profile,
    taskId,
    signal: controller.signal,
    state: emptyState(),
    cap: new CostCap(ports.catalogue, input.profile.maxCostUsd),
    phases: [],
    emit: (event) => channel.push(event),
    reusable: reusableFrom(previous),
    // Phases after the plan ran only once it was approved; a window closed while it waited did not.
    planApproved: previous?.phases.some((p) => p.phase !== 'plan') ?? false,
  };

  const driven = (async (): Promise<TaskResult> => {
    channel.push({ type: 'task-start', taskId, profile: input.profile, startedAt });
    ports.log.info(`Task ${taskId} (${input.profile.id}): ${previous ? 'resumed' : 'started'}, phases ${enabledPhases(input.profile).join(' → ')}.`);
    try {
      await runFlow(run);
    } catch (error) {
      // A bug, not a model failure: the task still ends with a result that says so.
      ports.log.error(error instanceof Error ? error : String(error));
      run.stop ??= { status: 'failed', reason: `internal error: ${error instanceof Error ? error.message : String(error)}` };
    }
    return result(run, startedAt);
  })().then(
    (r) => {
      channel.push({ type: 'task-end', taskId, result: r });
      channel.close();
      return r;
    },
  );

  try {
    for await (const event of channel) yield event;
    await driven;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    // A consumer that stops listening stops the task.
    controller.abort();
  }
}

function result(run: TaskRun, startedAt: number): TaskResult {
  const { phases, state, stop, profile, taskId } = run;
  const totals = taskTotals(phases);
  const final: PhaseOutput | undefined = state.draft ? { kind: 'change-set', changeSet: state.draft } : state.plan ? { kind: 'plan', plan: state.plan } : undefined;
  if (stop) run.ports.log.warn(`Task ${taskId} (${profile.id}) stopped: ${stop.reason}`);
  else run.ports.log.info(`Task ${taskId} (${profile.id}) succeeded: ${phases.map((p) => `${p.key} ${p.status}${p.modelId ? ` on ${p.modelId}` : ''}`).join(', ')}; models ${totals.modelsUsed.join(', ') || 'none'}; ${run.ports.now() - startedAt} ms; ${totals.costUsd === undefined ? 'cost unknown' : formatUsd(totals.costUsd)}.`);
  return {
    taskId,
    profileId: profile.id,
    pattern: profile.pattern,
    status: stop?.status ?? 'succeeded',
    phases: [...phases],
    phasesRun: phases.length,
    phasesSucceeded: phases.filter((p) => p.status === 'succeeded').length,
    ...(final ? { final } : {}),
    ...(state.validation ? { validation: state.validation } : {}),
    totalMs: run.ports.now() - startedAt,
    ...totals,
    ...(run.cascade ? { cascade: run.cascade } : {}),
    ...(stop ? { stoppedReason: stop.reason } : {}),
    ...(stop?.resumeFrom ? { resumeFrom: stop.resumeFrom } : {}),
  };
}

/**
 * Which of the earlier run's phases may be reused: those that succeeded before the phase it stopped
 * at (their results as they were: no new request, their figures copied).
 */
function reusableFrom(previous: TaskResult | undefined): (key: string) => PhaseResult | undefined {
  if (!previous?.resumeFrom) return () => undefined;
  const stopAt = previous.phases.findIndex((p) => p.key === previous.resumeFrom);
  const usable = new Map<string, PhaseResult>();
  previous.phases.forEach((p, i) => {
    if (p.status === 'succeeded' && (stopAt < 0 || i < stopAt)) usable.set(p.key, p);
  });
  return (key) => usable.get(key);
}
