import assert from 'node:assert/strict';
import type { DashboardData } from '../../../src/protocol/dashboardProtocol';
import { buildTaskTables, shortTaskId } from '../../../src/webview/dashboard/taskTables';

function data(over: Partial<DashboardData>): DashboardData {
  return {
    version: 1,
    range: '7d',
    origin: 'all',
    granularity: 'day',
    from: 0,
    to: 1,
    utcOffsetMinutes: 0,
    generatedAt: 1,
    slots: [],
    models: [],
    totals: { count: 0, success: 0, decided: 0, successRate: null, latencyP50Ms: null, latencyP95Ms: null, inputTokens: 0, outputTokens: 0, cost: { knownUsd: 0, unknownCount: 0 }, cached: 0 },
    costOverTime: [],
    successOverTime: [],
    latency: [],
    capabilityShare: { capabilities: [], totals: [], perModel: [] },
    experiments: [],
    tasks: [],
    phases: [],
    quality: [],
    ...over,
  };
}

describe('the dashboard\'s task tables', () => {
  it('lists each recent task by its short id with phases, models, calls, time and cost', () => {
    const view = buildTaskTables(
      data({
        tasks: [
          { taskId: 'tk_0123456789abcdef', startedAt: 0, totalMs: 6_500, phases: ['plan', 'research', 'generate'], models: ['strong', 'cheap'], calls: 4, failedCalls: 1, cost: { knownUsd: 0.132, unknownCount: 0 } },
          { taskId: 'tk_local', startedAt: 0, totalMs: 7_000, phases: ['generate'], models: ['local'], calls: 1, failedCalls: 0, cost: { knownUsd: 0, unknownCount: 1 } },
        ],
        phases: [
          { phase: 'plan', tasks: 1, calls: 1, totalMs: 2_000, meanMs: 2_000, cost: { knownUsd: 0.05, unknownCount: 0 } },
          { phase: 'generate', tasks: 2, calls: 3, totalMs: 11_500, meanMs: 5_750, cost: { knownUsd: 0.08, unknownCount: 1 } },
        ],
      }),
    );
    assert.ok(view);
    assert.deepEqual(view.tasks.columns, ['Task', 'Phases', 'Models', 'Calls', 'Time', 'Cost']);
    assert.equal(view.tasks.rows[0]?.[0], 'tk_01234');
    assert.equal(view.tasks.rows[0]?.[1], 'plan → research → generate');
    assert.equal(view.tasks.rows[0]?.[2], 'strong, cheap');
    assert.equal(view.tasks.rows[0]?.[3], '4 (1 failed)');
    assert.match(view.tasks.rows[1]?.[5] ?? '', /unknown/, 'an unpriced task is unknown, never $0');
    assert.deepEqual(view.phases.columns, ['Phase', 'Tasks', 'Calls', 'Total time', 'Mean per task', 'Cost']);
    assert.deepEqual(view.phases.rows.map((r) => r[0]), ['plan', 'generate']);
    assert.match(view.summary, /^2 recent tasks in the last 7 days; their phases cost .*most in generate/);
  });

  it('leaves the section out when no task ran', () => {
    assert.equal(buildTaskTables(data({})), undefined);
  });

  it('shortens only long ids', () => {
    assert.equal(shortTaskId('abc'), 'abc');
    assert.equal(shortTaskId('0123456789'), '01234567');
  });
});
