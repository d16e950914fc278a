import type { RouteResult } from '../router/routeEvents';
import type { PhaseFallback, PhaseResult } from './taskTypes';

/** A phase's figures, all read from the router's results and their attempt records. */
export interface PhaseFigures {
  /** The request whose answer the phase kept (the last call's): quality signals name it. */
  readonly requestId?: string;
  readonly modelId?: string;
  readonly provider?: string;
  readonly timeMs: number;
  readonly ttftMs?: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd?: number;
  readonly fallbacks: readonly PhaseFallback[];
}

/**
 * Sums over every call the phase made (a structured answer's repair included). The model is the
 * one whose answer the phase kept (the last call's); `fallbacks` are the router's, plus a move to
 * another model after a model's structured output stayed invalid.
 */
export function phaseFigures(results: readonly RouteResult[], routerFallbacks: readonly PhaseFallback[]): PhaseFigures {
  let timeMs = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd: number | undefined = 0;
  for (const r of results) {
    for (const a of r.attempts) {
      timeMs += a.latencyMs;
      inputTokens += a.usage?.input.tokens ?? 0;
      outputTokens += a.usage?.output.tokens ?? 0;
    }
    costUsd = costUsd === undefined || (r.costUsd === undefined && r.attempts.length > 0) ? undefined : costUsd + (r.costUsd ?? 0);
  }
  const last = results.at(-1);
  const answered = last?.attempts.findLast((a) => a.outcome === 'success' || a.outcome === 'schema-failed' || a.outcome === 'partial') ?? last?.attempts.at(-1);
  const fallbacks = [...routerFallbacks];
  for (let i = 0; i + 1 < results.length; i++) {
    const [a, b] = [results[i]!, results[i + 1]!];
    if (a.error?.kind === 'schema-failed' && a.modelId && b.modelId !== a.modelId) {
      fallbacks.push({ from: a.modelId, ...(b.modelId ? { to: b.modelId } : {}), reason: `invalid structured output: ${a.error.message}` });
    }
  }
  return {
    ...(last ? { requestId: last.requestId } : {}),
    ...(last?.modelId ? { modelId: last.modelId } : answered ? { modelId: answered.modelId } : {}),
    ...(answered ? { provider: answered.provider } : {}),
    timeMs,
    ...(answered?.ttftMs !== undefined ? { ttftMs: answered.ttftMs } : {}),
    inputTokens,
    outputTokens,
    ...(costUsd !== undefined ? { costUsd } : {}),
    fallbacks,
  };
}

/** The task's totals: sums of its phases' figures (cost unknown when any phase's is). */
export function taskTotals(phases: readonly PhaseResult[]): { inputTokens: number; outputTokens: number; costUsd?: number; modelsUsed: string[] } {
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd: number | undefined = 0;
  const models = new Set<string>();
  for (const p of phases) {
    inputTokens += p.inputTokens;
    outputTokens += p.outputTokens;
    if (p.modelId && p.status !== 'skipped') models.add(p.modelId);
    const ranModel = p.inputTokens > 0 || p.outputTokens > 0 || p.modelId !== undefined;
    if (costUsd !== undefined) costUsd = p.costUsd === undefined ? (ranModel ? undefined : costUsd) : costUsd + p.costUsd;
  }
  return { inputTokens, outputTokens, ...(costUsd !== undefined ? { costUsd } : {}), modelsUsed: [...models] };
}
