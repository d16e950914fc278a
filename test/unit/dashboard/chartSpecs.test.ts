import assert from 'node:assert/strict';
import { loadDashboardData } from '../../../src/presentation/dashboard/dashboardData';
import type { MetricsRow } from '../../../src/core/metrics/metricsQuery';
import type { DashboardData } from '../../../src/protocol/dashboardProtocol';
import type { ChartSpec } from '../../../src/webview/dashboard/chartSpec';
import { buildDashboardView, cumulative, readoutText } from '../../../src/webview/dashboard/chartSpecs';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 24, 12);

/** Two days, two models: `mini` priced, `copilot` unpriced; one A/B experiment. */
function sample(): DashboardData {
  const slots = [
    { start: NOW - DAY - 12 * 3_600_000, key: '2026-11-23' },
    { start: NOW - 12 * 3_600_000, key: '2026-11-24' },
  ];
  return {
    version: 1,
    range: '7d',
    origin: 'all',
    granularity: 'day',
    from: slots[0]?.start ?? 0,
    to: NOW + 12 * 3_600_000,
    utcOffsetMinutes: 0,
    generatedAt: NOW,
    slots,
    models: [
      { modelId: 'mini', provider: 'openai', providerModel: 'gpt-4o-mini', count: 30, structured: 25, schemaFailed: 2, structuredSuccessRate: 23 / 25 },
      { modelId: 'copilot', provider: 'vscode-lm', providerModel: 'gpt-4o', count: 10, structured: 0, schemaFailed: 0, structuredSuccessRate: null },
    ],
    totals: {
      count: 40,
      success: 36,
      decided: 38,
      successRate: 36 / 38,
      latencyP50Ms: 900,
      latencyP95Ms: 4_000,
      inputTokens: 1_000,
      outputTokens: 500,
      cost: { knownUsd: 0.5, unknownCount: 10 },
      cached: 0,
    },
    costOverTime: [
      { modelId: 'mini', knownUsd: [0.2, 0.3], unknownCount: [0, 0] },
      { modelId: 'copilot', knownUsd: [0, 0], unknownCount: [4, 6] },
    ],
    successOverTime: [
      { modelId: 'mini', rate: [1, 0.9], success: [10, 18], decided: [10, 20] },
      { modelId: 'copilot', rate: [null, 1], success: [0, 8], decided: [0, 8] },
    ],
    latency: [
      { modelId: 'mini', count: 30, p50Ms: 800, p95Ms: 2_000, meanMs: 950, ttftP50Ms: 200, ttftP95Ms: 600 },
      { modelId: 'copilot', count: 10, p50Ms: 1_500, p95Ms: 9_000, meanMs: 2_000, ttftP50Ms: null, ttftP95Ms: null },
    ],
    capabilityShare: {
      capabilities: ['generate', 'review'],
      totals: [30, 10],
      perModel: [
        { modelId: 'mini', counts: [24, 6], share: [0.8, 0.6] },
        { modelId: 'copilot', counts: [6, 4], share: [0.2, 0.4] },
      ],
    },
    experiments: [
      {
        experiment: 'review-ab',
        variants: [
          {
            variant: 'a',
            count: 6,
            cached: 0,
            success: 6,
            decided: 6,
            successRate: 1,
            latencyP50Ms: 700,
            latencyP95Ms: 1_000,
            cost: { knownUsd: 0.06, unknownCount: 0 },
            costPerCallUsd: 0.01,
            costPerPricedCallUsd: 0.01,
            models: ['mini'],
          },
          {
            variant: 'b',
            count: 4,
            cached: 0,
            success: 3,
            decided: 4,
            successRate: 0.75,
            latencyP50Ms: 1_600,
            latencyP95Ms: 8_000,
            cost: { knownUsd: 0.04, unknownCount: 2 },
            costPerCallUsd: null,
            costPerPricedCallUsd: 0.02,
            models: ['copilot', 'mini'],
          },
        ],
      },
    ],
    tasks: [],
    phases: [],
    quality: [],
  };
}

function chart(id: string, data = sample()): ChartSpec {
  const spec = buildDashboardView(data).charts.find((c) => c.id === id);
  assert.ok(spec, `chart ${id}`);
  return spec;
}

describe('dashboard chart specs', () => {
  it('cost: known costs stacked per model; unknown calls named in the caption, notes and table, never as $0', () => {
    const cost = chart('cost');
    assert.equal(cost.kind, 'stackedBars');
    assert.deepEqual(cost.xLabels, ['Nov 23', 'Nov 24']);
    assert.deepEqual(
      cost.series.map((s) => [s.label, s.values, s.color]),
      [
        ['mini', [0.2, 0.3], 0],
        ['copilot', [0, 0], 1],
      ],
    );
    assert.match(cost.summary, /\$0\.50 known, plus 10 calls of unknown cost/);
    assert.match(cost.summary, /10 calls had no price \(unknown, not \$0\)/);
    assert.deepEqual(cost.xNotes, ['Total $0.20 + 4 unknown', 'Total $0.30 + 6 unknown']);
    assert.deepEqual(cost.table.columns, ['Day', 'mini', 'copilot', 'Total']);
    assert.deepEqual(cost.table.rows[0], ['Nov 23', '$0.20', 'unknown (4)', '$0.20 + 4 unknown']);
    assert.equal(readoutText(cost, 1), 'Nov 24: mini $0.30 (Total $0.30 + 6 unknown)');
  });

  it('latency: p50 and p95 side by side per model, first-token figures in the table', () => {
    const latency = chart('latency');
    assert.equal(latency.kind, 'groupedBars');
    assert.deepEqual(latency.xLabels, ['mini', 'copilot']);
    assert.equal(latency.xAxis, 'categories', 'one label per model, shortened rather than dropped');
    assert.equal(chart('cost').xAxis, 'time');
    assert.deepEqual(
      latency.series.map((s) => s.values),
      [
        [800, 1_500],
        [2_000, 9_000],
      ],
    );
    assert.match(latency.summary, /from 800 ms \(mini\) to 1\.5 s \(copilot\); the slowest of copilot's 10 calls took 9\.0 s\./);
    assert.deepEqual(latency.table.rows[1], ['copilot', '10', '1.5 s', '9.0 s', '2.0 s', 'n/a', 'n/a']);
    // Twenty calls or more: a tail of 5% (the p95 is no longer the slowest call); one call is one call.
    const data = sample();
    const wider = (count: number) => chart('latency', { ...data, latency: data.latency.map((l) => (l.modelId === 'copilot' ? { ...l, count } : l)) }).summary;
    assert.match(wider(40), /the slowest 5% of copilot's calls took 9\.0 s or longer\./);
    assert.match(wider(1), /copilot's one call took 9\.0 s\./);
    assert.equal(readoutText(latency, 0), 'mini: p50 800 ms, p95 2.0 s (30 calls, first token p50 200 ms)');
  });

  it('success: percentages with gaps (null) where a model had no decided call', () => {
    const success = chart('success');
    assert.equal(success.kind, 'lines');
    assert.equal(success.yMax, 100);
    assert.deepEqual(success.series[1]?.values, [null, 100]);
    assert.deepEqual(success.table.rows[0], ['Nov 23', '100% (10/10)', '—']);
    assert.match(success.summary, /Overall success rate 94\.7% \(36 of 38 calls; cancelled calls do not count\)\. Lowest: mini at 93\.3%\./);
    assert.equal(readoutText(success, 0), 'Nov 23: mini 100%');
  });

  it("success: each model's structured-output success rate over the range, with how many answers it rests on, in the caption and under the table", () => {
    const success = chart('success');
    assert.match(success.summary, /Lowest: mini at 93\.3%\. Structured output that matched its schema: mini 92% of 25 answers\.$/);
    assert.deepEqual(success.table.footer, [['Structured output, 7 days', '92% (23/25)', '—']]);
    assert.equal(success.table.rows.length, 2, 'the per-day rows stay as they were');
  });

  it('success: nothing about structured output when no model gave a structured answer', () => {
    const data = sample();
    const plain = { ...data, models: data.models.map((m) => ({ ...m, structured: 0, schemaFailed: 0, structuredSuccessRate: null })) };
    const success = buildDashboardView(plain).charts.find((c) => c.id === 'success');
    assert.ok(success);
    assert.doesNotMatch(success.summary, /[Ss]tructured/);
    assert.equal(success.table.footer, undefined);
  });

  it('capability share: 100% stacks per capability', () => {
    const share = chart('share');
    assert.equal(share.kind, 'stackedBars');
    assert.equal(share.yMax, 100);
    assert.deepEqual(share.xLabels, ['generate', 'review']);
    const tops = cumulative(share.series.map((s) => s.values));
    assert.deepEqual(tops[tops.length - 1], [100, 100]);
    assert.match(share.summary, /generate → mini \(80%\); review → mini \(60%\)/);
    assert.deepEqual(share.table.rows[1], ['review', '60% (6)', '40% (4)', '10']);
  });

  it('A/B: per experiment, success, latency and cost per call per variant, with counts; unknown cost stays unknown', () => {
    const [ab] = buildDashboardView(sample()).experiments;
    assert.ok(ab);
    assert.equal(ab.experiment, 'review-ab');
    // Variant b has unpriced calls: the cost chart compares the priced calls and says so.
    assert.deepEqual(
      ab.charts.map((c) => c.title),
      ['Success rate', 'Median latency', 'Cost per priced call'],
    );
    const cost = ab.charts[2] as ChartSpec;
    assert.deepEqual(cost.series[0]?.values, [0.01, 0.02]);
    assert.equal(cost.summary, 'a: $0.010; b: $0.020.');
    assert.equal(readoutText(cost, 1), 'b: $0.020 (4 calls, 2 without a price, not included)');
    assert.deepEqual(ab.table.rows[0], ['a', '6', '100% (6/6)', '700 ms', '1.0 s', '$0.060', '$0.010', 'mini']);
    assert.deepEqual(ab.table.rows[1], ['b', '4', '75% (3/4)', '1.6 s', '8.0 s', '$0.040 + 2 unknown', '$0.020 (priced calls)', 'copilot, mini']);
    assert.match(ab.summary, /b: 75% success, median 1\.6 s, \$0\.040 known, plus 2 calls of unknown cost in all \(4 calls\)/);
    assert.equal(readoutText(ab.charts[0] as ChartSpec, 1), 'b: 75% (4 calls)');
  });

  it('A/B: a cost chart with no priced call at all is empty rather than a row of zeros', () => {
    const data = sample();
    const [experiment] = data.experiments;
    assert.ok(experiment);
    const unpriced: DashboardData = {
      ...data,
      experiments: [
        {
          ...experiment,
          variants: experiment.variants.map((v) => ({ ...v, cost: { knownUsd: 0, unknownCount: v.count }, costPerCallUsd: null, costPerPricedCallUsd: null })),
        },
      ],
    };
    const [ab] = buildDashboardView(unpriced).experiments;
    const cost = ab?.charts[2];
    assert.equal(cost?.empty, true);
    assert.equal(cost?.summary, 'a: n/a; b: n/a.');
    assert.equal(ab?.table.rows[0]?.[6], 'unknown');
    assert.equal(ab?.table.rows[0]?.[5], 'unknown (6)');
  });

  it("A/B: a variant's answers from the response cache are counted as calls and named, its success rate is of the rest", () => {
    const data = sample();
    const [experiment] = data.experiments;
    assert.ok(experiment);
    const [a] = experiment.variants;
    assert.ok(a);
    // 6 calls, 2 of them from the cache: the 4 its models answered all succeeded.
    const cachedAnswers: DashboardData = { ...data, experiments: [{ ...experiment, variants: [{ ...a, cached: 2, success: 4, decided: 4 }] }] };
    const [ab] = buildDashboardView(cachedAnswers).experiments;
    assert.deepEqual(ab?.table.rows[0]?.slice(0, 3), ['a', '6 (2 from the cache)', '100% (4/4)']);
  });

  it('an empty range gives empty charts that say so', () => {
    const data = loadDashboardData({ query: (): MetricsRow[] => [] }, '24h', NOW);
    const view = buildDashboardView(data);
    assert.ok(view.charts.every((c) => c.empty));
    assert.ok(view.charts.every((c) => /^No (completed )?calls in the last 24 hours\.$/.test(c.summary)), view.charts.map((c) => c.summary).join('\n'));
    assert.deepEqual(view.experiments, []);
    assert.equal(chart('cost', data).xLabels.length, 24);
  });

  it('cumulative sums stack series, counting a gap as nothing', () => {
    assert.deepEqual(
      cumulative([
        [1, null, 2],
        [3, 4, null],
        [0, 1, 1],
      ]),
      [
        [1, 0, 2],
        [4, 4, 2],
        [4, 5, 3],
      ],
    );
    assert.deepEqual(cumulative([]), []);
  });
});
