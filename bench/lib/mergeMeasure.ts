// What bench/merge.bench.ts runs, bundled as esbuild.js bundles the extension (see bundledMeasure.ts).
// Apply's merge of a code block into a file, declaration by declaration (mergeCodeBlock: the chat's
// Apply and every task's draft), against the two parses no merge by declaration can do without:
// the file's and the block's, with the same parser and options (parseSource). Two blocks into one
// 400-line file: an edited function written whole, and a class with one edited method and an
// elision marker (`// ... other methods`) standing for the rest, which the merge must find and keep.
// Pairs run back to back, in alternating order. No goal: the ratio says how much a merge costs beyond
// reading the two texts.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { parseSource } from '../../src/core/analysis/parseSource';
import { mergeCodeBlock } from '../../src/core/chat/applyMerge';
import type { ApplyRequest } from '../../src/core/chat/applyText';
import { measurementLog } from './bundledMeasure';
import { alternatingPairs } from './pairs';
import { median } from './stats';

const log = measurementLog();
const WARMUP = Number(process.env['MERGE_BENCH_WARMUP'] ?? 500);
const PAIRS = Number(process.env['MERGE_BENCH_PAIRS'] ?? 2000);
const FUNCTIONS = 42;
const METHODS = 16;

/** A 400-line module: documented functions, then a class of methods, as a model's edits meet them. */
function fileText(): string {
  const parts = ["import { readFileSync } from 'node:fs';", ''];
  for (let i = 0; i < FUNCTIONS; i++) {
    parts.push(`/** Totals of batch ${i}, in cents (see the invoice rules). */`, `export function total${i}(items: readonly number[], rate = 0.${i + 1}): number {`, '  let sum = 0;', `  for (const item of items) sum += Math.round(item * (1 + rate)); // rounding per line`, `  return sum > ${i * 100} ? sum : ${i * 100};`, '}', '');
  }
  parts.push('export class Ledger {', '  private readonly lines: number[] = [];', '');
  for (let m = 0; m < METHODS; m++) parts.push(`  /** Adds entry ${m}. */`, `  add${m}(value: number): this {`, `    this.lines.push(value * ${m + 1});`, '    return this;', '  }', '');
  parts.push('  read(path: string): string {', "    return readFileSync(path, 'utf8');", '  }', '}', '');
  return parts.join('\n');
}

const CASES: Record<string, string> = {
  editedFunction: ['export function total17(items: readonly number[], rate = 0.18): number {', '  let sum = 0;', '  for (const item of items) sum += Math.floor(item * (1 + rate));', '  return Math.max(sum, 1700);', '}', ''].join('\n'),
  elidedClass: ['export class Ledger {', '  // ... other methods', '', '  add5(value: number): this {', '    this.lines.push(Math.abs(value) * 6);', '    return this;', '  }', '', '  // ... other methods', '}', ''].join('\n'),
};

async function main(): Promise<void> {
  const file = fileText();
  assert.ok(file.split('\n').length >= 390, `the file has ${file.split('\n').length} lines`);
  const figures: Parameters<typeof log.record>[0] = {};
  for (const [name, code] of Object.entries(CASES)) {
    const request: ApplyRequest = { fileText: file, code, path: 'src/ledger.ts' };
    const plan = mergeCodeBlock(request);
    assert.equal(plan.strategy, 'merge', `${name}: ${plan.reason ?? plan.description}`);
    assert.equal(plan.warning, undefined, `${name}: ${plan.warning}`);
    if (name === 'elidedClass') assert.ok(plan.text.includes('this.lines.push(Math.abs(value) * 6)') && plan.text.includes('add11(value: number)'), 'the edit made, the elided methods kept');
    const merge = (): number => {
      const t0 = performance.now();
      mergeCodeBlock(request);
      return performance.now() - t0;
    };
    const parse = (): number => {
      const t0 = performance.now();
      parseSource(request.path, file);
      parseSource(request.path, code);
      return performance.now() - t0;
    };
    for (let i = 0; i < WARMUP; i++) {
      merge();
      parse();
    }
    const { a: merges, b: parses } = await alternatingPairs(PAIRS, merge, parse);
    const ratios = merges.map((m, i) => m / parses[i]!);
    const baselineName = 'parseSource of the file and of the block';
    figures[`merge.${name}.p50`] = { value: median(merges), unit: 'ms', baseline: median(parses), baselineName, ratio: median(merges) / median(parses) };
    figures[`merge.${name}.ratio`] = { value: median(ratios), unit: '×', baseline: 1, baselineName, ratio: median(ratios) };
  }
  log.record(figures);
  log.note(`A ${file.split('\n').length}-line file; ${PAIRS} pairs after ${WARMUP} warm-up pairs, in alternating order; ratio = median of merge ÷ parses per pair.`);
  log.print();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
