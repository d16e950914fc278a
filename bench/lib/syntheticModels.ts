import type { AttemptRecord } from '../../src/core/metrics/attemptRecord';
import { MetricsStore } from '../../src/core/metrics/metricsStore';
import { seededRandom } from '../../src/core/router/rng';
import type { ProviderKind } from '../../src/core/providers/contract';
import { CAPABILITIES } from '../../src/core/router/capabilities';

/**
 * The models the metrics benchmarks spread their synthetic calls over: prices in USD per million
 * tokens (NaN: no price, so every call's cost is unknown) and a typical latency in ms.
 */
export const SYNTHETIC_MODELS: readonly { id: string; provider: ProviderKind; model: string; in: number; out: number; ms: number }[] = [
  { id: 'gpt-4o-mini', provider: 'openai', model: 'gpt-4o-mini', in: 0.15, out: 0.6, ms: 900 },
  { id: 'gpt-4o', provider: 'openai', model: 'gpt-4o', in: 2.5, out: 10, ms: 2_500 },
  { id: 'sonnet', provider: 'anthropic', model: 'claude-sonnet-4-5', in: 3, out: 15, ms: 3_000 },
  { id: 'haiku', provider: 'anthropic', model: 'claude-haiku-4-5', in: 1, out: 5, ms: 1_200 },
  { id: 'groq-llama', provider: 'openai-compatible', model: 'llama-3.3-70b-versatile', in: 0.59, out: 0.79, ms: 400 },
  { id: 'deepseek', provider: 'openai-compatible', model: 'deepseek-chat', in: 0.27, out: 1.1, ms: 4_000 },
  { id: 'llama-local', provider: 'ollama', model: 'llama3.2', in: 0, out: 0, ms: 6_000 },
  { id: 'copilot', provider: 'vscode-lm', model: 'gpt-4o', in: Number.NaN, out: Number.NaN, ms: 2_000 },
];

export interface SyntheticRecordOptions {
  /** Share of calls that succeed, fail and are cancelled (the rest); default 0.92 and 0.05. */
  readonly success?: number;
  readonly error?: number;
  /** Every record names a workspace from this list, round robin; none when empty. */
  readonly workspaces?: readonly string[];
}

/**
 * One synthetic recorded call `i` at `time`, drawn with `next` (a seeded generator) over
 * SYNTHETIC_MODELS: the capability, latency, token counts and outcome vary as they do in use,
 * and review calls belong to an A/B experiment.
 */
export function syntheticRecord(next: () => number, time: number, i: number, options: SyntheticRecordOptions = {}): AttemptRecord {
  const m = SYNTHETIC_MODELS[Math.floor(next() * SYNTHETIC_MODELS.length)] as (typeof SYNTHETIC_MODELS)[number];
  const capability = CAPABILITIES[Math.floor(next() * CAPABILITIES.length)] ?? 'generate';
  const roll = next();
  const success = options.success ?? 0.92;
  const outcome = roll < success ? 'success' : roll < success + (options.error ?? 0.05) ? 'error' : 'cancelled';
  const latencyMs = m.ms * (0.3 + 2 * next() * next());
  const input = Math.floor(500 + next() * 12_000);
  const output = outcome === 'success' ? Math.floor(50 + next() * 1_500) : 0;
  const variant = capability === 'review' ? (next() < 0.5 ? 'sonnet-first' : 'gpt-first') : undefined;
  const workspaces = options.workspaces ?? [];
  return {
    time,
    requestId: `r${i}`,
    conversationId: `c${i >> 4}`,
    capability,
    modelId: m.id,
    provider: m.provider,
    providerModel: m.model,
    ...(variant ? { experiment: 'review-order', variant } : {}),
    outcome,
    ...(outcome === 'error' ? { errorKind: next() < 0.6 ? ('rate-limit' as const) : ('server' as const) } : {}),
    latencyMs,
    ...(outcome === 'success' ? { ttftMs: latencyMs * 0.2, tokensPerSecond: output / (latencyMs / 1000) } : {}),
    usage: {
      input: { tokens: input, source: 'reported' },
      output: { tokens: output, source: 'reported' },
      cacheRead: { tokens: 0, source: 'reported' },
      cacheWrite: { tokens: 0, source: 'reported' },
    },
    ...(Number.isNaN(m.in) ? {} : { costUsd: (input * m.in + output * m.out) / 1e6 }),
    ...(workspaces.length ? { workspace: workspaces[i % workspaces.length] as string } : {}),
  };
}

export interface FilledStore {
  readonly store: MetricsStore;
  /** The simulated clock the store reads, at the last call's time once filled. */
  readonly clock: { now: number };
  /** The seeded generator the calls were drawn from, to draw more of the same. */
  readonly next: () => number;
  /** Wall time the appends took. */
  readonly fillMs: number;
}

/**
 * Opens a store in `dir` and records `total` synthetic calls through its own API, spread evenly
 * over the `days` before today, the clock moving with them so that days are sealed as it passes
 * them (as in a running extension host over a month).
 */
export async function fillSyntheticStore(dir: string, total: number, days: number, options: SyntheticRecordOptions = {}): Promise<FilledStore> {
  const DAY = 86_400_000;
  const today = Math.floor(Date.now() / DAY) * DAY;
  const clock = { now: today - days * DAY };
  const step = (days * DAY) / total;
  const next = seededRandom(2026);
  const store = await MetricsStore.open(dir, { now: () => clock.now, retentionDays: days, autoRefreshMs: 0 });
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    clock.now += step;
    store.append(syntheticRecord(next, Math.floor(clock.now) - 1_500, i, options));
  }
  return { store, clock, next, fillMs: performance.now() - started };
}
