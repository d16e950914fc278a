import { join } from 'node:path';
import * as ts from 'typescript';
import type { TsProject } from './tsProject';

/** Absolute path → the text the change set proposes, or `null` for a file it removes. */
export type Overlay = ReadonlyMap<string, string | null>;

interface DiskEntry {
  readonly text: string | undefined;
  readonly snapshot: ts.IScriptSnapshot | undefined;
}

/**
 * The language service's view of the workspace: the files on disk (read once, kept until the host
 * says they changed) with the change set laid over them in memory. Every change of a file's text,
 * from the overlay or from disk, bumps its version, so the service re-parses exactly those files and
 * keeps every other SourceFile (and the document registry's) as it was.
 */
export class OverlayHost implements ts.LanguageServiceHost {
  private readonly disk = new Map<string, DiskEntry>();
  private readonly versions = new Map<string, number>();
  private overlay: Overlay = new Map();
  private readonly overlaySnapshots = new Map<string, ts.IScriptSnapshot>();
  private roots: string[] = [];
  private projectFiles: ReadonlySet<string>;
  /** Files read from disk, for the warm-service tests and the bench. */
  filesRead = 0;

  constructor(
    private readonly root: string,
    private project: TsProject,
    private readonly libDirectory: string,
  ) {
    this.projectFiles = new Set(project.fileNames);
  }

  get currentProject(): TsProject {
    return this.project;
  }

  /** The config or the file list changed: versions (and so the registry's parsed files) carry over. */
  setProject(project: TsProject): void {
    this.project = project;
    this.projectFiles = new Set(project.fileNames);
  }

  /**
   * The files the next program starts from: the validator gives only the files it checks (and the
   * project's declaration files), so the program holds them and what they import, not the whole project.
   */
  setRoots(roots: readonly string[]): void {
    this.roots = [...roots];
  }

  /**
   * Lays `next` over the disk, replacing the overlay before. Returns the files that appeared or
   * disappeared: their importers' module resolutions are stale (the service reuses an unchanged file's
   * resolutions), so the caller marks those importers changed with `touch`.
   */
  setOverlay(next: Overlay): string[] {
    const touched = new Set([...this.overlay.keys(), ...next.keys()]);
    const flipped: string[] = [];
    for (const path of touched) {
      const before = this.overlay.has(path) ? this.overlay.get(path) : this.diskText(path);
      const after = next.has(path) ? next.get(path) : this.diskText(path);
      if (before !== after) this.bump(path);
      if ((before === null || before === undefined) !== (after === null || after === undefined)) flipped.push(path);
    }
    this.overlay = next;
    this.overlaySnapshots.clear();
    return flipped;
  }

  /** Marks files changed so the next program parses and resolves them again. */
  touch(paths: Iterable<string>): void {
    for (const path of paths) this.bump(path);
  }

  /** Forgets what was read of these files; returns whether one appeared or disappeared (the file list changed). */
  forget(paths: readonly string[]): boolean {
    let structural = false;
    for (const path of paths) {
      const known = this.disk.get(path);
      const existed = known ? known.text !== undefined : this.projectFiles.has(path);
      this.disk.delete(path);
      this.bump(path);
      if (existed !== ts.sys.fileExists(path)) structural = true;
    }
    return structural;
  }

  /** Whether the project's files (before the overlay) include this one. */
  isProjectFile(path: string): boolean {
    return this.projectFiles.has(path);
  }

  getCompilationSettings(): ts.CompilerOptions {
    return this.project.options;
  }

  getScriptFileNames(): string[] {
    return this.roots;
  }

  getScriptVersion(fileName: string): string {
    return String(this.versions.get(fileName) ?? 0);
  }

  getScriptSnapshot(fileName: string): ts.IScriptSnapshot | undefined {
    if (this.overlay.has(fileName)) {
      const text = this.overlay.get(fileName);
      if (text === null || text === undefined) return undefined;
      let snapshot = this.overlaySnapshots.get(fileName);
      if (!snapshot) {
        snapshot = ts.ScriptSnapshot.fromString(text);
        this.overlaySnapshots.set(fileName, snapshot);
      }
      return snapshot;
    }
    return this.diskEntry(fileName).snapshot;
  }

  getCurrentDirectory(): string {
    return this.root;
  }

  getDefaultLibFileName(options: ts.CompilerOptions): string {
    return join(this.libDirectory, ts.getDefaultLibFileName(options)).replace(/\\/g, '/');
  }

  useCaseSensitiveFileNames(): boolean {
    return ts.sys.useCaseSensitiveFileNames;
  }

  fileExists(path: string): boolean {
    if (this.overlay.has(path)) return this.overlay.get(path) !== null;
    const known = this.disk.get(path);
    return known ? known.text !== undefined : ts.sys.fileExists(path);
  }

  readFile(path: string): string | undefined {
    if (this.overlay.has(path)) return this.overlay.get(path) ?? undefined;
    return this.diskText(path);
  }

  /** A folder the change set creates files in exists as far as module resolution is concerned. */
  directoryExists(path: string): boolean {
    if (ts.sys.directoryExists(path)) return true;
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const [file, text] of this.overlay) if (text !== null && file.startsWith(prefix)) return true;
    return false;
  }

  getDirectories(path: string): string[] {
    return ts.sys.getDirectories(path);
  }

  readDirectory(path: string, extensions?: readonly string[], exclude?: readonly string[], include?: readonly string[], depth?: number): string[] {
    return ts.sys.readDirectory(path, extensions, exclude, include, depth);
  }

  realpath(path: string): string {
    return ts.sys.realpath ? ts.sys.realpath(path) : path;
  }

  /** The file as it is on disk, whatever the overlay says. */
  diskText(path: string): string | undefined {
    return this.diskEntry(path).text;
  }

  private diskEntry(path: string): DiskEntry {
    let entry = this.disk.get(path);
    if (!entry) {
      const text = ts.sys.readFile(path);
      if (text !== undefined) this.filesRead++;
      entry = { text, snapshot: text === undefined ? undefined : ts.ScriptSnapshot.fromString(text) };
      this.disk.set(path, entry);
    }
    return entry;
  }

  private bump(path: string): void {
    this.versions.set(path, (this.versions.get(path) ?? 0) + 1);
  }
}
