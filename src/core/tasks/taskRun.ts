import type { CostCap } from './costCap';
import type { TaskState } from './phaseContext';
import type { TaskLife } from './taskLife';
import type { CascadeSummary, PhaseResult, TaskInput } from './taskTypes';
import type { TaskPorts } from './taskPorts';

/** One running task of a profile's phases: what every phase reads and where it reports. */
export interface TaskRun extends TaskLife {
  readonly ports: TaskPorts;
  readonly input: TaskInput;
  readonly state: TaskState;
  readonly cap: CostCap;
  /** The earlier run's result for this phase key, when resuming and it may be reused. */
  reusable(key: string): PhaseResult | undefined;
  /** The earlier run went past the plan's approval: a reused plan is not shown for approval again. */
  readonly planApproved: boolean;
  /** The answers (request ids) whose checks were already recorded as a quality signal: one answer, one signal. */
  readonly validatedAnswers: string[];
  /** Where a cascade stopped and what it saved. */
  cascade?: CascadeSummary;
}

export function note(run: TaskLife, text: string): void {
  run.emit({ type: 'note', taskId: run.taskId, text });
}
