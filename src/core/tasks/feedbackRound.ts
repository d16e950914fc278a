import type { ChangeSet, FileChange, TaskInput, TaskProfile, TaskResult } from './taskTypes';

/**
 * The task that answers the person's feedback on a finished task's change set: the same instruction
 * and files, starting from that change set as the draft, with one refine round (or more, up to the
 * profile's) that must answer the feedback, told the errors the finished task's check found, and
 * validated again when the profile validates. Undefined
 * when the task proposed no change set to revise.
 */
export function feedbackRound(input: TaskInput, previous: TaskResult, text: string, options: { readonly accepted?: boolean } = {}): TaskInput | undefined {
  const proposed = previous.final?.kind === 'change-set' ? previous.final.changeSet : undefined;
  const draft = proposed && options.accepted ? asWritten(proposed) : proposed;
  const feedback = text.trim();
  if (!draft || draft.changes.length === 0 || feedback.length === 0) return undefined;
  const { profile } = input;
  const refine = profile.phaseSettings.refine;
  const phases: TaskProfile['phases'] = profile.phases.includes('validate') ? ['refine', 'validate'] : ['refine'];
  const phaseSettings = Object.assign({}, profile.phaseSettings, { refine: { critical: refine?.critical ?? false, ...refine, enabled: true } });
  const refineOnly: TaskProfile = Object.assign({}, profile, { phases, phaseSettings, maxRefineRounds: Math.max(1, profile.maxRefineRounds), approvePlan: false });
  const round: TaskInput = Object.assign({}, input, { profile: refineOnly, draft, feedback });
  // Its check, when it had one: the files it checked are the files the round starts from.
  return previous.validation ? Object.assign(round, { draftValidation: previous.validation }) : round;
}

/**
 * A change set after Accept wrote it: each file it left on disk, as an edit that starts from the
 * written text, so the refine round revises what is there now (and its preview and conflict check
 * compare with the files as they are, not as they were before the Accept).
 */
export function asWritten(changeSet: ChangeSet): ChangeSet {
  const changes: FileChange[] = [];
  for (const c of changeSet.changes) {
    if (c.kind === 'delete') continue;
    const path = c.kind === 'rename' ? c.newPath : c.path;
    changes.push({ kind: 'edit', path, before: c.after, after: c.after });
  }
  return { summary: changeSet.summary, changes };
}
