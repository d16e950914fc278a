import { buildQualityTable } from '../../../../src/webview/dashboard/qualityTable';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttemptRecord } from '../../../../src/core/metrics/attemptRecord';
import {
  buildDashboardData,
  dashboardExportQuery,
  dashboardQueries,
  loadDashboardData,
  queryDashboardRows,
  type MetricsQuerySource,
} from '../../../../src/presentation/dashboard/dashboardData';
import { dashboardWindow, queryFrom, type DashboardWindow } from '../../../../src/presentation/dashboard/dashboardWindow';
import { RELATIVE_ERROR } from '../../../../src/core/metrics/logHistogram';
import { MetricsStore } from '../../../../src/core/metrics/metricsStore';
import { CAPABILITIES } from '../../../../src/core/router/capabilities';
import type { DashboardData, DashboardRange } from '../../../../src/protocol/dashboardProtocol';
import { makeRecords } from './records';
import { nearestRank } from '../../metrics/helpers';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Tue 2026-11-24 15:42:07.123 UTC. */
const NOW = Date.UTC(2026, 10, 24, 15, 42, 7, 123);

/** Stores opened by {@link storeWith}, closed and deleted after the suite. */
const opened: { store: MetricsStore; dir: string }[] = [];

/** A real metrics store in a temp folder holding `records` (its public API is all the dashboard uses). */
async function storeWith(records: readonly AttemptRecord[]): Promise<MetricsStore> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-dashboard-'));
  const store = await MetricsStore.open(dir, { now: () => NOW, autoRefreshMs: 0 });
  opened.push({ store, dir });
  for (const r of records) store.append(r);
  return store;
}

after(() => {
  for (const { store, dir } of opened.splice(0)) {
    store.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

function groupBy<K, T>(list: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of list) {
    const k = key(item);
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

function approx(actual: number, expected: number, relative = 1e-9, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected)), `${what}: ${actual} ≉ ${expected}`);
}

/** The log histogram's promise: within ±RELATIVE_ERROR of the nearest-rank order statistic, ceil(q·n) − 1. */
function assertQuantile(actual: number | null, sorted: readonly number[], q: number, what: string): void {
  if (sorted.length === 0) {
    assert.equal(actual, null, what);
    return;
  }
  const exact = nearestRank(sorted, q);
  assert.ok(actual !== null, `${what}: missing`);
  assert.ok(Math.abs(actual - exact) <= exact * RELATIVE_ERROR * 1.0001, `${what}: ${actual} vs exact ${exact}`);
}

/** Everything the dashboard shows, computed the slow, obvious way from the raw records. */
function assertMatchesBruteForce(data: DashboardData, window: DashboardWindow, records: readonly AttemptRecord[]): void {
  const from = queryFrom(window);
  const offset = window.utcOffsetMinutes * 60_000;
  const inRange = records.filter((r) => {
    const hour = Math.floor(r.time / HOUR) * HOUR;
    return hour >= from && hour < window.to;
  });
  const slotOf = (r: AttemptRecord): number =>
    window.granularity === 'hour'
      ? window.slots.findIndex((s) => s.start === Math.floor(r.time / HOUR) * HOUR)
      : // Rollups are hourly: in a half-hour zone, an hour belongs to the local day its start falls in.
        window.slots.findIndex((s) => s.key === new Date(Math.floor((Math.floor(r.time / HOUR) * HOUR + offset) / DAY) * DAY).toISOString().slice(0, 10));
  // The response cache's answers took no model's time: not in the latency figures.
  const sortedLatency = (list: readonly AttemptRecord[]) => list.flatMap((r) => (r.cached ? [] : [r.latencyMs])).sort((a, b) => a - b);
  // Success figures are of the models' own answers: the cache's are successes no model gave.
  const decided = (list: readonly AttemptRecord[]) => list.filter((r) => r.outcome !== 'cancelled' && !r.cached).length;
  const success = (list: readonly AttemptRecord[]) => list.filter((r) => r.outcome === 'success' && !r.cached).length;
  const known = (list: readonly AttemptRecord[]) => list.reduce((a, r) => a + (r.costUsd ?? 0), 0);
  const unknown = (list: readonly AttemptRecord[]) => list.filter((r) => r.costUsd === undefined).length;

  // Models, most calls first.
  const byModel = groupBy(inRange, (r) => r.modelId);
  const expectedModels = [...byModel.entries()]
    .map(([id, list]) => ({ id, count: list.length }))
    .sort((a, b) => b.count - a.count || (a.id < b.id ? -1 : 1));
  assert.deepEqual(
    data.models.map((m) => [m.modelId, m.count]),
    expectedModels.map((m) => [m.id, m.count]),
  );
  // Structured output per model: whole answers asked with a schema, and how many it refused.
  for (const m of data.models) {
    const list = (byModel.get(m.modelId) ?? []).filter((r) => r.structured === true && (r.outcome === 'success' || r.outcome === 'schema-failed'));
    const refused = list.filter((r) => r.outcome === 'schema-failed').length;
    assert.equal(m.structured, list.length, `${m.modelId} structured`);
    assert.equal(m.schemaFailed, refused, `${m.modelId} schema failed`);
    assert.equal(m.structuredSuccessRate, list.length === 0 ? null : (list.length - refused) / list.length, `${m.modelId} structured rate`);
  }
  assert.ok(data.models.some((m) => m.schemaFailed > 0), 'the sample has answers the schema refused');
  assert.equal(data.models.find((m) => m.modelId === 'copilot')?.structuredSuccessRate, null, 'a model without structured answers has no rate');

  // Totals.
  assert.equal(data.totals.count, inRange.length);
  assert.equal(data.totals.success, success(inRange));
  assert.equal(data.totals.decided, decided(inRange));
  approx(data.totals.cost.knownUsd, known(inRange), 1e-9, 'total known cost');
  assert.equal(data.totals.cost.unknownCount, unknown(inRange));
  assert.equal(data.totals.cached, inRange.filter((r) => r.cached).length);
  assertQuantile(data.totals.latencyP50Ms, sortedLatency(inRange), 0.5, 'total p50');
  assertQuantile(data.totals.latencyP95Ms, sortedLatency(inRange), 0.95, 'total p95');

  // Per model per slot: cost (known part and unknown count) and success rate.
  assert.deepEqual(
    data.costOverTime.map((s) => s.modelId),
    expectedModels.map((m) => m.id),
  );
  for (const series of data.costOverTime) {
    const list = byModel.get(series.modelId) ?? [];
    const perSlot = groupBy(list, slotOf);
    assert.ok(!perSlot.has(-1), 'every counted record falls in a slot');
    window.slots.forEach((_, i) => {
      const slotList = perSlot.get(i) ?? [];
      approx(series.knownUsd[i] as number, known(slotList), 1e-9, `${series.modelId} slot ${i} cost`);
      assert.equal(series.unknownCount[i], unknown(slotList), `${series.modelId} slot ${i} unknown`);
    });
  }
  for (const series of data.successOverTime) {
    const perSlot = groupBy(byModel.get(series.modelId) ?? [], slotOf);
    window.slots.forEach((_, i) => {
      const slotList = perSlot.get(i) ?? [];
      const d = decided(slotList);
      assert.equal(series.decided[i], d);
      assert.equal(series.success[i], success(slotList));
      assert.equal(series.rate[i], d === 0 ? null : success(slotList) / d, `${series.modelId} slot ${i} rate`);
    });
  }

  // Latency per model.
  assert.equal(data.latency.length, expectedModels.length);
  for (const l of data.latency) {
    const list = byModel.get(l.modelId) ?? [];
    assert.equal(l.count, list.length);
    assertQuantile(l.p50Ms, sortedLatency(list), 0.5, `${l.modelId} p50`);
    assertQuantile(l.p95Ms, sortedLatency(list), 0.95, `${l.modelId} p95`);
    const ttft = list.flatMap((r) => (r.ttftMs === undefined || r.cached ? [] : [r.ttftMs])).sort((a, b) => a - b);
    assertQuantile(l.ttftP50Ms, ttft, 0.5, `${l.modelId} ttft p50`);
    const timed = sortedLatency(list);
    approx(l.meanMs ?? Number.NaN, timed.reduce((a, x) => a + x, 0) / timed.length, 1e-9, `${l.modelId} mean`);
  }

  // Share of each capability's traffic.
  const capabilities = CAPABILITIES.filter((c) => inRange.some((r) => r.capability === c));
  assert.deepEqual(data.capabilityShare.capabilities, capabilities);
  assert.deepEqual(
    data.capabilityShare.totals,
    capabilities.map((c) => inRange.filter((r) => r.capability === c).length),
  );
  for (const pm of data.capabilityShare.perModel) {
    capabilities.forEach((c, i) => {
      const n = inRange.filter((r) => r.capability === c && r.modelId === pm.modelId).length;
      assert.equal(pm.counts[i], n);
      approx(pm.share[i] as number, n / (data.capabilityShare.totals[i] as number), 1e-12, `${pm.modelId} share of ${c}`);
    });
  }
  capabilities.forEach((_, i) => approx(data.capabilityShare.perModel.reduce((a, pm) => a + (pm.share[i] as number), 0), 1, 1e-12, 'shares sum'));

  // A/B comparison.
  const withExperiment = inRange.filter((r) => r.experiment !== undefined);
  const experiments = [...new Set(withExperiment.map((r) => r.experiment as string))].sort();
  assert.deepEqual(
    data.experiments.map((e) => e.experiment),
    experiments,
  );
  for (const e of data.experiments) {
    const list = withExperiment.filter((r) => r.experiment === e.experiment);
    const variants = [...new Set(list.map((r) => r.variant ?? null))];
    assert.equal(e.variants.length, variants.length, `${e.experiment} variants`);
    for (const v of e.variants) {
      const vl = list.filter((r) => (r.variant ?? null) === v.variant);
      assert.equal(v.count, vl.length);
      // Success of the variant's models: the cache's answers (each a success) are left out.
      const answered = vl.filter((r) => !r.cached);
      assert.equal(v.cached, vl.length - answered.length);
      assert.equal(v.success, success(answered));
      assert.equal(v.decided, decided(answered));
      assert.equal(v.successRate, decided(answered) === 0 ? null : success(answered) / decided(answered));
      approx(v.cost.knownUsd, known(vl), 1e-9, `${e.experiment}/${v.variant} cost`);
      assert.equal(v.cost.unknownCount, unknown(vl));
      // Per call of the variant's models: the cache's answers ($0, no model asked) are left out.
      const served = vl.filter((r) => !r.cached).length;
      if (unknown(vl) > 0) assert.equal(v.costPerCallUsd, null, 'a mean over unknown costs is unknown');
      else approx(v.costPerCallUsd ?? Number.NaN, known(vl) / served, 1e-9, 'cost per call');
      const priced = served - unknown(vl);
      if (priced === 0) assert.equal(v.costPerPricedCallUsd, null);
      else approx(v.costPerPricedCallUsd ?? Number.NaN, known(vl) / priced, 1e-9, 'cost per priced call');
      assertQuantile(v.latencyP50Ms, sortedLatency(vl), 0.5, `${e.experiment}/${v.variant} p50`);
      assertQuantile(v.latencyP95Ms, sortedLatency(vl), 0.95, `${e.experiment}/${v.variant} p95`);
      const models = [...groupBy(vl, (r) => r.modelId).entries()]
        .sort(([a, x], [b, y]) => y.length - x.length || (a < b ? -1 : 1))
        .map(([id]) => id);
      assert.deepEqual(v.models, models);
    }
  }
}

describe('dashboardWindow', () => {
  it('24 h: the 24 whole hours ending with the current one', () => {
    const w = dashboardWindow('24h', NOW);
    assert.equal(w.granularity, 'hour');
    assert.equal(w.slots.length, 24);
    assert.equal(w.from, Date.UTC(2026, 10, 23, 16));
    assert.equal(w.to, Date.UTC(2026, 10, 24, 16));
    assert.equal(w.slots[23]?.start, Date.UTC(2026, 10, 24, 15));
    assert.equal(w.slots[0]?.key, '2026-11-23T16:00:00.000Z');
  });

  it('7 d and 30 d: whole calendar days of the person, today included', () => {
    const utc = dashboardWindow('7d', NOW);
    assert.equal(utc.granularity, 'day');
    assert.deepEqual(
      utc.slots.map((s) => s.key),
      ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24'],
    );
    assert.equal(utc.to, Date.UTC(2026, 10, 25));
    // 15:42 UTC is already Wednesday 00:42 in UTC+9: the window shifts by a day, starting at local midnight.
    const tokyo = dashboardWindow('30d', NOW, 9 * 60);
    assert.equal(tokyo.slots.length, 30);
    assert.equal(tokyo.slots[29]?.key, '2026-11-25');
    assert.equal(tokyo.slots[29]?.start, Date.UTC(2026, 10, 24, 15));
    assert.equal(tokyo.from, Date.UTC(2026, 9, 26, 15));
    // Seven hours west: still Tuesday morning.
    assert.equal(dashboardWindow('7d', NOW, -7 * 60).slots[6]?.key, '2026-11-24');
  });

  it('a half-hour zone is queried from the next whole hour, as the hourly rollups allow', () => {
    const w = dashboardWindow('7d', NOW, 5 * 60 + 30);
    assert.equal(w.from % HOUR, 30 * 60_000);
    assert.equal(queryFrom(w), w.from + 30 * 60_000);
    assert.equal(dashboardQueries(w).total.from, queryFrom(w));
  });

  it('names a bad offset or clock', () => {
    assert.throws(() => dashboardWindow('7d', NOW, 15 * 60), /utcOffsetMinutes.*840/);
    assert.throws(() => dashboardWindow('7d', NOW, 1.5), /utcOffsetMinutes/);
    assert.throws(() => dashboardWindow('24h', Number.NaN), /now must be a finite/);
  });
});

describe('buildDashboardData', () => {
  const cases: readonly { range: DashboardRange; offset: number }[] = [
    { range: '24h', offset: 0 },
    { range: '7d', offset: 0 },
    { range: '30d', offset: 0 },
    { range: '7d', offset: -5 * 60 },
    { range: '30d', offset: 5 * 60 + 30 },
  ];
  // Records from 35 days back to now, so every range has calls just outside it too.
  const records = makeRecords(7, 12_000, NOW - 35 * DAY, NOW);
  // A burst in the last hours so that the 24 h range has enough calls for every model.
  records.push(...makeRecords(8, 3_000, NOW - 26 * HOUR, NOW));
  let source: MetricsQuerySource;
  before(async function () {
    this.timeout(60_000);
    source = await storeWith(records);
  });

  for (const { range, offset } of cases) {
    it(`matches a brute-force computation over the raw records (${range}, UTC${offset >= 0 ? '+' : ''}${offset / 60})`, () => {
      const window = dashboardWindow(range, NOW, offset);
      const data = buildDashboardData(window, queryDashboardRows(source, window), NOW);
      assert.equal(data.range, range);
      assert.equal(data.generatedAt, NOW);
      assert.equal(data.slots.length, range === '24h' ? 24 : range === '7d' ? 7 : 30);
      assert.ok(data.totals.count > 0 && data.totals.count < records.length, 'the range cuts the records');
      assert.ok(data.experiments.length > 0, 'the sample has experiments');
      assert.ok(data.totals.cached > 0, 'the sample has answers from the response cache');
      assertMatchesBruteForce(data, window, records);
    });
  }

  it('keeps unknown cost unknown: a model without prices shows its calls as unknown, never $0', () => {
    const data = loadDashboardData(source, '30d', NOW);
    const copilot = data.costOverTime.find((s) => s.modelId === 'copilot');
    assert.ok(copilot);
    assert.ok(copilot.knownUsd.every((x) => x === 0));
    const calls = data.models.find((m) => m.modelId === 'copilot')?.count ?? 0;
    assert.ok(calls > 0);
    assert.equal(
      copilot.unknownCount.reduce((a, b) => a + b, 0),
      calls,
    );
    assert.ok(data.totals.cost.unknownCount >= calls);
    // A free local model is known to cost 0: that is a known $0, not an unknown.
    const llama = data.costOverTime.find((s) => s.modelId === 'llama');
    assert.ok(llama && llama.unknownCount.reduce((a, b) => a + b, 0) < (data.models.find((m) => m.modelId === 'llama')?.count ?? 0));
  });

  it('lists the range\'s tasks and their phases from the store, and none for plain answers', async () => {
    const base = { provider: 'openai' as const, providerModel: 'gpt-4o-mini', capability: 'generate' as const, outcome: 'success' as const };
    const taskCalls: AttemptRecord[] = [
      { ...base, time: NOW - 2 * HOUR, requestId: 't1', modelId: 'strong', taskId: 'tk_0123456789abcdef', phase: 'plan', latencyMs: 2_000, costUsd: 0.02 },
      { ...base, time: NOW - 2 * HOUR + 2_000, requestId: 't2', modelId: 'cheap', taskId: 'tk_0123456789abcdef', phase: 'generate', latencyMs: 3_000, costUsd: 0.01 },
      // Outside the 24 h range.
      { ...base, time: NOW - 30 * HOUR, requestId: 't3', modelId: 'cheap', taskId: 'tk_old', phase: 'generate', latencyMs: 1_000, costUsd: 0.01 },
    ];
    const data = loadDashboardData(await storeWith([...makeRecords(9, 200, NOW - 3 * DAY, NOW), ...taskCalls]), '24h', NOW);
    assert.deepEqual(
      data.tasks.map((t) => [t.taskId, t.phases, t.models, t.totalMs, t.cost]),
      [['tk_0123456789abcdef', ['plan', 'generate'], ['strong', 'cheap'], 5_000, { knownUsd: 0.03, unknownCount: 0 }]],
    );
    assert.deepEqual(data.phases.map((p) => [p.phase, p.tasks, p.totalMs]), [['plan', 1, 2_000], ['generate', 1, 3_000]]);
    assert.deepEqual(JSON.parse(JSON.stringify(data.tasks)), data.tasks, 'JSON-safe');
    const plain = loadDashboardData(await storeWith(makeRecords(9, 200, NOW - 3 * DAY, NOW)), '24h', NOW);
    assert.deepEqual([plain.tasks, plain.phases], [[], []]);
  });

  it('shows per model and capability the success rate beside the acceptance, with the calls and signals each rests on', async () => {
    const base = { provider: 'openai' as const, providerModel: 'gpt-4o-mini', latencyMs: 500, costUsd: 0.001 };
    const store = await storeWith([
      { ...base, time: NOW - HOUR, requestId: 'q1', modelId: 'cheap', capability: 'generate', outcome: 'success' },
      { ...base, time: NOW - HOUR, requestId: 'q2', modelId: 'cheap', capability: 'generate', outcome: 'success' },
      { ...base, time: NOW - HOUR, requestId: 'q3', modelId: 'cheap', capability: 'generate', outcome: 'error', errorKind: 'server' },
      { ...base, time: NOW - HOUR, requestId: 'q4', modelId: 'strong', capability: 'review', outcome: 'success' },
      // An answer from the response cache: a call, but not the model's success.
      { ...base, time: NOW - HOUR, requestId: 'q5', modelId: 'cheap', capability: 'generate', outcome: 'success', cached: true, costUsd: 0, latencyMs: 2 },
    ]);
    const signal = (requestId: string, kind: 'apply' | 'rating', value: 'accepted' | 'rejected' | 'up' | 'down', time = NOW - HOUR) =>
      store.recordSignal({ time, kind, value, requestId, modelId: 'cheap', capability: 'generate', workspace: 'w' });
    signal('q1', 'apply', 'accepted');
    signal('q2', 'apply', 'rejected');
    signal('q2', 'rating', 'up');
    signal('q2', 'rating', 'down'); // a changed rating counts once
    signal('q1', 'apply', 'rejected', NOW - 3 * DAY); // outside the 24 h range
    const data = loadDashboardData(store, '24h', NOW);
    assert.deepEqual(
      data.quality.map((q) => [q.modelId, q.capability, q.success, q.decided, q.accepted, q.rejected, q.acceptanceRate]),
      [
        ['cheap', 'generate', 2, 3, 1, 2, 1 / 3],
        ['strong', 'review', 1, 1, 0, 0, null],
      ],
    );
    assert.deepEqual(buildQualityTable(data)?.rows, [
      ['cheap', 'generate', '66.7% of 3 calls', '33.3% of 3 signals (2 not kept)'],
      ['strong', 'review', '100% of 1 call', 'no signals'],
    ]);
  });

  it('an empty store gives empty series on a full time axis', async () => {
    const data = loadDashboardData(await storeWith([]), '24h', NOW);
    assert.equal(data.slots.length, 24);
    assert.deepEqual(data.models, []);
    assert.deepEqual(data.costOverTime, []);
    assert.deepEqual(data.experiments, []);
    assert.deepEqual(data.capabilityShare, { capabilities: [], totals: [], perModel: [] });
    assert.deepEqual(data.totals, {
      count: 0,
      success: 0,
      decided: 0,
      successRate: null,
      latencyP50Ms: null,
      latencyP95Ms: null,
      inputTokens: 0,
      outputTokens: 0,
      cost: { knownUsd: 0, unknownCount: 0 },
      cached: 0,
    });
  });

  it('a slot where every call was cancelled has no success rate (null), not 0%', async () => {
    const [base] = makeRecords(3, 1, NOW - HOUR, NOW);
    assert.ok(base);
    const cancelled: AttemptRecord = { ...base, outcome: 'cancelled', time: NOW - 30 * 60_000 };
    const data = loadDashboardData(await storeWith([cancelled]), '24h', NOW);
    const series = data.successOverTime[0];
    assert.ok(series);
    assert.equal(series.decided.reduce((a, b) => a + b, 0), 0);
    assert.ok(series.rate.every((r) => r === null));
    assert.equal(data.totals.successRate, null);
  });

  it('is JSON-safe: survives a round trip unchanged (no undefined, NaN or Infinity)', () => {
    const data = loadDashboardData(source, '7d', NOW, 60);
    assert.deepEqual(JSON.parse(JSON.stringify(data)), data);
  });

  it('the export query covers the same calls as the charts, per day and every dimension', () => {
    const window = dashboardWindow('7d', NOW, 120);
    const q = dashboardExportQuery(window);
    assert.deepEqual(q.groupBy, ['day', 'model', 'capability', 'experiment', 'variant', 'task', 'phase']);
    const exported = source.query(q);
    const data = buildDashboardData(window, queryDashboardRows(source, window), NOW);
    assert.equal(
      exported.reduce((a, r) => a + r.count, 0),
      data.totals.count,
    );
    assert.ok(exported.every((r) => data.slots.some((s) => s.key === r.day)));
  });

  it('reads the same figures back from disk after the store is reopened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-dashboard-'));
    const recent = makeRecords(11, 2_000, NOW - 6 * DAY, NOW);
    let store: MetricsStore | undefined;
    try {
      store = await MetricsStore.open(dir, { now: () => NOW, autoRefreshMs: 0 });
      for (const r of recent) store.append(r);
      store.dispose();
      store = await MetricsStore.open(dir, { now: () => NOW, autoRefreshMs: 0 });
      const window = dashboardWindow('7d', NOW);
      const data = loadDashboardData(store, '7d', NOW);
      assert.equal(data.totals.count, recent.length);
      assertMatchesBruteForce(data, window, recent);
    } finally {
      store?.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
