import type { ProviderPreset } from '../../core/config/providerPresets';
import type { Logger } from '../../core/log/logger';
import type { LoopGuard } from '../../core/lmProvider/loopGuard';
import { type CompatibleModelList, type ListedModel, listCompatibleModels } from '../../core/modelDiscovery/compatibleModels';
import { discoverOllamaModels } from '../../core/modelDiscovery/ollamaDiscovery';
import { OLLAMA_BASE_URL } from '../../core/providers/ollamaModel';
import { listVscodeLmModels } from '../engine/modelDiscovery';
import { keySlotFor } from '../../core/secrets/keySlots';
import type { KeyStore } from '../keyStore';
import type { SettingsService } from '../settingsService';

/*
 * The lists "Add Model…" offers to pick a model from: what an OpenAI-compatible server serves, what
 * Ollama has pulled, what other extensions offer through vscode.lm. Each comes back as a list or as
 * why there is none, for the pick to say.
 */

export interface ModelListDeps {
  readonly keys: KeyStore;
  readonly settings: SettingsService;
  readonly log: Logger;
  /** Keeps Switchboard's own models, and models found to wrap them, out of the VS Code language models offered. */
  readonly loopGuard: Pick<LoopGuard, 'refusal'>;
}

/** The list the preset's models come from, asked now; undefined when the preset has none to ask. */
export function modelListFor(deps: ModelListDeps, preset: ProviderPreset, baseUrl: string | undefined, signal: AbortSignal): Promise<CompatibleModelList> | undefined {
  if (preset.provider === 'ollama') return ollamaModels(deps, baseUrl, signal);
  if (preset.provider === 'vscode-lm') return vscodeLmModels(deps);
  return baseUrl && preset.listModels ? serverModels(deps, baseUrl, signal) : undefined;
}

/** The server's own model list, asked with its key when one is set; the failure says why, for the next step to show. */
async function serverModels(deps: ModelListDeps, baseUrl: string, signal: AbortSignal): Promise<CompatibleModelList> {
  const slot = keySlotFor({ provider: 'openai-compatible', baseUrl });
  const apiKey = slot ? await deps.keys.get(slot) : undefined;
  const list = await listCompatibleModels({ baseURL: baseUrl, ...(apiKey ? { apiKey } : {}), signal });
  if (list.kind === 'failed' && !signal.aborted) deps.log.info(`Add Model: no model list from ${baseUrl}: ${list.reason}`);
  return list;
}

/** Ollama's models as they are pulled on this machine, each with its context length; why there are none when there are none. */
async function ollamaModels(deps: ModelListDeps, baseUrl: string | undefined, signal: AbortSignal): Promise<CompatibleModelList> {
  const found = await discoverOllamaModels({ ...(baseUrl ? { baseURL: baseUrl } : {}), includeContextLength: true, timeoutMs: OLLAMA_LIST_TIMEOUT_MS, signal });
  if (found.models.length > 0) return { kind: 'listed', models: found.models.map((m) => (m.contextLength ? { id: m.name, contextWindow: m.contextLength } : { id: m.name })) };
  const host = baseUrl ?? OLLAMA_BASE_URL;
  if (!signal.aborted) deps.log.info(`Add Model: no model list from Ollama: ${found.reason ?? `Ollama at ${host} lists no models.`}`);
  // Short enough for the pick's title, where the suggestions stay to pick from (the log has the cause and the advice).
  const where = hostOf(host);
  return { kind: 'failed', reason: found.reachable ? `Ollama at ${where} has no models pulled yet` : `Ollama at ${where} does not answer` };
}

/** "127.0.0.1:11434" of "http://127.0.0.1:11434/": what a person reads as the address. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * The models other extensions offer through vscode.lm (Copilot's, for one), as discovery lists them:
 * by the id a `vscode-lm` entry names, each with its vendor and name and how much input it takes;
 * never Switchboard's own.
 */
async function vscodeLmModels(deps: ModelListDeps): Promise<CompatibleModelList> {
  const found = await listVscodeLmModels(deps.log, deps.loopGuard);
  const models = found.models.flatMap((m) => (m.source === 'vscode-lm' ? [{ id: m.id, contextWindow: m.maxInputTokens, offeredBy: `${m.vendor} · ${m.name}` }] : []));
  return models.length > 0 ? { kind: 'listed', models } : { kind: 'failed', reason: found.reason ?? 'No extension offers VS Code language models.' };
}

/** A listing is a convenience in a dialog: Ollama answers locally in milliseconds when it runs. */
const OLLAMA_LIST_TIMEOUT_MS = 5000;

/** The Ollama the person set in `switchboard.discovery.ollamaBaseUrl`, when not the usual one: the entry names it. */
export function ollamaUrl(deps: Pick<ModelListDeps, 'settings'>): string | undefined {
  const url = deps.settings.value.settings.discovery.ollamaBaseUrl;
  return new URL(url).origin === new URL(OLLAMA_BASE_URL).origin ? undefined : url;
}

/** Whom the model pick asks for a list, and what it offers once listed, in the placeholder's words. */
export function listSource(preset: ProviderPreset, baseUrl: string | undefined): { readonly asked: string; readonly pick: string } {
  // The address as a person reads it (host and port): the placeholder is one line at the pick's width.
  if (preset.provider === 'ollama') return { asked: `Ollama at ${hostOf(baseUrl ?? OLLAMA_BASE_URL)}`, pick: 'a model Ollama has pulled' };
  if (preset.provider === 'vscode-lm') return { asked: 'VS Code', pick: 'a model another extension offers' };
  return { asked: baseUrl ? hostOf(baseUrl) : 'the server', pick: 'one the server serves' };
}

/** "served by the server · 32,768-token context" ("pulled in Ollama · …", "copilot · GPT-4o · …") when the server said how much its context holds. */
export function servedWords(model: ListedModel, preset: ProviderPreset): string {
  const where = model.offeredBy ?? (preset.provider === 'ollama' ? 'pulled in Ollama' : 'served by the server');
  return model.contextWindow ? `${where} · ${model.contextWindow.toLocaleString('en-US')}-token context` : where;
}
