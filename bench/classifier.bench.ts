// The deterministic classifier on the labelled request set: accuracy (overall, dev, held-out,
// written-after-freeze, per capability, confusion matrix) and time per classification, side by side
// with a baseline of the kind the issue rules out: a chain of keyword ifs.
import { join } from 'node:path';
import { recordResults } from './lib/results';
import { evaluate, formatConfusion, loadLabelledSet, type EvaluationReport } from '../src/core/classify/evaluation';
import { classifyByRules } from '../src/core/classify/rulesClassifier';
import { CLASSIFIED_CAPABILITIES, type Classification, type ClassificationInput } from '../src/core/classify/types';

const FIXTURE = join(__dirname, '..', 'test', 'fixtures', 'classifier', 'requests.json');
const PASSES = 60;

/** The baseline: first matching keyword wins, then the editor context, then "understand". */
function keywordChain(input: ClassificationInput): Classification {
  const t = input.text.toLowerCase();
  const decide = (capability: Classification['capability']): Classification => ({
    capability,
    complexity: 'medium',
    confidence: 1,
    source: 'rules',
    reasons: [],
  });
  if (/\b(review|lgtm|bugs?|safe|wrong|check)\b/.test(t)) return decide('review');
  if (/\b(plan|design|architecture|migrate|migration|steps|approach|strategy)\b/.test(t)) return decide('plan');
  if (/\b(write|add|implement|create|generate|fix|refactor|convert|make)\b/.test(t)) return decide('generate');
  if (/\b(what|why|how|explain|where)\b/.test(t)) return decide('understand');
  if (input.context.diff) return decide('review');
  return decide('understand');
}

function pct(n: number): number {
  return Math.round(n * 1000) / 10;
}

function printReport(name: string, r: EvaluationReport): void {
  console.log(`\n${name}`);
  console.log(`  overall   ${pct(r.overall.accuracy)}%  (${r.overall.correct}/${r.overall.total})`);
  console.log(`  dev       ${pct(r.bySplit.dev.accuracy)}%  (${r.bySplit.dev.correct}/${r.bySplit.dev.total})`);
  console.log(`  held-out  ${pct(r.bySplit.heldout.accuracy)}%  (${r.bySplit.heldout.correct}/${r.bySplit.heldout.total})`);
  console.log(`    of which written after the rules froze  ${pct(r.postFreeze.accuracy)}%  (${r.postFreeze.correct}/${r.postFreeze.total})`);
  console.log(`  hard cases ${pct(r.hard.accuracy)}%  (${r.hard.correct}/${r.hard.total})`);
  for (const c of CLASSIFIED_CAPABILITIES) {
    console.log(`  ${c.padEnd(10)} ${pct(r.byCapability[c].accuracy)}%  (${r.byCapability[c].correct}/${r.byCapability[c].total})`);
  }
  const cx = r.complexityBySplit;
  console.log(
    `  complexity ${pct(r.complexity.accuracy)}%  (${r.complexity.correct}/${r.complexity.total}; dev ${pct(cx.dev.accuracy)}%, held-out ${pct(cx.heldout.accuracy)}%)`,
  );
  console.log(formatConfusion(r.confusion).replace(/^/gm, '  '));
}

function timePerCall(classifier: (input: ClassificationInput) => Classification, inputs: readonly ClassificationInput[]): { p50: number; p99: number } {
  for (let i = 0; i < 5; i++) for (const input of inputs) classifier(input); // warm the JIT
  const samples: number[] = [];
  let sink = 0;
  for (let pass = 0; pass < PASSES; pass++) {
    for (const input of inputs) {
      const t0 = process.hrtime.bigint();
      sink += classifier(input).confidence;
      samples.push(Number(process.hrtime.bigint() - t0) / 1000);
    }
  }
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the calls from being optimised away');
  samples.sort((a, b) => a - b);
  const at = (q: number): number => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

const set = loadLabelledSet(FIXTURE);
const rules = evaluate(set, classifyByRules);
const chain = evaluate(set, keywordChain);
printReport('scored signal table (classifyByRules)', rules);
printReport('baseline: keyword if-chain', chain);
console.log('\nmisses of the signal table:');
for (const m of rules.misses) console.log(`  [${m.split}] ${m.id} ${m.expected} -> ${m.got.capability}: ${JSON.stringify(m.text.slice(0, 70))}`);

const inputs = set.map((r) => ({ text: r.text, context: r.context }));
const tRules = timePerCall(classifyByRules, inputs);
const tChain = timePerCall(keywordChain, inputs);
console.log(`\n${inputs.length * PASSES} timed classifications each\n`);

const vsChain = (value: number, baseline: number, unit: string, goal?: string) => ({
  value,
  unit,
  baseline,
  baselineName: 'keyword if-chain',
  ratio: baseline === 0 ? NaN : value / baseline,
  ...(goal ? { goal } : {}),
});
recordResults({
  'classifier.rules.accuracy': vsChain(pct(rules.overall.accuracy), pct(chain.overall.accuracy), '%', '≥ 85%'),
  'classifier.rules.accuracy.dev': vsChain(pct(rules.bySplit.dev.accuracy), pct(chain.bySplit.dev.accuracy), '%'),
  'classifier.rules.accuracy.heldout': vsChain(pct(rules.bySplit.heldout.accuracy), pct(chain.bySplit.heldout.accuracy), '%', '≥ 85%'),
  'classifier.rules.accuracy.postFreeze': vsChain(pct(rules.postFreeze.accuracy), pct(chain.postFreeze.accuracy), '%'),
  ...Object.fromEntries(
    CLASSIFIED_CAPABILITIES.map((c) => [`classifier.rules.accuracy.${c}`, vsChain(pct(rules.byCapability[c].accuracy), pct(chain.byCapability[c].accuracy), '%')]),
  ),
  'classifier.rules.complexityAccuracy': vsChain(pct(rules.complexity.accuracy), pct(chain.complexity.accuracy), '%'),
  'classifier.rules.complexityAccuracy.heldout': vsChain(pct(rules.complexityBySplit.heldout.accuracy), pct(chain.complexityBySplit.heldout.accuracy), '%'),
  'classifier.rules.timePerCall.p50': vsChain(tRules.p50, tChain.p50, 'µs'),
  'classifier.rules.timePerCall.p99': vsChain(tRules.p99, tChain.p99, 'µs'),
});
