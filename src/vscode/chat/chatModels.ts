import * as vscode from 'vscode';
import { CAPABILITIES } from '../../core/router/capabilities';
import { slotsInUse, keySlotFor } from '../../core/secrets/keySlots';
import { isLocal } from '../../core/models/modelLocality';
import { ollamaModelProblem, ollamaProblems } from '../../core/modelDiscovery/ollamaReachability';
import type { ChatStateSnapshot, ModelOption, ModelsAvailable, RoutedCapability, SetupSummary } from '../../protocol/chatProtocol';
import type { Engine } from '../engine/engine';
import type { KeyStore } from '../keyStore';
import type { SettingsService } from '../settingsService';

const ROUTED: readonly RoutedCapability[] = ['understand', 'generate', 'review', 'plan'];

/** The models the composer's override picker lists, and whether each can answer now. */
export function modelsAvailable(engine: Engine, keys: KeyStore, settings: SettingsService): ModelsAvailable {
  const { models, tiers } = engine.catalogue;
  const health = new Map(engine.router.healthSnapshot().map((h) => [h.modelId, h]));
  const localOnly = settings.value.settings.router.privacy.localOnly;
  const ollama = engine.ollamaChecks;
  const all: ModelOption[] = models.map((m) => {
    const slot = keySlotFor(m);
    const local = isLocal(m);
    const h = health.get(m.id);
    let unavailableReason: string | undefined;
    if (slot?.required && keys.status(slot).kind === 'missing') unavailableReason = `no API key for ${slot.label}`;
    else if (localOnly && !local) unavailableReason = 'local-only mode is on';
    else if (h?.state === 'open' && !h.probeDue) unavailableReason = `circuit open${h.probeAt ? ` until ${new Date(h.probeAt).toLocaleTimeString()}` : ''}`;
    // Only the welcome and the picker heed the probe; the router still tries the model (see ollamaReachability).
    else unavailableReason = ollamaModelProblem(m, ollama)?.reason;
    return {
      id: m.id,
      label: m.model === m.id ? `${m.id} (${m.provider})` : `${m.id} — ${m.model} (${m.provider})`,
      provider: m.provider,
      local,
      usable: unavailableReason === undefined,
      ...(unavailableReason ? { unavailableReason } : {}),
    };
  });
  const byCapability = Object.fromEntries(ROUTED.map((c) => [c, [...(tiers[c] ?? [])]])) as Record<RoutedCapability, string[]>;
  return { all, byCapability };
}

export function setupSummary(engine: Engine, keys: KeyStore, settings: SettingsService): SetupSummary {
  const { models, tiers } = engine.catalogue;
  return {
    models: models.length,
    tiersFilled: CAPABILITIES.filter((c) => (tiers[c]?.length ?? 0) > 0).length,
    tiersTotal: CAPABILITIES.length,
    keysMissing: slotsInUse(models, false)
      .filter((s) => s.required && keys.status(s).kind === 'missing')
      .map((s) => s.label),
    localModelsDown: [...ollamaProblems(models, engine.ollamaChecks)].map(([id, reason]) => `${id}: ${reason}`),
    problems: settings.problems.length,
    restricted: !vscode.workspace.isTrusted,
    localOnlyExcludesAll: settings.value.settings.router.privacy.localOnly && models.length > 0 && !models.some((m) => isLocal(m)),
  };
}

/** Some model can answer: the chat shows the composer instead of the welcome. */
export function isUsable(models: ModelsAvailable): boolean {
  return models.all.some((m) => m.usable);
}

/** What the chat view shows of the engine: the models on offer, the setup summary, whether any can answer. */
export function engineView({ engine, keys, settings }: { readonly engine: Engine; readonly keys: KeyStore; readonly settings: SettingsService }): Pick<ChatStateSnapshot, 'models' | 'setup' | 'usable'> {
  const models = modelsAvailable(engine, keys, settings);
  return { models, setup: setupSummary(engine, keys, settings), usable: isUsable(models) };
}

/** engineView()'s figures as one string, to tell whether they changed since the last post. */
export function engineViewKey(view: Pick<ChatStateSnapshot, 'models' | 'setup' | 'usable'>): string {
  return JSON.stringify([view.models, view.setup, view.usable]);
}
