import * as vscode from 'vscode';
import { isEntryOf, rawModels } from '../../core/config/rawModelSettings';
import { withoutModel } from '../../core/config/removeModel';
import type { Logger } from '../../core/log/logger';

/**
 * "Switchboard: Remove Model…": takes a model out of the user's settings, where Add Model put it,
 * after the person confirms: its entry and its place in every user tier. A model the workspace's
 * settings define is the workspace's to change (its settings file opens); one found by discovery is
 * not in any settings. API keys stay: a key belongs to an endpoint other models may share.
 */
export async function removeModel(deps: { readonly log: Logger }, modelId: string): Promise<boolean> {
  const config = vscode.workspace.getConfiguration('switchboard');
  const models = config.inspect<unknown>('models');
  const tiers = config.inspect<unknown>('tiers');
  const removal = withoutModel(models?.globalValue, tiers?.globalValue, modelId);
  if (!removal.found) {
    const inWorkspace = [models?.workspaceValue, models?.workspaceFolderValue].some((scope) => rawModels(scope).some((m) => isEntryOf(m, modelId)));
    if (inWorkspace) {
      const choice = await vscode.window.showInformationMessage(`Switchboard: "${modelId}" is defined in this workspace's settings, not yours: remove it there.`, 'Open Workspace Settings');
      if (choice) await vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
    } else {
      void vscode.window.showInformationMessage(`Switchboard: "${modelId}" is not in your settings (found by discovery, or already removed): nothing to remove.`);
    }
    return false;
  }
  const tiersWords = removal.fromTiers.length > 0 ? `It is also taken out of the ${removal.fromTiers.length === 1 ? 'tier' : 'tiers'} ${removal.fromTiers.join(', ')}.` : '';
  const confirmed = await vscode.window.showWarningMessage(
    `Remove "${modelId}" from your user settings?`,
    { modal: true, detail: `${tiersWords ? `${tiersWords} ` : ''}Its recorded calls stay in the metrics; an API key it used stays in secret storage.` },
    'Remove',
  );
  if (confirmed !== 'Remove') return false;
  // A list or map left empty is taken out of the file, as it was before anything was added.
  await config.update('models', removal.models.length > 0 ? removal.models : undefined, vscode.ConfigurationTarget.Global);
  if (removal.fromTiers.length > 0) await config.update('tiers', Object.keys(removal.tiers).length > 0 ? removal.tiers : undefined, vscode.ConfigurationTarget.Global);
  deps.log.info(`Removed model "${modelId}" from user settings${removal.fromTiers.length ? ` and from tiers ${removal.fromTiers.join(', ')}` : ''}.`);
  void vscode.window.showInformationMessage(`Switchboard: "${modelId}" removed from your settings.`);
  return true;
}
