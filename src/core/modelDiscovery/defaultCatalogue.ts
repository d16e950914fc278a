import type { ModelConfig } from '../models/modelConfig';
import { MODEL_ID_CHARS } from '../models/modelId';
import { CAPABILITIES, type Capability, type Tiers } from '../router/capabilities';

/** A model found without configuration: a local Ollama model or one offered through vscode.lm. */
export type DiscoveredModel =
  | { readonly source: 'ollama'; readonly name: string; readonly parameterSize?: string; readonly contextLength?: number; readonly baseUrl?: string }
  | { readonly source: 'vscode-lm'; readonly id: string; readonly vendor: string; readonly family: string; readonly name: string; readonly maxInputTokens: number };

export interface DefaultCatalogue {
  readonly models: ModelConfig[];
  readonly tiers: Tiers;
  /** One line per decision, for the Models view ("Tiers built from what was found: …"). */
  readonly notes: string[];
}

/**
 * With nothing configured, builds models and tiers from what was discovered. Larger models lead the
 * tiers that need quality (generate, review, plan); the smallest local model leads classify, where
 * speed matters most; understand prefers local models, so explaining code keeps it on the machine
 * when it can.
 */
export function buildDefaultCatalogue(found: readonly DiscoveredModel[]): DefaultCatalogue {
  const models: ModelConfig[] = [];
  const size = new Map<string, number>();
  const taken = new Set<string>();
  for (const d of found) {
    if (d.source === 'ollama') {
      const id = uniqueId(`ollama/${d.name}`, taken);
      models.push({
        id,
        provider: 'ollama',
        model: d.name,
        local: true,
        ...(d.baseUrl ? { baseUrl: d.baseUrl } : {}),
        ...(d.contextLength ? { contextWindow: d.contextLength } : {}),
      });
      size.set(id, parameterBillions(d.parameterSize) ?? 7);
    } else {
      const id = uniqueId(`lm/${d.vendor}/${d.family}`, taken);
      models.push({ id, provider: 'vscode-lm', model: d.id, contextWindow: d.maxInputTokens });
      // Cloud models behind vscode.lm are treated as large: they are the strongest usually at hand.
      size.set(id, /mini|flash|haiku|small|nano/i.test(d.family) ? 30 : 200);
    }
  }
  const byId = new Map(models.map((m) => [m.id, m]));
  const bySizeDesc = [...models].sort((a, b) => (size.get(b.id) ?? 0) - (size.get(a.id) ?? 0) || a.id.localeCompare(b.id));
  const tiers: Tiers = {};
  const notes: string[] = [];
  if (models.length === 0) return { models, tiers, notes: ['No Ollama or VS Code language models were found.'] };
  for (const capability of CAPABILITIES) {
    tiers[capability] = order(capability, bySizeDesc, (id) => size.get(id) ?? 0, (id) => byId.get(id)?.local === true).map((m) => m.id);
  }
  notes.push(`Tiers built from ${models.length} discovered model${models.length === 1 ? '' : 's'} because switchboard.tiers is empty.`);
  notes.push(`generate, review, plan: largest first (${tiers.generate?.[0]}); classify: smallest first (${tiers.classify?.[0]}); understand: local first (${tiers.understand?.[0]}).`);
  return { models, tiers, notes };
}

function order(capability: Capability, bySizeDesc: ModelConfig[], size: (id: string) => number, local: (id: string) => boolean): ModelConfig[] {
  switch (capability) {
    case 'classify':
      return [...bySizeDesc].reverse();
    case 'understand':
      return [...bySizeDesc].sort((a, b) => Number(local(b.id)) - Number(local(a.id)) || size(b.id) - size(a.id) || a.id.localeCompare(b.id));
    default:
      return bySizeDesc;
  }
}

/** "7B" → 7, "1.5B" → 1.5, "350M" → 0.35. */
export function parameterBillions(text: string | undefined): number | undefined {
  const m = /^([\d.]+)\s*([BM])/i.exec(text ?? '');
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2]!.toUpperCase() === 'M' ? n / 1000 : n;
}

// Runs of characters a model id may not contain (see modelId.ts) become one dash.
const NOT_ID_CHARS = new RegExp(`[^${MODEL_ID_CHARS}]+`, 'g');

function uniqueId(base: string, taken: Set<string>): string {
  const clean = base.replace(NOT_ID_CHARS, '-');
  let id = clean;
  for (let n = 2; taken.has(id); n++) id = `${clean}-${n}`;
  taken.add(id);
  return id;
}
