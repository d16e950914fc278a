// Routing replay on real per-task outcomes (issue 15): the router's strategies and the task
// engine's cascade choose a model per task before its outcome is known; the outcome is then fed
// back as the quality signal. Data: ../shared/routing-data/livecodebench.jsonl, or any file of that
// format with SWITCHBOARD_ROUTING_DATA=<file> (generated:500x24 replays a generated file).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { recordResults, type BenchFigure } from './lib/results';
import { drawOutcomes, parseRoutingData, ratio, shuffled, spreadOf, warmupSplit, type RoutingTask, type Spread } from './lib/routingData';
import { replayCascade, replayStrategy, type DriftReport, type ReplayInput, type ReplayOutcome } from './lib/routingReplay';
import { generateRoutingJsonl } from './lib/routingSynthetic';
import { CLASSIFIER_COMPLEXITY_ACCURACY, classifiedComplexity } from './lib/routingComplexity';
import { JITTER_SIGMA, TYPICAL_MAX_MS, TYPICAL_MIN_MS } from './lib/routingLatency';
import { warmupFacts } from './lib/routingWarmup';
import { MIN_COMPLEXITY_CALLS } from '../src/core/router/modelStats';
import { seededRandom } from '../src/core/router/rng';
import type { RoutingStrategy } from '../src/core/config/settings/router';

const SEEDS = [1, 2, 3, 4, 5];
const VERIFIER_ACCURACY = 0.8;
const STRATEGIES: readonly RoutingStrategy[] = ['ordered', 'cheapest', 'fastest', 'adaptive'];
const GOAL_COST_RATIO = 0.4;
const GOAL_DRIFT_CALLS = 3;

const root = resolve(__dirname, '..');

/** The default file sits beside the main checkout (a worktree's ../shared is not it). */
function dataPath(): string {
  const given = process.env.SWITCHBOARD_ROUTING_DATA;
  if (given?.startsWith('generated:')) {
    const [tasks, models] = given.slice('generated:'.length).split('x').map(Number);
    if (!tasks || !models) throw new Error(`SWITCHBOARD_ROUTING_DATA=${given}: expected generated:<tasks>x<models>, e.g. generated:500x24`);
    const file = join(mkdtempSync(join(tmpdir(), 'routing-')), `generated-${tasks}x${models}.jsonl`);
    writeFileSync(file, generateRoutingJsonl(tasks, models));
    return file;
  }
  if (given) return resolve(given);
  const candidates = [join(root, '..', 'shared', 'routing-data', 'livecodebench.jsonl')];
  const common = spawnSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: root, encoding: 'utf8' }).stdout?.trim();
  if (common) candidates.push(join(dirname(dirname(common)), 'shared', 'routing-data', 'livecodebench.jsonl'));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`No routing data: looked for ${candidates.join(' and ')}. Set SWITCHBOARD_ROUTING_DATA=<file>.`);
  return found;
}

interface Rates {
  readonly success: number;
  readonly costPerTask: number;
}

const rates = (o: Pick<ReplayOutcome, 'successes' | 'costUsd' | 'tasks'>): Rates => ({ success: o.successes / o.tasks, costPerTask: o.costUsd / o.tasks });

/** One fixed model on every scored task. */
function single(scored: readonly RoutingTask[], drawn: ReplayInput['drawn'], model: string): Rates {
  let ok = 0;
  let cost = 0;
  for (const t of scored) {
    ok += drawn.get(t)?.[model] ?? 0;
    cost += t.cost[model] ?? 0;
  }
  return rates({ successes: ok, costUsd: cost, tasks: scored.length });
}

/** Per task, the cheapest model that passed (the cheapest of all when none did): knows every outcome in advance. */
function oracle(scored: readonly RoutingTask[], drawn: ReplayInput['drawn'], models: readonly string[]): Rates {
  let ok = 0;
  let cost = 0;
  for (const t of scored) {
    const byCost = [...models].sort((a, b) => (t.cost[a] ?? 0) - (t.cost[b] ?? 0));
    const pick = byCost.find((m) => drawn.get(t)?.[m] === 1) ?? (byCost[0] as string);
    ok += drawn.get(t)?.[pick] ?? 0;
    cost += t.cost[pick] ?? 0;
  }
  return rates({ successes: ok, costUsd: cost, tasks: scored.length });
}

interface Row {
  readonly name: string;
  readonly perSeed: Rates[];
  readonly vsBest: { success: number; cost: number }[];
  readonly vsCheapest: { success: number; cost: number }[];
}

async function main(): Promise<void> {
  const started = performance.now();
  const file = dataPath();
  const data = parseRoutingData(readFileSync(file, 'utf8'), basename(file));
  const rows = new Map<string, Row>();
  const row = (name: string): Row => {
    let r = rows.get(name);
    if (!r) rows.set(name, (r = { name, perSeed: [], vsBest: [], vsCheapest: [] }));
    return r;
  };
  const names = { best: new Map<string, number>(), cheapest: new Map<string, number>(), hindsight: new Map<string, number>() };
  const count = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);
  const drifts: DriftReport[] = [];
  const verifierShare: number[] = [];
  let describeSplit = '';
  let tierOfSeed1: readonly string[] = [];
  const picksOfSeed1 = new Map<string, ReadonlyMap<string, number>>();

  for (const seed of SEEDS) {
    const split = warmupSplit(data.tasks, shuffled(data.tasks, seededRandom(seed)));
    const drawn = drawOutcomes(data.tasks, data.models, seededRandom(seed * 1_000 + 1));
    const facts = warmupFacts(split.warmup, data.models, drawn);
    describeSplit = `warm-up ${split.warmup.length} tasks (first 20% by ${split.by}), scored ${split.scored.length} in seeded order`;
    if (seed === SEEDS[0]) tierOfSeed1 = facts.tier;
    count(names.best, facts.bestSingle);
    count(names.cheapest, facts.cheapest);
    const best = single(split.scored, drawn, facts.bestSingle);
    const cheapest = single(split.scored, drawn, facts.cheapest);
    const hindsightModel = [...data.models].sort((a, b) => single(split.scored, drawn, b).success - single(split.scored, drawn, a).success)[0] as string;
    count(names.hindsight, hindsightModel);
    const add = (name: string, r: Rates): void => {
      const target = row(name);
      target.perSeed.push(r);
      target.vsBest.push({ success: ratio(r.success, best.success), cost: ratio(r.costPerTask, best.costPerTask) });
      target.vsCheapest.push({ success: ratio(r.success, cheapest.success), cost: ratio(r.costPerTask, cheapest.costPerTask) });
    };
    add('best single', best);
    add('cheapest single', cheapest);
    add('hindsight best', single(split.scored, drawn, hindsightModel));
    add('oracle', oracle(split.scored, drawn, data.models));

    const input: ReplayInput = {
      tier: facts.tier,
      warmup: split.warmup,
      scored: split.scored,
      drawn,
      warmupCost: new Map(facts.models.map((m) => [m.model, m.costUsd])),
      seed,
      complexity: classifiedComplexity(data.tasks, CLASSIFIER_COMPLEXITY_ACCURACY, seededRandom(seed * 31 + 5)),
    };
    for (const strategy of STRATEGIES) {
      const outcome = await replayStrategy(input, strategy);
      add(strategy, rates(outcome));
      if (seed === SEEDS[0]) picksOfSeed1.set(strategy, outcome.picks);
    }
    // The other objectives of the adaptive strategy (the row `adaptive` is the default, balanced).
    for (const objective of ['quality', 'cost'] as const) add(`adaptive:${objective}`, rates(await replayStrategy(input, 'adaptive', { objective })));
    const cascade = await replayCascade(input, { accuracy: VERIFIER_ACCURACY, model: facts.cheapest });
    add('cascade', rates(cascade));
    verifierShare.push(cascade.verifierUsd / cascade.costUsd);
    if (seed === SEEDS[0]) picksOfSeed1.set('cascade', cascade.picks);
    const drift = (await replayStrategy(input, 'adaptive', { drift: true })).drift;
    if (drift) drifts.push(drift);
  }

  const seconds = (performance.now() - started) / 1000;
  const cheapestVerifier = [...names.cheapest.keys()].join(' / ');
  console.log(`routing replay: ${basename(file)}, ${data.tasks.length} tasks × ${data.models.length} models; ${describeSplit}; seeds ${SEEDS.join(', ')}; ${seconds.toFixed(1)} s`);
  console.log(`tier (built from the warm-up, seed ${SEEDS[0]}: the price/success frontier, most successful first): ${tierOfSeed1.join(' > ')}`);
  console.log(`best single (warm-up): ${tally(names.best)}; cheapest: ${tally(names.cheapest)}; best in hindsight on the scored tasks: ${tally(names.hindsight)}`);
  console.log(
    `cascade verifier: accuracy ${VERIFIER_ACCURACY} (seeded; a passing draft is rejected and a failing one accepted with probability ${(1 - VERIFIER_ACCURACY).toFixed(1)}), ` +
      `every verdict charged at ${cheapestVerifier}'s cost on the task: ${pct(spreadOf(verifierShare).mean)} of the cascade's cost`,
  );
  console.log(
    `complexity: the file's difficulty (easy/medium/hard → low/medium/high) as a simulated classifier of accuracy ${CLASSIFIER_COMPLEXITY_ACCURACY} reports it ` +
      `(else a neighbouring level, seeded; the rules classifier measures 75.6% held out); the adaptive scores are kept per complexity once one holds ${MIN_COMPLEXITY_CALLS} calls`,
  );
  console.log('signal the router learns from: the drawn outcome (the verifier\'s verdict for cascade steps), fed back as the attempt\'s success or schema-failed outcome');
  console.log('adaptive is the default objective, balanced (5 points of success for a 10× cheaper model); adaptive:quality gives 1 point, adaptive:cost 15');
  console.log(
    `latency: ${data.tasks.some((t) => t.latency) ? "the file's where it gives one, else " : ''}simulated on the replay's clock (each model a typical ${TYPICAL_MIN_MS / 1000}–${TYPICAL_MAX_MS / 1000} s drawn from its name, ` +
      `times a seeded log-normal jitter σ ${JITTER_SIGMA}; bench/lib/routingLatency.ts), so the same seed prints the same figures\n`,
  );
  const header = `${'strategy'.padEnd(16)} ${'success mean [min–max]'.padEnd(24)} ${'$/task'.padStart(8)}  ${'succ÷best'.padStart(18)}  ${'cost÷best'.padStart(18)}  ${'succ÷cheap'.padStart(10)}  ${'cost÷cheap'.padStart(10)}`;
  console.log(header);
  for (const r of rows.values()) {
    const s = spreadOf(r.perSeed.map((x) => x.success));
    const c = spreadOf(r.perSeed.map((x) => x.costPerTask));
    console.log(
      `${r.name.padEnd(16)} ${range(s, pct).padEnd(24)} ${c.mean.toFixed(5).padStart(8)}  ${range(spreadOf(r.vsBest.map((x) => x.success)), fix3).padStart(18)}  ${range(spreadOf(r.vsBest.map((x) => x.cost)), fix3).padStart(18)}  ${fix3(spreadOf(r.vsCheapest.map((x) => x.success)).mean).padStart(10)}  ${fix3(spreadOf(r.vsCheapest.map((x) => x.cost)).mean).padStart(10)}`,
    );
  }
  for (const [strategy, picks] of picksOfSeed1) if (strategy === 'adaptive' || strategy === 'cascade') console.log(`${strategy} picks (seed ${SEEDS[0]}; cascade: where it stopped): ${[...picks].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ')}`);
  for (const [i, d] of drifts.entries()) {
    console.log(`drift (adaptive, seed ${SEEDS[i]}): ${d.model} (its most chosen model) scores 0 for the last ${d.tasksAfterDrop} scored tasks; it got ${d.callsBeforeMove} call(s) before traffic moved, ${d.callsAfterDrop} of those ${d.tasksAfterDrop} tasks in all (exploration included)`);
  }

  const figures: Record<string, BenchFigure> = {};
  const bestRow = rows.get('best single') as Row;
  const bestSuccess = spreadOf(bestRow.perSeed.map((x) => x.success)).mean;
  const bestCost = spreadOf(bestRow.perSeed.map((x) => x.costPerTask)).mean;
  for (const name of [...STRATEGIES, 'cascade']) {
    const r = rows.get(name) as Row;
    const sRatio = spreadOf(r.vsBest.map((x) => x.success)).mean;
    const cRatio = spreadOf(r.vsBest.map((x) => x.cost)).mean;
    const goal = name === 'adaptive' || name === 'cascade';
    figures[`routing.${name}.success`] = {
      value: spreadOf(r.perSeed.map((x) => x.success)).mean * 100,
      unit: '%',
      baseline: bestSuccess * 100,
      baselineName: 'best single model, chosen on the warm-up',
      ratio: sRatio,
      ...(goal ? { goal: '> 1 × the best single model', met: sRatio > 1 } : {}),
    };
    figures[`routing.${name}.cost`] = {
      value: spreadOf(r.perSeed.map((x) => x.costPerTask)).mean,
      unit: 'USD/task',
      baseline: bestCost,
      baselineName: 'best single model, chosen on the warm-up',
      ratio: cRatio,
      ...(goal ? { goal: `≤ ${GOAL_COST_RATIO} × the best single model`, met: cRatio <= GOAL_COST_RATIO } : {}),
    };
  }
  // Run to run: how far one seed's figures stray from the mean (sample standard deviation over seeds).
  for (const name of ['adaptive', 'adaptive:quality', 'adaptive:cost', 'cascade']) {
    const r = rows.get(name);
    if (!r) continue;
    const s = spreadOf(r.vsBest.map((x) => x.success));
    const c = spreadOf(r.vsBest.map((x) => x.cost));
    console.log(`run-to-run (${name}, ${SEEDS.length} seeds): success÷best ${fix3(s.mean)} ± ${fix3(s.sd)} (sd), cost÷best ${fix3(c.mean)} ± ${fix3(c.sd)}`);
    if (name === 'adaptive') {
      figures['routing.adaptive.success.sd'] = { value: s.sd, unit: '× best (sd over seeds)' };
      figures['routing.adaptive.cost.sd'] = { value: c.sd, unit: '× best (sd over seeds)' };
    }
  }
  const worstDrift = Math.max(...drifts.map((d) => d.callsBeforeMove));
  figures['routing.drift.callsBeforeMove'] = { value: worstDrift, unit: 'calls', goal: `≤ ${GOAL_DRIFT_CALLS} (worst of ${drifts.length} seeds)`, met: worstDrift <= GOAL_DRIFT_CALLS };
  figures['routing.replay.seconds'] = { value: seconds, unit: 's', goal: '≤ 60 s for 500 tasks × 24 models' };
  console.log('');
  recordResults(figures);
}

function tally(m: ReadonlyMap<string, number>): string {
  return [...m].map(([k, n]) => (m.size === 1 ? k : `${k} (${n} seeds)`)).join(', ');
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function fix3(x: number): string {
  return x.toFixed(3);
}

function range(s: Spread, f: (x: number) => string): string {
  return `${f(s.mean)} [${f(s.min)}–${f(s.max)}]`;
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
