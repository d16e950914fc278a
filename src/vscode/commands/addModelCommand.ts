import * as vscode from 'vscode';
import { type ProviderPreset, presetRows, suggestModelId } from '../../core/config/providerPresets';
import { type CompatibleModelList, listCompatibleModels } from '../../core/modelDiscovery/compatibleModels';
import { modelConfigSchema } from '../../core/config/settings/models';
import { modelIdSchema } from '../../core/models/modelId';
import type { ModelConfig } from '../../core/models/modelConfig';
import type { Logger } from '../../core/log/logger';
import { CAPABILITIES, type Capability } from '../../core/router/capabilities';
import { keySlotFor } from '../../core/secrets/keySlots';
import type { KeyStore } from '../keyStore';
import type { SettingsService } from '../settingsService';

interface Deps {
  readonly keys: KeyStore;
  readonly settings: SettingsService;
  readonly log: Logger;
}

/**
 * "Switchboard: Add Model…": a guided entry into the user's `switchboard.models` and tiers, so a new
 * user never has to hand-write JSON. Writes user settings only; the workspace's are left alone.
 */
export async function addModel(deps: Deps): Promise<ModelConfig | undefined> {
  const preset = await pickPreset();
  if (!preset) return undefined;
  const baseUrl = preset.baseUrl ?? (preset.provider === 'openai-compatible' ? await askBaseUrl() : undefined);
  if (preset.provider === 'openai-compatible' && !baseUrl) return undefined;
  const model = await askModelName(preset, baseUrl && preset.listModels ? await serverModels(deps, baseUrl) : undefined);
  if (!model) return undefined;
  const taken = new Set(deps.settings.value.settings.models.map((m) => m.id));
  const id = await vscode.window.showInputBox({
    title: 'Add Model: id used in tiers',
    value: suggestModelId(model, taken),
    ignoreFocusOut: true,
    validateInput: (value) => {
      const r = modelIdSchema.safeParse(value);
      if (!r.success) return `The id ${r.error.issues[0]?.message ?? 'is invalid'}`;
      return taken.has(value) ? `"${value}" is already used` : undefined;
    },
  });
  if (!id) return undefined;
  const entry = modelConfigSchema.parse({
    id,
    provider: preset.provider,
    model,
    ...(baseUrl ? { baseUrl } : {}),
    ...(preset.local ? { local: true } : {}),
  });
  const capabilities = await pickCapabilities(id);
  if (!capabilities) return undefined;

  const config = vscode.workspace.getConfiguration('switchboard');
  const userModels = (config.inspect<unknown[]>('models')?.globalValue ?? []).slice();
  userModels.push(entry);
  await config.update('models', userModels, vscode.ConfigurationTarget.Global);
  if (capabilities.length > 0) {
    const userTiers = { ...(config.inspect<Record<string, string[]>>('tiers')?.globalValue ?? {}) };
    for (const capability of capabilities) userTiers[capability] = [...(userTiers[capability] ?? []).filter((x) => x !== id), id];
    await config.update('tiers', userTiers, vscode.ConfigurationTarget.Global);
  }
  deps.log.info(`Added model "${id}" (${entry.provider} · ${entry.model}) to user settings${capabilities.length ? ` and to tiers ${capabilities.join(', ')}` : ''}.`);

  const slot = keySlotFor(entry);
  if (slot?.required && deps.keys.status(slot).kind === 'missing') {
    const choice = await vscode.window.showInformationMessage(`Switchboard: "${id}" added. It needs an API key for ${slot.label}.`, 'Set API Key…');
    if (choice) await vscode.commands.executeCommand('switchboard.setApiKey', { slot: slot.id });
  } else {
    void vscode.window.showInformationMessage(`Switchboard: "${id}" added${capabilities.length ? ` to ${capabilities.join(', ')}` : ''}.`);
  }
  return entry;
}

async function pickPreset(): Promise<ProviderPreset | undefined> {
  type Item = vscode.QuickPickItem & { preset?: ProviderPreset };
  // Sections with one-line rows, so that every entry (the OpenAI-compatible server first of its
  // section) shows without scrolling.
  const items = presetRows().map((row): Item =>
    row.kind === 'separator' ? { label: row.label, kind: vscode.QuickPickItemKind.Separator } : { label: row.preset.label, description: row.preset.description, preset: row.preset },
  );
  const picked = await vscode.window.showQuickPick(items, { title: 'Add Model: provider', placeHolder: 'Where does the model run?', ignoreFocusOut: true, matchOnDescription: true });
  return picked?.preset;
}

/** The server's own model list, asked with its key when one is set; the failure says why, for the next step to show. */
async function serverModels(deps: Deps, baseUrl: string): Promise<CompatibleModelList> {
  const slot = keySlotFor({ provider: 'openai-compatible', baseUrl });
  const apiKey = slot ? await deps.keys.get(slot) : undefined;
  const list = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Switchboard: asking ${baseUrl} for its models…`, cancellable: true },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return listCompatibleModels({ baseURL: baseUrl, ...(apiKey ? { apiKey } : {}), signal: abort.signal });
    },
  );
  if (list.kind === 'failed') deps.log.info(`Add Model: no model list from ${baseUrl}: ${list.reason}`);
  return list;
}

async function askBaseUrl(): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Add Model: base URL',
    placeHolder: 'https://my-endpoint.example.com/v1',
    ignoreFocusOut: true,
    validateInput: (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'Use an http(s) URL';
      } catch {
        return 'Enter a URL such as https://host/v1';
      }
    },
  });
}

/** The model name: picked from the server's list or the preset's suggestions, or typed (with why there is no list). */
async function askModelName(preset: ProviderPreset, listed?: CompatibleModelList): Promise<string | undefined> {
  const names = listed?.kind === 'listed' ? listed.models : preset.suggestedModels;
  if (names.length === 0) {
    return vscode.window.showInputBox({
      title: `Add Model: ${preset.label} model name`,
      placeHolder: 'model name as the provider spells it',
      ...(listed?.kind === 'failed' ? { prompt: `No list of models to pick from: ${listed.reason} Type the name.` } : {}),
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Enter a model name'),
    });
  }
  const quickPick = vscode.window.createQuickPick();
  quickPick.title = `Add Model: ${preset.label} model`;
  quickPick.placeholder = listed?.kind === 'listed' ? 'Pick one the server serves, or type the exact model name' : 'Pick one or type the exact model name';
  quickPick.ignoreFocusOut = true;
  const suggestions = names.map((label) => ({ label, ...(listed?.kind === 'listed' ? { description: 'served by the server' } : {}) }));
  quickPick.items = suggestions;
  quickPick.onDidChangeValue((value) => {
    quickPick.items = value && !names.includes(value) ? [{ label: value, description: 'use this name' }, ...suggestions] : suggestions;
  });
  return new Promise<string | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0]?.label ?? (quickPick.value || undefined));
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      quickPick.dispose();
    });
    quickPick.show();
  });
}

async function pickCapabilities(id: string): Promise<Capability[] | undefined> {
  const picked = await vscode.window.showQuickPick(
    CAPABILITIES.map((capability) => ({ label: capability, picked: capability !== 'classify', capability })),
    { title: `Add Model: tiers for "${id}"`, placeHolder: 'Added at the end of each chosen tier (primary if the tier is empty)', canPickMany: true, ignoreFocusOut: true },
  );
  return picked?.map((p) => p.capability);
}
