import * as vscode from 'vscode';
import type { GlobMap } from '../../core/analysis/globMatcher';
import type { IndexState } from '../../core/analysis/indexState';
import { rankedContext, type Anchors, type RankedContext } from '../../core/analysis/repoMap';
import { warmReferenceGraph } from '../../core/analysis/referenceGraph';
import { WorkerPool } from '../../core/analysis/workerPool';
import { WorkspaceIndex } from '../../core/analysis/workspaceIndex';
import { isWatchedFile } from '../../core/analysis/folderFiles';
import type { IndexSummary } from '../../core/analysis/workspaceIndexTypes';
import { DisposableStore } from '../../core/lifecycle/disposable';
import { Emitter, type Event } from '../../core/lifecycle/emitter';
import { skippedWords } from '../../core/views/indexStatus';
import { REPO_MAP_SCHEME, RepoMapDocuments } from './repoMapDocuments';

/** What the Models view shows about the index. */
export type AnalysisState = IndexState;

export interface AnalysisOptions {
  /** Files larger than this many bytes are skipped (switchboard.analysis.maxFileSizeKb). */
  readonly maxFileSize?: () => number;
}

/** A LogOutputChannel, or anything logging like one (Switchboard's redacting log). */
export type AnalysisLog = Pick<vscode.LogOutputChannel, 'info' | 'warn' | 'error'>;

export interface AnalysisHandle extends vscode.Disposable {
  /** The index, once a workspace folder on disk exists. */
  readonly index: WorkspaceIndex | undefined;
  readonly state: AnalysisState;
  readonly onDidChangeState: Event<AnalysisState>;
  /** Builds the index if it was never built (warm from storage when possible). */
  ensureIndexed(token?: vscode.CancellationToken): Promise<WorkspaceIndex | undefined>;
  /** The ranked repo map the understand/generate/review capabilities add to their prompts. */
  contextFor(anchors: Anchors, tokenBudget: number): Promise<RankedContext | undefined>;
}

const SOURCE_GLOB = '**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}';
/** What import resolution reads besides the sources (ResolutionFiles): aliases and the workspace's own packages. */
const RESOLUTION_GLOB = '**/{tsconfig*.json,jsconfig.json,package.json}';
const REPO_MAP_BUDGET = 4000;
const UPDATE_DEBOUNCE_MS = 300;
const SAVE_DEBOUNCE_MS = 5000;

/**
 * Wires the core analyzer into VS Code: the three commands, file watchers that keep the index
 * current, and persistence in the workspace's storage folder. The worker runs from the bundle at
 * dist/worker/analysisWorker.js, so the extension host's thread only coordinates.
 */
export function registerAnalysis(context: vscode.ExtensionContext, log: AnalysisLog, options: AnalysisOptions = {}): AnalysisHandle {
  const lifetime = new DisposableStore();
  const stateEmitter = lifetime.add(new Emitter<AnalysisState>());
  let state: AnalysisState = { kind: 'idle' };
  let index: WorkspaceIndex | undefined;
  let building: Promise<IndexSummary | undefined> | undefined;
  let updating: Promise<void> = Promise.resolve();
  /**
   * Builds the reference graph in slices once the index is ready, so that the first ranked map
   * (a chat request, Show Repo Map) does not stall the extension host building it in one go.
   */
  const warmGraph = (target: WorkspaceIndex): void => {
    const started = performance.now();
    void warmReferenceGraph(target).then(
      (done) => {
        if (done) log.info(`Workspace index: reference graph ready in ${Math.round(performance.now() - started)} ms (built in slices)`);
      },
      (error: unknown) => log.warn(`Workspace index: the reference graph could not be built: ${describeError(error)}`),
    );
  };
  const setState = (next: AnalysisState): void => {
    state = next;
    stateEmitter.fire(next);
  };

  const createIndex = (): WorkspaceIndex | undefined => {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) return undefined;
    const exclude: GlobMap[] = [];
    for (const f of folders) {
      exclude.push(vscode.workspace.getConfiguration('files', f.uri).get<GlobMap>('exclude') ?? {});
      exclude.push(vscode.workspace.getConfiguration('search', f.uri).get<GlobMap>('exclude') ?? {});
    }
    const workerPath = vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker', 'analysisWorker.js').fsPath;
    const storageDir = context.storageUri ? vscode.Uri.joinPath(context.storageUri, 'analysis').fsPath : undefined;
    const created = new WorkspaceIndex({
      folders: folders.map((f) => f.uri.fsPath),
      folderNames: folders.map((f) => f.name),
      exclude,
      ...(options.maxFileSize ? { maxFileSize: options.maxFileSize() } : {}),
      runner: new WorkerPool(workerPath),
      ...(storageDir ? { storageDir } : {}),
    });
    lifetime.add(created.onDidChange(() => scheduleSave()));
    return created;
  };

  let saveTimer: NodeJS.Timeout | undefined;
  const scheduleSave = (): void => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      index?.save().catch((error: unknown) => log.warn(`Switchboard could not save the workspace index: ${describeError(error)}`));
    }, SAVE_DEBOUNCE_MS);
  };

  const build = (token?: vscode.CancellationToken, report?: (done: number, total: number) => void, force = false): Promise<IndexSummary | undefined> => {
    if (building) return building;
    index ??= createIndex();
    const target = index;
    if (!target) return Promise.resolve(undefined);
    const controller = new AbortController();
    const cancel = token?.onCancellationRequested(() => controller.abort(new vscode.CancellationError()));
    setState({ kind: 'indexing', done: 0, total: 0 });
    building = target
      .build({
        signal: controller.signal,
        force,
        onProgress: (p) => {
          if (p.phase !== 'analyzing') return;
          setState({ kind: 'indexing', done: p.done, total: p.total });
          report?.(p.done, p.total);
        },
      })
      .then(async (summary) => {
        const skipped = Object.values(summary.skipped).reduce((a, b) => a + b, 0);
        setState({ kind: 'ready', files: summary.files, symbols: summary.symbols, skipped, skippedBy: summary.skipped, at: Date.now() });
        log.info(
          `Workspace index: ${summary.files} files (${summary.analyzed} analysed, ${summary.reused} reused), ${summary.symbols} symbols, ` +
            `skipped ${skippedWords(summary.skipped)}, in ${Math.round(summary.durationMs)} ms`,
        );
        if (summary.rejectedFromStore) log.warn(`Workspace index: ignored ${summary.rejectedFromStore} unreadable stored records; they were analysed again.`);
        await target.save().catch((error: unknown) => log.warn(`Switchboard could not save the workspace index: ${describeError(error)}`));
        warmGraph(target);
        return summary;
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) {
          setState({ kind: 'idle' });
          throw new vscode.CancellationError();
        }
        setState({ kind: 'failed', message: describeError(error) });
        log.error(`Workspace index failed: ${describeError(error)}`);
        throw error;
      })
      .finally(() => {
        cancel?.dispose();
        building = undefined;
      });
    return building;
  };

  const ensureIndexed = async (token?: vscode.CancellationToken): Promise<WorkspaceIndex | undefined> => {
    if (index && index.version > 0) return index;
    await build(token);
    return index;
  };

  // ---- commands ----
  const analyzeWorkspace = async (): Promise<void> => {
    if (!(vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file')) {
      void vscode.window.showInformationMessage('Switchboard: open a folder on disk to analyze it.');
      return;
    }
    try {
      const summary = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Switchboard: analyzing workspace', cancellable: true },
        (progress, token) => {
          let last = 0;
          // The person asked to analyze: every file is analysed again, not only what changed (issue 14 item 19).
          return build(
            token,
            (done, total) => {
              const pct = total ? (done / total) * 100 : 0;
              progress.report({ message: `${done} / ${total} files`, increment: pct - last });
              last = pct;
            },
            true,
          );
        },
      );
      if (!summary) return;
      const skipped = Object.entries(summary.skipped)
        .filter(([, n]) => n > 0)
        .map(([reason, n]) => `${n} ${reason}`)
        .join(', ');
      void vscode.window.showInformationMessage(
        `Switchboard analyzed ${summary.files} files, ${summary.symbols} symbols in ${(summary.durationMs / 1000).toFixed(1)} s` +
          (skipped ? `; skipped ${skipped}.` : '.'),
      );
    } catch (error) {
      if (error instanceof vscode.CancellationError) void vscode.window.showInformationMessage('Switchboard: workspace analysis cancelled.');
      else void vscode.window.showErrorMessage(`Switchboard could not analyze the workspace: ${describeError(error)}`);
    }
  };

  const documents = new RepoMapDocuments();
  const showRepoMap = async (): Promise<void> => {
    const target = await withIndexProgress(ensureIndexed);
    if (!target) return;
    const editor = vscode.window.activeTextEditor;
    const anchors = anchorsFor(editor);
    const result = rankedContext(target, anchors, { tokenBudget: REPO_MAP_BUDGET, roots: target.folderRoots });
    const header =
      `# Repo map for ${editor ? vscode.workspace.asRelativePath(editor.document.uri) : 'the workspace'}` +
      `${anchors.selection ? ` (lines ${anchors.selection.startLine + 1}-${anchors.selection.endLine + 1})` : ''}\n` +
      `# ${result.symbols.length} of ${result.candidates} ranked symbols, ${result.tokens} / ${REPO_MAP_BUDGET} tokens\n\n`;
    const uri = documents.set('repo-map', header + (result.map || '(nothing indexed yet)\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  };

  const showHotspots = async (): Promise<void> => {
    const target = await withIndexProgress(ensureIndexed);
    if (!target) return;
    const items = target.hotspots(50).map((h) => ({
      label: `${h.container ? h.container + '.' : ''}${h.name}`,
      description: `complexity ${h.complexity ?? 1}`,
      detail: `${vscode.workspace.asRelativePath(h.path)}:${h.line + 1}`,
      hit: h,
    }));
    if (items.length === 0) {
      // An empty picker reads as broken: say what the index holds instead.
      void vscode.window.showInformationMessage(
        target.fileCount === 0
          ? 'Switchboard: the workspace index holds no TypeScript or JavaScript files, so there are no complexity hotspots.'
          : `Switchboard: no function in the ${target.fileCount} indexed files branches (every one has complexity 1), so there are no hotspots.`,
      );
      return;
    }
    const picked = await vscode.window.showQuickPick(items, { title: 'Switchboard: complexity hotspots', matchOnDetail: true });
    if (!picked) return;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(picked.hit.path));
    const at = new vscode.Position(picked.hit.line, picked.hit.column);
    await vscode.window.showTextDocument(doc, { selection: new vscode.Range(at, at) });
  };

  // ---- keeping the index current ----
  const pendingUpdates = new Set<string>();
  let updateTimer: NodeJS.Timeout | undefined;
  const flushUpdates = (): void => {
    const target = index;
    const paths = [...pendingUpdates];
    pendingUpdates.clear();
    if (!target || target.version === 0 || paths.length === 0) return;
    updating = updating
      .then(() => target.update(paths))
      .then(() => warmGraph(target))
      .catch((error: unknown) => log.warn(`Workspace index update failed: ${describeError(error)}`));
  };
  const queueUpdate = (uri: vscode.Uri): void => {
    if (uri.scheme !== 'file') return;
    pendingUpdates.add(uri.fsPath);
    if (updateTimer) clearTimeout(updateTimer);
    updateTimer = setTimeout(flushUpdates, UPDATE_DEBOUNCE_MS);
  };
  for (const glob of [SOURCE_GLOB, RESOLUTION_GLOB]) {
    const watcher = vscode.workspace.createFileSystemWatcher(glob);
    lifetime.add(watcher);
    lifetime.add(watcher.onDidChange(queueUpdate));
    lifetime.add(watcher.onDidCreate(queueUpdate));
    lifetime.add(
      watcher.onDidDelete((uri) => {
        if (uri.scheme !== 'file' || !index) return;
        const target = index;
        updating = updating.then(() => target.remove([uri.fsPath]));
      }),
    );
  }
  // A folder that appears or goes with its files at once (a checkout, an unzip, rm -r) comes as one
  // event for the folder, which the globs above do not match: its files are found, or dropped, here.
  // ('**/*' adds no watching of its own: VS Code filters the workspace's one recursive watcher.)
  const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
  lifetime.add(folders);
  lifetime.add(
    folders.onDidCreate((uri) => {
      const target = index;
      if (uri.scheme !== 'file' || !target || target.version === 0 || isWatchedFile(uri.fsPath)) return;
      updating = updating
        .then(() => target.addFolder(uri.fsPath))
        .then(() => warmGraph(target))
        .catch((error: unknown) => log.warn(`Workspace index update of the new folder ${vscode.workspace.asRelativePath(uri)} failed: ${describeError(error)}`));
    }),
  );
  lifetime.add(
    folders.onDidDelete((uri) => {
      const target = index;
      if (uri.scheme !== 'file' || !target || isWatchedFile(uri.fsPath)) return;
      updating = updating.then(() => target.remove([uri.fsPath]));
    }),
  );
  // Folder renames come only through here (the glob watcher sees files).
  lifetime.add(
    vscode.workspace.onDidRenameFiles((e) => {
      const target = index;
      if (!target || target.version === 0) return;
      for (const { oldUri, newUri } of e.files) {
        if (oldUri.scheme !== 'file' || newUri.scheme !== 'file') continue;
        updating = updating
          .then(() => target.rename(oldUri.fsPath, newUri.fsPath))
          .catch((error: unknown) => log.warn(`Workspace index rename failed: ${describeError(error)}`));
      }
    }),
  );
  lifetime.add(
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      // New folders mean a new index; the old one's storage stays valid for the folders it had.
      index?.dispose();
      index = undefined;
      setState({ kind: 'idle' });
    }),
  );
  lifetime.add(vscode.workspace.registerTextDocumentContentProvider(REPO_MAP_SCHEME, documents));
  lifetime.add(documents);
  lifetime.add(vscode.commands.registerCommand('switchboard.analyzeWorkspace', analyzeWorkspace));
  lifetime.add(vscode.commands.registerCommand('switchboard.showRepoMap', showRepoMap));
  lifetime.add(vscode.commands.registerCommand('switchboard.showComplexityHotspots', showHotspots));

  const handle: AnalysisHandle = {
    get index() {
      return index;
    },
    get state() {
      return state;
    },
    onDidChangeState: stateEmitter.event,
    ensureIndexed,
    async contextFor(anchors, tokenBudget) {
      const target = await ensureIndexed();
      return target ? rankedContext(target, anchors, { tokenBudget, roots: target.folderRoots }) : undefined;
    },
    dispose() {
      if (updateTimer) clearTimeout(updateTimer);
      if (saveTimer) clearTimeout(saveTimer);
      const last = index;
      index = undefined;
      // Persist what changed since the last save before letting the workers go.
      void (last ? last.save().catch(() => undefined) : Promise.resolve()).finally(() => last?.dispose());
      lifetime.dispose();
    },
  };
  context.subscriptions.push(handle);
  return handle;
}

/** Runs `ensureIndexed` under a progress notification when the index still has to be built. */
async function withIndexProgress(ensure: (token?: vscode.CancellationToken) => Promise<WorkspaceIndex | undefined>): Promise<WorkspaceIndex | undefined> {
  try {
    return await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Switchboard: indexing workspace', cancellable: true },
      (_progress, token) => ensure(token),
    );
  } catch (error) {
    if (!(error instanceof vscode.CancellationError)) void vscode.window.showErrorMessage(`Switchboard could not index the workspace: ${describeError(error)}`);
    return undefined;
  }
}

function anchorsFor(editor: vscode.TextEditor | undefined): Anchors {
  if (!editor || editor.document.uri.scheme !== 'file') return {};
  const path = editor.document.uri.fsPath;
  const sel = editor.selection;
  if (sel.isEmpty) {
    const word = editor.document.getWordRangeAtPosition(sel.active);
    return { activeFile: path, ...(word ? { mentionedNames: [editor.document.getText(word)] } : {}) };
  }
  return { activeFile: path, selection: { path, startLine: sel.start.line, endLine: sel.end.line } };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
