import type { AttemptRecord } from '../../../../src/core/metrics/attemptRecord';
import type { ProviderKind } from '../../../../src/core/providers/contract';
import { CAPABILITIES } from '../../../../src/core/router/capabilities';
import { seededRandom } from '../../../../src/core/router/rng';


export const MODELS: readonly { id: string; provider: ProviderKind; model: string; weight: number; price?: number }[] = [
  { id: 'gpt-4o-mini', provider: 'openai', model: 'gpt-4o-mini', weight: 4, price: 0.6 },
  { id: 'sonnet', provider: 'anthropic', model: 'claude-sonnet-4-5', weight: 2, price: 15 },
  { id: 'llama', provider: 'ollama', model: 'llama3.2', weight: 1, price: 0 },
  // No price anywhere: every call's cost is unknown.
  { id: 'copilot', provider: 'vscode-lm', model: 'gpt-4o', weight: 1 },
];
const WEIGHT = MODELS.reduce((a, m) => a + m.weight, 0);

let sequence = 0;

/** A plausible attempt at `time`: mixed outcomes, some experiments, some unknown costs. */
export function makeRecord(next: () => number, time: number): AttemptRecord {
  let pick = next() * WEIGHT;
  const m = MODELS.find((x) => (pick -= x.weight) < 0) ?? (MODELS[0] as (typeof MODELS)[number]);
  const capability = CAPABILITIES[Math.floor(next() * CAPABILITIES.length)] ?? 'generate';
  const roll = next();
  // Classification asks for structured output (copilot never gets it); some whole answers miss the schema.
  const structured = capability === 'classify' && m.id !== 'copilot';
  const outcome =
    roll < 0.8 ? 'success' : structured && roll < 0.84 ? 'schema-failed' : roll < 0.88 ? 'error' : roll < 0.94 ? 'partial' : 'cancelled';
  const latencyMs = 50 + next() * next() * 20_000;
  const input = Math.floor(next() * 20_000);
  const output = Math.floor(next() * 2_000);
  const experimentRoll = next();
  const experiment =
    capability === 'review' && experimentRoll < 0.7
      ? { experiment: 'review-ab', variant: next() < 0.5 ? 'a' : 'b' }
      : capability === 'plan' && experimentRoll < 0.3
        ? // A call of an experiment recorded without its variant still counts, under no variant.
          next() < 0.9
          ? { experiment: 'plan-order', variant: next() < 0.5 ? 'sonnet-first' : 'mini-first' }
          : { experiment: 'plan-order' }
        : {};
  // Unknown cost also for priced models now and then (a usage report that never came).
  const costUnknown = m.price === undefined || next() < 0.02;
  // Now and then an answer from the response cache (no model asked, no cost); chosen by the
  // sequence, not a draw, so every other figure of the sample stays as it was.
  const cached = outcome === 'success' && m.price !== undefined && (sequence + 1) % 40 === 0;
  return {
    time,
    requestId: `req-${++sequence}`,
    ...(cached ? { cached: true } : {}),
    capability,
    modelId: m.id,
    provider: m.provider,
    providerModel: m.model,
    ...experiment,
    outcome,
    ...(structured ? { structured: true } : {}),
    ...(outcome === 'error' || outcome === 'partial' ? { errorKind: 'server' as const } : {}),
    latencyMs,
    ...(outcome !== 'error' ? { ttftMs: Math.min(latencyMs, 20 + next() * 3_000) } : {}),
    usage: {
      input: { tokens: input, source: 'reported' },
      output: { tokens: output, source: 'reported' },
      cacheRead: { tokens: 0, source: 'reported' },
      cacheWrite: { tokens: 0, source: 'reported' },
    },
    ...(cached ? { costUsd: 0 } : costUnknown ? {} : { costUsd: (input * 0.5 + output * (m.price ?? 0)) / 1e6 }),
  };
}

/** `count` records spread over [from, to). */
export function makeRecords(seed: number, count: number, from: number, to: number): AttemptRecord[] {
  const next = seededRandom(seed);
  const records: AttemptRecord[] = [];
  for (let i = 0; i < count; i++) records.push(makeRecord(next, Math.floor(from + next() * (to - from))));
  return records;
}
