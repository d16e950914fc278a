import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  CLASSIFIED_CAPABILITIES,
  COMPLEXITIES,
  describeIssues,
  editorContextSchema,
  type Classification,
  type ClassificationInput,
  type ClassifiedCapability,
} from './types';

/**
 * A labelled set of requests and a scorer for any classifier over it. The unit tests assert the
 * deterministic classifier's accuracy with it; the bench prints the full report; the same code can
 * score the model classifier against a live `classify` tier.
 */

export const SPLITS = ['dev', 'heldout'] as const;
export type Split = (typeof SPLITS)[number];

export const labelledRequestSchema = z
  .object({
    id: z.string().min(1),
    /** `dev` requests may be looked at while tuning the rules; `heldout` ones never are. */
    split: z.enum(SPLITS),
    text: z.string(),
    context: editorContextSchema,
    expected: z
      .object({ capability: z.enum(CLASSIFIED_CAPABILITIES), complexity: z.enum(COMPLEXITIES).optional() })
      .strict(),
    /** Marks requests a person could reasonably argue about; reported separately. */
    hard: z.boolean().optional(),
    /** Written after the rules were frozen and scored once: the least biased part of the held-out half. */
    postFreeze: z.boolean().optional(),
  })
  .strict();

export type LabelledRequest = z.infer<typeof labelledRequestSchema>;

export const labelledSetSchema = z.object({
  version: z.literal(1),
  description: z.string().optional(),
  labelGuide: z.record(z.string(), z.string()).optional(),
  requests: z.array(labelledRequestSchema).min(1),
});

/** Reads and validates a labelled set; a bad file names the entry and field at fault. */
export function loadLabelledSet(path: string): LabelledRequest[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: not readable JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err });
  }
  const parsed = labelledSetSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${path}: ${describeIssues(parsed.error.issues)}`);
  const ids = new Set<string>();
  for (const r of parsed.data.requests) {
    if (ids.has(r.id)) throw new Error(`${path}: duplicate id "${r.id}"`);
    ids.add(r.id);
  }
  return parsed.data.requests;
}

export type ConfusionMatrix = Record<ClassifiedCapability, Record<ClassifiedCapability, number>>;

export interface AccuracyFigure {
  readonly correct: number;
  readonly total: number;
  /** correct / total, 0 when total is 0. */
  readonly accuracy: number;
}

export interface EvaluationReport {
  readonly overall: AccuracyFigure;
  readonly bySplit: Readonly<Record<Split, AccuracyFigure>>;
  readonly byCapability: Readonly<Record<ClassifiedCapability, AccuracyFigure>>;
  readonly hard: AccuracyFigure;
  readonly postFreeze: AccuracyFigure;
  /** Over the requests labelled with a complexity. */
  readonly complexity: AccuracyFigure;
  readonly complexityBySplit: Readonly<Record<Split, AccuracyFigure>>;
  /** confusion[expected][predicted]. */
  readonly confusion: ConfusionMatrix;
  readonly misses: readonly { readonly id: string; readonly split: Split; readonly text: string; readonly expected: ClassifiedCapability; readonly got: Classification }[];
}

export function evaluate(set: readonly LabelledRequest[], classifier: (input: ClassificationInput) => Classification): EvaluationReport {
  const tally = (): { correct: number; total: number } => ({ correct: 0, total: 0 });
  const overall = tally();
  const bySplit = { dev: tally(), heldout: tally() };
  const byCapability = Object.fromEntries(CLASSIFIED_CAPABILITIES.map((c) => [c, tally()])) as Record<ClassifiedCapability, { correct: number; total: number }>;
  const hard = tally();
  const postFreeze = tally();
  const complexity = tally();
  const complexityBySplit = { dev: tally(), heldout: tally() };
  const confusion = Object.fromEntries(
    CLASSIFIED_CAPABILITIES.map((e) => [e, Object.fromEntries(CLASSIFIED_CAPABILITIES.map((p) => [p, 0]))]),
  ) as ConfusionMatrix;
  const misses: EvaluationReport['misses'][number][] = [];

  for (const r of set) {
    const got = classifier({ text: r.text, context: r.context });
    const ok = got.capability === r.expected.capability;
    const buckets = [overall, bySplit[r.split], byCapability[r.expected.capability], ...(r.hard ? [hard] : []), ...(r.postFreeze ? [postFreeze] : [])];
    for (const b of buckets) {
      b.total++;
      if (ok) b.correct++;
    }
    confusion[r.expected.capability][got.capability]++;
    if (r.expected.complexity !== undefined) {
      for (const b of [complexity, complexityBySplit[r.split]]) {
        b.total++;
        if (got.complexity === r.expected.complexity) b.correct++;
      }
    }
    if (!ok) misses.push({ id: r.id, split: r.split, text: r.text, expected: r.expected.capability, got });
  }

  const fig = (t: { correct: number; total: number }): AccuracyFigure => Object.assign({}, t, { accuracy: t.total === 0 ? 0 : t.correct / t.total });
  return {
    overall: fig(overall),
    bySplit: { dev: fig(bySplit.dev), heldout: fig(bySplit.heldout) },
    byCapability: Object.fromEntries(CLASSIFIED_CAPABILITIES.map((c) => [c, fig(byCapability[c])])) as Record<ClassifiedCapability, AccuracyFigure>,
    hard: fig(hard),
    postFreeze: fig(postFreeze),
    complexity: fig(complexity),
    complexityBySplit: { dev: fig(complexityBySplit.dev), heldout: fig(complexityBySplit.heldout) },
    confusion,
    misses,
  };
}

/** The confusion matrix as aligned text rows (expected down, predicted across). */
export function formatConfusion(confusion: ConfusionMatrix): string {
  const w = 11;
  const header = 'expected \\ got'.padEnd(16) + CLASSIFIED_CAPABILITIES.map((c) => c.padStart(w)).join('');
  const rows = CLASSIFIED_CAPABILITIES.map((e) => e.padEnd(16) + CLASSIFIED_CAPABILITIES.map((p) => String(confusion[e][p]).padStart(w)).join(''));
  return [header, ...rows].join('\n');
}
