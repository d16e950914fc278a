import * as vscode from 'vscode';
import { type ProviderPreset, presetRows, suggestModelId } from '../../core/config/providerPresets';
import { type CompatibleModelList, type ListedModel, listCompatibleModels } from '../../core/modelDiscovery/compatibleModels';
import { addedModelReach, hiddenByWorkspaceWords } from '../../core/config/addedModelReach';
import { perMillionProblem, perMillionSchema, priceIsUnknown } from '../../core/config/addModelPrice';
import { modelConfigSchema } from '../../core/config/settings/models';
import { modelIdSchema } from '../../core/models/modelId';
import type { ModelConfig, ModelPrice } from '../../core/models/modelConfig';
import type { Logger } from '../../core/log/logger';
import { CAPABILITIES, type Capability } from '../../core/router/capabilities';
import { discoverOllamaModels } from '../../core/modelDiscovery/ollamaDiscovery';
import { OLLAMA_BASE_URL } from '../../core/providers/ollamaModel';
import type { LoopGuard } from '../../core/lmProvider/loopGuard';
import { keySlotFor } from '../../core/secrets/keySlots';
import type { KeyStore } from '../keyStore';
import type { SettingsService } from '../settingsService';

interface Deps {
  readonly keys: KeyStore;
  readonly settings: SettingsService;
  readonly log: Logger;
  /** Keeps Switchboard's own models, and models found to wrap them, out of the VS Code language models offered. */
  readonly loopGuard: Pick<LoopGuard, 'refusal'>;
}

/**
 * "Switchboard: Add Model…": a guided entry into the user's `switchboard.models` and tiers, so a new
 * user never has to hand-write JSON. Writes user settings only; the workspace's are left alone.
 */
export async function addModel(deps: Deps): Promise<ModelConfig | undefined> {
  const preset = await pickPreset();
  if (!preset) return undefined;
  const baseUrl = preset.baseUrl ?? (preset.provider === 'openai-compatible' ? await askBaseUrl() : preset.provider === 'ollama' ? ollamaUrl(deps) : undefined);
  if (preset.provider === 'openai-compatible' && !baseUrl) return undefined;
  const picked = await askModelName(deps, preset, baseUrl);
  if (!picked) return undefined;
  const model = picked.id;
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
  const priced = { provider: preset.provider, model, ...(baseUrl ? { baseUrl } : {}), ...(preset.local ? { local: true } : {}) };
  const price = priceIsUnknown(priced) ? await askPrice(id) : 'unknown';
  if (!price) return undefined;
  // The window the server reported: context fit and a task's context trimming read it.
  const entry = modelConfigSchema.parse({ id, ...priced, ...(picked.contextWindow ? { contextWindow: picked.contextWindow } : {}), ...(price !== 'unknown' ? { price } : {}) });
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
  // What this window resolves now: a workspace's own models or tiers replace the user's here.
  const effective = vscode.workspace.getConfiguration('switchboard');
  const hidden = hiddenByWorkspaceWords(id, addedModelReach(effective.get('models'), effective.get('tiers'), id, capabilities));
  if (hidden) {
    deps.log.warn(`Add Model: ${hidden}`);
    void vscode.window.showWarningMessage(`Switchboard: ${hidden}`, 'Open Workspace Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
    });
  }

  const slot = keySlotFor(entry);
  if (slot?.required && deps.keys.status(slot).kind === 'missing') {
    const choice = await vscode.window.showInformationMessage(`Switchboard: "${id}" added. It needs an API key for ${slot.label}.`, 'Set API Key…');
    if (choice) await vscode.commands.executeCommand('switchboard.setApiKey', { slot: slot.id });
  } else if (!hidden) {
    // One tiny request on the spot says whether the model answers, before a real question depends on it.
    void vscode.window.showInformationMessage(`Switchboard: "${id}" added${capabilities.length ? ` to ${capabilities.join(', ')}` : ''}.`, 'Test Model').then((choice) => {
      if (choice) void vscode.commands.executeCommand('switchboard.testModel', id);
    });
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
async function serverModels(deps: Deps, baseUrl: string, signal: AbortSignal): Promise<CompatibleModelList> {
  const slot = keySlotFor({ provider: 'openai-compatible', baseUrl });
  const apiKey = slot ? await deps.keys.get(slot) : undefined;
  const list = await listCompatibleModels({ baseURL: baseUrl, ...(apiKey ? { apiKey } : {}), signal });
  if (list.kind === 'failed' && !signal.aborted) deps.log.info(`Add Model: no model list from ${baseUrl}: ${list.reason}`);
  return list;
}

/** Ollama's models as they are pulled on this machine, each with its context length; why there are none when there are none. */
async function ollamaModels(deps: Deps, baseUrl: string | undefined, signal: AbortSignal): Promise<CompatibleModelList> {
  const found = await discoverOllamaModels({ ...(baseUrl ? { baseURL: baseUrl } : {}), includeContextLength: true, timeoutMs: OLLAMA_LIST_TIMEOUT_MS, signal });
  if (found.models.length > 0) return { kind: 'listed', models: found.models.map((m) => (m.contextLength ? { id: m.name, contextWindow: m.contextLength } : { id: m.name })) };
  const host = baseUrl ?? OLLAMA_BASE_URL;
  if (!signal.aborted) deps.log.info(`Add Model: no model list from Ollama: ${found.reason ?? `Ollama at ${host} lists no models.`}`);
  // Short enough for the pick's placeholder, where the suggestions stay to pick from (the log has the advice).
  return { kind: 'failed', reason: found.reachable ? `Ollama at ${host} has no models pulled yet` : `Ollama does not answer at ${host} (${found.cause ?? 'not running'})` };
}

/**
 * The models other extensions offer through vscode.lm (Copilot's, for one), by the id a `vscode-lm`
 * entry names, each with its vendor and name and how much input it takes; never Switchboard's own.
 */
async function vscodeLmModels(deps: Deps): Promise<CompatibleModelList> {
  try {
    const chats = (await vscode.lm.selectChatModels()).filter((m) => deps.loopGuard.refusal(m) === undefined);
    if (chats.length > 0) return { kind: 'listed', models: chats.map((m) => ({ id: m.id, contextWindow: m.maxInputTokens, offeredBy: `${m.vendor} · ${m.name}` })) };
    return { kind: 'failed', reason: 'No extension offers VS Code language models (for example GitHub Copilot Chat).' };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    deps.log.warn(`Add Model: VS Code language models could not be listed: ${message}`);
    return { kind: 'failed', reason: `VS Code language models could not be listed: ${message}.` };
  }
}

/** A listing is a convenience in a dialog: Ollama answers locally in milliseconds when it runs. */
const OLLAMA_LIST_TIMEOUT_MS = 5000;

/** The Ollama the person set in `switchboard.discovery.ollamaBaseUrl`, when not the usual one: the entry names it. */
function ollamaUrl(deps: Deps): string | undefined {
  const url = deps.settings.value.settings.discovery.ollamaBaseUrl;
  return new URL(url).origin === new URL(OLLAMA_BASE_URL).origin ? undefined : url;
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

/**
 * The model name: picked from the server's list or the preset's suggestions, or typed. A server's
 * list is asked while the pick is already open (busy, saying whom it asks), so a slow server never
 * hides the step behind a notification and Escape both closes the pick and ends the request; a
 * server that gives no list leaves the name to type, in a box that says why.
 */
async function askModelName(deps: Deps, preset: ProviderPreset, baseUrl: string | undefined): Promise<ListedModel | undefined> {
  const stop = new AbortController();
  const listing =
    preset.provider === 'ollama'
      ? ollamaModels(deps, baseUrl, stop.signal)
      : preset.provider === 'vscode-lm'
        ? vscodeLmModels(deps)
        : baseUrl && preset.listModels
          ? serverModels(deps, baseUrl, stop.signal)
          : undefined;
  if (!listing && preset.suggestedModels.length === 0) return named(typeModelName(preset));
  const quickPick = vscode.window.createQuickPick();
  quickPick.title = `Add Model: ${modelTitle(preset)}`;
  quickPick.ignoreFocusOut = true;
  // While the list is asked for, nothing to pick: the preset's suggestions showed and then gave way
  // to the list (a row under the pointer changing). They come back if there is no list.
  const suggested: readonly ListedModel[] = preset.suggestedModels.map((id) => ({ id }));
  let models: readonly ListedModel[] = listing ? [] : suggested;
  let served = false;
  const refresh = (): void => {
    const value = quickPick.value;
    const suggestions = models.map((m) => ({ label: m.id, ...(served ? { description: servedWords(m, preset) } : {}) }));
    quickPick.items = value && !models.some((m) => m.id === value) ? [{ label: value, description: 'use this name' }, ...suggestions] : suggestions;
  };
  if (listing) {
    quickPick.busy = true;
    quickPick.placeholder = `Asking ${preset.provider === 'ollama' ? `Ollama at ${baseUrl ?? OLLAMA_BASE_URL}` : baseUrl} for its models… (or type the exact model name)`;
  } else {
    quickPick.placeholder = 'Pick one or type the exact model name';
  }
  refresh();
  quickPick.onDidChangeValue(refresh);
  return new Promise<ListedModel | undefined>((resolve) => {
    let settled = false;
    const settle = (value: ListedModel | undefined): void => {
      if (settled) return;
      settled = true;
      resolve(value);
      quickPick.hide();
    };
    quickPick.onDidAccept(() => {
      // Enter on an empty pick (the list still coming) is not an answer.
      const name = quickPick.selectedItems[0]?.label ?? quickPick.value.trim();
      if (name) settle(models.find((m) => m.id === name) ?? { id: name });
    });
    quickPick.onDidHide(() => {
      stop.abort();
      settle(undefined);
      quickPick.dispose();
    });
    quickPick.show();
    void listing?.then((list) => {
      if (settled) return;
      if (list.kind === 'listed') {
        models = list.models;
        served = true;
        quickPick.busy = false;
        quickPick.placeholder = preset.provider === 'ollama' ? 'Pick a model Ollama has pulled, or type the exact model name' : 'Pick one the server serves, or type the exact model name';
        refresh();
      } else if (suggested.length > 0) {
        // Ollama not running, or nothing pulled yet: its usual models to pick from, and the pick says why.
        models = suggested;
        quickPick.busy = false;
        quickPick.placeholder = `${list.reason}: pick one to pull later, or type its name`;
        refresh();
      } else {
        // What was typed so far goes with the person into the box that says why there is no list
        // (settled first: the pick's hiding must not answer for the box).
        const typed = quickPick.value;
        settled = true;
        quickPick.hide();
        resolve(named(typeModelName(preset, list.reason, typed)));
      }
    });
  });
}

/**
 * What the preset's model is called in a title: "OpenAI-compatible server model" (not "server…
 * model": the list's "…" says a step follows), "Ollama model", "VS Code language model".
 */
function modelTitle(preset: ProviderPreset): string {
  const name = preset.label.replace(/…$/, '');
  return /\bmodel$/i.test(name) ? name : `${name} model`;
}

/** "served by the server · 32,768-token context" ("pulled in Ollama · …", "copilot · GPT-4o · …") when the server said how much its context holds. */
function servedWords(model: ListedModel, preset: ProviderPreset): string {
  const where = model.offeredBy ?? (preset.provider === 'ollama' ? 'pulled in Ollama' : 'served by the server');
  return model.contextWindow ? `${where} · ${model.contextWindow.toLocaleString('en-US')}-token context` : where;
}

async function named(typed: Thenable<string | undefined>): Promise<ListedModel | undefined> {
  const name = (await typed)?.trim();
  return name ? { id: name } : undefined;
}

/** The model name typed, with why there is no list to pick from when a server gave none. */
function typeModelName(preset: ProviderPreset, noListBecause?: string, value?: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `Add Model: ${modelTitle(preset)} name`,
    placeHolder: 'model name as the provider spells it',
    ...(noListBecause ? { prompt: `No list of models to pick from: ${noListBecause} Type the name.` } : {}),
    ...(value ? { value } : {}),
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : 'Enter a model name'),
  });
}

/**
 * What a call costs, for a model nothing else prices (see addModelPrice.ts): free, a price per
 * million tokens, or unknown for now. Undefined when the person cancels.
 */
async function askPrice(id: string): Promise<ModelPrice | 'unknown' | undefined> {
  type Choice = 'free' | 'price' | 'unknown';
  const picked = await vscode.window.showQuickPick<vscode.QuickPickItem & { choice: Choice }>(
    [
      { label: 'Nothing', description: 'it runs on hardware you own', choice: 'free' },
      { label: 'A price per million tokens…', description: 'USD, as the server bills it', choice: 'price' },
      { label: 'Unknown for now', description: 'its cost shows as unknown; set "price" in switchboard.models later', choice: 'unknown' },
    ],
    { title: `Add Model: what a call to "${id}" costs`, placeHolder: 'No price list knows this model: the cost figures and budgets use what you say here', ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  if (picked.choice !== 'price') return picked.choice === 'free' ? { input: 0, output: 0 } : 'unknown';
  const ask = async (tokens: string): Promise<number | undefined> => {
    const text = await vscode.window.showInputBox({
      title: `Add Model: ${tokens} price of "${id}"`,
      prompt: `USD per million ${tokens} tokens`,
      placeHolder: 'e.g. 0.6',
      ignoreFocusOut: true,
      validateInput: perMillionProblem,
    });
    return text === undefined ? undefined : perMillionSchema.parse(text);
  };
  const input = await ask('input');
  if (input === undefined) return undefined;
  const output = await ask('output');
  if (output === undefined) return undefined;
  return { input, output };
}

async function pickCapabilities(id: string): Promise<Capability[] | undefined> {
  const picked = await vscode.window.showQuickPick(
    CAPABILITIES.map((capability) => ({ label: capability, picked: capability !== 'classify', capability })),
    { title: `Add Model: tiers for "${id}"`, placeHolder: 'Added at the end of each chosen tier (primary if the tier is empty)', canPickMany: true, ignoreFocusOut: true },
  );
  return picked?.map((p) => p.capability);
}
