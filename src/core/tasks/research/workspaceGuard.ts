import { existsSync } from 'node:fs';
import { isAbsolute, posix } from 'node:path';
import { isGitignored } from '../../analysis/gitignoreCheck';
import { compileExcludes, type GlobMap } from '../../analysis/globMatcher';
import { toSlash } from '../../analysis/workspaceFiles';
import { candidatesFor, type WorkspaceRoot } from '../../analysis/workspaceRoots';
import { followLinks } from '../workspaceLinks';
import { isSecretPath } from './secretPaths';

/**
 * A path the research phase may read: inside one of the workspace's folders, not ignored, not a
 * secret. `relative` names it as the workspace does (`src/a.ts`; `server/src/a.ts` with several
 * folders: workspaceRoots.ts), `inFolder` is the path inside its folder `root`.
 */
export type GuardedPath =
  | { readonly ok: true; readonly relative: string; readonly absolute: string; readonly root: string; readonly inFolder: string }
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
 * `check` is the rule on the spelling (in a workspace of several folders, a path that names no
 * folder is the first folder's that exists); `resolve` also follows symbolic links, so a link
 * inside the workspace that points outside it (or at a secret under an innocent name) is refused.
 */
export class WorkspaceGuard {
  readonly roots: readonly WorkspaceRoot[];

  constructor(
    roots: readonly WorkspaceRoot[],
    /** Whether a path inside the folder `root` is ignored there. */
    private readonly isIgnored: (relativePath: string, root: string) => boolean,
  ) {
    if (roots.length === 0) throw new Error('the workspace guard needs a folder');
    this.roots = roots;
  }

  check(requested: string): GuardedPath {
    const raw = toSlash(requested.trim());
    if (!raw) return refuse('the path is empty: give a workspace-relative path such as src/index.ts');
    let root: WorkspaceRoot | undefined;
    let relative: string;
    if (isAbsolute(raw) || /^[A-Za-z]:\//.test(raw)) {
      root = this.roots.find((r) => raw.startsWith(r.path + '/'));
      if (!root) return refuse(`${requested} is outside the workspace: give a path relative to the workspace root`);
      relative = normalized(raw.slice(root.path.length + 1));
    } else {
      relative = normalized(raw);
      if (!climbsOut(relative) && relative !== '.' && relative !== '' && this.roots.length > 1) {
        const found = candidatesFor(this.roots, relative);
        if (found.ok) {
          const pick = found.candidates.find((c) => existsSync(`${c.root.path}/${c.relative}`)) ?? found.candidates[0];
          if (pick) ({ root, relative } = pick);
        }
      }
      root ??= this.roots[0] as WorkspaceRoot;
    }
    if (climbsOut(relative)) return refuse(`${requested} is outside the workspace: give a path relative to the workspace root`);
    if (relative === '.' || relative === '') return refuse(`${requested} is the workspace root, not a file`);
    return this.rules(root, relative);
  }

  async resolve(requested: string): Promise<GuardedPath> {
    const checked = this.check(requested);
    if (!checked.ok) return checked;
    // The disk looked at as for a change set's paths (followLinks): a symbolic link may lead out.
    const links = await followLinks(checked.root, checked.inFolder);
    if (!links.ok) return refuse(`${checked.relative} leads outside the workspace and is not read (${links.reason})`);
    if (links.target === undefined) return refuse(`${checked.relative} does not exist`);
    // A link may give a secret or an ignored file an innocent name: the target answers to the same rules.
    const root = this.roots.find((r) => r.path === checked.root) as WorkspaceRoot;
    const target = this.rules(root, links.target);
    if (!target.ok) return refuse(`${checked.relative} points at a file that is not read (${target.reason})`);
    return checked;
  }

  /** How the workspace names an index (absolute) path the guard lets through; undefined for ignored, secret or outside ones. */
  visible(absolute: string): string | undefined {
    const path = toSlash(absolute);
    const root = this.roots.find((r) => path.startsWith(r.path + '/'));
    if (!root) return undefined;
    const checked = this.rules(root, path.slice(root.path.length + 1));
    return checked.ok ? checked.relative : undefined;
  }

  /** The secret and ignore rules on a path inside `root`. */
  private rules(root: WorkspaceRoot, relative: string): GuardedPath {
    const named = this.roots.length > 1 ? `${root.name}/${relative}` : relative;
    if (isSecretPath(relative)) return refuse(`${named} may hold secrets and is never read`);
    if (this.isIgnored(relative, root.path)) return refuse(`${named} is ignored (.gitignore or the exclude settings) and is not read`);
    return { ok: true, relative: named, absolute: `${root.path}/${relative}`, root: root.path, inFolder: relative };
  }
}

function normalized(path: string): string {
  return posix.normalize(path).replace(/^(\.\/)+/, '').replace(/\/$/, '');
}

function climbsOut(relative: string): boolean {
  return relative === '..' || relative.startsWith('../');
}

function refuse(reason: string): GuardedPath {
  return { ok: false, reason };
}
