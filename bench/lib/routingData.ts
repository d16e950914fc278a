import { z } from 'zod';
import type { Random } from '../../src/core/router/rng';

/**
 * The routing replay's data: one JSON line per task with every model's outcome (pass@1, 0..1) and
 * cost (USD for one attempt), as in ../shared/routing-data/livecodebench.jsonl. Other fields
 * (platform, …) are not read; `date` orders the warm-up, `difficulty` is the request's complexity
 * (as the classifier would give it) and `latency` (optional, ms per model) the model's time.
 */

const routingLineSchema = z
  .object({
    task: z.union([z.string().min(1), z.number()]).transform(String),
    date: z.string().min(1).optional(),
    difficulty: z.string().min(1).optional(),
    outcomes: z.record(z.string(), z.number().min(0).max(1)),
    cost: z.record(z.string(), z.number().nonnegative()),
    /** Optional: ms each model took on this task (the replay simulates a latency where absent). */
    latency: z.record(z.string(), z.number().nonnegative()).optional(),
  })
  .loose();

export interface RoutingTask {
  readonly task: string;
  readonly date?: string;
  readonly outcomes: Readonly<Record<string, number>>;
  readonly cost: Readonly<Record<string, number>>;
  /** ms per model, where the file gives it. */
  readonly latency?: Readonly<Record<string, number>>;
  /** The file's `difficulty` (LiveCodeBench: easy, medium, hard), where it gives one. */
  readonly difficulty?: string;
}

export interface RoutingData {
  readonly tasks: readonly RoutingTask[];
  /** Every model, in the order of the first line. */
  readonly models: readonly string[];
}

/**
 * Parses a JSONL file; every error names the file and line ("data.jsonl:12: outcomes.gpt: …").
 * Every line must name the same models in `outcomes` and `cost` as the first line does.
 */
export function parseRoutingData(text: string, source: string): RoutingData {
  const tasks: RoutingTask[] = [];
  let models: string[] | undefined;
  const lines = text.split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const where = `${source}:${i + 1}`;
    if (raw.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new Error(`${where}: not JSON (${error instanceof Error ? error.message : String(error)})`, { cause: error });
    }
    const parsed = routingLineSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
      throw new Error(`${where}: ${path}${issue?.message ?? 'invalid line'}`);
    }
    const line = parsed.data;
    const named = Object.keys(line.outcomes);
    if (named.length === 0) throw new Error(`${where}: outcomes names no model`);
    const unpriced = named.filter((m) => line.cost[m] === undefined);
    if (unpriced.length > 0) throw new Error(`${where}: cost is missing for ${unpriced.join(', ')}`);
    if (!models) models = named;
    else {
      const missing = models.filter((m) => line.outcomes[m] === undefined);
      const extra = named.filter((m) => !models?.includes(m));
      if (missing.length > 0 || extra.length > 0) {
        throw new Error(`${where}: every line must name the models of line 1${missing.length ? `; missing ${missing.join(', ')}` : ''}${extra.length ? `; not on line 1: ${extra.join(', ')}` : ''}`);
      }
    }
    tasks.push({
      task: line.task,
      ...(line.date !== undefined ? { date: line.date } : {}),
      ...(line.difficulty !== undefined ? { difficulty: line.difficulty } : {}),
      outcomes: line.outcomes,
      cost: line.cost,
      ...(line.latency !== undefined ? { latency: line.latency } : {}),
    });
  }
  if (!models || tasks.length === 0) throw new Error(`${source}: no tasks`);
  return { tasks, models };
}

/** Fisher–Yates with the given generator: the same seed gives the same order. */
export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export interface WarmupSplit {
  /** The only tasks tiers, priors and the best single model may be built from. */
  readonly warmup: readonly RoutingTask[];
  /** The rest, in the seeded order, on which every figure is scored. */
  readonly scored: readonly RoutingTask[];
  readonly by: 'date' | 'seeded order';
}

/**
 * No hindsight: the first `fraction` of the tasks are the warm-up, by date when every task has one
 * (oldest first, file order among equal dates), else of the seeded order. The scored rest keeps the
 * seeded order either way.
 */
export function warmupSplit(tasks: readonly RoutingTask[], seededOrder: readonly RoutingTask[], fraction = 0.2): WarmupSplit {
  const count = Math.floor(tasks.length * fraction);
  const dated = tasks.every((t) => t.date !== undefined);
  if (!dated) return { warmup: seededOrder.slice(0, count), scored: seededOrder.slice(count), by: 'seeded order' };
  const byDate = tasks.map((t, i) => ({ t, i })).sort((a, b) => (a.t.date as string).localeCompare(b.t.date as string) || a.i - b.i);
  const warm = new Set(byDate.slice(0, count).map((x) => x.t));
  return { warmup: byDate.slice(0, count).map((x) => x.t), scored: seededOrder.filter((t) => !warm.has(t)), by: 'date' };
}

/** A fractional outcome as one seeded draw: 1 with probability `p` (0 and 1 stay as they are). */
export function bernoulli(p: number, random: Random): 0 | 1 {
  return random() < p ? 1 : 0;
}

/** Per task, every model's drawn outcome (0 or 1), drawn in task then model order. */
export function drawOutcomes(tasks: readonly RoutingTask[], models: readonly string[], random: Random): Map<RoutingTask, Readonly<Record<string, 0 | 1>>> {
  const drawn = new Map<RoutingTask, Record<string, 0 | 1>>();
  for (const t of tasks) {
    const row: Record<string, 0 | 1> = {};
    for (const m of models) row[m] = bernoulli(t.outcomes[m] ?? 0, random);
    drawn.set(t, row);
  }
  return drawn;
}

/** value / base; 1 when both are 0, Infinity when only the base is. */
export function ratio(value: number, base: number): number {
  if (base === 0) return value === 0 ? 1 : Infinity;
  return value / base;
}

export interface Spread {
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  /** Sample standard deviation over the seeds (0 for one value): the run-to-run variance's root. */
  readonly sd: number;
}

export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) return { mean: NaN, min: NaN, max: NaN, sd: NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, min: Math.min(...values), max: Math.max(...values), sd };
}
