import { CostCap } from './costCap';
import { enabledPhases } from './profiles';
import { emptyState } from './phaseContext';
import { runFlow } from './taskFlow';
import { driveTask, type TaskLifeOptions } from './taskLife';
import type { TaskPorts } from './taskPorts';
import type { TaskRun } from './taskRun';
import type { PhaseOutput, PhaseResult, TaskEvent, TaskInput, TaskResult } from './taskTypes';
import type { Writable } from '../../shared/writable';

export interface RunTaskOptions {
  /** Stop: every running phase is aborted at once and no later phase starts. */
  readonly signal?: AbortSignal;
  /** A stopped task's result: the phases it finished before `resumeFrom` are reused, not asked again. */
  readonly resumeFrom?: TaskResult;
}

/**
 * Runs a task: its profile's phases, each routed through its own tier, each fed the earlier phases'
 * outputs. Yields `task-start`, each phase's start, router events and end, notes, and exactly one
 * `task-end` with the result. Never throws for model failures: a failed phase is in the result.
 * Ending the iteration early stops the task like the signal does.
 */
export function runTask(ports: TaskPorts, input: TaskInput, options: RunTaskOptions = {}): AsyncIterable<TaskEvent> {
  const previous = options.resumeFrom;
  return driveTask(
    ports,
    input.profile,
    lifeOptions(input, options),
    // Life's fields named one by one, not spread first: every phase reads the run, and on Node 20 an
    // object that starts with a spread gets a hidden class of its own each time (see phaseResultOf).
    (life): TaskRun => ({
      profile: life.profile,
      taskId: life.taskId,
      signal: life.signal,
      phases: life.phases,
      emit: life.emit,
      ports,
      input,
      state: emptyState(),
      cap: new CostCap(ports.catalogue, input.profile.maxCostUsd),
      reusable: reusableFrom(previous),
      // Phases after the plan ran only once it was approved; a window closed while it waited did not.
      planApproved: previous?.phases.some((p) => p.phase !== 'plan') ?? false,
      validatedAnswers: [],
    }),
    runFlow,
    ({ state, cascade }) => {
      const final: PhaseOutput | undefined = state.draft ? { kind: 'change-set', changeSet: state.draft } : state.plan ? { kind: 'plan', plan: state.plan } : undefined;
      return Object.assign({}, final ? { final } : {}, state.validation ? { validation: state.validation } : {}, cascade ? { cascade } : {});
    },
  );
}

/** The task's life options, built by assignment (an object literal with spreads is slow on Node 20: see phaseResultOf). */
function lifeOptions(input: TaskInput, options: RunTaskOptions): TaskLifeOptions {
  const life: Writable<TaskLifeOptions> = { phaseNames: enabledPhases(input.profile) };
  if (options.signal) life.signal = options.signal;
  if (options.resumeFrom) {
    life.taskId = options.resumeFrom.taskId;
    life.resumed = true;
  }
  return life;
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
