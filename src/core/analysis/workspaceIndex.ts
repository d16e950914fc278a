import { workspaceRoots, type WorkspaceRoot } from './workspaceRoots';
import { stat } from 'node:fs/promises';
import { Emitter, type Event } from '../lifecycle/emitter';
import type { Disposable } from '../lifecycle/disposable';
import type { FileJob, JobResult } from './fileJob';
import type { SkipReason } from './fileKinds';
import { IndexStore, shardOf, type SkippedFile } from './indexStore';
import { ModuleResolver } from './moduleResolver';
import { ResolutionFiles } from './resolutionFiles';
import type { PathConfig } from './tsconfigFile';
import type { WorkspacePackage } from './workspacePackages';
import { filesUnderFolder } from './folderFiles';
import { declarationAt, importsOfStored, withStat, type StoredFile } from './storedFile';
import { contentTotals, declaringFiles, importersFrom } from './indexTables';
import { definitionsIn, findSymbols, hotspots, referencesTo, type Location, type SymbolHit } from './symbolQueries';
import type { Declaration } from './types';
import { DEFAULT_MAX_FILE_SIZE, emptySkipCounts, listWorkspaceFiles, toSlash, workspaceFileFilter, type ListedSoFar } from './workspaceFiles';
import type { BuildOptions, IndexChange, IndexSummary, ResolvedImport, WorkspaceIndexOptions } from './workspaceIndexTypes';

/**
 * The workspace index: every analysable file's StoredFile, kept current by full builds (cold or
 * warm from the store) and incremental updates, and answering the queries the assistant needs.
 * Derived structures (name tables, importers, the reference graph) are cached per `version`.
 */
export class WorkspaceIndex implements Disposable {
  private readonly files = new Map<string, StoredFile>();
  /** Files skipped after reading them (binary, minified, generated), so unchanged ones are not read again. */
  private readonly skippedFiles = new Map<string, SkippedFile>();
  private skippedDirty = false;
  private readonly store: IndexStore | undefined;
  private readonly dirtyShards = new Set<number>();
  private storeLoaded = false;
  private rejectedFromStore = 0;
  private skipped = emptySkipCounts();
  private readonly resolution: ResolutionFiles;
  private resolverCache: { version: number; resolver: ModuleResolver } | undefined;
  private readonly derived = new Map<string, { version: number; value: unknown }>();
  private readonly changeEmitter = new Emitter<IndexChange>();
  private readonly qualifies: (path: string) => boolean;
  private readonly folders: string[];
  private readonly roots: readonly WorkspaceRoot[];
  private _version = 0;

  readonly onDidChange: Event<IndexChange> = this.changeEmitter.event;

  constructor(private readonly options: WorkspaceIndexOptions) {
    this.store = options.storageDir ? new IndexStore(options.storageDir) : undefined;
    this.qualifies = workspaceFileFilter(options);
    this.resolution = new ResolutionFiles(options);
    this.roots = workspaceRoots(options.folders, options.folderNames);
    this.folders = this.roots.map((r) => r.path);
  }

  /** Increases whenever the indexed content changes; caches key on it. */
  get version(): number {
    return this._version;
  }

  /** The workspace folders with their names, for naming paths as the workspace does (workspaceRoots.ts). */
  get folderRoots(): readonly WorkspaceRoot[] {
    return this.roots;
  }

  get fileCount(): number {
    return this.files.size;
  }

  /** Scans the folders and analyses what is new or changed; the first build reads the store first. */
  async build(options: BuildOptions = {}): Promise<IndexSummary> {
    const started = performance.now();
    const { signal, onProgress, force = false } = options;
    if (this.store && !this.storeLoaded) {
      onProgress?.({ phase: 'loading', done: 0, total: 0 });
      const report = await this.store.load();
      this.storeLoaded = true;
      this.rejectedFromStore = report.rejected.length;
      for (const f of report.files) this.files.set(f.path, f);
      for (const f of report.skipped) this.skippedFiles.set(f.path, f);
      for (const r of report.rejected) {
        const shard = /^shard-(\d+)/.exec(r.where);
        if (shard) this.dirtyShards.add(Number(shard[1]));
      }
    }
    signal?.throwIfAborted();
    // A cold start will analyse everything it lists: the threads that work needs load while the
    // folders are walked, started as the files are found (a small project's needs one).
    const runner = this.options.runner;
    const onListed = this.files.size === 0 && runner.prepare ? (found: ListedSoFar): void => runner.prepare?.(found) : undefined;
    onProgress?.({ phase: 'listing', done: 0, total: 0 });
    const listing = await listWorkspaceFiles({ ...this.options, ...(signal ? { signal } : {}), ...(onListed ? { onListed } : {}) });
    const skipped = listing.skipped;
    const seen = new Set<string>();
    const jobs: FileJob[] = [];
    for (const f of listing.files) {
      seen.add(f.path);
      const wasSkipped = this.skippedFiles.get(f.path);
      if (!force && wasSkipped && wasSkipped.size === f.size && wasSkipped.mtimeMs === f.mtimeMs) {
        skipped[wasSkipped.reason]++;
        continue;
      }
      const prior = this.files.get(f.path);
      if (!force && prior && prior.size === f.size && prior.mtimeMs === f.mtimeMs) continue;
      jobs.push(prior && !force ? { ...f, knownHash: prior.hash } : f);
    }
    let removed = 0;
    for (const path of [...this.skippedFiles.keys()]) {
      if (!seen.has(path)) {
        this.skippedFiles.delete(path);
        this.skippedDirty = true;
      }
    }
    for (const path of [...this.files.keys()]) {
      if (!seen.has(path)) {
        this.files.delete(path);
        this.dirtyShards.add(shardOf(path));
        removed++;
      }
    }
    let done = 0;
    onProgress?.({ phase: 'analyzing', done, total: jobs.length });
    const results = await this.options.runner.run(jobs, {
      ...(signal ? { signal } : {}),
      onBatch: (batch) => {
        done += batch.length;
        onProgress?.({ phase: 'analyzing', done, total: jobs.length });
      },
    });
    let analyzed = 0;
    const changed: string[] = [];
    for (const r of results) {
      const counted = this.apply(r);
      if (r.type === 'analyzed') analyzed++;
      if (r.type === 'skipped') skipped[r.reason]++;
      if (counted) changed.push(counted);
    }
    this.skipped = skipped;
    this.resolution.reset(listing.configs, listing.packages);
    this.bump(changed, []);
    const { symbols, lines, withErrors } = contentTotals(this.files.values());
    return {
      files: this.files.size,
      symbols,
      lines,
      analyzed,
      reused: this.files.size - analyzed,
      removed,
      skipped: { ...skipped },
      filesWithSyntaxErrors: withErrors,
      rejectedFromStore: this.rejectedFromStore,
      durationMs: performance.now() - started,
    };
  }

  /**
   * Re-analyses files after a save or create; files that vanished or no longer qualify are dropped.
   * A tsconfig/jsconfig or package.json among them is read again with the others resolution reads.
   */
  async update(paths: readonly string[], signal?: AbortSignal): Promise<void> {
    const jobs: FileJob[] = [];
    const removed: string[] = [];
    const max = this.options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    // ResolutionFiles takes the tsconfig and package.json files among them; neither qualifies below.
    const resolutionChanged = this.resolution.update(paths);
    for (const raw of paths) {
      const path = toSlash(raw);
      if (!this.qualifies(path)) {
        if (this.drop(path)) removed.push(path);
        continue;
      }
      try {
        const s = await stat(path);
        if (!s.isFile() || s.size > max) {
          if (this.drop(path)) removed.push(path);
          continue;
        }
        const prior = this.files.get(path);
        jobs.push(prior ? { path, size: s.size, mtimeMs: s.mtimeMs, knownHash: prior.hash } : { path, size: s.size, mtimeMs: s.mtimeMs });
      } catch {
        if (this.drop(path)) removed.push(path);
      }
    }
    const results = jobs.length ? await this.options.runner.run(jobs, signal ? { signal } : {}) : [];
    const changed: string[] = [];
    for (const r of results) {
      const path = this.apply(r);
      if (path) changed.push(path);
      if (r.type === 'skipped') removed.push(r.path);
    }
    if (changed.length || removed.length || resolutionChanged) this.bump(changed, removed);
  }

  /**
   * Indexes what a folder that appeared at once holds (the file watchers report only the folder):
   * each of its files as update() takes a watcher's. Nothing for a path that is not a folder.
   */
  async addFolder(dir: string, signal?: AbortSignal): Promise<void> {
    const paths = await filesUnderFolder(dir, signal);
    if (paths.length > 0) await this.update(paths, signal);
  }

  /** Drops deleted files, and everything under a deleted folder (its tsconfig and package.json files too). */
  remove(paths: readonly string[]): void {
    const removed: string[] = [];
    for (const raw of paths) {
      const path = toSlash(raw);
      if (this.drop(path)) removed.push(path);
      const prefix = path + '/';
      for (const p of [...this.files.keys()]) if (p.startsWith(prefix) && this.drop(p)) removed.push(p);
    }
    const resolutionChanged = this.resolution.remove(paths);
    if (removed.length || resolutionChanged) this.bump([], removed);
  }

  /** A rename (file or folder) is a delete of the old path and an update of the new one. */
  async rename(from: string, to: string, signal?: AbortSignal): Promise<void> {
    const oldPath = toSlash(from);
    const newPath = toSlash(to);
    const moved = [...this.files.keys()].filter((p) => p === oldPath || p.startsWith(oldPath + '/')).concat(this.resolution.under(oldPath));
    this.remove([oldPath]);
    const targets = moved.length ? moved.map((p) => newPath + p.slice(oldPath.length)) : [newPath];
    await this.update(targets, signal);
  }

  /** Writes changed shards to the store. */
  async save(): Promise<void> {
    if (!this.store) return;
    const dirty = this.storeLoaded ? new Set(this.dirtyShards) : undefined;
    this.dirtyShards.clear();
    await this.store.save(this.files.values(), dirty);
    if (this.skippedDirty || !dirty) {
      this.skippedDirty = false;
      await this.store.saveSkipped([...this.skippedFiles.values()]);
    }
    this.storeLoaded = true;
  }

  // ---- queries ----

  allFiles(): readonly StoredFile[] {
    return this.cached('files', () => [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : 1)));
  }

  file(path: string): StoredFile | undefined {
    return this.files.get(toSlash(path));
  }

  get skippedCounts(): Readonly<Record<SkipReason, number>> {
    return this.skipped;
  }

  /** Symbols whose name matches: exact first, then prefix, then substring (case-insensitive). */
  findSymbols(query: string, limit = 50): SymbolHit[] {
    return findSymbols(this.allFiles(), query, limit);
  }

  /** Where a name is declared. */
  definitions(name: string): SymbolHit[] {
    return definitionsIn(this.allFiles(), this.definers().get(name) ?? [], name);
  }

  /** Where a name is used (identifier occurrences, by name: the index does not type-check). */
  references(name: string, limit = 1000): Location[] {
    return referencesTo(this.allFiles(), name, limit);
  }

  outline(path: string): Declaration[] {
    const f = this.file(path);
    return f ? f.declNames.map((_, i) => declarationAt(f, i)) : [];
  }

  importsOf(path: string): ResolvedImport[] {
    const f = this.file(path);
    if (!f) return [];
    const resolver = this.resolver();
    return importsOfStored(f).map((imp) => {
      const resolved = resolver.resolve(f.path, imp.specifier);
      return resolved ? { ...imp, resolved } : imp;
    });
  }

  /** Files that import the given file. */
  importersOf(path: string): string[] {
    return [...(this.importers().get(toSlash(path)) ?? [])].sort();
  }

  /** The functions with the highest cyclomatic complexity. */
  hotspots(limit = 20): SymbolHit[] {
    return hotspots(this.allFiles(), limit);
  }

  /** Name → indexes into allFiles() of the files declaring it. Cached per version. */
  definers(): ReadonlyMap<string, readonly number[]> {
    return this.cached('definers', () => declaringFiles(this.allFiles()));
  }

  /** Resolved import edges: file → imported indexed files. Cached per version. */
  importGraph(): ReadonlyMap<string, readonly string[]> {
    return this.cached('imports', () => {
      const map = new Map<string, string[]>();
      for (const f of this.allFiles()) map.set(f.path, this.resolvedImports(f));
      return map;
    });
  }

  /** The indexed files one file's imports resolve to in this version: sorted, unique, never the file itself. */
  resolvedImports(f: StoredFile): string[] {
    const resolver = this.resolver();
    const targets = new Set<string>();
    for (const spec of f.importSpecifiers) {
      const r = resolver.resolve(f.path, spec);
      if (r && r !== f.path) targets.add(r);
    }
    return [...targets].sort();
  }

  /** The tsconfig/jsconfig `paths` and `baseUrl` the last build read: with the file set, all that import resolution depends on. */
  get resolutionConfigs(): readonly PathConfig[] {
    return this.resolution.configs;
  }

  /** The workspace's own packages the last build read (package.json outside node_modules): bare specifiers resolve through them. */
  get workspacePackages(): readonly WorkspacePackage[] {
    return this.resolution.packages;
  }

  /** Whether `key` holds a value for the current version. */
  hasCached(key: string): boolean {
    return this.derived.get(key)?.version === this._version;
  }

  /** Memoizes a derived structure for the current version. */
  cached<T>(key: string, compute: () => T): T {
    const hit = this.derived.get(key);
    if (hit && hit.version === this._version) return hit.value as T;
    const value = compute();
    this.derived.set(key, { version: this._version, value });
    return value;
  }

  dispose(): void {
    this.changeEmitter.dispose();
    this.options.runner.dispose();
  }

  private importers(): ReadonlyMap<string, readonly string[]> {
    return this.cached('importers', () => importersFrom(this.importGraph()));
  }

  private resolver(): ModuleResolver {
    if (this.resolverCache?.version !== this._version) {
      this.resolverCache = { version: this._version, resolver: new ModuleResolver((p) => this.files.has(p), this.resolution.configs, this.resolution.packages) };
    }
    return this.resolverCache.resolver;
  }

  /** Applies one job result; returns the path when the index content changed. */
  private apply(r: JobResult): string | undefined {
    if (r.type === 'analyzed') {
      this.files.set(r.file.path, r.file);
      this.dirtyShards.add(shardOf(r.file.path));
      return r.file.path;
    }
    if (r.type === 'unchanged') {
      const prior = this.files.get(r.path);
      if (prior) {
        this.files.set(r.path, withStat(prior, r.size, r.mtimeMs));
        this.dirtyShards.add(shardOf(r.path));
      }
      return undefined;
    }
    this.drop(r.path);
    if (r.reason === 'binary' || r.reason === 'minified' || r.reason === 'generated') {
      this.skippedFiles.set(r.path, { path: r.path, size: r.size, mtimeMs: r.mtimeMs, reason: r.reason });
      this.skippedDirty = true;
    }
    return undefined;
  }

  private drop(path: string): boolean {
    if (!this.files.delete(path)) return false;
    this.dirtyShards.add(shardOf(path));
    return true;
  }

  private bump(changed: readonly string[], removed: readonly string[]): void {
    this._version++;
    this.changeEmitter.fire({ version: this._version, changed, removed });
  }
}
