import { formatUsd } from '../../shared/figures';
import { oneLine } from '../../shared/oneLine';
import type { Logger } from '../log/logger';
import { EventChannel } from './eventChannel';
import { phaseWords, taskTotals } from './taskTotals';
import { STOPPED_REASON, type PhaseOutput, type PhaseResult, type TaskEvent, type TaskProfile, type TaskResult, type ValidationReport, type CascadeSummary } from './taskTypes';
import type { Writable } from '../../shared/writable';

/*
 * The life of every task, a one-phase answer included: its id, its Stop, its ordered stream of
 * events, and the one result it ends with. What runs in between (the profile's phases, or the
 * answer's single phase) is the flow the caller hands in.
 */

/** The most of a stop reason the log line carries (the card and the result keep it whole). */
const STOP_REASON_CHARS = 300;

/** What every task needs from the world, whatever its phases. */
export interface TaskBasics {
  readonly log: Logger;
  readonly now: () => number;
  readonly newId: () => string;
}

/** Why a task stopped before its end. */
export interface TaskStop {
  readonly status: 'failed' | 'cancelled';
  readonly reason: string;
  /** The phase key to resume from. */
  readonly resumeFrom?: string;
}

/** One running task as its flow sees it. */
export interface TaskLife {
  readonly profile: TaskProfile;
  readonly taskId: string;
  /** Aborted by Stop (the caller's signal) or when the task ends early. */
  readonly signal: AbortSignal;
  readonly phases: PhaseResult[];
  emit(event: TaskEvent): void;
  stop?: TaskStop;
}

/** What a flow adds to the result besides its phases. */
export interface TaskOutcome {
  /** The change set, the plan or the text answer. */
  readonly final?: PhaseOutput;
  readonly validation?: ValidationReport;
  readonly cascade?: CascadeSummary;
}

export interface TaskLifeOptions {
  readonly signal?: AbortSignal;
  /** Set when resuming: the task keeps its id. */
  readonly taskId?: string;
  readonly resumed?: boolean;
  /** The phases it will run, for the log. */
  readonly phaseNames: readonly string[];
}

/** How a task is driven: its parts, as `driveTask` and `settleTask` take them. */
export interface TaskDrive<R extends TaskLife> {
  readonly basics: TaskBasics;
  readonly profile: TaskProfile;
  readonly options: TaskLifeOptions;
  readonly make: (life: TaskLife) => R;
  readonly flow: (run: R) => Promise<void>;
  readonly outcome: (run: R) => TaskOutcome;
}

/**
 * Runs one task's flow: `task-start`, whatever the flow emits, and exactly one `task-end` with the
 * result. Never throws: a flow that throws is a bug, and the task ends failed saying so. Ending the
 * iteration early stops the task like the signal does.
 */
export function driveTask<R extends TaskLife>(drive: TaskDrive<R>): AsyncIterable<TaskEvent> {
  return { [Symbol.asyncIterator]: () => events(drive) };
}

/**
 * The same run told to `onEvent` as each event happens, resolving with the result: for a reader that
 * only listens (the extension's task runner), without the iterator's turn of the event loop's
 * microtask queue per event (a six-phase task has about forty-five; an answer, one per streamed
 * piece). A listener that throws is logged and the task goes on. Stop is the signal's.
 */
export function settleTask<R extends TaskLife>(drive: TaskDrive<R>, onEvent: (event: TaskEvent) => void): Promise<TaskResult> {
  const emit = (event: TaskEvent): void => {
    try {
      onEvent(event);
    } catch (error) {
      drive.basics.log.warn(`Task: a listener failed on ${event.type}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return live(drive, emit, new AbortController(), { ended: false });
}

/** One run of the task, started by the reader's first `next()`; its events, in order. */
function events<R extends TaskLife>(drive: TaskDrive<R>): AsyncIterator<TaskEvent> {
  const controller = new AbortController();
  const state = { ended: false };
  const channel: EventChannel<TaskEvent> = new EventChannel<TaskEvent>(
    () =>
      void live(drive, (event) => channel.push(event), controller, state).then(
        () => channel.close(),
        (error: unknown) => {
          // Only the result's own making can get here (the flow's errors are caught there): end the stream.
          drive.basics.log.error(error instanceof Error ? error : String(error));
          channel.close();
        },
      ),
    () => {
      // A reader that stops listening stops the task. A task that ended is not aborted: that costs
      // an AbortError each time and reaches whatever still listens to the signal (a pooled connection's).
      if (!state.ended) controller.abort();
    },
  );
  return channel;
}

/** The task from `task-start` to `task-end`, each event handed to `emit`; resolves with the result. */
async function live<R extends TaskLife>(drive: TaskDrive<R>, emit: (event: TaskEvent) => void, controller: AbortController, state: { ended: boolean }): Promise<TaskResult> {
  const { basics, profile, options } = drive;
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) controller.abort();
  try {
    const taskId = options.taskId ?? basics.newId();
    const startedAt = basics.now();
    const run = drive.make({ profile, taskId, signal: controller.signal, phases: [], emit });
    emit({ type: 'task-start', taskId, profile, startedAt });
    basics.log.info(`Task ${taskId} (${profile.id}): ${options.resumed ? 'resumed' : 'started'}, phases ${options.phaseNames.join(' → ')}.`);
    try {
      await drive.flow(run);
    } catch (error) {
      // A bug, not a model failure: the task still ends with a result that says so.
      basics.log.error(error instanceof Error ? error : String(error));
      run.stop ??= { status: 'failed', reason: `internal error: ${error instanceof Error ? error.message : String(error)}` };
    }
    const ending = result(basics, run, startedAt, drive.outcome(run));
    state.ended = true;
    options.signal?.removeEventListener('abort', onAbort);
    emit({ type: 'task-end', taskId, result: ending });
    return ending;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

function result(basics: TaskBasics, run: TaskLife, startedAt: number, outcome: TaskOutcome): TaskResult {
  const { phases, stop, profile, taskId } = run;
  const totals = taskTotals(phases);
  basics.log[stop?.status === 'failed' ? 'warn' : 'info'](endLine(run, totals, basics.now() - startedAt));
  // Optional fields by assignment, not a spread each: see phaseResultOf (taskTotals.ts).
  const ending: Writable<TaskResult> = {
    taskId,
    profileId: profile.id,
    pattern: profile.pattern,
    status: stop?.status ?? 'succeeded',
    phases: [...phases],
    phasesRun: phases.length,
    phasesSucceeded: phases.filter((p) => p.status === 'succeeded').length,
    totalMs: basics.now() - startedAt,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    modelsUsed: totals.modelsUsed,
  };
  if (totals.costUsd !== undefined) ending.costUsd = totals.costUsd;
  if (outcome.final) ending.final = outcome.final;
  if (outcome.validation) ending.validation = outcome.validation;
  if (outcome.cascade) ending.cascade = outcome.cascade;
  if (stop) ending.stoppedReason = stop.reason;
  if (stop?.resumeFrom) ending.resumeFrom = stop.resumeFrom;
  return ending;
}

/**
 * The log's line for a task's end. A failure is a warning; a task the person (or a closed view)
 * stopped is not, and says so without "stopped: Stopped."; a plain answer, one phase named as its
 * profile, says its model once ("succeeded on primary", not "succeeded: answer succeeded on primary;
 * models primary").
 */
function endLine(run: TaskLife, totals: ReturnType<typeof taskTotals>, ms: number): string {
  const { phases, stop, profile, taskId } = run;
  const task = `Task ${taskId} (${profile.id})`;
  // One line, clipped: the reason often repeats a router failure whose own lines are just above.
  if (stop?.status === 'cancelled') return stop.reason === STOPPED_REASON ? `${task} was stopped before it ended.` : `${task} was stopped: ${oneLine(stop.reason, STOP_REASON_CHARS)}`;
  if (stop) return `${task} stopped: ${oneLine(stop.reason, STOP_REASON_CHARS)}`;
  const cost = totals.costUsd === undefined ? 'cost unknown' : formatUsd(totals.costUsd);
  const only = phases.length === 1 ? phases[0] : undefined;
  if (only && only.key === profile.id) return `${task} succeeded${only.modelId ? ` on ${only.modelId}` : ''}; ${ms} ms; ${cost}.`;
  const each = phases.map((p) => `${p.key} ${phaseWords(p)}${p.modelId ? ` on ${p.modelId}` : ''}`).join(', ');
  return `${task} succeeded: ${each}; models ${totals.modelsUsed.join(', ') || 'none'}; ${ms} ms; ${cost}.`;
}
