import { existsSync } from 'node:fs';
import { readPathConfig, type PathConfig } from './tsconfigFile';
import { readWorkspacePackage, type WorkspacePackage } from './workspacePackages';
import { resolutionFileKind, toSlash, workspaceFileFilter, type WorkspaceFilesOptions } from './workspaceFiles';

/**
 * The files import resolution reads besides the sources: tsconfig/jsconfig files (`paths`,
 * `baseUrl`, `rootDirs`) and the workspace's own package.json files, as the last walk listed them and as a file
 * watcher has reported them since, so that a new alias or a package's new `exports` count at once,
 * not at the next full build. On any change every one of them is read again: a base config's change
 * reaches each config that extends it, and a package's tsconfig its `outDir`; they are few and small.
 */
export class ResolutionFiles {
  private readonly configPaths = new Set<string>();
  private readonly manifestPaths = new Set<string>();
  private readConfigs: PathConfig[] = [];
  private readPackages: WorkspacePackage[] = [];
  /** The walk's rules (folders, .git, exclude globs, .gitignore) for one reported path. */
  private readonly qualifies: (path: string) => boolean;

  constructor(options: Omit<WorkspaceFilesOptions, 'signal'>) {
    this.qualifies = workspaceFileFilter(options, (path) => resolutionFileKind(path) !== undefined);
  }

  get configs(): readonly PathConfig[] {
    return this.readConfigs;
  }

  get packages(): readonly WorkspacePackage[] {
    return this.readPackages;
  }

  /** Takes a full walk's lists and reads every file. */
  reset(configs: readonly string[], manifests: readonly string[]): void {
    this.configPaths.clear();
    this.manifestPaths.clear();
    for (const path of configs) this.configPaths.add(toSlash(path));
    for (const path of manifests) this.manifestPaths.add(toSlash(path));
    this.read();
  }

  /** Files a watcher reported created, changed or deleted (others are passed over); true when what resolution reads changed. */
  update(paths: readonly string[]): boolean {
    // Only a file resolution reads, or reads now, is worth reading everything again for: a build
    // writing package.json files into an ignored dist/ must not cost a read of every manifest.
    let touched = false;
    for (const raw of paths) {
      const path = toSlash(raw);
      const kind = resolutionFileKind(path);
      if (!kind) continue;
      const set = kind === 'config' ? this.configPaths : this.manifestPaths;
      if (this.qualifies(path) && existsSync(path)) {
        set.add(path);
        touched = true;
      } else if (set.delete(path)) touched = true;
    }
    return touched && this.read();
  }

  /** Forgets the files at or under deleted paths; true when what resolution reads changed. */
  remove(paths: readonly string[]): boolean {
    let dropped = false;
    for (const raw of paths) {
      const path = toSlash(raw);
      for (const set of [this.configPaths, this.manifestPaths]) {
        for (const known of [...set]) if ((known === path || known.startsWith(`${path}/`)) && set.delete(known)) dropped = true;
      }
    }
    return dropped && this.read();
  }

  /** The files at or under `path` (a rename moves them with the folder). */
  under(path: string): string[] {
    const at = toSlash(path);
    return [...this.configPaths, ...this.manifestPaths].filter((known) => known === at || known.startsWith(`${at}/`));
  }

  /** Reads every file again, in path order as the walk lists them; true when the result differs. */
  private read(): boolean {
    const configs = [...this.configPaths].sort().map(readPathConfig).filter((c): c is PathConfig => c !== undefined);
    const packages = [...this.manifestPaths].sort().map(readWorkspacePackage).filter((p): p is WorkspacePackage => p !== undefined);
    const changed = JSON.stringify([configs, packages]) !== JSON.stringify([this.readConfigs, this.readPackages]);
    this.readConfigs = configs;
    this.readPackages = packages;
    return changed;
  }
}
