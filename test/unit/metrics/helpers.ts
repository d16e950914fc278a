import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR_KINDS, type ModelErrorKind, type ProviderKind } from '../../../src/core/providers/contract';
import { CAPABILITIES } from '../../../src/core/router/capabilities';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import type { MetricsQuery, MetricsRow } from '../../../src/core/metrics/metricsQuery';
import { RELATIVE_ERROR } from '../../../src/core/metrics/logHistogram';

export function tempDir(prefix = 'sb-metrics-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Reproducible randomness: the router's own seeded generator. */
export { seededRandom as rng } from '../../../src/core/router/rng';

const MODELS: readonly { id: string; provider: ProviderKind; model: string; free?: boolean; unknown?: boolean }[] = [
  { id: 'gpt-4o-mini', provider: 'openai', model: 'gpt-4o-mini' },
  { id: 'sonnet', provider: 'anthropic', model: 'claude-sonnet-4-5' },
  { id: 'llama', provider: 'ollama', model: 'llama3.2', free: true },
  { id: 'copilot', provider: 'vscode-lm', model: 'gpt-4o', unknown: true },
];

let sequence = 0;

/** A plausible attempt at `time`, varied by `next`. */
export function makeRecord(next: () => number, time: number, overrides: Partial<AttemptRecord> = {}): AttemptRecord {
  const m = MODELS[Math.floor(next() * MODELS.length)] ?? MODELS[0]!;
  const capability = CAPABILITIES[Math.floor(next() * CAPABILITIES.length)] ?? 'generate';
  const roll = next();
  const outcome = roll < 0.8 ? 'success' : roll < 0.88 ? 'error' : roll < 0.94 ? 'partial' : roll < 0.97 ? 'cancelled' : 'schema-failed';
  // Classification answers are structured output; a schema failure always is.
  const structured = capability === 'classify' || outcome === 'schema-failed';
  const errorKind: ModelErrorKind | undefined =
    outcome === 'error' || outcome === 'partial' ? ERROR_KINDS[Math.floor(next() * (ERROR_KINDS.length - 1))] : undefined;
  const latencyMs = Math.round(50 + next() * next() * 20_000) + next();
  const gotToken = outcome !== 'error' || next() < 0.2;
  const input = Math.floor(next() * 20_000);
  const cacheRead = next() < 0.3 ? Math.floor(input * next()) : 0;
  const output = Math.floor(next() * 2_000);
  const inVariant = capability === 'review' && next() < 0.7;
  const workspaceRoll = next();
  return {
    time,
    requestId: `req-${process.pid}-${++sequence}-${Math.floor(next() * 1e9)}`,
    conversationId: `c${Math.floor(next() * 50)}`,
    capability,
    modelId: m.id,
    provider: m.provider,
    providerModel: m.model,
    ...(inVariant ? { experiment: 'review-ab', variant: next() < 0.5 ? 'a' : 'b, "quoted"' } : {}),
    outcome,
    ...(errorKind ? { errorKind } : {}),
    ...(structured ? { structured: true } : {}),
    latencyMs,
    ...(gotToken ? { ttftMs: Math.min(latencyMs, 20 + next() * 3_000) } : {}),
    usage: {
      input: { tokens: input, source: 'reported' },
      output: { tokens: output, source: next() < 0.2 ? 'estimated' : 'reported' },
      cacheRead: { tokens: cacheRead, source: 'reported' },
      cacheWrite: { tokens: 0, source: 'estimated' },
    },
    ...(gotToken && output > 0 ? { tokensPerSecond: output / (latencyMs / 1000) } : {}),
    ...(m.unknown ? {} : { costUsd: m.free ? 0 : (input * 3 + output * 15) / 1e6 }),
    // The cache only keeps whole answers, and serves them as successes.
    ...(next() < 0.05 && outcome === 'success' ? { cached: true } : {}),
    ...(workspaceRoll < 0.45 ? { workspace: 'file:///ws/alpha' } : workspaceRoll < 0.9 ? { workspace: 'file:///ws/beta, with comma' } : {}),
    ...overrides,
  };
}

/**
 * The query computed the slow, obvious way from the raw records: exactly the calls that started in
 * [from, to); a call's local day is that of its hour, except in a partial first hour, whose calls
 * count in the day of `from`. A partial hour on a UTC day before `rawKeptFrom` (its raw log is
 * past retention) counts whole.
 */
export function bruteForce(records: readonly AttemptRecord[], query: MetricsQuery, rawKeptFrom = Number.NEGATIVE_INFINITY): MetricsRow[] {
  const HOUR = 3_600_000;
  const DAY = 86_400_000;
  const kept = (ms: number) => Math.floor(ms / DAY) * DAY >= rawKeptFrom;
  const queryFrom = query.from ?? 0;
  const headExact = kept(queryFrom);
  const from = headExact ? queryFrom : Math.floor(queryFrom / HOUR) * HOUR;
  const firstFullHour = Math.ceil(from / HOUR) * HOUR;
  const queryTo = query.to ?? Number.POSITIVE_INFINITY;
  const to = Number.isFinite(queryTo) && !kept(Math.floor(queryTo / HOUR) * HOUR) ? Math.ceil(queryTo / HOUR) * HOUR : queryTo;
  const offset = (query.utcOffsetMinutes ?? 0) * 60_000;
  const groupBy = new Set(query.groupBy ?? []);
  const f = query.filter ?? {};
  const groups = new Map<string, AttemptRecord[]>();
  for (const r of records) {
    const hour = Math.floor(r.time / HOUR) * HOUR;
    if (r.time < from || r.time >= to) continue;
    const dayAnchor = r.time < firstFullHour ? from : hour;
    if (f.modelId !== undefined && r.modelId !== f.modelId) continue;
    if (f.capability !== undefined && r.capability !== f.capability) continue;
    if (f.provider !== undefined && r.provider !== f.provider) continue;
    if (f.experiment !== undefined && r.experiment !== f.experiment) continue;
    if (f.variant !== undefined && r.variant !== f.variant) continue;
    const key = JSON.stringify([
      groupBy.has('day') ? new Date(dayAnchor + offset).toISOString().slice(0, 10) : null,
      groupBy.has('hour') ? hour : null,
      groupBy.has('model') ? r.modelId : null,
      groupBy.has('provider') ? r.provider : null,
      groupBy.has('capability') ? r.capability : null,
      groupBy.has('experiment') ? (r.experiment ?? null) : null,
      groupBy.has('variant') ? (r.variant ?? null) : null,
    ]);
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  const rows: MetricsRow[] = [];
  for (const [key, list] of groups) {
    const [day, hour, modelId, provider, capability, experiment, variant] = JSON.parse(key) as (string | number | null)[];
    const count = list.length;
    const cnt = (o: string) => list.filter((r) => r.outcome === o).length;
    const errorsByKind: Partial<Record<ModelErrorKind, number>> = {};
    for (const r of list) if (r.errorKind) errorsByKind[r.errorKind] = (errorsByKind[r.errorKind] ?? 0) + 1;
    // Answers from the response cache took no model's time and sent no token: left out of every
    // timing and token figure.
    const timed = list.filter((r) => !r.cached);
    const lat = timed.map((r) => r.latencyMs).sort((a, b) => a - b);
    const ttft = timed.flatMap((r) => (r.ttftMs === undefined ? [] : [r.ttftMs])).sort((a, b) => a - b);
    const tps = timed.flatMap((r) => (r.tokensPerSecond === undefined ? [] : [r.tokensPerSecond]));
    const q = (xs: number[], p: number) => (xs.length === 0 ? undefined : nearestRank(xs, p));
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const latest = list.reduce((a, b) => (Math.floor(b.time / HOUR) > Math.floor(a.time / HOUR) ? b : a));
    // Of the models' own answers: the cache's are successes no model gave.
    const decided = timed.filter((r) => r.outcome !== 'cancelled').length;
    const structured = list.filter((r) => r.structured && (r.outcome === 'success' || r.outcome === 'schema-failed'));
    rows.push({
      ...(day !== null ? { day: day as string } : {}),
      ...(hour !== null ? { hour: hour as number } : {}),
      ...(modelId !== null ? { modelId: modelId as string, provider: latest.provider, providerModel: latest.providerModel } : {}),
      ...(provider !== null ? { provider: provider as ProviderKind } : {}),
      ...(capability !== null ? { capability: capability as MetricsRow['capability'] } : {}),
      ...(experiment !== null ? { experiment: experiment as string } : {}),
      ...(variant !== null ? { variant: variant as string } : {}),
      count,
      success: cnt('success'),
      partial: cnt('partial'),
      // A schema-refused answer is a failed one.
      error: cnt('error') + cnt('schema-failed'),
      cancelled: cnt('cancelled'),
      structured: structured.length,
      schemaFailed: cnt('schema-failed'),
      structuredSuccessRate: structured.length > 0 ? structured.filter((r) => r.outcome === 'success').length / structured.length : undefined,
      cachedResponses: list.filter((r) => r.cached).length,
      errorsByKind,
      successRate: decided > 0 ? timed.filter((r) => r.outcome === 'success').length / decided : undefined,
      latencyP50Ms: q(lat, 0.5),
      latencyP95Ms: q(lat, 0.95),
      latencyMeanMs: lat.length ? sum(lat) / lat.length : undefined,
      ttftP50Ms: q(ttft, 0.5),
      ttftP95Ms: q(ttft, 0.95),
      ttftMeanMs: ttft.length ? sum(ttft) / ttft.length : undefined,
      inputTokens: sum(timed.map((r) => r.usage?.input.tokens ?? 0)),
      outputTokens: sum(timed.map((r) => r.usage?.output.tokens ?? 0)),
      cacheReadTokens: sum(timed.map((r) => r.usage?.cacheRead.tokens ?? 0)),
      cacheWriteTokens: sum(timed.map((r) => r.usage?.cacheWrite.tokens ?? 0)),
      tokensPerSecond: tps.length ? sum(tps) / tps.length : undefined,
      costUsd: list.some((r) => r.costUsd === undefined) ? undefined : sum(list.map((r) => r.costUsd ?? 0)),
      costKnownUsd: sum(list.flatMap((r) => (r.costUsd === undefined ? [] : [r.costUsd]))),
      costUnknownCount: list.filter((r) => r.costUsd === undefined).length,
    });
  }
  return rows;
}

const KEY_FIELDS = ['day', 'hour', 'modelId', 'provider', 'capability', 'experiment', 'variant'] as const;
const EXACT_FIELDS = ['count', 'success', 'partial', 'error', 'cancelled', 'cachedResponses', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheWriteTokens', 'costUnknownCount'] as const;
const SUM_FIELDS = ['successRate', 'latencyMeanMs', 'ttftMeanMs', 'tokensPerSecond', 'costUsd', 'costKnownUsd'] as const;
const QUANTILE_FIELDS = ['latencyP50Ms', 'latencyP95Ms', 'ttftP50Ms', 'ttftP95Ms'] as const;

function rowKey(r: MetricsRow): string {
  return JSON.stringify(KEY_FIELDS.map((k) => (k === 'provider' && r.modelId !== undefined ? null : (r[k] ?? null))));
}

/** Exact counts, float sums to 1e-9, percentiles within the histogram's stated relative error. */
export function assertRowsMatch(actual: readonly MetricsRow[], expected: readonly MetricsRow[], label = ''): void {
  assert.equal(actual.length, expected.length, `${label}: number of rows`);
  const byKey = new Map(expected.map((r) => [rowKey(r), r]));
  for (const a of actual) {
    const e = byKey.get(rowKey(a));
    assert.ok(e, `${label}: unexpected row ${rowKey(a)}`);
    const where = `${label} ${rowKey(a)}`;
    for (const k of KEY_FIELDS) assert.equal(a[k], e[k], `${where}: ${k}`);
    assert.equal(a.providerModel, e.providerModel, `${where}: providerModel`);
    for (const k of EXACT_FIELDS) assert.equal(a[k], e[k], `${where}: ${k}`);
    assert.deepEqual(a.errorsByKind, e.errorsByKind, `${where}: errorsByKind`);
    for (const k of SUM_FIELDS) {
      const x = a[k];
      const y = e[k];
      if (y === undefined) assert.equal(x, undefined, `${where}: ${k} unknown`);
      else assert.ok(x !== undefined && Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(y)), `${where}: ${k} ${x} vs ${y}`);
    }
    for (const k of QUANTILE_FIELDS) {
      const x = a[k];
      const y = e[k];
      if (y === undefined) assert.equal(x, undefined, `${where}: ${k} unknown`);
      else assert.ok(x !== undefined && Math.abs(x - y) <= RELATIVE_ERROR * y + 1e-9, `${where}: ${k} ${x} vs exact ${y}`);
    }
  }
}

/** RFC 4180 parser, for reading exports back. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The q-quantile of sorted values by nearest rank (the convention of the store's histograms): the smallest value at least q of them are at or below. */
export function nearestRank(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
}
