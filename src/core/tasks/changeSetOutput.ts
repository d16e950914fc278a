import { z } from 'zod';
import type { TaskWorkspace } from './taskPorts';
import type { ChangeSet, FileChange } from './taskTypes';

/*
 * A minimal stand-in owned by the validation lane (its version, with declaration merging, wins at
 * merge): what the generate and refine models answer, and how that becomes a ChangeSet.
 */

const fileOutputSchema = z.object({
  kind: z.enum(['edit', 'create', 'delete', 'rename']),
  path: z.string().min(1).describe('Workspace-relative path with /.'),
  newPath: z.string().optional().describe('For rename: the new path.'),
  content: z.string().optional().describe("The file's whole new text (edit, create, rename)."),
});

export const changeSetOutputSchema = z.object({
  summary: z.string(),
  files: z.array(fileOutputSchema),
});

export type ChangeSetOutput = z.infer<typeof changeSetOutputSchema>;

export async function resolveChangeSet(output: ChangeSetOutput, workspace: TaskWorkspace): Promise<{ changeSet: ChangeSet; problems: string[] }> {
  const problems: string[] = [];
  const changes: FileChange[] = [];
  for (const file of output.files) {
    const before = file.kind === 'create' ? undefined : await workspace.read(file.path);
    if (file.kind !== 'create' && before === undefined) {
      problems.push(`${file.path}: cannot ${file.kind} a file that does not exist or may not be read`);
      continue;
    }
    if (file.kind === 'delete') changes.push({ kind: 'delete', path: file.path, before: before ?? '' });
    else if (file.content === undefined) problems.push(`${file.path}: ${file.kind} without content`);
    else if (file.kind === 'create') changes.push({ kind: 'create', path: file.path, after: file.content });
    else if (file.kind === 'edit') changes.push({ kind: 'edit', path: file.path, before: before ?? '', after: file.content });
    else if (!file.newPath) problems.push(`${file.path}: rename without newPath`);
    else changes.push({ kind: 'rename', path: file.path, newPath: file.newPath, before: before ?? '', after: file.content });
  }
  return { changeSet: { summary: output.summary, changes }, problems };
}
