import type { RouteResult } from '../router/routeEvents';
import type { Capability } from '../router/capabilities';
import type { PhaseFallback, PhaseOutput, PhaseResult, TaskEvent } from './taskTypes';
import type { Writable } from '../../shared/writable';
import { phaseStatusWords } from '../../shared/checkWords';

type PhaseStartEvent = Extract<TaskEvent, { type: 'phase-start' }>;

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
  // Built by assignment, not by spreads: see phaseResultOf.
  const figures: Writable<PhaseFigures> = { timeMs, inputTokens, outputTokens, fallbacks };
  if (last) figures.requestId = last.requestId;
  const modelId = last?.modelId ?? answered?.modelId;
  if (modelId !== undefined) figures.modelId = modelId;
  if (answered) figures.provider = answered.provider;
  if (answered?.ttftMs !== undefined) figures.ttftMs = answered.ttftMs;
  if (costUsd !== undefined) figures.costUsd = costUsd;
  return figures;
}

/** What a phase's result says besides its figures. */
export interface PhaseResultFields {
  readonly key: string;
  readonly phase: PhaseResult['phase'];
  readonly round?: number | undefined;
  readonly capability?: PhaseResult['capability'] | undefined;
  readonly startedAt: number;
  readonly status: PhaseResult['status'];
  readonly modelId?: string | undefined;
  readonly output?: PhaseOutput | undefined;
  readonly error?: string | undefined;
  readonly note?: string | undefined;
}

/** The figures of a phase that made no call. */
export const NO_CALL_FIGURES: PhaseFigures = { timeMs: 0, inputTokens: 0, outputTokens: 0, fallbacks: [] };

/**
 * A phase's result, built by assignment. Every phase makes one, and the obvious way to write it,
 * `{ ...base, ...figures, status }`, is slow where Switchboard runs on Node 20 (code-server, the
 * benchmarks): its V8 gives an object that starts as a spread and then grows a new hidden class on
 * every call once the code is optimized, so each one costs microseconds and every reader of it goes
 * megamorphic (bench/tasks; Node 22's V8 no longer does). `fields.modelId` wins over the figures'.
 */
export function phaseResultOf(fields: PhaseResultFields, figures: PhaseFigures): PhaseResult {
  const result: Writable<PhaseResult> = {
    key: fields.key,
    phase: fields.phase,
    status: fields.status,
    startedAt: fields.startedAt,
    fallbacks: figures.fallbacks,
    timeMs: figures.timeMs,
    inputTokens: figures.inputTokens,
    outputTokens: figures.outputTokens,
  };
  if (fields.round !== undefined) result.round = fields.round;
  if (fields.capability !== undefined) result.capability = fields.capability;
  if (figures.requestId !== undefined) result.requestId = figures.requestId;
  const modelId = fields.modelId ?? figures.modelId;
  if (modelId !== undefined) result.modelId = modelId;
  if (figures.provider !== undefined) result.provider = figures.provider;
  if (fields.output !== undefined) result.output = fields.output;
  if (figures.ttftMs !== undefined) result.ttftMs = figures.ttftMs;
  if (figures.costUsd !== undefined) result.costUsd = figures.costUsd;
  if (fields.error !== undefined) result.error = fields.error;
  if (fields.note !== undefined) result.note = fields.note;
  return result;
}

/**
 * A phase's `phase-start`, built by assignment: an object literal with spreads in it is slow on
 * Node 20's V8 (see phaseResultOf), and every phase makes one, a chat answer's included.
 */
export function phaseStart(taskId: string, key: string, phase: PhaseStartEvent['phase'], round: number | undefined, capability: Capability | undefined, startedAt: number): TaskEvent {
  const event: Writable<PhaseStartEvent> = { type: 'phase-start', taskId, key, phase, startedAt };
  if (round !== undefined) event.round = round;
  if (capability !== undefined) event.capability = capability;
  return event;
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

/** A phase's status as the log and the transcript say it: for a check that ran, what it found ("passed", "found 1 new error"). */
export function phaseWords(p: PhaseResult): string {
  return phaseStatusWords(p.status, p.output?.kind === 'validation' ? p.output.report : undefined);
}
