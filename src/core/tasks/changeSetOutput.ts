import { z } from 'zod';
import { isAnalyzable } from '../analysis/fileKinds';
import { mergeHere } from '../chat/mergeHere';
import { replaceWholeFile, type ApplyPlan } from '../chat/applyText';
import { workspacePath } from './changePaths';
import type { CodeMerger, TaskWorkspace } from './taskPorts';
import type { ChangeSet, FileChange } from './taskTypes';

/*
 * What a generate or refine model returns: a summary and a flat list of file operations. The shape is
 * kept plain for small models and for the providers' strict modes: an object at the root, an `action`
 * enum instead of a union of operation shapes (OpenAI's strict mode refuses `oneOf`, and small models
 * fill one flat shape far more reliably), every field required with `null` for "not used" (strict mode
 * wants every property in `required`), no `default`, `minLength` or `pattern` (keywords strict mode has
 * refused). A field a model leaves out still reads as `null`, so a forgotten `newPath` on an edit is not
 * a failed answer.
 */

export const CHANGE_ACTIONS = ['edit', 'create', 'delete', 'rename'] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** A string, or `null` when the field does not apply; missing reads as `null`. */
const optionalText = () => z.preprocess((value) => value ?? null, z.string().nullable());

export const fileOperationSchema = z.object({
  action: z
    .enum(CHANGE_ACTIONS)
    .describe('edit: change an existing file; create: a new file; delete: remove a file; rename: move a file (optionally changing it).'),
  path: z.string().describe('The file, relative to the workspace folder, with forward slashes (e.g. "src/checkout/cart.ts"). For rename, the current path.'),
  newPath: optionalText().describe('rename only: the new path, relative to the workspace folder. null otherwise.'),
  code: optionalText().describe(
    'edit: only the declarations you change or add (whole functions, classes, interfaces, with the imports they need), not the whole file. ' +
      'create: the full content of the new file. rename: changes to merge into the moved file, or null. delete: null.',
  ),
});

export const changeSetOutputSchema = z.object({
  summary: z.string().describe('One or two sentences on what the change does.'),
  changes: z.array(fileOperationSchema).describe('Every file the change touches, each once.'),
});

export type FileOperation = z.infer<typeof fileOperationSchema>;
export type ChangeSetOutput = z.infer<typeof changeSetOutputSchema>;

/** The file's new text with `code` merged in by declaration (TS/JS: by `merger` where there is one, else here), or replaced whole (anything else). */
async function merge(merger: CodeMerger | undefined, fileText: string, code: string, path: string): Promise<ApplyPlan> {
  const request = { fileText, code, path };
  if (!isAnalyzable(path)) return replaceWholeFile(request, 'only TypeScript and JavaScript files are merged');
  return merger ? merger.merge(request) : mergeHere(request);
}

/**
 * Turns the model's operations into the change set to validate and preview, with a sentence per
 * operation that was refused or adjusted (each names the path; the engine can send them back in a
 * refine round; an operation adjusted without loss, such as a create of an existing file, is not a
 * problem). Decisions:
 * - A path that is absolute, a URI, starts with `~` or contains `..` is refused, and so is one the
 *   workspace says leads outside it through a symbolic link (TaskWorkspace.linkEscape).
 * - `edit` of a file that cannot be read is refused, not turned into a create: the workspace reads
 *   ignored and secret files as missing too, and writing the model's fragment of declarations as a
 *   whole new file would rarely be what it meant. The problem says to use `create`.
 * - `create` of a file that exists becomes an edit replacing its whole text (the model wrote all of it).
 * - Several `edit`s of one file are merged in order (models often list each declaration apart); any
 *   other second operation on a path already touched (including a rename's target) is refused.
 * - An edit that changes nothing is dropped with a problem; so is a merge that had to drop code the
 *   model elided (`// ... existing code ...`), since the preview would lose it.
 */
export async function resolveChangeSet(output: ChangeSetOutput, workspace: TaskWorkspace, merger?: CodeMerger): Promise<{ changeSet: ChangeSet; problems: string[] }> {
  const problems: string[] = [];
  const changes: (FileChange | undefined)[] = [];
  /** Path → index in `changes` of the operation that claimed it. */
  const claimed = new Map<string, number>();

  const claimedBy = (path: string): FileChange | undefined => {
    const at = claimed.get(path);
    return at === undefined ? undefined : changes[at];
  };

  for (const [index, op] of output.changes.entries()) {
    const label = `${op.action} ${op.path.trim() || `(operation ${index + 1})`}`;
    const checked = workspacePath(op.path);
    if (!checked.ok) {
      problems.push(`${label}: ${checked.reason}; skipped.`);
      continue;
    }
    const path = checked.path;
    const escape = await workspace.linkEscape?.(path);
    if (escape !== undefined) {
      problems.push(`${label}: ${escape}; skipped.`);
      continue;
    }
    const previous = claimedBy(path);
    const mergesIntoEarlier = op.action === 'edit' && (previous?.kind === 'edit' || previous?.kind === 'create');
    if (previous && !mergesIntoEarlier) {
      problems.push(`${label}: ${path} is already ${pastTense(previous)} by an earlier operation; skipped.`);
      continue;
    }

    switch (op.action) {
      case 'edit': {
        if (!op.code || op.code.trim().length === 0) {
          problems.push(`edit ${path}: no code was given; skipped.`);
          continue;
        }
        const at = claimed.get(path);
        const earlier = previous?.kind === 'edit' || previous?.kind === 'create' ? previous : undefined;
        const before = earlier ? earlier.after : await workspace.read(path);
        if (before === undefined) {
          problems.push(`edit ${path}: the file does not exist or may not be read; use create for a new file. Skipped.`);
          continue;
        }
        const plan = await mergeOrProblem(merger, before, op.code, path, 'edit', problems);
        if (plan === undefined) continue;
        if (plan.text === before) {
          problems.push(`edit ${path}: the code changes nothing in the file; skipped.`);
          continue;
        }
        if (earlier !== undefined && at !== undefined) {
          changes[at] = Object.assign({}, earlier, { after: plan.text });
        } else {
          claimed.set(path, changes.length);
          changes.push({ kind: 'edit', path, before, after: plan.text });
        }
        break;
      }
      case 'create': {
        if (op.code === null) {
          problems.push(`create ${path}: no content was given; skipped.`);
          continue;
        }
        const existing = await workspace.read(path);
        claimed.set(path, changes.length);
        if (existing === undefined) {
          changes.push({ kind: 'create', path, after: op.code });
        } else {
          changes.push({ kind: 'edit', path, before: existing, after: op.code });
        }
        break;
      }
      case 'delete': {
        const before = await workspace.read(path);
        if (before === undefined) {
          problems.push(`delete ${path}: the file does not exist or may not be read; skipped.`);
          continue;
        }
        claimed.set(path, changes.length);
        changes.push({ kind: 'delete', path, before });
        break;
      }
      case 'rename': {
        const target = op.newPath === null ? undefined : workspacePath(op.newPath);
        if (!target) {
          problems.push(`rename ${path}: no newPath was given; skipped.`);
          continue;
        }
        if (!target.ok) {
          problems.push(`rename ${path} to ${op.newPath ?? ''}: ${target.reason}; skipped.`);
          continue;
        }
        const newPath = target.path;
        const targetEscape = await workspace.linkEscape?.(newPath);
        if (targetEscape !== undefined) {
          problems.push(`rename ${path} to ${newPath}: ${targetEscape}; skipped.`);
          continue;
        }
        if (newPath === path) {
          problems.push(`rename ${path}: the new path is the same as the old one; skipped.`);
          continue;
        }
        const targetOwner = claimedBy(newPath);
        if (targetOwner) {
          problems.push(`rename ${path} to ${newPath}: ${newPath} is already ${pastTense(targetOwner)} by an earlier operation; skipped.`);
          continue;
        }
        const before = await workspace.read(path);
        if (before === undefined) {
          problems.push(`rename ${path}: the file does not exist or may not be read; skipped.`);
          continue;
        }
        if ((await workspace.read(newPath)) !== undefined) {
          problems.push(`rename ${path} to ${newPath}: ${newPath} already exists; skipped.`);
          continue;
        }
        let after = before;
        if (op.code && op.code.trim().length > 0) {
          const plan = await mergeOrProblem(merger, before, op.code, newPath, 'rename', problems);
          if (plan === undefined) continue;
          after = plan.text;
        }
        claimed.set(path, changes.length);
        claimed.set(newPath, changes.length);
        changes.push({ kind: 'rename', path, newPath, before, after });
        break;
      }
    }
  }

  return { changeSet: { summary: output.summary.trim(), changes: changes.filter((c): c is FileChange => c !== undefined) }, problems };
}

async function mergeOrProblem(merger: CodeMerger | undefined, before: string, code: string, path: string, action: ChangeAction, problems: string[]): Promise<ApplyPlan | undefined> {
  let plan: ApplyPlan;
  try {
    plan = await merge(merger, before, code, path);
  } catch (error) {
    problems.push(`${action} ${path}: the code could not be merged into the file (${error instanceof Error ? error.message : String(error)}); skipped.`);
    return undefined;
  }
  if (plan.warning) {
    problems.push(`${action} ${path}: ${plan.warning}; skipped.`);
    return undefined;
  }
  return plan;
}

function pastTense(change: FileChange): string {
  switch (change.kind) {
    case 'edit':
      return 'edited';
    case 'create':
      return 'created';
    case 'delete':
      return 'deleted';
    case 'rename':
      return 'renamed';
  }
}
