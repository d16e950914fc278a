import type { Anchors } from '../analysis/repoMap';
import type { ResolvedContext, StoredChipView } from './conversationSchema';

/** What the analyzer ranks around: the files, selection and names the prompt is about. */
export function anchorsFor(context: readonly ResolvedContext[], chips: readonly StoredChipView[], activeFile: string | undefined): Anchors {
  const selection = context.find((c) => c.path && c.startLine !== undefined && c.endLine !== undefined);
  return {
    ...(activeFile ? { activeFile } : {}),
    ...(selection?.path && selection.startLine !== undefined && selection.endLine !== undefined
      ? { selection: { path: selection.path, startLine: selection.startLine - 1, endLine: selection.endLine - 1 } }
      : {}),
    mentionedNames: chips.flatMap((c) => (c.kind === 'symbol' ? [c.name] : [])),
    mentionedFiles: chips.flatMap((c) => (c.kind === 'file' ? [c.path] : [])),
  };
}
