import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface BenchFigure {
  readonly value: number;
  readonly unit: string;
  /** The named baseline's figure, measured side by side in the same run. */
  readonly baseline?: number;
  readonly baselineName?: string;
  /** value / baseline (or the ratio the benchmark defines, e.g. throughput ratio). */
  readonly ratio?: number;
  readonly goal?: string;
  /** Whether the figure meets its goal, printed beside it ("met" / "NOT met"). */
  readonly met?: boolean;
}

export const RESULTS_PATH = join(__dirname, '..', 'out', 'results.json');

/** Merges figures into bench/out/results.json as `{ name: { value, unit, baseline?, ratio? } }` and prints them. */
export function recordResults(figures: Record<string, BenchFigure>): void {
  mkdirSync(dirname(RESULTS_PATH), { recursive: true });
  let existing: Record<string, BenchFigure>;
  try {
    existing = JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as Record<string, BenchFigure>;
  } catch {
    existing = {};
  }
  writeFileSync(RESULTS_PATH, JSON.stringify({ ...existing, ...figures }, null, 2) + '\n');
  for (const [name, f] of Object.entries(figures)) {
    const base = f.baseline === undefined ? '' : `  baseline${f.baselineName ? ` (${f.baselineName})` : ''} ${fmt(f.baseline)} ${f.unit}`;
    const ratio = f.ratio === undefined ? '' : `  ratio ${f.ratio.toFixed(3)}`;
    const goal = f.goal ? `  goal ${f.goal}${f.met === undefined ? '' : f.met ? ' met' : ' NOT met'}` : '';
    console.log(`${name.padEnd(48)} ${fmt(f.value)} ${f.unit}${base}${ratio}${goal}`);
  }
}

function fmt(n: number): string {
  return Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3);
}
