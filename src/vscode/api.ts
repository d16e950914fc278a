import type * as vscode from 'vscode';
import type { SettingsDiagnostic } from '../core/config/diagnostics';
import type { ModelConfig, Tiers } from '../core/config/schema';

/** What another extension gets from `vscode.extensions.getExtension('switchboard-dev.switchboard').exports`. */
export interface SwitchboardApi {
  readonly apiVersion: 1;
  /** The configured models and tiers as Switchboard parsed them, and whether each provider has a key (never the key). */
  getSetup(): SetupSnapshot;
  onDidChangeSetup(listener: () => void): vscode.Disposable;
}

export interface SetupSnapshot {
  readonly models: readonly ModelConfig[];
  readonly tiers: Tiers;
  readonly diagnostics: readonly SettingsDiagnostic[];
  readonly keys: readonly { readonly slot: string; readonly label: string; readonly status: 'stored' | 'env' | 'missing' }[];
  readonly restricted: boolean;
  readonly ignoredInRestrictedMode: readonly string[];
}
