import { isAbsolute, posix } from 'node:path';
import { isGitignored } from '../../analysis/gitignoreCheck';
import { compileExcludes, type GlobMap } from '../../analysis/globMatcher';
import { toSlash } from '../../analysis/workspaceFiles';
import { followLinks } from '../workspaceLinks';
import { isSecretPath } from './secretPaths';

/** A path the research phase may read: inside the workspace, not ignored, not a secret. */
export type GuardedPath =
  | { readonly ok: true; readonly relative: string; readonly absolute: string }
  | { readonly ok: false; readonly reason: string };

export interface IgnoreCheckOptions {
  /** Glob maps as VS Code holds them (`files.exclude`, `search.exclude`), relative to the root. */
  readonly exclude?: readonly GlobMap[];
  readonly respectGitignore?: boolean;
}

/**
 * The analyzer's rules for one workspace-relative path: the exclude globs (on the path and every
 * folder above it) and the .gitignore files between the root and the path.
 */
export function workspaceIgnoreCheck(root: string, options: IgnoreCheckOptions = {}): (relativePath: string) => boolean {
  const folder = toSlash(root).replace(/\/$/, '');
  const excluded = compileExcludes(options.exclude ?? []);
  const gitignore = options.respectGitignore ?? true;
  return (relativePath) => {
    const parts = toSlash(relativePath).split('/').filter((p) => p.length > 0);
    for (let i = 1; i <= parts.length; i++) if (excluded(parts.slice(0, i).join('/'))) return true;
    return gitignore && isGitignored(folder, `${folder}/${parts.join('/')}`);
  };
}

/**
 * Turns a path a model (or an instruction) names into one inside the workspace, or says why not.
 * `check` is the rule on the spelling alone; `resolve` also follows symbolic links, so a link inside
 * the workspace that points outside it (or at a secret under an innocent name) is refused.
 */
export class WorkspaceGuard {
  readonly root: string;

  constructor(
    root: string,
    private readonly isIgnored: (relativePath: string) => boolean,
  ) {
    this.root = toSlash(root).replace(/\/$/, '');
  }

  check(requested: string): GuardedPath {
    const raw = toSlash(requested.trim());
    if (!raw) return refuse('the path is empty: give a workspace-relative path such as src/index.ts');
    let relative: string;
    if (isAbsolute(raw) || /^[A-Za-z]:\//.test(raw)) {
      if (!raw.startsWith(this.root + '/')) return refuse(`${requested} is outside the workspace: give a path relative to the workspace root`);
      relative = raw.slice(this.root.length + 1);
    } else {
      relative = raw;
    }
    relative = posix.normalize(relative).replace(/^(\.\/)+/, '').replace(/\/$/, '');
    if (relative === '..' || relative.startsWith('../')) return refuse(`${requested} is outside the workspace: give a path relative to the workspace root`);
    if (relative === '.' || relative === '') return refuse(`${requested} is the workspace root, not a file`);
    if (isSecretPath(relative)) return refuse(`${relative} may hold secrets and is never read`);
    if (this.isIgnored(relative)) return refuse(`${relative} is ignored (.gitignore or the exclude settings) and is not read`);
    return { ok: true, relative, absolute: `${this.root}/${relative}` };
  }

  async resolve(requested: string): Promise<GuardedPath> {
    const checked = this.check(requested);
    if (!checked.ok) return checked;
    // The disk looked at as for a change set's paths (followLinks): a symbolic link may lead out.
    const links = await followLinks(this.root, checked.relative);
    if (!links.ok) return refuse(`${checked.relative} leads outside the workspace and is not read (${links.reason})`);
    if (links.target === undefined) return refuse(`${checked.relative} does not exist`);
    // A link may give a secret or an ignored file an innocent name: the target answers to the same rules.
    const target = this.check(links.target);
    if (!target.ok) return refuse(`${checked.relative} points at a file that is not read (${target.reason})`);
    return checked;
  }
}

function refuse(reason: string): GuardedPath {
  return { ok: false, reason };
}
