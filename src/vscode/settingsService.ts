import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { DisposableBase } from '../core/lifecycle/disposable';
import { settingsProblemsMessage, type SettingsDiagnostic } from '../core/config/diagnostics';
import { RESTRICTED_SETTINGS } from '../core/config/restricted';
import { settingsFileSyntaxProblems } from '../core/config/settingsFileSyntax';
import { settingsSetIn } from '../core/config/workspaceOverrides';
import { taskProfilesForRestrictedMode } from '../core/config/settings/tasks';
import { type ParsedSettings, RAW_SETTING_KEYS, type RawSettings, parseSettings } from '../core/config/parseSettings';
import type { Logger } from '../core/log/logger';
import { settingIdOf } from '../core/views/modelsOverview';


/**
 * Reads `switchboard.*` through one typed accessor: raw values in, parsed settings and diagnostics
 * out. Re-reads on every configuration or trust change, so edits apply without a reload.
 */
export class SettingsService extends DisposableBase {
  private current: ParsedSettings;
  private readonly changed = this.register(new vscode.EventEmitter<ParsedSettings>());
  readonly onDidChange = this.changed.event;
  /** Diagnostics already shown, so each problem is shown once, not on every change. */
  private readonly reported = new Set<string>();
  private ignored: readonly string[] = [];
  /** Syntax errors in the workspace's settings files, from the last read of them. */
  private fileProblems: readonly SettingsDiagnostic[] = [];
  /** The workspace's settings files by the label their syntax problems carry, for "Open File". */
  private readonly settingsFiles = new Map<string, vscode.Uri>();
  /** Resolves when the workspace's settings files have been read (Restricted Mode only). */
  readonly ready: Promise<void>;

  constructor(private readonly log: Logger) {
    super();
    this.current = this.read();
    this.report(this.current.diagnostics);
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('switchboard')) this.reload('settings changed');
      }),
    );
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload('workspace trusted')));
    // Restricted settings' workspace values raise no configuration event in Restricted Mode, and a
    // broken file raises none anywhere: watch the files.
    const watcher = vscode.workspace.createFileSystemWatcher('**/.vscode/settings.json');
    const recheck = () => void this.checkFiles();
    this.register(watcher);
    this.register(watcher.onDidChange(recheck));
    this.register(watcher.onDidCreate(recheck));
    this.register(watcher.onDidDelete(recheck));
    this.ready = this.checkFiles();
  }

  get value(): ParsedSettings {
    return this.current;
  }

  /** Every settings problem: the values' (by setting path) and the workspace settings files' syntax (by file). */
  get problems(): readonly SettingsDiagnostic[] {
    return [...this.current.diagnostics, ...this.fileProblems];
  }

  /** Settings with a workspace value that VS Code is ignoring because the workspace is untrusted. */
  ignoredInRestrictedMode(): string[] {
    return vscode.workspace.isTrusted ? [] : [...this.ignored];
  }

  /**
   * VS Code hides a restricted setting's workspace value completely in Restricted Mode, so the
   * workspace's settings files are read here to tell the person what is being ignored.
   */
  private async checkFiles(): Promise<void> {
    const files: { uri: vscode.Uri; workspaceFile: boolean }[] = (vscode.workspace.workspaceFolders ?? []).map((f) => ({
      uri: vscode.Uri.joinPath(f.uri, '.vscode', 'settings.json'),
      workspaceFile: false,
    }));
    const workspaceFile = vscode.workspace.workspaceFile;
    if (workspaceFile && workspaceFile.scheme !== 'untitled') files.push({ uri: workspaceFile, workspaceFile: true });
    const found = new Set<string>();
    const syntax: SettingsDiagnostic[] = [];
    for (const file of files) {
      let text: string;
      try {
        // A file on disk is read from here: workspace.fs goes through the window, which is busy for
        // seconds after a reload while activation waits on this read (issue 16).
        text = file.uri.scheme === 'file' ? await readFile(file.uri.fsPath, 'utf8') : new TextDecoder().decode(await vscode.workspace.fs.readFile(file.uri));
      } catch {
        continue; // No settings file in this folder.
      }
      const label = vscode.workspace.asRelativePath(file.uri, true);
      this.settingsFiles.set(label, file.uri);
      syntax.push(...settingsFileSyntaxProblems(text, label));
      if (!vscode.workspace.isTrusted) for (const id of settingsSetIn(text, RESTRICTED_SETTINGS, file.workspaceFile)) found.add(id);
    }
    const changed = JSON.stringify(syntax) !== JSON.stringify(this.fileProblems);
    this.fileProblems = syntax;
    this.report(syntax);
    this.updateIgnored(found);
    // The Models view and the API list the file's problem too, and drop it once the file is fixed.
    if (changed) this.changed.fire(this.current);
  }

  private updateIgnored(found: ReadonlySet<string>): void {
    const next = RESTRICTED_SETTINGS.filter((id) => found.has(id));
    const changed = next.join() !== this.ignored.join();
    this.ignored = next;
    if (changed) {
      this.log.warn(`Restricted Mode: ignoring this workspace's values for ${next.join(', ')}; your user settings apply.`);
      this.changed.fire(this.current);
    }
  }

  reload(reason: string): void {
    this.current = this.read();
    this.log.info(`Settings reloaded (${reason}): ${this.current.settings.models.length} models, ${this.current.diagnostics.length} problems.`);
    this.report(this.current.diagnostics);
    this.changed.fire(this.current);
    void this.checkFiles();
  }

  private read(): ParsedSettings {
    const config = vscode.workspace.getConfiguration('switchboard');
    const raw: RawSettings = Object.fromEntries(RAW_SETTING_KEYS.map((key) => [key, config.get(key)]));
    if (!vscode.workspace.isTrusted) {
      // switchboard.tasks is not restricted as a whole (a folder's profiles are useful), only the parts that redirect models or raise spending.
      const tasks = taskProfilesForRestrictedMode(config.inspect('tasks') ?? {});
      if (tasks.ignored.length > 0) this.log.warn(`Restricted Mode: ignoring this workspace's ${tasks.ignored.join(', ')}; your user settings apply.`);
      return parseSettings({ ...raw, tasks: tasks.value });
    }
    return parseSettings(raw);
  }

  private report(diagnostics: readonly SettingsDiagnostic[]): void {
    const fresh = diagnostics.filter((d) => !this.reported.has(key(d)));
    for (const d of diagnostics) this.reported.add(key(d));
    for (const d of fresh) this.log.warn(`Setting ${d.path}: ${d.message}`);
    const message = settingsProblemsMessage(fresh);
    const first = fresh[0];
    if (!message || !first) return;
    const file = this.settingsFiles.get(first.path);
    const open = file ? 'Open File' : 'Open Settings';
    void vscode.window
      .showWarningMessage(message, open, 'Show Log')
      .then((choice) => {
        if (choice === 'Open File' && file) void vscode.window.showTextDocument(file);
        if (choice === 'Open Settings') void vscode.commands.executeCommand('switchboard.openSettings', settingIdOf(first.path));
        if (choice === 'Show Log') void vscode.commands.executeCommand('switchboard.showLog');
      });
  }
}

function key(d: SettingsDiagnostic): string {
  return `${d.path}\u0000${d.message}`;
}
