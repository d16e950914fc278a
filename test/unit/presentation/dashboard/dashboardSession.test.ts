import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toDisposable } from '../../../../src/core/lifecycle/disposable';
import { DashboardSession, type DashboardStore, type SaveRequest, type SaveResult } from '../../../../src/presentation/dashboard/dashboardSession';
import type { MetricsReport } from '../../../../src/core/metrics/metricsExport';
import { MetricsStore } from '../../../../src/core/metrics/metricsStore';
import type { DashboardData, DashboardToWebview } from '../../../../src/protocol/dashboardProtocol';
import { makeRecords } from './records';
import { ManualTimers } from '../../../support/manualTimers';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 24, 15, 42);


interface Harness {
  readonly store: MetricsStore;
  readonly session: DashboardSession;
  readonly posted: DashboardToWebview[];
  readonly logged: string[];
  readonly saved: SaveRequest[];
  readonly timers: ManualTimers;
  saveResult: (request: SaveRequest) => Promise<SaveResult>;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function harness(records = makeRecords(21, 500, NOW - 6 * DAY, NOW), store?: DashboardStore): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-dashboard-session-'));
  const metrics = await MetricsStore.open(dir, { now: () => NOW, autoRefreshMs: 0 });
  for (const r of records) metrics.append(r);
  const timers = new ManualTimers();
  const posted: DashboardToWebview[] = [];
  const logged: string[] = [];
  const saved: SaveRequest[] = [];
  const control = { saveResult: async (request: SaveRequest): Promise<SaveResult> => ({ outcome: 'saved', detail: request.suggestedName }) };
  const session = new DashboardSession({
    store: store ?? metrics,
    post: (m) => posted.push(m),
    save: (request) => {
      saved.push(request);
      return control.saveResult(request);
    },
    log: (m) => logged.push(m),
    now: () => NOW,
    pushDelayMs: 500,
    schedule: timers.schedule,
  });
  const h: Harness = {
    store: metrics,
    session,
    posted,
    logged,
    saved,
    timers,
    set saveResult(fn) {
      control.saveResult = fn;
    },
    get saveResult() {
      return control.saveResult;
    },
  };
  cleanups.push(() => {
    session.dispose();
    metrics.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  return h;
}

function dataMessages(posted: readonly DashboardToWebview[]): DashboardData[] {
  return posted.flatMap((m) => (m.type === 'data' ? [m.data] : []));
}

describe('DashboardSession', () => {
  it('sends nothing before ready, then the data for the range and time zone the page asked for', async () => {
    const h = await harness();
    const [late] = makeRecords(1, 1, NOW - 1_000, NOW);
    assert.ok(late);
    h.store.append(late);
    h.timers.fireAll();
    assert.deepEqual(h.posted, []);
    await h.session.receive({ type: 'ready', protocolVersion: 1, range: '24h', utcOffsetMinutes: 120 });
    const [data] = dataMessages(h.posted);
    assert.ok(data);
    assert.equal(data.range, '24h');
    assert.equal(data.utcOffsetMinutes, 120);
    assert.equal(data.generatedAt, NOW);
  });

  it('answers a range change with that range', async () => {
    const h = await harness();
    await h.session.receive({ type: 'ready', protocolVersion: 1, range: '7d', utcOffsetMinutes: 0 });
    await h.session.receive({ type: 'setRange', range: '30d', utcOffsetMinutes: 0 });
    await h.session.receive({ type: 'refresh' });
    assert.deepEqual(
      dataMessages(h.posted).map((d) => d.range),
      ['7d', '30d', '30d'],
    );
    assert.equal(dataMessages(h.posted)[1]?.totals.count, 500);
  });

  it('shows only the calls of the origin picked (the model picker’s, say), and all of them again', async () => {
    const records = makeRecords(5, 60, NOW - 2 * DAY, NOW).map((r, i) => ({ ...r, origin: i % 3 === 0 ? ('model-picker' as const) : ('chat' as const) }));
    const h = await harness(records);
    await h.session.receive({ type: 'ready', protocolVersion: 1, range: '7d', utcOffsetMinutes: 0 });
    await h.session.receive({ type: 'setRange', range: '7d', utcOffsetMinutes: 0, origin: 'model-picker' });
    await h.session.receive({ type: 'setRange', range: '7d', utcOffsetMinutes: 0, origin: 'participant' });
    await h.session.receive({ type: 'setRange', range: '7d', utcOffsetMinutes: 0, origin: 'all' });
    const shown = dataMessages(h.posted).map((d) => [d.origin, d.totals.count]);
    assert.deepEqual(shown, [
      ['all', 60],
      ['model-picker', 20],
      ['participant', 0],
      ['all', 60],
    ]);
    const pickerCost = records.filter((r) => r.origin === 'model-picker').reduce((sum, r) => sum + (r.costUsd ?? 0), 0);
    const data = dataMessages(h.posted)[1];
    assert.ok(data && Math.abs(data.totals.cost.knownUsd - pickerCost) < 1e-9, 'the cost is the picked origin’s');
  });

  it('exports the picked origin’s calls only', async () => {
    const records = makeRecords(6, 30, NOW - 2 * DAY, NOW).map((r, i) => ({ ...r, origin: i < 10 ? ('model-picker' as const) : ('api' as const) }));
    const h = await harness(records);
    await h.session.receive({ type: 'ready', protocolVersion: 1, range: '7d', utcOffsetMinutes: 0, origin: 'model-picker' });
    await h.session.receive({ type: 'export', format: 'json', range: '7d', utcOffsetMinutes: 0, origin: 'model-picker' });
    const saved = h.saved[0];
    assert.ok(saved);
    assert.match(saved.suggestedName, /-model-picker-/);
    const report = JSON.parse(saved.content) as { rows: { count: number }[] };
    assert.equal(report.rows.reduce((n, r) => n + r.count, 0), 10);
  });

  it('logs and ignores a message that fails validation, and keeps working', async () => {
    const h = await harness();
    await h.session.receive({ type: 'setRange', range: '1y', utcOffsetMinutes: 0 });
    await h.session.receive('not even an object');
    assert.deepEqual(h.posted, []);
    assert.equal(h.logged.length, 2);
    assert.match(h.logged[0] ?? '', /Dashboard message rejected: range/);
    await h.session.receive({ type: 'ready', protocolVersion: 1, range: '7d', utcOffsetMinutes: 0 });
    assert.equal(dataMessages(h.posted).length, 1);
  });

  it('tells an outdated page to reload instead of sending it data it may misread', async () => {
    const h = await harness();
    await h.session.receive({ type: 'ready', protocolVersion: 2, range: '7d', utcOffsetMinutes: 0 });
    assert.deepEqual(h.posted, [{ type: 'error', message: 'The dashboard page is out of date: close it and open it again.' }]);
  });

  it('pushes new calls once per delay however many arrive, with the new figures', async () => {
    const h = await harness();
    await h.session.receive({ type: 'ready', protocolVersion: 1, range: '24h', utcOffsetMinutes: 0 });
    const before = dataMessages(h.posted)[0]?.totals.count ?? 0;
    for (const r of makeRecords(2, 5, NOW - 60_000, NOW)) h.store.append(r);
    assert.equal(h.timers.count, 1, 'one timer for the burst');
    assert.equal(dataMessages(h.posted).length, 1, 'nothing pushed before the timer fires');
    h.timers.fireAll();
    const pushed = dataMessages(h.posted);
    assert.equal(pushed.length, 2);
    assert.equal(pushed[1]?.totals.count, before + 5);
  });

  it('holds pushes back while the panel is hidden and sends one when it is shown again', async () => {
    const h = await harness();
    await h.session.receive({ type: 'ready', protocolVersion: 1, range: '24h', utcOffsetMinutes: 0 });
    h.session.setVisible(false);
    for (const r of makeRecords(3, 3, NOW - 60_000, NOW)) h.store.append(r);
    assert.equal(h.timers.count, 0);
    assert.equal(dataMessages(h.posted).length, 1);
    h.session.setVisible(true);
    assert.equal(dataMessages(h.posted).length, 2);
    h.session.setVisible(false);
    h.session.setVisible(true);
    assert.equal(dataMessages(h.posted).length, 2, 'nothing new: no push');
  });

  it('exports the shown range through the save dialog; the file parses back to the same figures', async () => {
    const h = await harness();
    await h.session.receive({ type: 'ready', protocolVersion: 1, range: '7d', utcOffsetMinutes: 60 });
    const shown = dataMessages(h.posted)[0];
    await h.session.receive({ type: 'export', format: 'json', range: '7d', utcOffsetMinutes: 60 });
    const request = h.saved[0];
    assert.ok(request && shown);
    assert.equal(request.suggestedName, 'switchboard-metrics-7d-2026-11-24.json');
    const report = JSON.parse(request.content) as MetricsReport;
    assert.equal(
      report.rows.reduce((a, r) => a + r.count, 0),
      shown.totals.count,
    );
    const unknown = report.rows.reduce((a, r) => a + r.costUnknownCount, 0);
    assert.equal(unknown, shown.totals.cost.unknownCount);
    assert.ok(unknown > 0);
    assert.deepEqual(h.posted[h.posted.length - 1], { type: 'exported', format: 'json', outcome: 'saved', detail: 'switchboard-metrics-7d-2026-11-24.json' });

    await h.session.receive({ type: 'export', format: 'csv', range: '7d', utcOffsetMinutes: 60 });
    const csv = h.saved[1]?.content ?? '';
    assert.match(csv, /^day,hour,modelId,/);
    assert.equal(csv.trimEnd().split('\r\n').length - 1, report.rows.length);
  });

  it('reports a cancelled or failed export to the page', async () => {
    const h = await harness();
    h.saveResult = async () => ({ outcome: 'cancelled' });
    await h.session.receive({ type: 'export', format: 'csv', range: '24h', utcOffsetMinutes: 0 });
    assert.deepEqual(h.posted, [{ type: 'exported', format: 'csv', outcome: 'cancelled' }]);
    h.saveResult = async () => {
      throw new Error('EACCES: permission denied');
    };
    await h.session.receive({ type: 'export', format: 'csv', range: '24h', utcOffsetMinutes: 0 });
    assert.deepEqual(h.posted[1], { type: 'exported', format: 'csv', outcome: 'failed', detail: 'EACCES: permission denied' });
    assert.match(h.logged[0] ?? '', /export failed: EACCES/);
  });

  it('shows a store failure as an error message rather than throwing', async () => {
    const failing: DashboardStore = {
      query: () => {
        throw new Error('Metrics store is disposed');
      },
      exportJson: () => '',
      exportCsv: () => '',
      onDidRecordAttempt: () => toDisposable(() => undefined),
      onDidChange: () => toDisposable(() => undefined),
    };
    const h = await harness([], failing);
    await h.session.receive({ type: 'ready', protocolVersion: 1, range: '7d', utcOffsetMinutes: 0 });
    assert.deepEqual(h.posted, [{ type: 'error', message: 'Could not read the metrics: Metrics store is disposed' }]);
  });

  it('stops listening when disposed', async () => {
    const h = await harness();
    await h.session.receive({ type: 'ready', protocolVersion: 1, range: '24h', utcOffsetMinutes: 0 });
    for (const r of makeRecords(4, 2, NOW - 60_000, NOW)) h.store.append(r);
    h.session.dispose();
    h.timers.fireAll();
    for (const r of makeRecords(5, 2, NOW - 60_000, NOW)) h.store.append(r);
    await h.session.receive({ type: 'refresh' });
    assert.equal(dataMessages(h.posted).length, 1);
    assert.equal(h.timers.count, 0);
  });
});
