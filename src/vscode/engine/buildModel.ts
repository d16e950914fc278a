import type { SwitchboardSettings } from '../../core/config/parseSettings';
import type { LoopGuard } from '../../core/lmProvider/loopGuard';
import type { Logger } from '../../core/log/logger';
import type { ModelConfig } from '../../core/models/modelConfig';
import type { LanguageModel } from '../../core/providers/contract';
import { createLanguageModel } from '../../core/providers/createLanguageModel';
import { deferredKeyModel } from '../../core/providers/deferredKeyModel';
import { keySlotFor } from '../../core/secrets/keySlots';
import type { KeyStore } from '../keyStore';
import { createVscodeLmModel } from '../providers/vscodeLmModel';

/**
 * A configured model's adapter: `vscode.lm` through VS Code, any other provider through its SDK with
 * its key from SecretStorage (or its environment variable). A key not read yet makes a model that
 * waits for that key alone when a request is routed to it.
 */
export async function buildModel(config: ModelConfig, s: SwitchboardSettings, deps: { readonly keys: KeyStore; readonly loopGuard: LoopGuard; readonly log: Logger }): Promise<LanguageModel> {
  if (config.provider === 'vscode-lm') {
    return createVscodeLmModel(deps.loopGuard, { model: config.model, firstTokenTimeoutMs: s.router.routing.firstTokenTimeoutMs, ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}), ...(config.maxOutputTokens ? { maxOutputTokens: config.maxOutputTokens } : {}) });
  }
  const slot = keySlotFor(config);
  const build = (apiKey: string | undefined) => createLanguageModel(config, { ...(apiKey ? { apiKey } : {}), firstTokenTimeoutMs: s.router.routing.firstTokenTimeoutMs });
  if (!slot) return build(undefined);
  if (deps.keys.isRead(slot)) return build(await deps.keys.get(slot));
  return deferredKeyModel({
    provider: config.provider,
    modelId: config.model,
    key: () => deps.keys.get(slot),
    keyRead: () => deps.keys.isRead(slot),
    build,
    // What a slow first answer waited for, said where a person looking for it reads (issue 16).
    onWaited: (ms) => deps.log.info(`The first request to ${config.id} waited ${ms.toFixed(0)} ms for its API key from VS Code's secret storage.`),
  });
}
