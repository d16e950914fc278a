import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';
import type { TaskWorkspace } from '../../core/tasks/taskPorts';
import { followLinks } from '../../core/tasks/workspaceLinks';
import { locate, locateAll } from '../workspacePaths';

export interface TaskWorkspaceReaderOptions {
  readonly log: Logger;
  /** A secret by its workspace-relative path (`.env`, key files): never read, whatever the caller asks. */
  readonly isSecret: (relativePath: string) => boolean;
  /** Ignored in this folder (.gitignore, files.exclude, search.exclude): read as absent, like the index skips it. */
  readonly isIgnored: (folder: string, relativePath: string) => boolean;
  /** Larger files read as absent: a task's prompt cannot hold them and the host should not load them. */
  readonly maxBytes: () => number;
}

/**
 * The task's read-only view of the workspace: an open editor's text first (unsaved edits are what the
 * person sees), then the file on disk. Paths are workspace-relative with `/`; a path that leaves the
 * workspace (by its spelling or through a symbolic link), is ignored (git, files.exclude, search.exclude)
 * or names a secret (by its own name or its link target's) reads as absent, and the refusal is logged
 * (never the content). `linkEscape` tells a change set which paths a write would take outside.
 */
export function createTaskWorkspaceReader(options: TaskWorkspaceReaderOptions): TaskWorkspace {
  return {
    async read(relative: string): Promise<string | undefined> {
      const located = locate(relative);
      if (!located) {
        options.log.warn(`Task: refused to read "${relative}": not a path inside the workspace.`);
        return undefined;
      }
      const { folder, absolute, normalized } = located;
      if (options.isSecret(normalized)) {
        options.log.warn(`Task: refused to read "${normalized}": it looks like a secret.`);
        return undefined;
      }
      if (options.isIgnored(folder, normalized)) {
        options.log.info(`Task: did not read "${normalized}": the workspace ignores it.`);
        return undefined;
      }
      // A symbolic link may lead outside the folder, or give a secret or an ignored file an innocent name.
      const links = await followLinks(folder, normalized);
      if (!links.ok) {
        options.log.warn(`Task: refused to read "${normalized}": ${links.reason}.`);
        return undefined;
      }
      if (links.target !== undefined && links.target !== normalized) {
        if (options.isSecret(links.target) || options.isIgnored(folder, links.target)) {
          options.log.warn(`Task: refused to read "${normalized}": it is a link to "${links.target}", which is not read.`);
          return undefined;
        }
      }
      const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolute);
      if (open) return open.getText();
      try {
        const uri = vscode.Uri.file(absolute);
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.type !== vscode.FileType.File) return undefined;
        if (stat.size > options.maxBytes()) {
          options.log.info(`Task: did not read "${normalized}": ${stat.size} bytes is over the analysis size limit.`);
          return undefined;
        }
        return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        return undefined;
      }
    },
    async linkEscape(relative: string): Promise<string | undefined> {
      const candidates = locateAll(relative);
      if (!candidates || candidates.length === 0) return `${relative} is not a path inside the workspace`;
      // Checked wherever the path may be: the read finds the file where it exists, the preview writes where locate says.
      for (const c of candidates) {
        const links = await followLinks(c.folder, c.normalized);
        if (!links.ok) return links.reason;
      }
      return undefined;
    },
  };
}
