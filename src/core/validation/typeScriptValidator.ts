import { isAbsolute, join, resolve } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as ts from 'typescript';
import { isAnalyzable } from '../analysis/fileKinds';
import type { Logger } from '../log/logger';
import type { ChangeValidator } from '../tasks/taskPorts';
import type { FileChange, ValidationDiagnostic, ValidationReport } from '../tasks/taskTypes';
import { toValidationDiagnostics } from './diagnosticDiff';
import { introducedDiagnostics } from './introducedDiagnostics';
import { declarationImports, DiskDeclarations } from './diskDeclarations';
import { ImportGraph } from './importGraph';
import { OverlayHost, type Overlay } from './overlayHost';
import { planOf, type OverlayPlan } from './overlayPlan';
import { syntaxDiagnostics } from './syntaxCheck';
import { findLibDirectory, includesNewFile, loadProject, toCompilerPath } from './tsProject';
import { plural } from '../../shared/figures';

export interface TypeScriptValidatorOptions {
  /** The workspace folder, absolute. */
  readonly root: string;
  readonly log: Logger;
  /** Folder of lib.*.d.ts when the bundled compiler has none beside it (VS Code's built-in TypeScript's). */
  readonly libDirectory?: string;
  readonly now?: () => number;
}

/** What the validator has done since it was made: the warm-service tests and the bench read it. */
export interface ValidatorStats {
  /** Language services created: one per validator unless the project could not be loaded. */
  readonly servicesCreated: number;
  /** Times tsconfig.json was parsed (first use, then after it or the file list changed on disk). */
  readonly projectLoads: number;
  /** Files read from disk: a warm validation reads none but the changed ones it has not seen. */
  readonly filesRead: number;
  /** Files whose diagnostics before the change were computed (they are kept until a disk change). */
  readonly baselineFilesChecked: number;
  /** Importers left unchecked because the changed file they import kept its declarations (last validation). */
  readonly importersSkipped: number;
}

interface Project {
  readonly host: OverlayHost;
  readonly service: ts.LanguageService;
}

type Check = ValidationReport['files'][number]['check'];

/**
 * Type-checks a change set without writing it: a TypeScript language service over the workspace's
 * tsconfig.json with the changed files laid over the disk in memory. Only diagnostics the change
 * introduces count: those of the changed files and of the files importing them (through re-exports,
 * further) are compared before and after, matched by file, code and message. The service, its
 * document registry, the import graph and the diagnostics before any change stay warm between tasks
 * until the host reports files changed on disk (`invalidate`).
 *
 * Without a tsconfig.json, TS and JS files get a syntax check; other files are not validated.
 */
export class TypeScriptValidator implements ChangeValidator {
  private readonly root: string;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly libDirectory: string | undefined;
  private readonly registry: ts.DocumentRegistry;
  /** undefined: not loaded yet; null: no project to type-check (why was logged). */
  private project: Project | null | undefined;
  private graph: ImportGraph | undefined;
  /** Errors each file had before any change (absolute path → diagnostics), valid until a disk change. */
  private readonly baseline = new Map<string, readonly ValidationDiagnostic[]>();
  /** Each file's declaration output on disk, valid until a disk change. */
  private readonly declarations = new DiskDeclarations();
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private counts = { servicesCreated: 0, projectLoads: 0, baselineFilesChecked: 0, importersSkipped: 0 };

  constructor(options: TypeScriptValidatorOptions) {
    this.root = toCompilerPath(resolve(options.root));
    this.log = options.log;
    this.now = options.now ?? (() => performance.now());
    this.libDirectory = findLibDirectory(this.root, options.libDirectory);
    this.registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames, this.root);
  }

  /** One validation at a time: they share the service's overlay. */
  validate(changes: readonly FileChange[], signal?: AbortSignal): Promise<ValidationReport> {
    return this.enqueue(() => this.run(changes, signal));
  }

  /**
   * Does before any change set arrives what the first validation would otherwise wait for: the
   * project's file list, its language service and the import graph (reading every project file).
   * Queued as a validation is; a validation after it finds them warm. Stopped by `signal`: dropped
   * if it has not begun, else ended at its next step (each is one synchronous piece of TypeScript's
   * work), so a check queued behind it waits for no more.
   */
  prepare(paths: readonly string[] = [], signal?: AbortSignal): Promise<void> {
    return this.enqueue(async () => {
      const stopped = async (): Promise<boolean> => {
        await nextTurn();
        return this.disposed || signal?.aborted === true;
      };
      if (this.disposed || signal?.aborted) return;
      const project = this.ensureProject();
      if (!project || (await stopped())) return;
      const graph = this.graphOf(project);
      const { host } = project;
      const files = paths.map((p) => this.abs(p)).filter((f) => host.diskText(f) !== undefined && host.isProjectFile(f));
      if (files.length === 0 || (await stopped())) return;
      programOn(project, graph, host.currentProject.fileNames, new Map(), [...new Set([...files, ...graph.affectedBy(files)])]);
      for (const file of files) {
        if (await stopped()) return;
        this.declarations.remember(project.service, [file]);
      }
    });
  }

  /** Runs `work` after every validation and preparation queued before it: they share the service's overlay. */
  private enqueue<T>(work: () => T | Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Files changed on disk (absolute or workspace-relative): what was read of them, and every cached result, is dropped. */
  invalidate(paths: readonly string[]): void {
    const absolute = paths.map((p) => toCompilerPath(isAbsolute(p) ? p : join(this.root, p)));
    // Their importers' module resolutions may be stale (a file appeared or went away): parse those again too.
    const importers = this.graph?.affectedBy(absolute);
    this.graph = undefined;
    this.baseline.clear();
    this.declarations.clear();
    if (this.project === null) {
      // A tsconfig.json may have appeared: try again on the next validation.
      if (absolute.some((p) => p.endsWith('/tsconfig.json'))) this.project = undefined;
      return;
    }
    if (!this.project) return;
    const structural = this.project.host.forget(absolute);
    if (structural && importers) this.project.host.touch(importers);
    // The config, a package manifest or an installed package decide the file list and module resolution.
    if (structural || absolute.some((p) => p.endsWith('.json') || p.includes('/node_modules/'))) this.reloadProject(this.project);
  }

  stats(): ValidatorStats {
    return { ...this.counts, filesRead: this.project?.host.filesRead ?? 0 };
  }

  dispose(): void {
    this.disposed = true;
    this.project?.service.dispose();
    this.project = undefined;
    this.graph = undefined;
    this.baseline.clear();
  }

  private async run(changes: readonly FileChange[], signal: AbortSignal | undefined): Promise<ValidationReport> {
    if (this.disposed) throw new Error('TypeScriptValidator: validate() after dispose()');
    signal?.throwIfAborted();
    const started = this.now();
    // Nothing to check: the warm program (a preparation's) is left as it is.
    if (changes.length === 0) return { status: 'not-validated', diagnostics: [], files: [], timeMs: 0 };
    const project = this.ensureProject();
    const plan = planOf(changes, this.root);
    const diagnostics: ValidationDiagnostic[] = [];
    const checks = new Map<string, Check>();

    let typed = new Set<string>();
    if (project) {
      typed = await this.typeCheck(project, plan, diagnostics, signal);
    }
    for (const change of changes) {
      const path = change.kind === 'rename' ? change.newPath : change.path;
      const abs = this.abs(path);
      if (typed.has(abs) || (change.kind === 'delete' && project && isAnalyzable(path))) {
        checks.set(path, 'types');
      } else if (isAnalyzable(path) && change.kind !== 'delete') {
        await nextTurn();
        signal?.throwIfAborted();
        diagnostics.push(...this.syntaxCheck(change));
        checks.set(path, 'syntax');
      } else {
        checks.set(path, 'none');
      }
    }

    const files = [...checks].map(([path, check]) => ({ path, check }));
    const checked = files.some((f) => f.check !== 'none');
    diagnostics.sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.column - b.column);
    const status = !checked ? 'not-validated' : diagnostics.length > 0 ? 'failed' : 'passed';
    const report: ValidationReport = { status, diagnostics, files, timeMs: this.now() - started };
    this.log.debug(`Validation: ${status}, ${plural(diagnostics.length, 'new error')} in ${plural(files.length, 'file')}, ${Math.round(report.timeMs)} ms`);
    return report;
  }

  /**
   * The type check; returns the changed files it covered (absolute, after the change). The files after
   * the change are checked first: only those with errors need their errors from before (kept warm), so
   * a change that passes costs one type check, not two.
   */
  private async typeCheck(project: Project, plan: OverlayPlan, out: ValidationDiagnostic[], signal: AbortSignal | undefined): Promise<Set<string>> {
    const { host } = project;
    const tsProject = host.currentProject;
    const changed = [...plan.overlay.keys()];
    // Who imports the changed files, in the workspace as it is (kept warm until a disk change). Held
    // for the whole check: a disk change reported while it awaits (invalidate) drops this.graph, and
    // the next validation scans again.
    const graph = this.graphOf(project);
    const programOf = (overlay: Overlay, roots: readonly string[]): ts.Program => programOn(project, graph, tsProject.fileNames, overlay, roots);

    const importers = graph.affectedBy(changed);

    // The program holds the changed project files, their importers and what those import.
    const isRoot = (file: string): boolean =>
      plan.overlay.get(file) !== null &&
      (host.isProjectFile(file) || importers.has(file) || (plan.movedFrom.has(file) && host.isProjectFile(plan.movedFrom.get(file)!)) || includesNewFile(tsProject, file));
    const roots = [...new Set([...changed, ...importers])].filter(isRoot);
    const diskProgram = (): ts.Program => programOf(new Map(), roots.filter((f) => host.diskText(f) !== undefined));
    programOf(plan.overlay, roots);
    // Incremental, as tsc's builder is: an importer can only break through what a changed file
    // declares. Importers are checked only for the changed files whose declarations differ from
    // those on disk (a body, a default value or a private helper edited leaves them as they were).
    // Only an edit in place has a disk version to compare with; created, deleted and moved files count as changed.
    const edited = changed.filter((f) => typeof plan.overlay.get(f) === 'string' && !plan.movedFrom.has(f) && host.diskText(f) !== undefined && host.isProjectFile(f));
    const keptDeclarations = await this.declarations.unchanged(project.service, edited, diskProgram, signal);
    // The disk side may have been computed meanwhile: the overlay again (the same program when it was not).
    let after = programOf(plan.overlay, roots);
    // A file whose declarations read the same may still mean something else when they name a type of
    // a changed file whose declarations did change (its .d.ts imports that file): it counts as changed.
    for (let grew = true; grew; ) {
      const changedDeclarations = new Set(changed.filter((f) => !keptDeclarations.has(f)));
      const through = [...keptDeclarations].filter(([file, text]) => declarationImports(file, text, tsProject.options, host).some((f) => changedDeclarations.has(f)));
      for (const [file] of through) keptDeclarations.delete(file);
      grew = through.length > 0;
    }
    const reached = graph.affectedBy(changed.filter((f) => !keptDeclarations.has(f)));
    const affected = new Set([...changed, ...reached]);
    this.counts.importersSkipped = [...importers].filter((f) => !reached.has(f) && !plan.overlay.has(f)).length;
    const typed = new Set<string>();
    const afterByFile = new Map<string, ValidationDiagnostic[]>();
    const checkAfter = async (files: Iterable<string>): Promise<void> => {
      for (const file of files) {
        const sourceFile = after.getSourceFile(file);
        if (!sourceFile || !this.typeChecks(sourceFile, after)) continue;
        await nextTurn();
        signal?.throwIfAborted();
        if (plan.overlay.has(file)) typed.add(file);
        const found = this.diagnosticsOf(after, sourceFile);
        if (found.length > 0) afterByFile.set(file, found);
      }
    };
    await checkAfter(affected);
    // An unchanged file reached here passes the change on when its own declarations now read otherwise
    // (a type it infers from a changed file; an import that resolves now, where it was `any` on disk):
    // its importers are checked too, as tsc's builder does.
    for (let frontier = [...reached].filter((f) => !plan.overlay.has(f)); frontier.length > 0; ) {
      const kept = await this.declarations.unchanged(project.service, frontier, diskProgram, signal);
      const passing = frontier.filter((f) => !kept.has(f));
      const next = [...graph.affectedBy(passing)].filter((f) => !affected.has(f) && isRoot(f));
      if (next.length === 0) break;
      for (const file of next) affected.add(file);
      roots.push(...next);
      after = programOf(plan.overlay, roots);
      await checkAfter(next);
      frontier = next.filter((f) => !plan.overlay.has(f));
    }

    // Before: the errors the files with errors now already had.
    const beforeDiagnostics: ValidationDiagnostic[] = [];
    let before: ts.Program | undefined;
    for (const file of afterByFile.keys()) {
      const origin = plan.movedFrom.get(file) ?? file;
      let known = this.baseline.get(origin);
      if (!known) {
        // The same program as it was: the roots at their old paths, those that exist.
        before ??= programOf(new Map(), [...new Set([...roots, ...afterByFile.keys()].map((f) => plan.movedFrom.get(f) ?? f))].filter((f) => host.diskText(f) !== undefined));
        const sourceFile = before.getSourceFile(origin);
        await nextTurn();
        signal?.throwIfAborted();
        known = sourceFile ? this.diagnosticsOf(before, sourceFile) : [];
        this.baseline.set(origin, known);
        this.counts.baselineFilesChecked++;
      }
      beforeDiagnostics.push(...known);
    }
    const movedFrom = new Map([...plan.movedFrom].map(([to, from]) => [this.rel(to), this.rel(from)]));
    out.push(...introducedDiagnostics(beforeDiagnostics, [...afterByFile.values()].flat(), movedFrom));
    return typed;
  }

  /** Who imports whom in the project as it is on disk (kept until a disk change). */
  private graphOf(project: Project): ImportGraph {
    const tsProject = project.host.currentProject;
    return (this.graph ??= ImportGraph.scan(tsProject.fileNames, tsProject.options, project.host, this.root));
  }

  /** A JavaScript file is type-checked only under `checkJs`; otherwise it gets the syntax check. */
  private typeChecks(sourceFile: ts.SourceFile, program: ts.Program): boolean {
    const js = /\.[cm]?jsx?$/.test(sourceFile.fileName);
    return !sourceFile.isDeclarationFile && (!js || program.getCompilerOptions().checkJs === true);
  }

  private diagnosticsOf(program: ts.Program, sourceFile: ts.SourceFile): ValidationDiagnostic[] {
    return toValidationDiagnostics(this.root, [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]);
  }

  private syntaxCheck(change: FileChange): ValidationDiagnostic[] {
    if (change.kind === 'delete') return [];
    const path = change.kind === 'rename' ? change.newPath : change.path;
    const fileName = this.abs(path);
    const after = toValidationDiagnostics(this.root, syntaxDiagnostics(fileName, change.after));
    if (change.kind === 'create') return after;
    const before = toValidationDiagnostics(this.root, syntaxDiagnostics(fileName, change.before));
    return introducedDiagnostics(before, after);
  }

  private ensureProject(): Project | null {
    if (this.project !== undefined) return this.project;
    const loaded = loadProject(this.root);
    this.counts.projectLoads++;
    if (!loaded.ok || !this.libDirectory) {
      const reason = loaded.ok ? 'no TypeScript lib folder was found' : loaded.reason;
      this.log.info(`Validation: no type check in ${this.root} (${reason}); TS and JS files get a syntax check.`);
      this.project = null;
      return null;
    }
    const host = new OverlayHost(this.root, loaded.project, this.libDirectory);
    this.project = { host, service: ts.createLanguageService(host, this.registry) };
    this.counts.servicesCreated++;
    return this.project;
  }

  /** The file list or options changed on disk: the same host and service carry the parsed files over. */
  private reloadProject(project: Project): void {
    const loaded = loadProject(this.root);
    this.counts.projectLoads++;
    if (!loaded.ok) {
      this.log.info(`Validation: ${loaded.reason}; TS and JS files now get a syntax check.`);
      project.service.dispose();
      this.project = null;
      return;
    }
    project.host.setProject(loaded.project);
  }

  private abs(path: string): string {
    return toCompilerPath(join(this.root, path));
  }

  private rel(abs: string): string {
    return abs.startsWith(`${this.root}/`) ? abs.slice(this.root.length + 1) : abs;
  }
}

/**
 * The service's program with `overlay` laid over the disk, rooted at `roots` and the project's
 * declaration files. The importers of every file the overlay adds or takes back are read again:
 * their module resolutions may name a file that appeared or went away.
 */
function programOn(project: Project, graph: ImportGraph, projectFiles: readonly string[], overlay: Overlay, roots: readonly string[]): ts.Program {
  const { host, service } = project;
  const flipped = host.setOverlay(overlay);
  if (flipped.length > 0) host.touch(graph.affectedBy(flipped));
  host.setRoots([...projectFiles.filter(isDeclarationFile), ...roots]);
  const program = service.getProgram();
  if (!program) throw new Error('the language service has no program');
  return program;
}

function isDeclarationFile(path: string): boolean {
  return /\.d\.[cm]?ts$/.test(path);
}
