import { diffLines } from 'diff';
import { changePaths, type ChangeConflict } from './changeConflicts';
import type { ChangeSet, FileChange } from './taskTypes';

/*
 * Public surface:
 *   summarizeChange(change, conflicts?) → ChangeLine       one line per file: "edit src/a.ts (+3 −1)"
 *   summarizeChangeSet(changeSet, conflicts?) → ChangeSetSummary   the title, the lines, one text
 *
 * What the preview, the notification, the Refactor Preview's labels and the chat card say about a
 * change set, decided here so every surface says the same thing.
 */

export interface ChangeLine {
  readonly kind: FileChange['kind'];
  /** The file the line is about (a rename's new path). */
  readonly path: string;
  /** "+3 −1", "new, 12 lines", "deleted, 40 lines", "from src/old.ts, +0 −0". */
  readonly detail: string;
  readonly added: number;
  readonly removed: number;
  /** Set when the person changed the file since the task read it. */
  readonly conflict?: string;
  /** "edit src/a.ts (+3 −1)", with " ⚠ src/a.ts was edited after the task read it" when in conflict. */
  readonly text: string;
}

export interface ChangeSetSummary {
  /** "3 files: 1 edited, 1 created, 1 deleted". */
  readonly title: string;
  /** "1 edited, 1 created, 1 deleted" ("no changes" when there are none): the title without the file count. */
  readonly counts: string;
  readonly lines: readonly ChangeLine[];
  readonly conflicts: readonly ChangeConflict[];
  /** The title, then one line per file. */
  readonly text: string;
}

/** Beyond this many differing lines the count is given up: the diff's cost grows with it. */
const MAX_EDIT_LENGTH = 5000;

function lineCount(text: string): number {
  if (text === '') return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

function countLines(before: string, after: string): { added: number; removed: number } | undefined {
  const parts = diffLines(before, after, { stripTrailingCr: true, maxEditLength: MAX_EDIT_LENGTH });
  if (!parts) return undefined;
  let added = 0;
  let removed = 0;
  for (const part of parts) {
    if (part.added) added += part.count;
    else if (part.removed) removed += part.count;
  }
  return { added, removed };
}

const VERB: Record<FileChange['kind'], string> = { edit: 'edit', create: 'create', delete: 'delete', rename: 'rename' };
const PAST: Record<FileChange['kind'], string> = { edit: 'edited', create: 'created', delete: 'deleted', rename: 'renamed' };

export function summarizeChange(change: FileChange, conflicts: readonly ChangeConflict[] = []): ChangeLine {
  let added = 0;
  let removed = 0;
  let detail: string;
  switch (change.kind) {
    case 'create':
      added = lineCount(change.after);
      detail = `new, ${added} line${added === 1 ? '' : 's'}`;
      break;
    case 'delete':
      removed = lineCount(change.before);
      detail = `deleted, ${removed} line${removed === 1 ? '' : 's'}`;
      break;
    case 'edit':
    case 'rename': {
      const counted = countLines(change.before, change.after);
      added = counted?.added ?? 0;
      removed = counted?.removed ?? 0;
      const counts = counted ? `+${added} −${removed}` : 'too many changes to count';
      detail = change.kind === 'rename' ? `from ${change.path}, ${counts}` : counts;
      break;
    }
  }
  const path = change.kind === 'rename' ? change.newPath : change.path;
  const touched = changePaths(change);
  const conflict = conflicts.filter((c) => touched.includes(c.path)).map((c) => c.message).join('; ') || undefined;
  const text = `${VERB[change.kind]} ${path} (${detail})${conflict ? ` ⚠ ${conflict}` : ''}`;
  return { kind: change.kind, path, detail, added, removed, ...(conflict ? { conflict } : {}), text };
}

export function summarizeChangeSet(changeSet: ChangeSet, conflicts: readonly ChangeConflict[] = []): ChangeSetSummary {
  const lines = changeSet.changes.map((change) => summarizeChange(change, conflicts));
  const counts = (['edit', 'create', 'delete', 'rename'] as const)
    .map((kind) => ({ kind, n: lines.filter((l) => l.kind === kind).length }))
    .filter((c) => c.n > 0)
    .map((c) => `${c.n} ${PAST[c.kind]}`);
  const files = lines.length;
  const title = files === 0 ? 'no changes' : `${files} file${files === 1 ? '' : 's'}: ${counts.join(', ')}`;
  const text = [title, ...lines.map((l) => `  ${l.text}`)].join('\n');
  return { title, counts: files === 0 ? title : counts.join(', '), lines, conflicts, text };
}
