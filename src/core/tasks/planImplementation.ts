import type { TaskInput, TaskProfile, TaskResult } from './taskTypes';

/**
 * The task that carries out a finished Plan task's plan ("Implement This Plan"): the same
 * instruction, files and picked model, under `profile` (implement), starting from that plan as its
 * plan phase (no model asked again). Undefined when the task did not end with a plan of steps.
 */
export function planImplementation(input: TaskInput, previous: TaskResult, profile: TaskProfile): TaskInput | undefined {
  const plan = previous.status === 'succeeded' && previous.final?.kind === 'plan' ? previous.final.plan : undefined;
  if (!plan || plan.steps.length === 0) return undefined;
  const next: TaskInput = { instruction: input.instruction, profile, files: input.files, plan };
  return Object.assign(next, input.preferModel ? { preferModel: input.preferModel } : {}, input.conversationId ? { conversationId: input.conversationId } : {});
}
