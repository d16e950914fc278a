import { looksBinary } from '../analysis/fileKinds';

/**
 * An untracked file as git would show it added: a `diff --git` section against nothing, so the
 * review tool's pending changes include the files an agent or a person created and has not staged
 * yet (git's own `diff HEAD` leaves them out). A binary file is named, not shown, as git does.
 */
export function untrackedFileDiff(path: string, bytes: Uint8Array): string {
  const header = `diff --git a/${path} b/${path}\nnew file mode 100644\n`;
  if (bytes.length === 0) return header;
  if (looksBinary(bytes)) return `${header}Binary files /dev/null and b/${path} differ\n`;
  const text = new TextDecoder().decode(bytes);
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  const body = lines.map((line) => `+${line}\n`).join('');
  return `${header}--- /dev/null\n+++ b/${path}\n@@ -0,0 +1${lines.length === 1 ? '' : `,${lines.length}`} @@\n${body}${endsWithNewline ? '' : '\\ No newline at end of file\n'}`;
}
