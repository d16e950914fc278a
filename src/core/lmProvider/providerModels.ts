import { CHAT_CAPABILITIES, type RoutedCapability } from '../chat/chatVocabulary';
import type { ModelFeatures } from '../providers/contract';
import { featuresOf } from '../router/modelFeatures';
import type { ModelRegistry, RegisteredModel } from '../router/registry';
import { DEFAULT_OUTPUT_ALLOWANCE } from '../router/routePlanner';

/**
 * The models Switchboard offers VS Code's model picker (VS Code 1.104+, vendor `switchboard`):
 * "Switchboard Auto", one per capability, and each configured model by its own name. Plain data in
 * the shape of `LanguageModelChatInformation`; the VS Code layer only hands it over.
 */

export const SWITCHBOARD_VENDOR = 'switchboard';

/** Assumed when a model's `contextWindow` is not configured: small, so that nothing is promised the model cannot take. */
export const ASSUMED_CONTEXT_WINDOW = 8192;

/** What a picked Switchboard model stands for. */
export type ProviderTarget =
  | { readonly kind: 'auto' }
  | { readonly kind: 'tier'; readonly capability: RoutedCapability }
  | { readonly kind: 'model'; readonly modelId: string };

export interface ProviderModelInfo {
  readonly id: string;
  readonly name: string;
  readonly family: string;
  readonly version: string;
  readonly detail?: string;
  readonly tooltip: string;
  readonly maxInputTokens: number;
  readonly maxOutputTokens: number;
  readonly capabilities: { readonly toolCalling: boolean; readonly imageInput: boolean };
  readonly target: ProviderTarget;
}

const ROUTED: readonly RoutedCapability[] = CHAT_CAPABILITIES.filter((c): c is RoutedCapability => c !== 'auto');

const TITLES: Readonly<Record<RoutedCapability, string>> = { understand: 'Understand', generate: 'Generate', review: 'Review', plan: 'Plan' };

export function providerModelId(target: ProviderTarget): string {
  return target.kind === 'auto' ? 'auto' : target.kind === 'tier' ? `tier:${target.capability}` : `model:${target.modelId}`;
}

export function parseProviderModelId(id: string): ProviderTarget | undefined {
  if (id === 'auto') return { kind: 'auto' };
  if (id.startsWith('tier:')) {
    const capability = ROUTED.find((c) => c === id.slice(5));
    return capability ? { kind: 'tier', capability } : undefined;
  }
  if (id.startsWith('model:') && id.length > 6) return { kind: 'model', modelId: id.slice(6) };
  return undefined;
}

interface Limits {
  readonly input: number;
  readonly output: number;
  /** Whether a figure was assumed rather than configured. */
  readonly assumed: boolean;
}

/** A model's honest limits: its configured output cap (else the router's allowance), and its window less that output. */
export function modelLimits(entry: RegisteredModel): Limits {
  const output = entry.config.maxOutputTokens ?? DEFAULT_OUTPUT_ALLOWANCE;
  const window = entry.config.contextWindow ?? ASSUMED_CONTEXT_WINDOW;
  return { input: Math.max(window - output, 1), output, assumed: entry.config.contextWindow === undefined };
}

/** For a group of models (a tier, Auto), the smallest of each limit: any of them may answer. */
function smallestLimits(entries: readonly RegisteredModel[]): Limits {
  const all = entries.map(modelLimits);
  return { input: Math.min(...all.map((l) => l.input)), output: Math.min(...all.map((l) => l.output)), assumed: all.some((l) => l.assumed) };
}

function featureWords(f: ModelFeatures): string {
  const tools = f.tools === 'native' ? 'tool calls' : f.tools === 'unknown' ? 'tool calls (not yet confirmed by its server)' : 'no tool calls (its server refused them)';
  const structured = f.structuredOutput === 'json-schema' ? 'structured output' : f.structuredOutput === 'json-object' ? 'JSON mode (its server refused JSON schemas)' : 'structured output asked in the prompt';
  return `${tools}; ${structured}`;
}

function limitWords(l: Limits): string {
  return `${l.input} input / ${l.output} output tokens${l.assumed ? ` (a context window of ${ASSUMED_CONTEXT_WINDOW} is assumed where none is configured)` : ''}`;
}

export interface ProviderModelsInput {
  readonly registry: ModelRegistry;
  /** Models never offered (those the loop guard found to wrap Switchboard itself). */
  readonly excluded?: (entry: RegisteredModel) => boolean;
}

/**
 * The list for the picker. A tier (and Auto, which may route to any tier) is listed only when some
 * model can answer it; it declares tool calling when any of its models may call tools, and the
 * smallest limits of its models. An empty configuration lists nothing.
 */
export function listProviderModels(input: ProviderModelsInput): ProviderModelInfo[] {
  const { registry } = input;
  const usable = (e: RegisteredModel | undefined): e is RegisteredModel => e !== undefined && !(input.excluded?.(e) ?? false);
  const models = registry.all().filter(usable);
  const tierModels = (c: RoutedCapability): RegisteredModel[] => registry.tier(c).ids.map((id) => registry.get(id)).filter(usable);
  const group = (entries: readonly RegisteredModel[], target: ProviderTarget, name: string, describe: string): ProviderModelInfo => {
    const limits = smallestLimits(entries);
    const tools = entries.some((e) => featuresOf(e).tools !== 'unsupported');
    return {
      id: providerModelId(target),
      name,
      family: 'switchboard',
      version: '1',
      detail: entries.map((e) => e.config.id).join(', '),
      tooltip: `${describe} Models: ${entries.map((e) => e.config.id).join(', ')}. Limits: the smallest of its models', ${limitWords(limits)}.${tools ? '' : ' No model here supports tool calls.'}`,
      maxInputTokens: limits.input,
      maxOutputTokens: limits.output,
      capabilities: { toolCalling: tools, imageInput: false },
      target,
    };
  };
  const out: ProviderModelInfo[] = [];
  const routedUnion = [...new Map(ROUTED.flatMap(tierModels).map((e) => [e.config.id, e])).values()];
  if (routedUnion.length > 0) {
    out.push(group(routedUnion, { kind: 'auto' }, 'Switchboard Auto', 'Classifies each request (understand, generate, review, plan) and routes it to that tier, with fallback, budgets and cost tracking.'));
  }
  for (const capability of ROUTED) {
    const entries = tierModels(capability);
    if (entries.length > 0) out.push(group(entries, { kind: 'tier', capability }, `Switchboard · ${TITLES[capability]}`, `Routes every request to the ${capability} tier, with fallback, budgets and cost tracking.`));
  }
  for (const entry of models) {
    const limits = modelLimits(entry);
    const features = featuresOf(entry);
    out.push({
      id: providerModelId({ kind: 'model', modelId: entry.config.id }),
      name: entry.config.id,
      family: entry.config.model,
      version: '1',
      detail: `${entry.config.provider} · ${entry.config.model}`,
      tooltip: `${entry.config.model} through ${entry.config.provider}, asked first and falling back to its tier. Supports ${featureWords(features)}. Limits: ${limitWords(limits)}.`,
      maxInputTokens: limits.input,
      maxOutputTokens: limits.output,
      capabilities: { toolCalling: features.tools !== 'unsupported', imageInput: false },
      target: { kind: 'model', modelId: entry.config.id },
    });
  }
  return out;
}

/** A cheap fingerprint of the list: the provider fires its change event only when this differs. */
export function providerModelsKey(list: readonly ProviderModelInfo[]): string {
  return JSON.stringify(list.map(({ target: _t, ...rest }) => rest));
}
