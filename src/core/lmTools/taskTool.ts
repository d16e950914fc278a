import { oneLine } from '../../shared/oneLine';
import { summarizeChangeSet } from '../tasks/changeSummary';
import type { TaskWorkspace } from '../tasks/taskPorts';
import type { TaskFile, TaskInput, TaskProfile, TaskResult } from '../tasks/taskTypes';
import type { TaskToolInput } from './toolCatalogue';
import { boundText } from './toolResults';

/*
 * The multi-model task as a tool: its input resolved against the profiles in force (so Restricted
 * Mode's limits apply as for any task), the confirmation VS Code shows before it runs, and the
 * result an agent receives. The tool never applies the change: the result says what is proposed
 * and that the person decides in the preview.
 */

export const DEFAULT_TASK_PROFILE = 'implement';

export type ResolvedTaskInput = { readonly ok: true; readonly input: TaskInput } | { readonly ok: false; readonly message: string };

export async function resolveTaskToolInput(input: TaskToolInput, profiles: readonly TaskProfile[], workspace: TaskWorkspace): Promise<ResolvedTaskInput> {
  const id = input.profile ?? DEFAULT_TASK_PROFILE;
  const profile = profiles.find((p) => p.id === id);
  if (!profile) return { ok: false, message: `profile: no task profile "${id}" (known: ${profiles.map((p) => p.id).join(', ')})` };
  const files: TaskFile[] = [];
  for (const path of input.files ?? []) {
    const text = await workspace.read(path);
    // The reader refuses paths outside the workspace, ignored files and secrets alike, and logs why.
    if (text === undefined) return { ok: false, message: `files: "${path}" cannot be read (it does not exist, is outside the workspace, ignored, a secret or too large)` };
    files.push({ path, text });
  }
  return { ok: true, input: { instruction: input.instruction.trim(), profile, files } };
}

/** What VS Code asks before the task runs. */
export function taskConfirmation(input: TaskToolInput, profiles: readonly TaskProfile[]): { title: string; message: string } {
  const profile = profiles.find((p) => p.id === (input.profile ?? DEFAULT_TASK_PROFILE));
  const lines = [
    `**${profile?.label ?? input.profile ?? DEFAULT_TASK_PROFILE}**${profile ? ` (${profile.phases.join(' → ')})` : ''}: ${oneLine(input.instruction, 500)}`,
    ...(input.files?.length ? [`Files: ${input.files.join(', ')}`] : []),
    '',
    'Switchboard calls several models for this (each phase on its own tier), which may cost money. Nothing is written: the proposed change opens in a preview where you accept or reject it.',
  ];
  return { title: 'Run a Switchboard multi-model task?', message: lines.join('\n') };
}

/** The task's outcome for the agent; `previewOpened` says whether the person can decide in the editor now. */
export function taskAnswer(result: TaskResult, previewOpened: boolean): string {
  const lines = [
    `Task ${result.profileId}: ${result.status}${result.stoppedReason ? ` (${oneLine(result.stoppedReason, 300)})` : ''}.`,
    `Phases: ${result.phasesSucceeded} of ${result.phasesRun} succeeded; models: ${result.modelsUsed.join(', ') || 'none'}; tokens: ${result.inputTokens} in, ${result.outputTokens} out; cost: ${result.costUsd === undefined ? 'unknown' : `$${result.costUsd.toFixed(4)}`}.`,
  ];
  if (result.validation) lines.push(`Type check: ${result.validation.status}.`);
  const final = result.final;
  if (final?.kind === 'change-set' && final.changeSet.changes.length > 0) {
    const summary = summarizeChangeSet(final.changeSet);
    lines.push('', `Proposed change: ${oneLine(final.changeSet.summary, 300)}`, summary.text);
    lines.push(
      '',
      previewOpened
        ? 'Nothing was applied. The change is open in a preview; the person accepts or rejects it there. Do not write these files yourself.'
        : 'Nothing was applied, and no preview could be opened; the change is not in the workspace.',
    );
  } else if (final?.kind === 'text') {
    lines.push('', final.text);
  } else if (final?.kind === 'plan') {
    lines.push('', `Plan: ${final.plan.summary}`, ...final.plan.steps.map((s, i) => `${i + 1}. ${s.title}${s.files.length ? ` (${s.files.join(', ')})` : ''}`));
  } else if (result.status === 'succeeded') {
    lines.push('', 'The task proposed no change.');
  }
  return boundText(lines.join('\n'), 'the full change is in the preview').text;
}
