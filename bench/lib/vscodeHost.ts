import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import Module from 'node:module';
import path from 'node:path';

/**
 * A minimal stand-in for the `vscode` module, enough for the real bundle's activate() to run in
 * plain Node for the benchmarks: settings from a plain object, secrets in memory, real files for
 * the extension's storage, commands in a table, the log's lines kept. What activation only
 * registers (views, watchers, status bar) is accepted and does nothing. No part of a measured path
 * is replaced: the stores, the router, the SDKs and HTTP are the extension's own.
 */

type Listener<T> = (value: T) => unknown;

class EventEmitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const l of [...this.listeners]) l(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class Disposable {
  constructor(private readonly onDispose: () => void) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

class Uri {
  private constructor(
    readonly scheme: string,
    readonly authority: string,
    readonly path: string,
    readonly query = '',
    readonly fragment = '',
  ) {}
  static file(fsPath: string): Uri {
    return new Uri('file', '', path.resolve(fsPath));
  }
  static parse(value: string): Uri {
    const url = new URL(value);
    return url.protocol === 'file:' ? Uri.file(decodeURIComponent(url.pathname)) : new Uri(url.protocol.slice(0, -1), url.host, url.pathname, url.search.slice(1), url.hash.slice(1));
  }
  static from(parts: { scheme: string; authority?: string; path?: string; query?: string; fragment?: string }): Uri {
    return new Uri(parts.scheme, parts.authority ?? '', parts.path ?? '/', parts.query ?? '', parts.fragment ?? '');
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, base.authority, path.posix.join(base.path, ...segments), base.query, base.fragment);
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: Partial<{ scheme: string; authority: string; path: string; query: string; fragment: string }>): Uri {
    return new Uri(change.scheme ?? this.scheme, change.authority ?? this.authority, change.path ?? this.path, change.query ?? this.query, change.fragment ?? this.fragment);
  }
  toString(): string {
    return `${this.scheme}://${this.authority}${this.path}${this.query ? `?${this.query}` : ''}`;
  }
  toJSON(): unknown {
    return { scheme: this.scheme, path: this.path };
  }
}

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(startLine: number | Position, startCharacter: number | Position, endLine?: number, endCharacter?: number) {
    this.start = startLine instanceof Position ? startLine : new Position(startLine, startCharacter as number);
    this.end = startCharacter instanceof Position ? startCharacter : new Position(endLine ?? 0, endCharacter ?? 0);
  }
  get isEmpty(): boolean {
    return this.start.line === this.end.line && this.start.character === this.end.character;
  }
}

class Selection extends Range {
  get active(): Position {
    return this.end;
  }
  get anchor(): Position {
    return this.start;
  }
}

/** An editor on a file on disk with lines `startLine`–`endLine` (0-based, inclusive) selected. */
export function fakeEditor(fsPath: string, languageId: string, startLine: number, endLine: number): unknown {
  const lines = readFileSync(fsPath, 'utf8').split('\n');
  const document = {
    uri: Uri.file(fsPath),
    fileName: fsPath,
    languageId,
    isClosed: false,
    isUntitled: false,
    version: 1,
    lineCount: lines.length,
    lineAt: (line: number) => ({ text: lines[line] ?? '' }),
    getText: (range?: Range) =>
      range ? lines.slice(range.start.line, range.end.line + 1).join('\n') : lines.join('\n'),
  };
  return { document, selection: new Selection(startLine, 0, endLine, (lines[endLine] ?? '').length), selections: [], visibleRanges: [] };
}

/** Anything activation only registers or sets: every property is a no-op function returning another. */
function inert(): unknown {
  const target = function () {
    return undefined;
  };
  return new Proxy(target, {
    get(_t, prop) {
      if (prop === 'then') return undefined;
      if (prop === 'dispose') return () => undefined;
      if (prop === Symbol.toPrimitive) return () => '';
      return inert();
    },
    set() {
      return true;
    },
    apply() {
      return inert();
    },
    construct() {
      return inert() as object;
    },
  });
}

export interface VscodeHostOptions {
  /** `switchboard.*` settings by their key after `switchboard.` (e.g. `models`). */
  readonly settings: Record<string, unknown>;
  readonly workspaceFolder?: string;
  readonly globalStorage: string;
  readonly workspaceStorage: string;
  readonly extensionRoot: string;
  /** What `window.activeTextEditor` is (see {@link fakeEditor}). */
  readonly activeEditor?: unknown;
}

export interface VscodeHost {
  /** What `require('vscode')` gives the bundle. */
  readonly module: Record<string, unknown>;
  readonly context: Record<string, unknown>;
  /** The log's lines, in order. */
  readonly logLines: string[];
  executeCommand(id: string, ...args: unknown[]): Promise<unknown>;
}

export function createVscodeHost(options: VscodeHostOptions): VscodeHost {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const logLines: string[] = [];
  const secrets = new Map<string, string>();
  const secretChanged = new EventEmitter<{ key: string }>();
  const folder = options.workspaceFolder ? { uri: Uri.file(options.workspaceFolder), name: path.basename(options.workspaceFolder), index: 0 } : undefined;
  const executeCommand = async (id: string, ...args: unknown[]): Promise<unknown> => commands.get(id)?.(...args);

  const configuration = (section?: string) => ({
    get: (key: string, fallback?: unknown) => (section === 'switchboard' && key in options.settings ? options.settings[key] : fallback),
    has: (key: string) => section === 'switchboard' && key in options.settings,
    inspect: () => undefined,
    update: async () => undefined,
  });
  const log = (level: string) => (message: unknown) => {
    logLines.push(`[${level}] ${String(message)}`);
  };
  const memento = () => {
    const values = new Map<string, unknown>();
    return { get: (k: string, d?: unknown) => (values.has(k) ? values.get(k) : d), update: async (k: string, v: unknown) => void values.set(k, v), keys: () => [...values.keys()], setKeysForSync: () => undefined };
  };

  const vscodeModule: Record<string, unknown> = {
    version: '1.100.3',
    EventEmitter,
    Disposable,
    Uri,
    CancellationError: class CancellationError extends Error {},
    CancellationTokenSource: class {
      readonly token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose: () => undefined }) };
      cancel(): void {}
      dispose(): void {}
    },
    ExtensionMode: { Production: 1, Development: 2, Test: 3 },
    ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
    ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
    ViewColumn: { Active: -1, Beside: -2, One: 1 },
    StatusBarAlignment: { Left: 1, Right: 2 },
    TreeItemCollapsibleState: { None: 0, Collapsed: 1, Expanded: 2 },
    QuickPickItemKind: { Separator: -1, Default: 0 },
    DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
    FileType: { Unknown: 0, File: 1, Directory: 2, SymbolicLink: 64 },
    LanguageModelChatToolMode: { Auto: 1, Required: 2 },
    Position,
    Range,
    Selection,
    TreeItem: class {
      constructor(
        readonly label: unknown,
        readonly collapsibleState?: number,
      ) {}
    },
    ThemeIcon: class {
      constructor(readonly id: string) {}
    },
    ThemeColor: class {
      constructor(readonly id: string) {}
    },
    commands: {
      registerCommand: (id: string, run: (...args: unknown[]) => unknown) => {
        commands.set(id, run);
        return new Disposable(() => commands.delete(id));
      },
      executeCommand,
      getCommands: async () => [...commands.keys()],
    },
    workspace: {
      get workspaceFolders() {
        return folder ? [folder] : undefined;
      },
      workspaceFile: undefined,
      isTrusted: true,
      textDocuments: [],
      getConfiguration: configuration,
      getWorkspaceFolder: () => folder,
      asRelativePath: (p: Uri | string) => (folder ? path.relative(folder.uri.fsPath, typeof p === 'string' ? p : p.fsPath) : String(p)),
      fs: {
        readFile: async (uri: Uri) => new Uint8Array(await readFile(uri.fsPath)),
        stat: async (uri: Uri) => {
          const s = statSync(uri.fsPath);
          return { type: s.isDirectory() ? 2 : 1, size: s.size, mtime: s.mtimeMs, ctime: s.ctimeMs };
        },
      },
      onDidChangeConfiguration: new EventEmitter<unknown>().event,
      onDidGrantWorkspaceTrust: new EventEmitter<unknown>().event,
      onDidChangeWorkspaceFolders: new EventEmitter<unknown>().event,
      onDidRenameFiles: new EventEmitter<unknown>().event,
      onDidCloseTextDocument: new EventEmitter<unknown>().event,
      onDidSaveTextDocument: new EventEmitter<unknown>().event,
      onDidChangeTextDocument: new EventEmitter<unknown>().event,
      createFileSystemWatcher: () => inert(),
      registerTextDocumentContentProvider: () => new Disposable(() => undefined),
    },
    window: {
      activeTextEditor: options.activeEditor,
      visibleTextEditors: [],
      tabGroups: inert(),
      onDidChangeActiveTextEditor: new EventEmitter<unknown>().event,
      onDidChangeTextEditorSelection: new EventEmitter<unknown>().event,
      onDidChangeVisibleTextEditors: new EventEmitter<unknown>().event,
      createOutputChannel: () => ({ trace: log('trace'), debug: log('debug'), info: log('info'), warn: log('warning'), error: log('error'), appendLine: log('info'), show: () => undefined, dispose: () => undefined }),
      showInformationMessage: async () => undefined,
      showWarningMessage: async () => undefined,
      showErrorMessage: async () => undefined,
      createStatusBarItem: () => inert(),
      createTreeView: () => inert(),
      registerWebviewViewProvider: () => new Disposable(() => undefined),
      registerTreeDataProvider: () => new Disposable(() => undefined),
      withProgress: async (_o: unknown, task: (p: unknown, t: unknown) => unknown) => task({ report: () => undefined }, { isCancellationRequested: false, onCancellationRequested: () => new Disposable(() => undefined) }),
    },
    lm: {
      selectChatModels: async () => [],
      onDidChangeChatModels: new EventEmitter<unknown>().event,
      tools: [],
      registerTool: () => new Disposable(() => undefined),
    },
    chat: { createChatParticipant: () => inert() },
    languages: { getDiagnostics: () => [], registerCodeActionsProvider: () => new Disposable(() => undefined) },
    env: { appRoot: options.extensionRoot, clipboard: inert(), language: 'en' },
    extensions: { getExtension: () => undefined },
  };
  // Anything else a code path reaches for exists and does nothing.
  const module = new Proxy(vscodeModule, { get: (t, prop: string) => (prop in t ? t[prop] : prop === '__esModule' ? false : inert()) });

  mkdirSync(options.globalStorage, { recursive: true });
  mkdirSync(options.workspaceStorage, { recursive: true });
  const packageJSON = JSON.parse(readFileSync(path.join(options.extensionRoot, 'package.json'), 'utf8')) as unknown;
  const context = {
    subscriptions: [] as { dispose(): unknown }[],
    extensionUri: Uri.file(options.extensionRoot),
    extensionPath: options.extensionRoot,
    globalStorageUri: Uri.file(options.globalStorage),
    storageUri: Uri.file(options.workspaceStorage),
    logUri: Uri.file(path.join(options.globalStorage, 'logs')),
    extensionMode: 1,
    extension: { id: 'switchboard-dev.switchboard', packageJSON },
    globalState: memento(),
    workspaceState: memento(),
    secrets: {
      get: async (key: string) => secrets.get(key),
      store: async (key: string, value: string) => {
        secrets.set(key, value);
        secretChanged.fire({ key });
      },
      delete: async (key: string) => {
        secrets.delete(key);
        secretChanged.fire({ key });
      },
      onDidChange: secretChanged.event,
    },
  };
  return { module, context, logLines, executeCommand };
}

/** Makes `require('vscode')` return `host.module` from now on, in this process. */
export function installVscodeHost(host: VscodeHost): void {
  const moduleWithLoad = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const load = moduleWithLoad._load;
  moduleWithLoad._load = function (request, parent, isMain) {
    return request === 'vscode' ? host.module : load.call(this, request, parent, isMain);
  };
}
