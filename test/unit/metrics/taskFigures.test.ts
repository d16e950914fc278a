import assert from 'node:assert/strict';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import { MetricsStore } from '../../../src/core/metrics/metricsStore';
import { toCsv, toJsonReport } from '../../../src/core/metrics/metricsExport';
import { summarizeTasks } from '../../../src/core/metrics/taskFigures';
import { tempDir } from './helpers';

const T0 = Date.UTC(2026, 10, 24, 9, 0, 0);

function call(over: Partial<AttemptRecord> & Pick<AttemptRecord, 'time' | 'modelId'>): AttemptRecord {
  return { requestId: `r-${over.time}-${over.modelId}-${over.phase ?? ''}`, capability: 'generate', provider: 'openai', providerModel: 'm', outcome: 'success', latencyMs: 1_000, costUsd: 0.01, ...over };
}

/**
 * Task A (newer): plan on strong (2 s), then research and generate in parallel on cheap, one
 * generate call failed first. Task B (older): one generate on local (unpriced). A plain chat
 * answer without a task.
 */
function sample(): AttemptRecord[] {
  return [
    call({ time: T0 + 60_000, modelId: 'strong', taskId: 'task-aaaaaaaa-1', phase: 'plan', capability: 'plan', latencyMs: 2_000, costUsd: 0.05 }),
    call({ time: T0 + 62_000, modelId: 'cheap', taskId: 'task-aaaaaaaa-1', phase: 'research', capability: 'understand', latencyMs: 3_000, costUsd: 0.002 }),
    call({ time: T0 + 62_000, modelId: 'cheap', taskId: 'task-aaaaaaaa-1', phase: 'generate', outcome: 'error', errorKind: 'server', latencyMs: 500, costUsd: 0 }),
    call({ time: T0 + 62_500, modelId: 'strong', taskId: 'task-aaaaaaaa-1', phase: 'generate', latencyMs: 4_000, costUsd: 0.08 }),
    call({ time: T0, modelId: 'local', taskId: 'task-bbbbbbbb-2', phase: 'generate', latencyMs: 7_000, costUsd: undefined }),
    call({ time: T0 + 30_000, modelId: 'cheap', capability: 'understand', latencyMs: 800 }),
  ];
}

describe('cost and time per task and per phase', () => {
  it('sums each task\'s calls, newest task first, with its phases in the order they ran and the models it called', () => {
    // Shuffled: the log's order is not the calls' order.
    const { tasks } = summarizeTasks([...sample()].reverse(), 10);
    assert.deepEqual(
      tasks.map((t) => [t.taskId, t.phases, t.models, t.calls, t.failedCalls, t.totalMs]),
      [
        ['task-aaaaaaaa-1', ['plan', 'research', 'generate'], ['strong', 'cheap'], 4, 1, 6_500],
        ['task-bbbbbbbb-2', ['generate'], ['local'], 1, 0, 7_000],
      ],
    );
    assert.ok(Math.abs((tasks[0]?.cost.knownUsd ?? 0) - 0.132) < 1e-12);
    assert.deepEqual(tasks[1]?.cost, { knownUsd: 0, unknownCount: 1 }, 'an unpriced call is unknown, never $0');
    assert.equal(summarizeTasks(sample(), 1).tasks.length, 1, 'the limit keeps the newest');
  });

  it('breaks cost and time down by phase across tasks, in the order phases run', () => {
    const { phases } = summarizeTasks(sample(), 10);
    assert.deepEqual(
      phases.map((p) => [p.phase, p.tasks, p.calls, p.totalMs, p.meanMs, p.cost.unknownCount]),
      [
        ['plan', 1, 1, 2_000, 2_000, 0],
        ['research', 1, 1, 3_000, 3_000, 0],
        // Task A's generate ran from 62.0 s to 66.5 s (the failed call, then the fallback); task B's for 7 s.
        ['generate', 2, 3, 11_500, 5_750, 1],
      ],
    );
    assert.ok(Math.abs((phases[2]?.cost.knownUsd ?? 0) - 0.08) < 1e-12);
  });

  it('counts no plain answer as a task', () => {
    const plain = sample().filter((r) => r.taskId === undefined);
    assert.deepEqual(summarizeTasks(plain, 10), { tasks: [], phases: [] });
  });

  describe('through the metrics store', () => {
    let tmp: ReturnType<typeof tempDir>;
    let store: MetricsStore | undefined;
    beforeEach(() => {
      tmp = tempDir();
    });
    afterEach(() => {
      store?.dispose();
      store = undefined;
      tmp.cleanup();
    });

    it('reads the range\'s tasks from the log, groups queries by task and phase, and exports both columns', async () => {
      const now = T0 + 3_600_000;
      store = await MetricsStore.open(tmp.dir, { now: () => now });
      for (const r of sample()) store.append(r);

      const figures = store.taskFigures({ from: T0 + 10_000, to: now }, 10);
      assert.deepEqual(figures.tasks.map((t) => t.taskId), ['task-aaaaaaaa-1'], 'task B started before the range');

      const rows = store.query({ groupBy: ['task', 'phase'] });
      assert.deepEqual(
        rows.map((r) => [r.taskId, r.phase, r.count]),
        [
          [undefined, undefined, 1],
          ['task-aaaaaaaa-1', 'generate', 2],
          ['task-aaaaaaaa-1', 'plan', 1],
          ['task-aaaaaaaa-1', 'research', 1],
          ['task-bbbbbbbb-2', 'generate', 1],
        ],
      );
      assert.deepEqual(store.query({ groupBy: ['phase'] }).map((r) => [r.phase, r.count]), [[undefined, 1], ['generate', 3], ['plan', 1], ['research', 1]]);
      const byModel = store.query({ groupBy: ['model'] });
      assert.deepEqual(byModel.map((r) => [r.modelId, r.count]), [['cheap', 3], ['local', 1], ['strong', 2]], 'task calls still count per model');

      const csv = toCsv(rows);
      const [head, ...lines] = csv.trimEnd().split('\r\n').map((l) => l.split(','));
      const taskAt = head?.indexOf('taskId') ?? -1;
      const phaseAt = head?.indexOf('phase') ?? -1;
      assert.ok(taskAt >= 0 && phaseAt >= 0, 'the CSV has taskId and phase columns');
      assert.deepEqual(lines.map((l) => [l[taskAt], l[phaseAt]]), [['', ''], ['task-aaaaaaaa-1', 'generate'], ['task-aaaaaaaa-1', 'plan'], ['task-aaaaaaaa-1', 'research'], ['task-bbbbbbbb-2', 'generate']]);
      const report = JSON.parse(toJsonReport({ groupBy: ['task', 'phase'] }, rows, now)) as { rows: { taskId?: string; phase?: string }[] };
      assert.deepEqual(report.rows[1], { ...report.rows[1], taskId: 'task-aaaaaaaa-1', phase: 'generate' });
    });

    it('keeps task and phase across a reopen (the rollups carry them)', async () => {
      let now = T0 + 3_600_000;
      store = await MetricsStore.open(tmp.dir, { now: () => now });
      for (const r of sample()) store.append(r);
      store.dispose();
      now += 3 * 24 * 3_600_000;
      store = await MetricsStore.open(tmp.dir, { now: () => now });
      assert.deepEqual(store.query({ groupBy: ['phase'] }).map((r) => [r.phase, r.count]), [[undefined, 1], ['generate', 3], ['plan', 1], ['research', 1]]);
    });
  });
});
