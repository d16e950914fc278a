import * as vscode from 'vscode';
import { type ProviderPreset, presetRows, suggestModelId } from '../../core/config/providerPresets';
import type { ListedModel } from '../../core/modelDiscovery/compatibleModels';
import { unreadTiersWords, userModelsProblem, withModel } from '../../core/config/addModelEntry';
import { addedModelReach, hiddenByWorkspaceWords } from '../../core/config/addedModelReach';
import { perMillionProblem, perMillionSchema, priceIsUnknown } from '../../core/config/addModelPrice';
import { inputProblem } from '../../core/config/diagnostics';
import { modelConfigSchema } from '../../core/config/settings/models';
import { modelIdSchema } from '../../core/models/modelId';
import type { ModelConfig, ModelPrice } from '../../core/models/modelConfig';
import { CAPABILITIES, type Capability } from '../../core/router/capabilities';
import { keySlotFor } from '../../core/secrets/keySlots';
import { setApiKey } from './apiKeyCommands';
import { listSource, modelListFor, ollamaUrl, servedWords, type ModelListDeps } from './addModelLists';

type Deps = ModelListDeps;

/**
 * "Switchboard: Add Model…": a guided entry into the user's `switchboard.models` and tiers, so a new
 * user never has to hand-write JSON. Writes user settings only; the workspace's are left alone.
 */
export async function addModel(deps: Deps): Promise<ModelConfig | undefined> {
  // A models setting that cannot take an entry is said before any step, not after all of them.
  const unwritable = userModelsProblem(vscode.workspace.getConfiguration('switchboard').inspect('models')?.globalValue);
  if (unwritable) return cannotWrite(deps, unwritable);
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
      const problem = inputProblem(modelIdSchema, value);
      if (problem) return `The id ${problem}`;
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
  const addition = withModel(config.inspect('models')?.globalValue, config.inspect('tiers')?.globalValue, entry, capabilities);
  if (!addition.ok) return cannotWrite(deps, addition.problem);
  await config.update('models', addition.models, vscode.ConfigurationTarget.Global);
  if (addition.tiers) await config.update('tiers', addition.tiers, vscode.ConfigurationTarget.Global);
  const { toTiers } = addition;
  deps.log.info(`Added model "${id}" (${entry.provider} · ${entry.model}) to user settings${toTiers.length ? ` and to tiers ${toTiers.join(', ')}` : ''}.`);
  const unread = unreadTiersWords(id, addition.unreadTiers);
  if (unread) {
    deps.log.warn(`Add Model: ${unread}`);
    void vscode.window.showWarningMessage(`Switchboard: ${unread}`, OPEN_USER_SETTINGS).then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettingsJson');
    });
  }
  // What this window resolves now: a workspace's own models or tiers replace the user's here.
  const effective = vscode.workspace.getConfiguration('switchboard');
  const hidden = hiddenByWorkspaceWords(id, addedModelReach(effective.get('models'), effective.get('tiers'), id, toTiers));
  if (hidden) {
    deps.log.warn(`Add Model: ${hidden}`);
    void vscode.window.showWarningMessage(`Switchboard: ${hidden}`, 'Open Workspace Settings').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.action.openWorkspaceSettingsFile');
    });
  }

  const slot = keySlotFor(entry);
  if (slot?.required && deps.keys.status(slot).kind === 'missing') {
    const choice = await vscode.window.showInformationMessage(`Switchboard: "${id}" added. It needs an API key for ${slot.label}.`, 'Set API Key…');
    const saved = choice ? await setApiKey(deps, { slot: slot.id }, { announce: hidden !== undefined }) : false;
    if (saved && !hidden) offerTest(id, `Switchboard: key for ${slot.label} saved in VS Code's secret storage. "${id}" is ready`);
  } else if (!hidden) {
    offerTest(id, `Switchboard: "${id}" added${toTiers.length ? ` to ${toTiers.join(', ')}` : ''}`);
  }
  return entry;
}

const OPEN_USER_SETTINGS = 'Open User Settings';

/** One tiny request on the spot says whether the model answers, before a real question depends on it. */
function offerTest(id: string, said: string): void {
  void vscode.window.showInformationMessage(`${said}.`, 'Test Model').then((choice) => {
    if (choice) void vscode.commands.executeCommand('switchboard.testModel', id);
  });
}

/** Add Model cannot write the user's models: says why, leads to the file, adds nothing. */
function cannotWrite(deps: Deps, problem: string): undefined {
  deps.log.warn(`Add Model: ${problem}`);
  void vscode.window.showErrorMessage(`Switchboard: ${problem}`, OPEN_USER_SETTINGS).then((choice) => {
    if (choice) void vscode.commands.executeCommand('workbench.action.openSettingsJson');
  });
  return undefined;
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
  const listing = modelListFor(deps, preset, baseUrl, stop.signal);
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
  const source = listSource(preset, baseUrl);
  if (listing) {
    quickPick.busy = true;
    quickPick.placeholder = `Asking ${source.asked} for its models… (or type the name)`;
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
        quickPick.placeholder = `Pick ${source.pick}, or type the exact model name`;
        refresh();
      } else if (suggested.length > 0) {
        // Ollama not running, or nothing pulled yet: its usual models to pick from, and the pick says
        // why in its title (a placeholder holding both was cut off at the pick's width).
        models = suggested;
        quickPick.busy = false;
        quickPick.title = `Add Model: ${modelTitle(preset)} · ${list.reason}`;
        quickPick.placeholder = 'Pick one to pull later, or type its name';
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
