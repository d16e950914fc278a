// Metrics store: append rate, and aggregate queries over 1,000,000 recorded calls (goal p95 ≤ 50 ms),
// each beside a named baseline measured in the same run:
// - append: the obvious way, fs.appendFileSync of one JSON line per record;
// - query and open: a naive full scan of the raw NDJSON log (parse every line, group, sort for percentiles).
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MetricsStore } from '../src/core/metrics/metricsStore';
import type { MetricsQuery } from '../src/core/metrics/metricsQuery';
import { seededRandom } from '../src/core/router/rng';
import { recordResults } from './lib/results';
import { median, percentile } from './lib/stats';
import { forEachRawRecord } from './lib/rawLog';
import { fillSyntheticStore, syntheticRecord } from './lib/syntheticModels';

const TOTAL = Number(process.env['METRICS_BENCH_RECORDS'] ?? 1_000_000);
const DAYS = 30;
const DAY = 86_400_000;

const WORKSPACES = ['file:///home/dev/app', 'file:///home/dev/lib', 'file:///home/dev/site'];


/** The baseline: read every raw line, parse it, group by model × capability, sort latencies for p50/p95. */
function naiveScan(logDir: string): number {
  const groups = new Map<string, { n: number; cost: number; lat: number[] }>();
  forEachRawRecord(logDir, (r) => {
    const key = `${r.modelId}|${r.capability}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { n: 0, cost: 0, lat: [] }));
    g.n += 1;
    g.cost += r.costUsd ?? 0;
    g.lat.push(r.latencyMs);
  });
  let check = 0;
  for (const g of groups.values()) {
    g.lat.sort((a, b) => a - b);
    check += g.n + (g.lat[Math.floor(0.95 * (g.lat.length - 1))] ?? 0);
  }
  return check;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-metrics-bench-'));
  try {
    // ---- append: 1,000,000 records over 30 simulated days (days are sealed as the clock passes them)
    const { store, clock, fillMs: appendMs } = await fillSyntheticStore(dir, TOTAL, DAYS, { success: 0.93, error: 0.07, workspaces: WORKSPACES });
    const today = Math.floor(Date.now() / DAY) * DAY;
    const appendRate = TOTAL / (appendMs / 1000);

    const naiveDir = mkdtempSync(join(tmpdir(), 'sb-metrics-naive-'));
    const naiveCount = Math.min(TOTAL, 100_000);
    const nextNaive = seededRandom(7);
    const t1 = performance.now();
    for (let i = 0; i < naiveCount; i++) appendFileSync(join(naiveDir, 'log.ndjson'), JSON.stringify(syntheticRecord(nextNaive, clock.now, i, { success: 0.93, error: 0.07, workspaces: WORKSPACES })) + '\n');
    const naiveAppendRate = naiveCount / ((performance.now() - t1) / 1000);
    rmSync(naiveDir, { recursive: true, force: true });

    // ---- queries over everything recorded, each re-checking the disk for other windows (autoRefreshMs 0)
    const to = clock.now + 1;
    const queries: MetricsQuery[] = [
      { from: to - DAYS * DAY, to },
      { from: to - DAYS * DAY, to, groupBy: ['model'] },
      { from: to - DAYS * DAY, to, groupBy: ['model', 'capability'] },
      { from: to - DAYS * DAY, to, groupBy: ['day', 'model'] },
      { from: to - DAYS * DAY, to, groupBy: ['experiment', 'variant'], filter: { capability: 'review' } },
      { from: to - 7 * DAY, to, groupBy: ['model'] },
      { from: to - DAY, to, groupBy: ['hour', 'model'] },
    ];
    const rowsSeen = store.query(queries[0]).reduce((n, r) => n + r.count, 0);
    if (rowsSeen !== TOTAL) throw new Error(`query counted ${rowsSeen} calls, expected ${TOTAL}`);
    const samples: number[] = [];
    for (let round = 0; round < 30; round++) {
      for (const q of queries) {
        const s = performance.now();
        store.query(q);
        samples.push(performance.now() - s);
      }
    }
    store.dispose();

    const scanSamples: number[] = [];
    for (let i = 0; i < 2; i++) {
      const s = performance.now();
      naiveScan(join(dir, 'log'));
      scanSamples.push(performance.now() - s);
    }
    const scanMs = Math.min(...scanSamples);

    // ---- open cold with 1,000,000 calls on disk (rollups for finished days, today's raw segment)
    const openSamples: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      const reopened = await MetricsStore.open(dir, { now: () => clock.now, retentionDays: DAYS });
      reopened.query(queries[1]);
      openSamples.push(performance.now() - s);
      reopened.dispose();
    }
    const openMs = median(openSamples);

    // ---- a dashboard in a local time zone: local days need hourly buckets, read from disk on first use
    const local = await MetricsStore.open(dir, { now: () => clock.now, retentionDays: DAYS });
    const localQuery: MetricsQuery = { from: to - DAYS * DAY, to, groupBy: ['day', 'model'], utcOffsetMinutes: -300 };
    let s0 = performance.now();
    local.query(localQuery);
    const localFirstMs = performance.now() - s0;
    const localSamples: number[] = [];
    for (let i = 0; i < 20; i++) {
      s0 = performance.now();
      local.query(localQuery);
      localSamples.push(performance.now() - s0);
    }
    local.dispose();

    // ---- the budget check before every routed call, as configured in the product (default refresh)
    const budgetStore = await MetricsStore.open(dir, { now: () => clock.now, retentionDays: DAYS });
    const spendSamples: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const s = performance.now();
      budgetStore.spentUsd(WORKSPACES[i % 3], today - (i % 30) * DAY + (i % 7) * 60_000, to);
      spendSamples.push(performance.now() - s);
    }
    budgetStore.dispose();

    const p95 = percentile(samples, 95);
    recordResults({
      'metrics.append.rate': {
        value: Math.round(appendRate),
        unit: 'records/s',
        baseline: Math.round(naiveAppendRate),
        baselineName: 'fs.appendFileSync per record',
        ratio: appendRate / naiveAppendRate,
      },
      'metrics.query.p50': { value: median(samples), unit: 'ms', baseline: scanMs, baselineName: 'naive full NDJSON scan', ratio: median(samples) / scanMs },
      'metrics.query.p95': {
        value: p95,
        unit: 'ms',
        baseline: scanMs,
        baselineName: 'naive full NDJSON scan',
        ratio: p95 / scanMs,
        goal: '≤ 50 ms over 1,000,000 calls',
      },
      'metrics.spentUsd.p99': { value: percentile(spendSamples, 99), unit: 'ms', goal: 'budget check before each routed call (router overhead goal p99 ≤ 0.1 ms)' },
      'metrics.query.localDays.first': {
        value: localFirstMs,
        unit: 'ms',
        goal: '30 local days × model, first query after open (loads 30 hourly rollups)',
      },
      'metrics.query.localDays.p95': { value: percentile(localSamples, 95), unit: 'ms', goal: '≤ 50 ms' },
      'metrics.open.1M': { value: openMs, unit: 'ms', baseline: scanMs, baselineName: 'naive full NDJSON scan', ratio: openMs / scanMs, goal: '< 1000 ms (issue 6)' },
    });
    console.log(`${TOTAL} records over ${DAYS} days; append took ${(appendMs / 1000).toFixed(1)} s; p95 ${p95 <= 50 ? 'meets' : 'MISSES'} the 50 ms goal`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
