import { CostCap } from './costCap';
import { enabledPhases } from './profiles';
import { emptyState } from './phaseContext';
import { runFlow } from './taskFlow';
import { settleTask, type TaskDrive, type TaskLifeOptions } from './taskLife';
import type { TaskPorts } from './taskPorts';
import type { TaskRun } from './taskRun';
import type { PhaseOutput, PhaseResult, TaskEvent, TaskInput, TaskResult } from './taskTypes';
import type { Writable } from '../../shared/writable';

export interface RunTaskOptions {
  /** Stop: every running phase is aborted at once and no later phase starts. */
  readonly signal?: AbortSignal;
  /** A stopped task's result: the phases it finished before `resumeFrom` are reused, not asked again. */
  readonly resumeFrom?: TaskResult;
  /** Each event as it happens, in order; one that throws is logged and the task goes on. */
  readonly onEvent?: (event: TaskEvent) => void;
}

/**
 * Runs a task: its profile's phases, each routed through its own tier, each fed the earlier phases'
 * outputs. Tells `onEvent` as each thing happens: `task-start`, each phase's start, router events and
 * end, notes, and exactly one `task-end`; resolves with the result. Never throws for model failures:
 * a failed phase is in the result. Stop is the signal's. Events go straight to the listener, not
 * through an async iterator: that cost a turn of the microtask queue per event (about forty-five for
 * a six-phase task), a good part of a task's overhead over its bare calls (bench/tasks).
 */
export function runTask(ports: TaskPorts, input: TaskInput, options: RunTaskOptions = {}): Promise<TaskResult> {
  return settleTask(taskDrive(ports, input, options), options.onEvent ?? (() => undefined));
}

function taskDrive(ports: TaskPorts, input: TaskInput, options: RunTaskOptions): TaskDrive<TaskRun> {
  const previous = options.resumeFrom;
  return {
    basics: ports,
    profile: input.profile,
    options: lifeOptions(input, options),
    // Life's fields named one by one, not spread first: every phase reads the run, and on Node 20 an
    // object that starts with a spread gets a hidden class of its own each time (see phaseResultOf).
    make: (life): TaskRun => ({
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
    flow: runFlow,
    outcome: ({ state, cascade }) => {
      const final: PhaseOutput | undefined = state.draft ? { kind: 'change-set', changeSet: state.draft } : state.plan ? { kind: 'plan', plan: state.plan } : undefined;
      return Object.assign({}, final ? { final } : {}, state.validation ? { validation: state.validation } : {}, cascade ? { cascade } : {});
    },
  };
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
