import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MetricsStore } from '../../../src/core/metrics/metricsStore';
import type { MetricsStoreOptions } from '../../../src/core/metrics/metricsStoreOptions';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import type { MetricsQuery } from '../../../src/core/metrics/metricsQuery';
import { CSV_COLUMNS } from '../../../src/core/metrics/metricsExport';
import { attemptRecordSchema } from '../../../src/core/metrics/attemptRecordSchema';
import { bucketSchema } from '../../../src/core/metrics/bucket';
import { loadDashboardData } from '../../../src/presentation/dashboard/dashboardData';
import { queryStatus } from '../../../src/core/views/statusQueries';
import { offsetDayStart } from '../../../src/core/metrics/timeKeys';
import { assertRowsMatch, bruteForce, makeRecord, parseCsv, rng, tempDir } from './helpers';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 9, 28, 0, 0, 0); // a Wednesday, UTC

/** A test clock the store reads; tests move it forward by hand. */
function clock(start = T0) {
  const c = { now: start };
  return { c, options: (extra: MetricsStoreOptions = {}): MetricsStoreOptions => ({ now: () => c.now, autoRefreshMs: 0, ...extra }) };
}

const QUERIES: readonly MetricsQuery[] = [
  {},
  { groupBy: ['model'] },
  { groupBy: ['model', 'capability'] },
  { groupBy: ['day', 'model'] },
  { groupBy: ['day'], utcOffsetMinutes: -300 },
  { groupBy: ['day', 'capability'], utcOffsetMinutes: 330, from: T0 + 20 * HOUR + 30_000, to: T0 + 4 * DAY + 2 * HOUR + 5 },
  { groupBy: ['day', 'model'], utcOffsetMinutes: 60, from: T0 + DAY },
  { groupBy: ['experiment', 'variant'], filter: { capability: 'review' } },
  { groupBy: ['hour', 'provider'], from: T0 + DAY + 5 * HOUR + 1_234, to: T0 + 3 * DAY + 7 * HOUR },
  { groupBy: ['capability'], filter: { modelId: 'sonnet' }, from: T0 + 2 * DAY },
  // Whole days from the daily buckets, the partial days at both ends from the hourly ones.
  { groupBy: ['model'], from: T0 + DAY + 5 * HOUR + 59_000, to: T0 + 4 * DAY + 3 * HOUR },
  { groupBy: ['variant'], from: T0 + 23 * HOUR, to: T0 + 2 * DAY + HOUR },
];

/** Appends `n` records while the clock walks over `days` days; record times trail the clock a little (calls take time). */
function fill(store: MetricsStore, c: { now: number }, n: number, days: number, seed: number, sink: AttemptRecord[]): void {
  const next = rng(seed);
  const step = (days * DAY) / n;
  for (let i = 0; i < n; i++) {
    c.now += Math.floor(step * (0.5 + next()));
    const r = makeRecord(next, c.now - Math.floor(next() * 120_000));
    store.append(r);
    sink.push(r);
  }
}

describe('MetricsStore', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  const open: MetricsStore[] = [];
  async function openStore(options: MetricsStoreOptions): Promise<MetricsStore> {
    const s = await MetricsStore.open(tmp.dir, options);
    open.push(s);
    return s;
  }

  beforeEach(() => {
    tmp = tempDir();
  });
  afterEach(() => {
    for (const s of open.splice(0)) s.dispose();
    tmp.cleanup();
  });

  it('answers queries like a brute-force scan of the same records, before and after days are sealed and after reopening', async () => {
    const { c, options } = clock();
    const store = await openStore(options());
    const records: AttemptRecord[] = [];
    fill(store, c, 1_500, 2, 1, records);
    for (const q of QUERIES) assertRowsMatch(store.query(q), bruteForce(records, q), `open days ${JSON.stringify(q)}`);

    fill(store, c, 2_500, 4, 2, records);
    const sealed = readdirSync(join(tmp.dir, 'rollups')).filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f));
    assert.ok(sealed.length >= 4, `finished days were sealed into rollups (${sealed.join(', ')})`);
    for (const q of QUERIES) assertRowsMatch(store.query(q), bruteForce(records, q), `sealed days ${JSON.stringify(q)}`);
    store.dispose();

    const reopened = await openStore(options());
    for (const q of QUERIES) assertRowsMatch(reopened.query(q), bruteForce(records, q), `reopened ${JSON.stringify(q)}`);
    assert.equal(reopened.health().records, records.length);
    assert.deepEqual(
      [...reopened.records()].map((r) => r.requestId).sort(),
      records.map((r) => r.requestId).sort(),
      'every raw record reads back',
    );
  });

  it('builds local-calendar days right whichever range is asked for first after reopening', async () => {
    const { c, options } = clock();
    const store = await openStore(options());
    const records: AttemptRecord[] = [];
    fill(store, c, 1_500, 5, 17, records);
    store.dispose();
    const reopened = await openStore(options());
    const first: MetricsQuery = { groupBy: ['day', 'model'], utcOffsetMinutes: 840, from: T0 + 2 * DAY + 4 * HOUR, to: T0 + 4 * DAY };
    const all: MetricsQuery = { groupBy: ['day', 'model'], utcOffsetMinutes: 840 };
    assertRowsMatch(reopened.query(first), bruteForce(records, first), 'part first');
    assertRowsMatch(reopened.query(all), bruteForce(records, all), 'then everything');
  });

  describe('"today" in zones a half or three quarters of an hour off UTC', () => {
    // Local midnight of 2026-11-03 is 18:30 UTC the day before in India, 18:15 in Nepal: inside an hour.
    const D = Date.UTC(2026, 10, 2);
    const at = (h: number, m: number, s = 0, ms = 0) => D + h * HOUR + m * 60_000 + s * 1_000 + ms;
    const TIMES = [at(18, 0), at(18, 14, 59, 999), at(18, 15), at(18, 29, 59, 999), at(18, 30), at(18, 44), at(18, 59), at(19, 10), at(24, 30)];

    for (const [zone, offset] of [['Asia/Kolkata', 330], ['Asia/Kathmandu', 345]] as const) {
      it(`counts exactly the calls since local midnight in ${zone} (UTC+${offset / 60}), before and after sealing and reopening`, async () => {
        const { c, options } = clock(D);
        const store = await openStore(options());
        const next = rng(offset);
        for (const time of TIMES) {
          c.now = time + 1_000;
          store.append(makeRecord(next, time, { modelId: 'gpt', provider: 'openai', workspace: 'w', costUsd: 0.01 }));
        }
        const now = at(25, 0); // 06:30 / 06:45 local: yesterday (UTC) is sealed by now
        c.now = now;
        store.refresh();
        assert.ok(readdirSync(join(tmp.dir, 'rollups')).includes('2026-11-02.json'), 'the UTC day holding local midnight is sealed');

        const midnight = offsetDayStart(now, offset);
        assert.equal(new Date(midnight + offset * 60_000).toISOString(), '2026-11-03T00:00:00.000Z', 'local midnight');
        const expected = TIMES.filter((t) => t >= midnight).length;
        const check = (s: MetricsStore, label: string) => {
          const status = queryStatus(s, { now, utcOffsetMinutes: offset, workspace: 'w', budget: {}, experiments: [] });
          assert.equal(status.byModel.today[0]?.count, expected, `${label}: the Models view's "today"`);
          assert.equal(status.budget.today.count, expected, `${label}: spend today`);
          const days = s.query({ from: midnight, to: now, groupBy: ['day'], utcOffsetMinutes: offset });
          assert.deepEqual(days.map((r) => [r.day, r.count]), [['2026-11-03', expected]], `${label}: one local day, today`);
          // The day before, up to local midnight, holds the rest: none lost, none counted twice.
          const [before] = s.query({ from: D, to: midnight });
          assert.equal(before?.count, TIMES.filter((t) => t < midnight).length, `${label}: the calls before local midnight`);
        };
        check(store, 'sealed');
        store.dispose();
        check(await openStore(options()), 'reopened');
      });
    }

    it('forgets the part of an hour it keeps for "today" when the metrics are reset', async () => {
      const { c, options } = clock(D);
      const store = await openStore(options());
      const next = rng(7);
      for (const time of TIMES) {
        c.now = time + 1_000;
        store.append(makeRecord(next, time, { modelId: 'gpt', provider: 'openai', workspace: 'w', costUsd: 0.01 }));
      }
      const now = at(25, 0);
      c.now = now;
      store.refresh();
      // Local midnight falls at 18:30 UTC: the part of that hour ended hours ago and is kept.
      const midnight = offsetDayStart(now, 330);
      const today = (): number => store.query({ from: midnight, to: now })[0]?.count ?? 0;
      assert.equal(today(), TIMES.filter((t) => t >= midnight).length);
      store.reset();
      assert.equal(today(), 0, 'a reset leaves nothing, kept parts of hours included');
      store.dispose();
    });
  });

  it('keeps unknown cost unknown in every aggregate and in spend', async () => {
    const { c, options } = clock(T0 + 10 * HOUR);
    const store = await openStore(options());
    const next = rng(3);
    const unknown = Array.from({ length: 5 }, (_, i) => makeRecord(next, c.now + i, { modelId: 'copilot', provider: 'vscode-lm', costUsd: undefined, workspace: 'w' }));
    const known = Array.from({ length: 3 }, (_, i) => makeRecord(next, c.now + i, { modelId: 'gpt', provider: 'openai', costUsd: 0.25, workspace: 'w' }));
    for (const r of [...unknown, ...known]) store.append(r);

    const rows = store.query({ groupBy: ['model'] });
    const copilot = rows.find((r) => r.modelId === 'copilot');
    const gpt = rows.find((r) => r.modelId === 'gpt');
    assert.equal(copilot?.costUsd, undefined, 'an all-unknown total is unknown, not 0');
    assert.equal(copilot?.costUnknownCount, 5);
    assert.equal(copilot?.costKnownUsd, 0);
    assert.equal(gpt?.costUsd, 0.75);
    const [all] = store.query();
    assert.equal(all?.costUsd, undefined, 'a total with any unknown part is unknown');
    assert.equal(all?.costKnownUsd, 0.75);
    assert.equal(all?.costUnknownCount, 5);
    assert.deepEqual(store.spendSince('w', T0), { knownUsd: 0.75, unknownCount: 5, count: 8 });
    const csv = parseCsv(store.exportCsv({ groupBy: ['model'] }));
    const header = csv[0] as string[];
    const copilotLine = csv.find((line) => line[header.indexOf('modelId')] === 'copilot') as string[];
    assert.equal(copilotLine[header.indexOf('costUsd')], '', 'CSV leaves an unknown cost empty');
  });

  it('skips and counts a torn last line left by a window that crashed mid-write', async () => {
    const { spawnSync } = await import('node:child_process');
    const worker = join(__dirname, 'fixtures', 'appendWorker.ts');
    const r = spawnSync(process.execPath, ['--import', 'tsx', worker, tmp.dir, 'crashed', '50', '0', 'torn'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);

    const store = await openStore({ autoRefreshMs: 0 });
    const health = store.health();
    assert.equal(health.tornLines, 1);
    assert.equal(health.corruptLines, 0);
    assert.equal(store.query()[0]?.count, 50);
    assert.equal([...store.records()].length, 50);
    // Recording goes on as usual.
    store.append(makeRecord(rng(4), Date.now(), { requestId: 'after-crash' }));
    assert.equal(store.query()[0]?.count, 51);
  });

  it('waits for a live writer to finish its last line before calling it torn', async () => {
    const { options } = clock(T0 + HOUR);
    const writer = await openStore(options());
    const next = rng(5);
    for (let i = 0; i < 3; i++) writer.append(makeRecord(next, T0 + HOUR + i));
    const own = readdirSync(join(tmp.dir, 'log'))[0] as string;
    appendFileSync(join(tmp.dir, 'log', own), '{"time":1,"requestId":"half'); // mid-write, as another window sees it

    const reader = await openStore(options());
    assert.equal(reader.health().tornLines, 0, 'not torn while its writer lives');
    assert.equal(reader.query()[0]?.count, 3);
    writer.dispose(); // the writer is gone: its half line will never be finished
    reader.refresh();
    assert.equal(reader.health().tornLines, 1);
    assert.equal(reader.query()[0]?.count, 3);
  });

  it('skips and counts corrupt lines with their line numbers, keeping the rest', async () => {
    const { options } = clock(T0 + HOUR);
    const store = await openStore(options());
    const next = rng(6);
    const records = Array.from({ length: 4 }, (_, i) => makeRecord(next, T0 + HOUR + i));
    store.append(records[0] as AttemptRecord);
    store.append(records[1] as AttemptRecord);
    store.dispose();
    const file = join(tmp.dir, 'log', readdirSync(join(tmp.dir, 'log'))[0] as string);
    appendFileSync(file, 'this is not json\n');
    appendFileSync(file, JSON.stringify({ ...records[2], latencyMs: -5 }) + '\n');
    appendFileSync(file, '\n');
    appendFileSync(file, JSON.stringify(records[3]) + '\n');

    const reopened = await openStore(options());
    const health = reopened.health();
    assert.equal(health.corruptLines, 2);
    assert.deepEqual(
      health.badLines.map((b) => [b.line, b.reason.split(':')[0]]),
      [
        [3, 'not valid JSON'],
        [4, 'latencyMs'],
      ],
    );
    assert.equal(reopened.query()[0]?.count, 3);
  });

  it('loses nothing when several processes append at once (every record read back exactly once)', async function () {
    this.timeout(120_000);
    const { spawn } = await import('node:child_process');
    const observer = await openStore({ autoRefreshMs: 0 });
    const worker = join(__dirname, 'fixtures', 'appendWorker.ts');
    const perWorker = 3_000;
    const labels = ['win-a', 'win-b', 'win-c'];
    const startAt = Date.now() + 2_500;
    const exits = labels.map(
      (label) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, ['--import', 'tsx', worker, tmp.dir, label, String(perWorker), String(startAt)], { stdio: 'inherit' });
          child.on('exit', (code) => resolve(code));
        }),
    );
    // This process is a window too, appending while the others do.
    const next = rng(8);
    while (Date.now() < startAt) await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 1_000; i++) {
      observer.append(makeRecord(next, Date.now(), { requestId: `here-${i}` }));
      if (i % 100 === 0) observer.refresh(); // reading others' half-written segments mid-flight
      if (i % 10 === 0) await new Promise((r) => setImmediate(r));
    }
    assert.deepEqual(await Promise.all(exits), [0, 0, 0]);

    const total = perWorker * labels.length + 1_000;
    observer.refresh();
    assert.equal(observer.query()[0]?.count, total, 'the window that tailed the others counted each record once');
    const fresh = await openStore({ autoRefreshMs: 0 });
    const ids = [...fresh.records()].map((r) => r.requestId);
    assert.equal(ids.length, total);
    assert.equal(new Set(ids).size, total, 'no record twice');
    for (const label of labels) for (let i = 0; i < perWorker; i += 499) assert.ok(ids.includes(`${label}-${i}`), `${label}-${i} is there`);
    assert.equal(fresh.query()[0]?.count, total);
    assert.equal(fresh.health().tornLines + fresh.health().corruptLines, 0);
  });

  it('compacts old days into rollups and deletes raw segments past retention, with another writer appending throughout', async () => {
    const { c, options } = clock();
    const a = await openStore(options({ retentionDays: 2, rollupRetentionDays: 5 }));
    const b = await openStore(options({ retentionDays: 2, rollupRetentionDays: 5 }));
    const records: AttemptRecord[] = [];
    const next = rng(9);
    for (let i = 0; i < 8 * 96; i++) {
      c.now += 15 * 60_000; // eight days in quarter hours, two windows taking turns
      const r = makeRecord(next, c.now - 1_000);
      (i % 2 === 0 ? a : b).append(r);
      records.push(r);
    }
    const today = T0 + 8 * DAY;
    assert.equal(c.now, today);
    assert.ok(!readdirSync(join(tmp.dir, 'rollups')).includes('2026-11-04.json'), 'yesterday is not sealed within its grace period');
    c.now += 10 * 60_000; // past the grace period: the next look seals yesterday
    a.refresh();
    b.refresh();
    const segmentDays = new Set(readdirSync(join(tmp.dir, 'log')).map((f) => f.slice(0, 10)));
    for (const day of segmentDays) assert.ok(Date.parse(`${day}T00:00:00Z`) >= today - 2 * DAY, `raw segment of ${day} is within retention`);
    const rollupDays = readdirSync(join(tmp.dir, 'rollups'))
      .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
      .map((f) => f.slice(0, 10));
    assert.equal(readdirSync(join(tmp.dir, 'rollups')).filter((f) => f.endsWith('.hours.json')).length, 5, 'hour files go with their days');
    assert.deepEqual(rollupDays.sort(), ['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'], 'rollups older than 5 days are gone too');

    // Both windows still hold every figure they saw; a fresh window sees what the rollups keep.
    // A range starting or ending inside an hour whose raw log is gone takes that whole hour.
    const rawKeptFrom = today - 2 * DAY;
    for (const q of QUERIES) assertRowsMatch(a.query(q), bruteForce(records, q, rawKeptFrom), `writer a ${JSON.stringify(q)}`);
    for (const q of QUERIES) assertRowsMatch(b.query(q), bruteForce(records, q, rawKeptFrom), `writer b ${JSON.stringify(q)}`);
    const fresh = await openStore(options({ retentionDays: 2, rollupRetentionDays: 5 }));
    // A record is filed under the day it was appended; the clock ran 1 s ahead of its start time.
    const kept = records.filter((r) => r.time + 1_000 >= today - 5 * DAY);
    for (const q of QUERIES) assertRowsMatch(fresh.query(q), bruteForce(kept, q, rawKeptFrom), `fresh ${JSON.stringify(q)}`);
    const raw = [...fresh.records()];
    assert.deepEqual(
      raw.map((r) => r.requestId).sort(),
      records.filter((r) => r.time + 1_000 >= today - 2 * DAY).map((r) => r.requestId).sort(),
      'raw records are exactly those of the retained days',
    );
  });

  it('reports spend per workspace for budgets, to the minute, like a brute-force sum', async () => {
    const { c, options } = clock();
    const store = await openStore(options());
    const records: AttemptRecord[] = [];
    fill(store, c, 2_000, 5, 10, records);
    const brute = (ws: string | undefined, from: number, to: number) => {
      const inRange = records.filter((r) => r.workspace === ws && Math.floor(r.time / 60_000) * 60_000 >= Math.floor(from / 60_000) * 60_000 && Math.floor(r.time / 60_000) * 60_000 < Math.floor(to / 60_000) * 60_000);
      return {
        knownUsd: inRange.reduce((s, r) => s + (r.costUsd ?? 0), 0),
        unknownCount: inRange.filter((r) => r.costUsd === undefined).length,
        count: inRange.length,
      };
    };
    const ranges: [number, number][] = [
      [T0, c.now + 1],
      [T0 + 2 * DAY, T0 + 3 * DAY],
      [T0 + DAY + 17 * 60_000, T0 + 4 * DAY - 13 * HOUR + 59 * 60_000],
      [T0 + 3 * DAY + 30 * 60_000, T0 + 3 * DAY + 90 * 60_000],
    ];
    for (const ws of ['file:///ws/alpha', 'file:///ws/beta, with comma', undefined]) {
      for (const [from, to] of ranges) {
        const got = store.spendSince(ws, from, to);
        const want = brute(ws, from, to);
        assert.equal(got.count, want.count, `${ws} ${from}-${to} count`);
        assert.equal(got.unknownCount, want.unknownCount);
        assert.ok(Math.abs(got.knownUsd - want.knownUsd) < 1e-9, `${got.knownUsd} vs ${want.knownUsd}`);
        assert.ok(Math.abs(store.spentUsd(ws, from, to) - want.knownUsd) < 1e-9);
      }
    }
    const total = store.totalSpendSince(T0);
    assert.equal(total.count, records.length);
  });

  it('counts Test Model calls in spend and totals, as their own group and in no capability, sealed and reopened', async () => {
    const { c, options } = clock(T0 + 10 * HOUR);
    const store = await openStore(options());
    const next = rng(21);
    const routed = makeRecord(next, c.now, { modelId: 'gpt', provider: 'openai', capability: 'review', outcome: 'success', costUsd: 0.25, workspace: 'w', cached: undefined });
    const tested = makeRecord(next, c.now + 1_000, { modelId: 'gpt', provider: 'openai', capability: 'test', outcome: 'success', costUsd: 0.0625, workspace: 'w', cached: undefined, experiment: undefined, variant: undefined });
    store.append(routed);
    store.append(tested);

    const check = (s: MetricsStore, label: string) => {
      assert.deepEqual(s.spendSince('w', T0), { knownUsd: 0.3125, unknownCount: 0, count: 2 }, `${label}: spend counts the test call`);
      assert.equal(s.spentUsd('w', T0, T0 + DAY), 0.3125, `${label}: the budget sees it`);
      const [total] = s.query({ from: T0, to: T0 + DAY });
      assert.equal(total?.costUsd, 0.3125, `${label}: totals include it`);
      const byCapability = s.query({ from: T0, to: T0 + DAY, groupBy: ['capability'] });
      assert.deepEqual(byCapability.map((r) => [r.capability, r.count, r.costUsd]), [['review', 1, 0.25], ['test', 1, 0.0625]], `${label}: its own group`);
      assert.deepEqual(s.recent('gpt', 'review').map((r) => r.requestId), [routed.requestId], `${label}: the adaptive router replays routed calls only`);
      assert.ok(s.recentAll().every((r) => r.capability !== 'test'), `${label}: no test call in the replay`);
      const dashboard = loadDashboardData(s, '7d', T0 + 2 * DAY);
      assert.deepEqual(dashboard.capabilityShare.capabilities, ['review'], `${label}: the capability share leaves it out`);
      assert.equal(dashboard.totals.cost.knownUsd, 0.3125, `${label}: the dashboard total includes it`);
      const csv = parseCsv(s.exportCsv({ from: T0, to: T0 + DAY, groupBy: ['capability'] }));
      const header = csv[0] as string[];
      assert.deepEqual(csv.slice(1).map((line) => line[header.indexOf('capability')]), ['review', 'test'], `${label}: exports list it`);
    };
    check(store, 'open day');
    // Move past the day so it is sealed into a rollup, then read everything back from disk.
    c.now = T0 + 3 * DAY;
    store.append(makeRecord(next, c.now, { workspace: 'other' }));
    assert.ok(readdirSync(join(tmp.dir, 'rollups')).some((f) => f.startsWith('2026-10-28')), 'the day was sealed');
    check(store, 'sealed');
    store.dispose();
    check(await openStore(options()), 'reopened');
  });

  it('reads records and rollups written before Test Model calls were recorded, and new ones', () => {
    const next = rng(22);
    for (const capability of ['understand', 'generate', 'review', 'plan', 'classify', 'test'] as const) {
      const record = JSON.parse(JSON.stringify(makeRecord(next, T0, { capability }))) as unknown;
      assert.equal(attemptRecordSchema.safeParse(record).success, true, capability);
      const bucket = { dims: { hour: T0, modelId: 'm', provider: 'openai', providerModel: 'm', capability }, agg: undefined as unknown };
      assert.equal(bucketSchema.shape.dims.safeParse(bucket.dims).success, true, `rollup ${capability}`);
    }
    assert.equal(attemptRecordSchema.safeParse({ ...makeRecord(next, T0), capability: 'tests' }).success, false, 'anything else is still refused');
  });

  it('keeps the last attempts per model and capability for the adaptive router, across a restart', async () => {
    const { c, options } = clock();
    const store = await openStore(options({ recentPerKey: 20 }));
    const records: AttemptRecord[] = [];
    fill(store, c, 1_200, 3, 11, records);
    const expected = (modelId: string, capability: AttemptRecord['capability'], n: number) =>
      records
        .filter((r) => r.modelId === modelId && r.capability === capability)
        .sort((x, y) => x.time - y.time)
        .slice(-n)
        .map((r) => r.requestId);
    assert.deepEqual(store.recent('sonnet', 'review', 5).map((r) => r.requestId), expected('sonnet', 'review', 5));
    store.dispose();
    const reopened = await openStore(options({ recentPerKey: 20 }));
    for (const m of ['sonnet', 'llama']) {
      assert.deepEqual(reopened.recent(m, 'generate').map((r) => r.requestId), expected(m, 'generate', 20), `${m} after restart`);
    }
    const all = reopened.recentAll();
    assert.ok(all.every((r, i) => i === 0 || (all[i - 1] as AttemptRecord).time <= r.time), 'oldest first');
  });

  it('exports JSON and CSV that parse back to the same figures', async () => {
    const { c, options } = clock();
    const store = await openStore(options());
    const records: AttemptRecord[] = [];
    fill(store, c, 800, 2, 12, records);
    for (const q of [{ groupBy: ['model', 'capability', 'variant'] }, { groupBy: ['day'] }] as MetricsQuery[]) {
      const rows = store.query(q);
      const json = JSON.parse(store.exportJson(q)) as { rows: unknown[]; query: unknown };
      assert.deepEqual(json.query, q);
      // Rows grouped the way signals can be (by day here) also count them: none were recorded.
      const signalCounts = q.groupBy?.includes('variant') ? {} : { accepted: 0, rejected: 0 };
      assert.deepEqual(json.rows, JSON.parse(JSON.stringify(rows.map((r) => ({ ...r, ...signalCounts })))), 'JSON rows equal the query rows');

      const csv = parseCsv(store.exportCsv(q));
      assert.deepEqual(csv[0], CSV_COLUMNS.map(([h]) => h));
      assert.equal(csv.length, rows.length + 1);
      rows.forEach((row, i) => {
        const line = csv[i + 1] as string[];
        CSV_COLUMNS.forEach(([header, value], col) => {
          const want = value({ ...row, ...signalCounts });
          const cell = line[col] as string;
          if (want === undefined) assert.equal(cell, '', `${header} is empty when unknown`);
          else if (typeof want === 'number') assert.equal(Number(cell), want, `${header} round-trips`);
          else assert.equal(cell, want, `${header} round-trips`);
        });
      });
    }
    assert.ok(store.exportCsv({ groupBy: ['variant'] }).includes('"b, ""quoted"""'), 'a comma and quotes are escaped');
  });

  it('resets every window: the other one starts over when it notices', async () => {
    const { options } = clock(T0 + HOUR);
    const a = await openStore(options());
    const b = await openStore(options());
    const next = rng(13);
    for (let i = 0; i < 10; i++) a.append(makeRecord(next, T0 + HOUR + i));
    b.refresh();
    assert.equal(b.query()[0]?.count, 10);
    let changes = 0;
    b.onDidChange(() => changes++);
    a.reset();
    assert.deepEqual(a.query(), []);
    b.refresh();
    assert.deepEqual(b.query(), []);
    assert.equal(changes, 1);
    b.append(makeRecord(next, T0 + HOUR + 20));
    a.append(makeRecord(next, T0 + HOUR + 21));
    a.refresh();
    b.refresh();
    assert.equal(a.query()[0]?.count, 2);
    assert.equal(b.query()[0]?.count, 2);
  });

  it('keeps what another window records right after a reset, before it notices the reset', async () => {
    const { options } = clock(T0 + HOUR);
    const a = await openStore(options());
    const b = await openStore(options());
    const next = rng(17);
    a.append(makeRecord(next, T0 + HOUR + 1));
    b.reset();
    // a still holds its segment open; the reset deleted it, and a stats it at most once a second.
    a.append(makeRecord(next, T0 + HOUR + 2));
    a.append(makeRecord(next, T0 + HOUR + 3));
    a.refresh();
    b.refresh();
    assert.equal(b.query()[0]?.count, 2, 'the two calls a recorded after the reset, and not the one before');
    assert.equal(a.query()[0]?.count, 2);
    a.dispose();
    const reopened = await openStore(options());
    assert.equal(reopened.query()[0]?.count, 2, 'on disk too');
  });

  it('notices another window\'s appends by itself when watching the folder', async function () {
    const watcher = await openStore({ watch: true, autoRefreshMs: 60_000 });
    const other = await openStore({ autoRefreshMs: 60_000 });
    const changed = new Promise<void>((resolve) => watcher.onDidChange(() => resolve()));
    const next = rng(16);
    for (let i = 0; i < 5; i++) other.append(makeRecord(next, Date.now()));
    await changed; // no timing assumption: mocha's timeout is the only limit
    assert.equal(watcher.query()[0]?.count, 5);
  });

  it('announces appends in memory and rejects a record that is not one, naming the field', async () => {
    const { options } = clock(T0 + HOUR);
    const store = await openStore(options());
    const seen: string[] = [];
    store.onDidRecordAttempt((r) => seen.push(r.requestId));
    const r = makeRecord(rng(14), T0 + HOUR, { requestId: 'announced' });
    assert.equal(store.append(r), true);
    assert.deepEqual(seen, ['announced']);
    assert.throws(() => store.append({ ...r, latencyMs: Number.NaN }), /latencyMs/);
    assert.throws(() => store.append({ ...r, capability: 'dance' as AttemptRecord['capability'] }), /capability/);
    assert.equal(store.query()[0]?.count, 1);
  });

  it('keeps the good records of recent.json when one is bad, and names the bad one', async () => {
    const { c, options } = clock();
    const store = await openStore(options());
    fill(store, c, 300, 4, 16, []);
    const before = store.recentAll().map((r) => r.requestId).sort();
    store.dispose();
    const file = join(tmp.dir, 'rollups', 'recent.json');
    const recent = JSON.parse(readFileSync(file, 'utf8')) as { version: number; records: Record<string, unknown>[] };
    assert.ok(recent.records.length > 2, 'days were sealed, so recent.json holds records');
    recent.records.splice(1, 0, { ...recent.records[0], requestId: 'hand-edited', latencyMs: 'slow' });
    writeFileSync(file, JSON.stringify(recent));
    const reopened = await openStore(options());
    assert.deepEqual(reopened.recentAll().map((r) => r.requestId).sort(), before, 'the other records are kept');
    const bad = reopened.health().badRollups;
    assert.equal(bad.length, 1);
    assert.equal(bad[0]?.file, 'recent.json');
    assert.match(bad[0]?.reason ?? '', /records\[1\]\.latencyMs/);
  });

  it('survives an unreadable rollup file by reading the day from the raw log', async () => {
    const { c, options } = clock();
    const store = await openStore(options());
    const records: AttemptRecord[] = [];
    fill(store, c, 300, 2, 15, records);
    store.dispose();
    const rollup = readdirSync(join(tmp.dir, 'rollups')).find((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f)) as string;
    writeFileSync(join(tmp.dir, 'rollups', rollup), '{"version":2,"day":');
    const reopened = await openStore(options());
    assert.deepEqual(reopened.health().badRollups.map((b) => b.file), [rollup]);
    for (const q of QUERIES) assertRowsMatch(reopened.query(q), bruteForce(records, q), `from the raw log ${JSON.stringify(q)}`);
    reopened.dispose();
    const again = await openStore(options());
    assert.deepEqual(again.health().badRollups, [], 'sealing rewrote the bad file from the raw log');
    for (const q of QUERIES) assertRowsMatch(again.query(q), bruteForce(records, q), `rewritten ${JSON.stringify(q)}`);
  });
});
