import type { CostCap } from './costCap';
import type { TaskState } from './phaseContext';
import type { CascadeSummary, PhaseResult, TaskEvent, TaskInput, TaskProfile } from './taskTypes';
import type { TaskPorts } from './taskPorts';

/** Why a task stopped before its end. */
export interface TaskStop {
  readonly status: 'failed' | 'cancelled';
  readonly reason: string;
  /** The phase key to resume from. */
  readonly resumeFrom?: string;
}

/** One running task: what every phase reads and where it reports. */
export interface TaskRun {
  readonly ports: TaskPorts;
  readonly input: TaskInput;
  readonly profile: TaskProfile;
  readonly taskId: string;
  /** Aborted by Stop (the caller's signal) or when the task ends early. */
  readonly signal: AbortSignal;
  readonly state: TaskState;
  readonly cap: CostCap;
  readonly phases: PhaseResult[];
  emit(event: TaskEvent): void;
  /** The earlier run's result for this phase key, when resuming and it may be reused. */
  reusable(key: string): PhaseResult | undefined;
  /** The earlier run went past the plan's approval: a reused plan is not shown for approval again. */
  readonly planApproved: boolean;
  stop?: TaskStop;
  /** Where a cascade stopped and what it saved. */
  cascade?: CascadeSummary;
}

export function note(run: TaskRun, text: string): void {
  run.emit({ type: 'note', taskId: run.taskId, text });
}
