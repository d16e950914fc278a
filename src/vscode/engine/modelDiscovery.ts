import * as vscode from 'vscode';
import { type DefaultCatalogue, type DiscoveredModel, buildDefaultCatalogue } from '../../core/modelDiscovery/defaultCatalogue';
import type { Logger } from '../../core/log/logger';
import type { LoopGuard } from '../../core/lmProvider/loopGuard';
import { discoverOllamaModels } from '../../core/modelDiscovery/ollamaDiscovery';
import { plural } from '../../shared/figures';

export interface DiscoveryResult extends DefaultCatalogue {
  /** Why a source found nothing, e.g. "Ollama is not running at http://127.0.0.1:11434". */
  readonly reasons: readonly string[];
  readonly at: number;
  /** The VS Code language models it saw, as {@link vscodeLmModelsKey} writes them. */
  readonly vscodeLmKey: string;
}

/** The VS Code language models Switchboard may use, as one comparable string (ids in order). */
export function vscodeLmModelsKey(models: readonly DiscoveredModel[]): string {
  return models.map((m) => (m.source === 'vscode-lm' ? m.id : m.name)).sort().join('\n');
}

/** The models {@link discoverModels} would find through vscode.lm now, as {@link vscodeLmModelsKey} writes them. */
export async function currentVscodeLmKey(log: Logger, loopGuard: LoopGuard): Promise<string> {
  return vscodeLmModelsKey((await listVscodeLmModels(log, loopGuard)).models);
}

/**
 * Finds models without configuration: local Ollama models and the models other extensions offer
 * through vscode.lm. Used only when `switchboard.models` is empty.
 */
export async function discoverModels(log: Logger, ollamaBaseUrl: string | undefined, loopGuard: LoopGuard, signal?: AbortSignal): Promise<DiscoveryResult> {
  const found: DiscoveredModel[] = [];
  const reasons: string[] = [];
  const [ollama, lm] = await Promise.all([
    discoverOllamaModels({ ...(ollamaBaseUrl ? { baseURL: ollamaBaseUrl } : {}), includeContextLength: true, ...(signal ? { signal } : {}) }),
    listVscodeLmModels(log, loopGuard),
  ]);
  for (const m of ollama.models) {
    found.push({ source: 'ollama', name: m.name, ...(m.parameterSize ? { parameterSize: m.parameterSize } : {}), ...(m.contextLength ? { contextLength: m.contextLength } : {}), ...(ollamaBaseUrl ? { baseUrl: ollamaBaseUrl } : {}) });
  }
  if (ollama.reason) reasons.push(ollama.reason);
  found.push(...lm.models);
  if (lm.reason) reasons.push(lm.reason);
  const catalogue = buildDefaultCatalogue(found);
  log.info(`Discovery: ${plural(ollama.models.length, 'Ollama model')}, ${plural(lm.models.length, 'VS Code language model')}.${reasons.length ? ` ${reasons.join(' ')}` : ''}`);
  return { ...catalogue, reasons, at: Date.now(), vscodeLmKey: vscodeLmModelsKey(lm.models) };
}

/** The VS Code language models Switchboard may use (never its own), or why there are none: discovery's and Add Model's list. */
export async function listVscodeLmModels(log: Logger, loopGuard: Pick<LoopGuard, 'refusal'>): Promise<{ models: DiscoveredModel[]; reason?: string }> {
  try {
    // Never Switchboard's own models, nor a model found to wrap them: routing to them would loop.
    const models = (await vscode.lm.selectChatModels()).filter((m) => loopGuard.refusal(m) === undefined);
    if (models.length === 0) return { models: [], reason: 'No extension offers VS Code language models (for example GitHub Copilot Chat).' };
    return {
      models: models.map((m) => ({ source: 'vscode-lm', id: m.id, vendor: m.vendor, family: m.family, name: m.name, maxInputTokens: m.maxInputTokens })),
    };
  } catch (error) {
    log.warn(`Could not list VS Code language models: ${error instanceof Error ? error.message : String(error)}`);
    return { models: [], reason: 'VS Code language models could not be listed.' };
  }
}
