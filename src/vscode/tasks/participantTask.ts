import type * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import { parseTaskCommand } from '../../core/tasks/taskCommandLine';
import { changeSetSchema, validationReportSchema } from '../../core/tasks/storedTaskSession';
import type { ChangeSet, TaskFile, TaskProfile, TaskResult, ValidationReport } from '../../core/tasks/taskTypes';
import { taskTranscript, transcriptProgress } from '../../presentation/tasks/taskTranscript';
import { proposedChangeSet } from './taskChangeActions';
import type { TaskRunner } from './taskRunner';

/** The command the participant's "Preview Changes" button runs, with the change set and its validation as its arguments. */
export const PREVIEW_CHANGE_SET_COMMAND = 'switchboard.task.previewChangeSet';

export interface ParticipantTaskDeps {
  readonly runner: TaskRunner;
  readonly profiles: () => readonly TaskProfile[];
  readonly log: Logger;
}

export interface ParticipantTaskResult extends vscode.ChatResult {
  readonly metadata: { readonly taskId?: string; readonly profileId?: string; readonly costUsd: number | null; readonly status?: TaskResult['status'] };
}

/**
 * `/task [profile] instruction` in `@switchboard`: the same task engine as the chat's card, its
 * timeline streamed as progress lines and written whole once it ends (taskTranscript.ts says why),
 * and the change set offered as a button that
 * opens the preview (VS Code's chat has no stable API for proposing multi-file edits inline).
 */
export async function runParticipantTask(
  deps: ParticipantTaskDeps,
  request: Pick<vscode.ChatRequest, 'prompt'> & Partial<Pick<vscode.ChatRequest, 'toolInvocationToken'>>,
  files: readonly TaskFile[],
  stream: Pick<vscode.ChatResponseStream, 'progress' | 'markdown' | 'button'>,
  signal: AbortSignal,
): Promise<ParticipantTaskResult> {
  const parsed = parseTaskCommand(request.prompt, deps.profiles());
  if (!parsed.ok) return { metadata: { costUsd: null }, errorDetails: { message: parsed.message } };
  const notes: string[] = [];
  const result = await deps.runner.run(
    { instruction: parsed.instruction, profile: parsed.profile, files },
    {
      origin: 'participant',
      signal,
      // VS Code confirms each external tool call itself, in this chat request's own UI.
      ...(request.toolInvocationToken ? { externalTools: { toolInvocationToken: request.toolInvocationToken } } : {}),
      onEvent: (event) => {
        if (event.type === 'note') notes.push(event.text);
        const progress = transcriptProgress(event);
        if (progress) stream.progress(progress);
      },
    },
  );
  stream.markdown(`${taskTranscript(result, notes)}\n`);
  const changeSet = proposedChangeSet(result);
  // The validation travels with it: a click much later checks the change set against the files as they are then.
  if (changeSet) stream.button({ command: PREVIEW_CHANGE_SET_COMMAND, title: 'Preview Changes', arguments: [changeSet, result.validation ?? null] });
  return {
    metadata: { taskId: result.taskId, profileId: result.profileId, costUsd: result.costUsd ?? null, status: result.status },
    ...(result.status === 'failed' || result.status === 'cancelled' ? { errorDetails: { message: result.stoppedReason ?? `The task ${result.status === 'cancelled' ? 'was stopped' : 'failed'}.` } } : {}),
  };
}

/**
 * The validation report handed back with it: undefined when there is none, or it is malformed (then
 * the change set is offered as it is, unchecked, as a task that could not validate it would be).
 */
export function parseValidationArgument(value: unknown): { report: ValidationReport | undefined; problem?: string } {
  if (value === null || value === undefined) return { report: undefined };
  const parsed = validationReportSchema.safeParse(value);
  return parsed.success ? { report: parsed.data } : { report: undefined, problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'validation'}: ${i.message}`).join('; ') };
}

/** A change set handed back by a chat button: checked, because a command's arguments may come from anywhere. */
export function parseChangeSetArgument(value: unknown): { ok: true; changeSet: ChangeSet } | { ok: false; reason: string } {
  const parsed = changeSetSchema.safeParse(value);
  return parsed.success ? { ok: true, changeSet: parsed.data } : { ok: false, reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'change set'}: ${i.message}`).join('; ') };
}
