import { COMPLEXITY_SIGNALS, complexityFromPoints } from './complexitySignals';
import { extractFeatures } from './features';
import { CAPABILITY_PRIOR, CAPABILITY_SIGNALS, type Signal } from './signals';
import {
  CLASSIFIED_CAPABILITIES,
  type Classification,
  type ClassificationInput,
  type ClassifiedCapability,
  type Complexity,
} from './types';

/**
 * Softmax temperature over the summed scores. At 1.5, a lead of 3 points (one strong signal)
 * gives about 0.8 confidence against three rivals, and a tie gives 0.5 at most.
 */
const TEMPERATURE = 1.5;
const REASONS_SHOWN = 3;

export interface SignalContribution {
  readonly signal: string;
  readonly describe: string;
  readonly evidence: string | undefined;
  readonly strength: number;
  /** strength × weight, per capability the signal weighs. */
  readonly contributions: Readonly<Partial<Record<ClassifiedCapability, number>>>;
}

/** Everything the rules computed, for explanations and for the bench. */
export interface RulesVerdict {
  readonly classification: Classification;
  readonly scores: Readonly<Record<ClassifiedCapability, number>>;
  /** Softmax of the scores: what `confidence` is taken from. */
  readonly probabilities: Readonly<Record<ClassifiedCapability, number>>;
  readonly fired: readonly SignalContribution[];
  readonly complexityPoints: number;
}

/** Deterministic: the same input always gives the same verdict, in microseconds, with no I/O. */
export function classifyByRules(input: ClassificationInput): Classification {
  return explainRules(input).classification;
}

export function explainRules(input: ClassificationInput, signals: readonly Signal[] = CAPABILITY_SIGNALS): RulesVerdict {
  const features = extractFeatures(input);
  const scores: Record<ClassifiedCapability, number> = { ...CAPABILITY_PRIOR };
  const fired: SignalContribution[] = [];
  for (const signal of signals) {
    const hit = signal.match(features);
    if (!hit) continue;
    const contributions: Partial<Record<ClassifiedCapability, number>> = {};
    for (const cap of CLASSIFIED_CAPABILITIES) {
      const w = signal.weights[cap];
      if (w === undefined) continue;
      contributions[cap] = w * hit.strength;
      scores[cap] += w * hit.strength;
    }
    fired.push({ signal: signal.id, describe: signal.describe, evidence: hit.evidence, strength: hit.strength, contributions });
  }

  // Ties break in CLASSIFIED_CAPABILITIES order, so the result never depends on iteration luck.
  let capability: ClassifiedCapability = CLASSIFIED_CAPABILITIES[0];
  for (const cap of CLASSIFIED_CAPABILITIES) if (scores[cap] > scores[capability]) capability = cap;
  const probabilities = softmax(scores);
  const confidence = round3(probabilities[capability]);

  let complexityPoints = 0;
  const complexityReasons: { text: string; points: number }[] = [];
  for (const s of COMPLEXITY_SIGNALS) {
    const hit = s.match(features, capability);
    if (!hit) continue;
    const points = s.points * hit.strength;
    complexityPoints += points;
    complexityReasons.push({ text: hit.evidence && s.id !== capability ? `${s.describe} (${hit.evidence})` : s.describe, points });
  }
  const complexity = complexityFromPoints(complexityPoints);

  return {
    classification: {
      capability,
      complexity,
      confidence,
      source: 'rules',
      reasons: buildReasons(capability, scores, fired, complexity, complexityReasons),
    },
    scores,
    probabilities,
    fired,
    complexityPoints,
  };
}

function buildReasons(
  capability: ClassifiedCapability,
  scores: Readonly<Record<ClassifiedCapability, number>>,
  fired: readonly SignalContribution[],
  complexity: Complexity,
  complexityReasons: readonly { text: string; points: number }[],
): string[] {
  const forWinner = fired
    .map((f) => ({ f, c: f.contributions[capability] ?? 0 }))
    .filter((x) => x.c > 0)
    .sort((a, b) => b.c - a.c || a.f.signal.localeCompare(b.f.signal))
    .slice(0, REASONS_SHOWN);
  const reasons: string[] = [];
  if (forWinner.length === 0) {
    reasons.push(`${capability}: no signal matched; a question about the code is assumed`);
  } else {
    const parts = forWinner.map(({ f, c }) => `${f.describe}${f.evidence ? ` ("${f.evidence}")` : ''} +${c.toFixed(1)}`);
    reasons.push(`${capability}: ${parts.join('; ')}`);
  }
  const runnerUp = CLASSIFIED_CAPABILITIES.filter((c) => c !== capability).reduce((best, c) => (scores[c] > scores[best] ? c : best));
  reasons.push(`score ${scores[capability].toFixed(1)} vs ${runnerUp} ${scores[runnerUp].toFixed(1)}`);
  const topComplexity = [...complexityReasons]
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
    .slice(0, 2)
    .map((r) => r.text);
  reasons.push(`complexity ${complexity}${topComplexity.length ? `: ${topComplexity.join('; ')}` : ''}`);
  return reasons;
}

function softmax(scores: Readonly<Record<ClassifiedCapability, number>>): Record<ClassifiedCapability, number> {
  const max = Math.max(...CLASSIFIED_CAPABILITIES.map((c) => scores[c]));
  const exps = CLASSIFIED_CAPABILITIES.map((c) => Math.exp((scores[c] - max) / TEMPERATURE));
  const sum = exps.reduce((a, b) => a + b, 0);
  const out = {} as Record<ClassifiedCapability, number>;
  CLASSIFIED_CAPABILITIES.forEach((c, i) => {
    out[c] = (exps[i] ?? 0) / sum;
  });
  return out;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
