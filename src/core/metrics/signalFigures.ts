import type { Capability } from '../router/capabilities';
import { signalPolarity, type QualitySignal, type SignalKind } from './qualitySignal';

/** Kept and not-kept answers of one model for one capability (or summed over a wider group). */
export interface SignalFigure {
  readonly modelId: string;
  readonly capability?: Capability;
  /** Answers accepted, passed or rated up. */
  readonly accepted: number;
  /** Answers rejected, failed, rated down or retried with another model. */
  readonly rejected: number;
  /** accepted / (accepted + rejected); undefined without signals. */
  readonly acceptanceRate: number | undefined;
  readonly byKind: Partial<Record<SignalKind, { readonly accepted: number; readonly rejected: number }>>;
}

/**
 * The signals per model and capability, oldest first in, with a rating counted once per answer: the
 * latest rating of a request on a model wins, and `cleared` takes it back. Every other signal is an
 * event of its own (two Applies of one answer are two decisions).
 */
export function summarizeSignals(signals: Iterable<QualitySignal>): SignalFigure[] {
  const ratings = new Map<string, QualitySignal>();
  const counted: QualitySignal[] = [];
  for (const s of signals) {
    if (s.kind === 'rating') ratings.set(`${s.requestId}\u0000${s.modelId}`, s);
    else counted.push(s);
  }
  for (const s of ratings.values()) counted.push(s);
  const cells = new Map<string, { modelId: string; capability: Capability; byKind: Partial<Record<SignalKind, { accepted: number; rejected: number }>> }>();
  for (const s of counted) {
    const polarity = signalPolarity(s.value);
    if (polarity === 0) continue;
    const key = `${s.modelId}\u0000${s.capability}`;
    let cell = cells.get(key);
    if (!cell) {
      cell = { modelId: s.modelId, capability: s.capability, byKind: {} };
      cells.set(key, cell);
    }
    const kind = (cell.byKind[s.kind] ??= { accepted: 0, rejected: 0 });
    if (polarity > 0) kind.accepted += 1;
    else kind.rejected += 1;
  }
  return [...cells.values()]
    .map((c) => figure(c.modelId, c.capability, c.byKind))
    .sort((a, b) => (a.modelId === b.modelId ? ((a.capability ?? '') < (b.capability ?? '') ? -1 : 1) : a.modelId < b.modelId ? -1 : 1));
}

/** One model's figures over every capability. */
export function signalsOfModel(figures: readonly SignalFigure[], modelId: string): SignalFigure | undefined {
  const mine = figures.filter((f) => f.modelId === modelId);
  if (mine.length === 0) return undefined;
  const byKind: Partial<Record<SignalKind, { accepted: number; rejected: number }>> = {};
  for (const f of mine) {
    for (const [kind, counts] of Object.entries(f.byKind) as [SignalKind, { accepted: number; rejected: number }][]) {
      const into = (byKind[kind] ??= { accepted: 0, rejected: 0 });
      into.accepted += counts.accepted;
      into.rejected += counts.rejected;
    }
  }
  return figure(modelId, undefined, byKind);
}

function figure(modelId: string, capability: Capability | undefined, byKind: SignalFigure['byKind']): SignalFigure {
  let accepted = 0;
  let rejected = 0;
  for (const counts of Object.values(byKind)) {
    accepted += counts.accepted;
    rejected += counts.rejected;
  }
  const total = accepted + rejected;
  return { modelId, ...(capability ? { capability } : {}), accepted, rejected, acceptanceRate: total > 0 ? accepted / total : undefined, byKind };
}
