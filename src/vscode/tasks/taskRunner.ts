import * as vscode from 'vscode';
import type { AttemptOrigin } from '../../core/metrics/attemptRecord';
import type { BudgetAnswer, BudgetQuestion } from '../../core/router/routeEvents';
import type { RunTaskOptions } from '../../core/tasks/taskEngine';
import type { TaskPorts } from '../../core/tasks/taskPorts';
import type { Plan, PlanApproval, TaskEvent, TaskInput, TaskResult } from '../../core/tasks/taskTypes';
import type { ExternalToolMode } from '../lmTools/externalToolAccess';
import { askBudgetModal } from '../budgetModal';
import { type TaskHost, taskPortsFromEngine } from './taskPortsFromEngine';

/** The engine's entry point (src/core/tasks/taskEngine.ts), handed in so the host holds no second copy of it. */
export type RunTask = (ports: TaskPorts, input: TaskInput, options?: RunTaskOptions) => Promise<TaskResult>;

export interface TaskRunOptions {
  readonly origin: AttemptOrigin;
  readonly signal?: AbortSignal;
  /** Re-run from the phase this earlier result names, reusing what it already paid for. */
  readonly resumeFrom?: TaskResult;
  /** Who answers a plan shown for approval; without it, a modal dialog. */
  readonly approvePlan?: (plan: Plan, signal: AbortSignal) => Promise<PlanApproval>;
  readonly askBudget?: (question: BudgetQuestion) => Promise<BudgetAnswer>;
  /** How the research phase's calls to other extensions' tools are confirmed; absent: none are offered. */
  readonly externalTools?: ExternalToolMode;
  /** Every event, in order; a listener that throws is logged and does not stop the task. */
  readonly onEvent?: (event: TaskEvent) => void;
}

/**
 * Runs one task through the engine with the extension's ports, for every front end (the chat card,
 * the participant, the commands, the exported API): one path, so they cannot drift. Resolves with the
 * task's result; never rejects for a model failure, and turns an unexpected error into a failed result.
 */
export class TaskRunner {
  constructor(
    private readonly host: TaskHost,
    private readonly runTask: RunTask,
  ) {}

  async run(input: TaskInput, options: TaskRunOptions): Promise<TaskResult> {
    const ports = taskPortsFromEngine(this.host, {
      origin: options.origin,
      approvePlan: options.approvePlan ?? approvePlanModal,
      askBudget: options.askBudget ?? askBudgetModal,
      ...(options.externalTools ? { externalTools: options.externalTools } : {}),
    });
    const startedAt = Date.now();
    let result: TaskResult | undefined;
    // Each event as it happens (the engine logs a listener that throws and goes on).
    const onEvent = (event: TaskEvent): void => {
      if (event.type === 'task-end') result = event.result;
      options.onEvent?.(event);
    };
    try {
      await this.runTask(ports, input, { ...(options.signal ? { signal: options.signal } : {}), ...(options.resumeFrom ? { resumeFrom: options.resumeFrom } : {}), onEvent });
    } catch (error) {
      this.host.log.error(`Task ${input.profile.id} failed inside Switchboard: ${(error as Error).message}`);
      if (!result) {
        result = failedResult(input, startedAt, `Something went wrong inside Switchboard: ${(error as Error).message}`, options.resumeFrom);
        options.onEvent?.({ type: 'task-end', taskId: result.taskId, result });
      }
    }
    if (!result) {
      // The engine promises one task-end; its absence is a bug worth a line in the log, not a hang.
      this.host.log.error(`Task ${input.profile.id} ended without a result.`);
      result = failedResult(input, startedAt, 'The task ended without a result.', options.resumeFrom);
      options.onEvent?.({ type: 'task-end', taskId: result.taskId, result });
    }
    return result;
  }
}

function failedResult(input: TaskInput, startedAt: number, reason: string, previous: TaskResult | undefined): TaskResult {
  return {
    taskId: previous?.taskId ?? `t_failed_${startedAt}`,
    profileId: input.profile.id,
    pattern: input.profile.pattern,
    status: 'failed',
    phases: previous?.phases ?? [],
    phasesRun: 0,
    phasesSucceeded: 0,
    totalMs: Date.now() - startedAt,
    inputTokens: 0,
    outputTokens: 0,
    modelsUsed: [],
    stoppedReason: reason,
  };
}

/** The plan, one step a line, with Accept / Cancel: for tasks started where no card can ask. */
export async function approvePlanModal(plan: Plan): Promise<PlanApproval> {
  const steps = plan.steps.map((s, i) => `${i + 1}. ${s.title}${s.files.length ? ` (${s.files.join(', ')})` : ''}`).join('\n');
  const accept = 'Accept Plan';
  const picked = await vscode.window.showInformationMessage(`Switchboard: ${plan.summary || 'the task’s plan'}`, { modal: true, detail: steps }, accept);
  return picked === accept ? { kind: 'accept', plan } : { kind: 'cancel' };
}

