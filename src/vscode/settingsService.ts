import * as vscode from 'vscode';
import type { SettingsDiagnostic } from '../core/config/diagnostics';
import { RESTRICTED_SETTINGS } from '../core/config/restricted';
import { type ParsedSettings, type RawSettings, parseSettings } from '../core/config/parseSettings';
import type { Logger } from '../core/log/logger';
import { settingIdOf } from '../core/views/modelsOverview';


/**
 * Reads `switchboard.*` through one typed accessor: raw values in, parsed settings and diagnostics
 * out. Re-reads on every configuration or trust change, so edits apply without a reload.
 */
export class SettingsService implements vscode.Disposable {
  private current: ParsedSettings;
  private readonly changed = new vscode.EventEmitter<ParsedSettings>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Diagnostics already shown, so each problem is shown once, not on every change. */
  private readonly reported = new Set<string>();

  constructor(private readonly log: Logger) {
    this.current = this.read();
    this.report(this.current.diagnostics);
    this.subscriptions.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('switchboard')) this.reload('settings changed');
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload('workspace trusted')),
    );
  }

  get value(): ParsedSettings {
    return this.current;
  }

  /** Settings with a workspace value that VS Code is ignoring because the workspace is untrusted. */
  ignoredInRestrictedMode(): string[] {
    if (vscode.workspace.isTrusted) return [];
    const config = vscode.workspace.getConfiguration('switchboard');
    return RESTRICTED_SETTINGS.filter((id) => {
      const inspected = config.inspect(id.slice('switchboard.'.length));
      return inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
    });
  }

  reload(reason: string): void {
    this.current = this.read();
    this.log.info(`Settings reloaded (${reason}): ${this.current.settings.models.length} models, ${this.current.diagnostics.length} problems.`);
    this.report(this.current.diagnostics);
    this.changed.fire(this.current);
  }

  private read(): ParsedSettings {
    const config = vscode.workspace.getConfiguration('switchboard');
    const raw: RawSettings = { models: config.get('models'), tiers: config.get('tiers') };
    return parseSettings(raw);
  }

  private report(diagnostics: readonly SettingsDiagnostic[]): void {
    const fresh = diagnostics.filter((d) => !this.reported.has(key(d)));
    for (const d of diagnostics) this.reported.add(key(d));
    for (const d of fresh) this.log.warn(`Setting ${d.path}: ${d.message}`);
    if (fresh.length === 0) return;
    const first = fresh[0]!;
    const more = fresh.length > 1 ? ` (and ${fresh.length - 1} more problem${fresh.length > 2 ? 's' : ''})` : '';
    void vscode.window
      .showWarningMessage(`Switchboard: ${first.path} ${first.message}${more}. The rest of your settings still apply.`, 'Open Settings', 'Show Log')
      .then((choice) => {
        if (choice === 'Open Settings') void vscode.commands.executeCommand('switchboard.openSettings', settingIdOf(first.path));
        if (choice === 'Show Log') void vscode.commands.executeCommand('switchboard.showLog');
      });
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

function key(d: SettingsDiagnostic): string {
  return `${d.path}\u0000${d.message}`;
}
