import type { Capability } from './capabilities';
import type { ModelStatsView } from './modelStats';
import type { Random } from './rng';
import type { RoutingObjective, RoutingStrategy } from '../config/settings/router';
import { adaptiveScores } from './adaptiveScore';
import { adaptiveWords } from './explanation';
import { formatUsd } from './usd';

export { formatUsd };

/** One model that passed every filter, in tier order. */
export interface RankInput {
  readonly modelId: string;
  /** Worst-case cost of this request on this model (undefined: price unknown). */
  readonly estimatedCostUsd: number | undefined;
  readonly stats: ModelStatsView;
}

export interface Ranked {
  readonly modelId: string;
  /** Why it sits where it does, for the explanation (e.g. "score 0.81", "$0.0004"). */
  readonly note?: string;
}

export interface RankResult {
  readonly ranked: readonly Ranked[];
  /** Set when the adaptive strategy explored: the model moved to the front to measure it again. */
  readonly explored?: string;
}

export interface RankOptions {
  readonly strategy: RoutingStrategy;
  readonly capability: Capability;
  readonly explorationRate: number;
  /** Omit for a deterministic ranking (explain() must not consume randomness). */
  readonly random?: Random;
  /** How the adaptive strategy trades success against cost (default balanced). */
  readonly objective?: RoutingObjective;
}

export function rankCandidates(inputs: readonly RankInput[], options: RankOptions): RankResult {
  switch (options.strategy) {
    case 'ordered':
      return { ranked: inputs.map((i) => ({ modelId: i.modelId })) };
    case 'cheapest':
      return { ranked: byKnownAscending(inputs, (i) => i.estimatedCostUsd, (v) => `est. ${formatUsd(v)}`, 'price unknown') };
    case 'fastest':
      return { ranked: byKnownAscending(inputs, (i) => i.stats.latencyMs, (v) => `${Math.round(v)} ms`, 'not measured yet') };
    case 'adaptive':
      return adaptive(inputs, options);
  }
}

function byKnownAscending(
  inputs: readonly RankInput[],
  value: (i: RankInput) => number | undefined,
  describe: (v: number) => string,
  unknownNote: string,
): Ranked[] {
  // Unknowns keep tier order after every known value: "unknown" must never win by looking like 0.
  return inputs
    .map((input, index) => ({ input, index, v: value(input) }))
    .sort((a, b) => {
      if (a.v === undefined && b.v === undefined) return a.index - b.index;
      if (a.v === undefined) return 1;
      if (b.v === undefined) return -1;
      return a.v - b.v || a.index - b.index;
    })
    .map(({ input, v }) => ({ modelId: input.modelId, note: v === undefined ? unknownNote : describe(v) }));
}

function adaptive(inputs: readonly RankInput[], options: RankOptions): RankResult {
  const objective = options.objective ?? 'balanced';
  const scored = adaptiveScores(inputs, options.capability, objective);
  const byScore = [...scored].sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen = byScore[0];
  const ranked: Ranked[] = byScore.map((s) => ({ modelId: s.modelId, ...(s === chosen ? { note: adaptiveWords(objective, s, scored) } : { note: `score ${s.score.toFixed(2)}` }) }));
  if (options.random && ranked.length > 1 && options.random() < options.explorationRate) {
    const pick = 1 + Math.floor(options.random() * (ranked.length - 1));
    const [explored] = ranked.splice(pick, 1);
    if (explored) {
      ranked.unshift({ modelId: explored.modelId, note: `${explored.note ?? ''}, exploring`.replace(/^, /, '') });
      return { ranked, explored: explored.modelId };
    }
  }
  return { ranked };
}
