import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import { MetricsStore } from '../../../src/core/metrics/metricsStore';
import { qualitySignalSchema, type QualitySignal } from '../../../src/core/metrics/qualitySignal';
import { summarizeSignals } from '../../../src/core/metrics/signalFigures';
import { dayKey } from '../../../src/core/metrics/timeKeys';

const T = Date.UTC(2026, 2, 10, 12, 0, 0);

function signal(patch: Partial<QualitySignal> = {}): QualitySignal {
  return { time: T, kind: 'apply', value: 'accepted', requestId: 'r1', modelId: 'cheap', capability: 'generate', ...patch };
}

function attempt(patch: Partial<AttemptRecord> = {}): AttemptRecord {
  return { time: T, requestId: 'r1', capability: 'generate', modelId: 'cheap', provider: 'openai', providerModel: 'gpt', outcome: 'success', latencyMs: 100, costUsd: 0.001, ...patch };
}

describe('quality signals', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-signals-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const open = () => MetricsStore.open(dir, { now: () => T, autoRefreshMs: 0 });

  describe('schema', () => {
    it('keeps only the signal fields: code or text handed in never reaches the record', () => {
      const parsed = qualitySignalSchema.parse({ ...signal(), code: 'secret()', text: 'the answer' });
      assert.deepEqual(Object.keys(parsed).sort(), ['capability', 'kind', 'modelId', 'requestId', 'time', 'value']);
    });

    it('refuses a value of another kind, an unknown kind and a Test Model capability', () => {
      assert.equal(qualitySignalSchema.safeParse(signal({ kind: 'apply', value: 'up' })).success, false);
      assert.equal(qualitySignalSchema.safeParse({ ...signal(), kind: 'vibes' }).success, false);
      assert.equal(qualitySignalSchema.safeParse({ ...signal(), capability: 'test' }).success, false);
      assert.equal(qualitySignalSchema.safeParse(signal({ kind: 'rating', value: 'cleared' })).success, true);
    });
  });

  describe('store', () => {
    it('appends to its own segment folder and reads the signals back after a reopen', async () => {
      const store = await open();
      const seen: QualitySignal[] = [];
      store.onDidRecordSignal((s) => seen.push(s));
      assert.equal(store.recordSignal(signal()), true);
      store.recordSignal(signal({ requestId: 'r2', value: 'rejected', workspace: 'w1' }));
      assert.equal(seen.length, 2);
      store.dispose();

      const files = readdirSync(join(dir, 'signals'));
      assert.equal(files.length, 1);
      assert.match(files[0] as string, new RegExp(`^${dayKey(T)}\\.p\\d+-[0-9a-f]+\\.ndjson$`));
      assert.doesNotMatch(readFileSync(join(dir, 'signals', files[0] as string), 'utf8'), /secret/);
      // The attempt log is untouched: an older window reading it sees no line it cannot parse.
      assert.deepEqual(readdirSync(join(dir, 'log')), []);

      const again = await open();
      assert.deepEqual(
        again.signals().map((s) => [s.requestId, s.value, s.workspace]),
        [
          ['r1', 'accepted', undefined],
          ['r2', 'rejected', 'w1'],
        ],
      );
      again.dispose();
    });

    it('throws for a signal that is not one (a caller bug)', async () => {
      const store = await open();
      assert.throws(() => store.recordSignal({ ...signal(), value: 'up' }), /Quality signal rejected: value/);
      store.dispose();
    });

    it('a store written before signals existed opens and reads as before, with no signals', async () => {
      const first = await open();
      first.append(attempt());
      first.dispose();
      rmSync(join(dir, 'signals'), { recursive: true, force: true });
      const store = await open();
      assert.deepEqual(store.signals(), []);
      assert.deepEqual(store.signalFigures(), []);
      assert.equal(store.query({ groupBy: ['model'] })[0]?.count, 1);
      assert.equal(store.health().corruptLines, 0);
      store.dispose();
    });

    it('picks up another window’s signals, skips a bad line, and a reset removes them', async () => {
      const mine = await open();
      mkdirSync(join(dir, 'signals'), { recursive: true });
      const other = join(dir, 'signals', `${dayKey(T)}.p999999-abcdef.ndjson`);
      writeFileSync(other, JSON.stringify(signal({ requestId: 'o1', modelId: 'strong' })) + '\nnot json\n' + JSON.stringify(signal({ requestId: 'o2' })).slice(0, 10));
      assert.deepEqual(
        mine.signals().map((s) => s.requestId),
        ['o1'],
      );
      mine.reset();
      assert.deepEqual(mine.signals(), []);
      assert.equal(existsSync(other), false);
      mine.dispose();
    });
  });

  describe('aggregation', () => {
    it('acceptance per model and capability; a rating counts once (the latest), cleared takes it back', () => {
      const figures = summarizeSignals([
        signal({ value: 'rejected' }),
        signal({ value: 'rejected', requestId: 'r2' }),
        signal({ value: 'accepted', requestId: 'r3' }),
        signal({ modelId: 'strong', value: 'accepted' }),
        signal({ kind: 'rating', value: 'up', requestId: 'r4' }),
        signal({ kind: 'rating', value: 'down', requestId: 'r4' }),
        signal({ kind: 'rating', value: 'up', requestId: 'r5' }),
        signal({ kind: 'rating', value: 'cleared', requestId: 'r5' }),
        signal({ kind: 'retry-other-model', value: 'rejected', capability: 'review' }),
      ]);
      assert.deepEqual(
        figures.map((f) => [f.modelId, f.capability, f.accepted, f.rejected, f.acceptanceRate]),
        [
          ['cheap', 'generate', 1, 3, 0.25],
          ['cheap', 'review', 0, 1, 0],
          ['strong', 'generate', 1, 0, 1],
        ],
      );
      assert.deepEqual(figures[0]?.byKind, { apply: { accepted: 1, rejected: 2 }, rating: { accepted: 0, rejected: 1 } });
    });
  });

  describe('exports', () => {
    it('CSV has accepted, rejected and acceptanceRate per model; empty cells where the grouping has no signals', async () => {
      const store = await open();
      store.append(attempt());
      store.append(attempt({ modelId: 'strong', requestId: 'r9' }));
      store.recordSignal(signal({ value: 'rejected' }));
      store.recordSignal(signal({ value: 'accepted', requestId: 'r2' }));
      const csv = store.exportCsv({ groupBy: ['model', 'capability'] }).trimEnd().split('\r\n').map((l) => l.split(','));
      const head = csv[0] as string[];
      const col = (h: string) => csv.slice(1).map((l) => l[head.indexOf(h)]);
      assert.deepEqual(col('modelId'), ['cheap', 'strong']);
      assert.deepEqual(col('accepted'), ['1', '0']);
      assert.deepEqual(col('rejected'), ['1', '0']);
      assert.deepEqual(col('acceptanceRate'), ['0.5', '']);
      const byProvider = store.exportCsv({ groupBy: ['provider'] }).split('\r\n').map((l) => l.split(','));
      assert.equal(byProvider[1]?.[(byProvider[0] as string[]).indexOf('accepted')], '');

      const report = JSON.parse(store.exportJson({ groupBy: ['model'] })) as { rows: { modelId: string; acceptanceRate?: number }[]; signals: { modelId: string; accepted: number }[] };
      assert.equal(report.rows.find((r) => r.modelId === 'cheap')?.acceptanceRate, 0.5);
      assert.deepEqual(
        report.signals.map((s) => [s.modelId, s.accepted]),
        [['cheap', 1]],
      );
      store.dispose();
    });
  });
});
