import type { Capability, Complexity } from './capabilities';
import { isRoutedRecord, type AttemptRecord } from '../metrics/attemptRecord';
import { signalPolarity, type QualitySignal, type SignalKind } from '../metrics/qualitySignal';

/**
 * Measured behaviour per capability and model, with exponential decay in time: a measurement's
 * weight halves every half-life, so a model that failed an hour ago is not punished forever and a
 * model that recovered climbs back as new successes arrive.
 */

export interface ModelStatsView {
  /** Decayed number of attempts (0 when never measured). */
  readonly weight: number;
  /** Decayed success share with a neutral prior, in (0, 1). */
  readonly successRate: number;
  /** Decayed mean latency to first token (or to the end when no token came), ms; undefined when never measured. */
  readonly latencyMs?: number;
  /** Decayed mean cost per successful call, USD; undefined when unknown. */
  readonly costUsd?: number;
  /** Decayed successes (with `weight`, what a prior is blended with); absent while never measured. */
  readonly successes?: number;
  /**
   * Failures in a row since the last success, fading with the same half-life: the long-run rate
   * needs dozens of calls to notice a model that just broke, a run of failures does not.
   */
  readonly failureStreak?: number;
  /** Quality signals (Apply, ratings, task checks): decayed count and share kept; absent when none. */
  readonly signals?: { readonly count: number; readonly acceptedShare: number };
  /**
   * Set when these figures are of one complexity of the capability (the request had one and that
   * cell held enough calls); absent when they are the whole capability's.
   */
  readonly complexity?: Complexity;
  /** Set when a complexity was asked for but held too few calls: these are the capability's figures. */
  readonly fellBackFrom?: { readonly complexity: Complexity; readonly calls: number };
}

/**
 * A complexity's own figures are used once it holds this many (decayed) calls; before, the
 * capability's, which every call of any complexity feeds, stand for it. Few enough to learn within
 * an afternoon, enough that two unlucky answers do not move a model off a whole class of requests.
 */
export const MIN_COMPLEXITY_CALLS = 8;

/**
 * How much one quality signal weighs against one HTTP-level outcome. A kept or discarded Apply or
 * task change is the person's verdict on the answer, worth two calls' success: an answer that
 * streamed fine (one success) and was then rejected ends up at 1 of 3. A rating, a task's checks
 * and a retry with another model say less about this one answer, and weigh one call.
 */
export const SIGNAL_WEIGHTS: Readonly<Record<SignalKind, number>> = {
  apply: 2,
  'task-change': 2,
  'task-validation': 1,
  rating: 1,
  'retry-other-model': 1,
};

interface Cell {
  at: number;
  n: number;
  ok: number;
  latW: number;
  latSum: number;
  costW: number;
  costSum: number;
  streak: number;
  sigN: number;
  sigOk: number;
}

const PRIOR_WEIGHT = 1;
const PRIOR_SUCCESS = 0.5;

/** A model's cells on one capability: the whole capability's and each complexity's. */
interface ModelCells {
  whole?: Cell;
  readonly byComplexity: Map<Complexity, Cell>;
}

export class ModelStats {
  /**
   * Capability → model → cells. Nested maps rather than one keyed by a joined string: a key built
   * per lookup is a new string to hash each time, several times per request (bench/structured).
   */
  private readonly cells = new Map<Capability, Map<string, ModelCells>>();

  constructor(
    private halfLifeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  setHalfLife(ms: number): void {
    this.halfLifeMs = ms;
  }

  /** Feeds one finished attempt (the router does this; replay stored records at start-up too). */
  observe(record: Pick<AttemptRecord, 'capability' | 'modelId' | 'outcome' | 'latencyMs' | 'ttftMs' | 'costUsd' | 'cached' | 'time' | 'complexity'>): void {
    // A Test Model call says nothing about how the model serves a capability.
    if (record.cached || record.outcome === 'cancelled' || !isRoutedRecord(record)) return;
    this.addAttempt(this.cell(record.capability, record.modelId), record);
    if (record.complexity !== undefined) this.addAttempt(this.cell(record.capability, record.modelId, record.complexity), record);
  }

  private addAttempt(cell: Cell, record: Pick<AttemptRecord, 'outcome' | 'latencyMs' | 'ttftMs' | 'costUsd'>): void {
    cell.n += 1;
    if (record.outcome === 'success') {
      cell.ok += 1;
      cell.streak = 0;
    } else {
      cell.streak += 1;
    }
    const latency = record.ttftMs ?? record.latencyMs;
    if (Number.isFinite(latency)) {
      cell.latW += 1;
      cell.latSum += latency;
    }
    if (record.outcome === 'success' && record.costUsd !== undefined) {
      cell.costW += 1;
      cell.costSum += record.costUsd;
    }
  }

  /**
   * Feeds one quality signal: a kept answer counts as {@link SIGNAL_WEIGHTS} successes of that
   * model on that capability, a discarded one as as many failures. Its weight is decayed by its age,
   * so replaying stored signals at start-up weighs them as if they had been seen live.
   */
  observeSignal(signal: Pick<QualitySignal, 'capability' | 'modelId' | 'kind' | 'value' | 'time' | 'complexity'>): void {
    const polarity = signalPolarity(signal.value);
    if (polarity === 0) return;
    this.addSignal(this.cell(signal.capability, signal.modelId), signal, polarity);
    if (signal.complexity !== undefined) this.addSignal(this.cell(signal.capability, signal.modelId, signal.complexity), signal, polarity);
  }

  private addSignal(cell: Cell, signal: Pick<QualitySignal, 'kind' | 'time'>, polarity: 1 | -1): void {
    const age = Math.max(0, this.now() - signal.time);
    const fresh = Math.pow(0.5, age / this.halfLifeMs);
    const weight = SIGNAL_WEIGHTS[signal.kind] * fresh;
    cell.n += weight;
    if (polarity > 0) cell.ok += weight;
    cell.sigN += fresh;
    if (polarity > 0) cell.sigOk += fresh;
  }

  /**
   * What is known of a model on a capability; with a complexity, that complexity's own figures once
   * it holds {@link MIN_COMPLEXITY_CALLS} calls, else the capability's (saying how few it had). The
   * failure streak is always the capability's: a model that broke fails at every complexity, and
   * the whole capability's run shows it soonest.
   */
  view(capability: Capability, modelId: string, complexity?: Complexity): ModelStatsView {
    const whole = this.cellView(this.decayed(capability, modelId, undefined, false));
    if (complexity === undefined) return whole;
    const own = this.decayed(capability, modelId, complexity, false);
    if (!own || own.n < MIN_COMPLEXITY_CALLS) return Object.assign({}, whole, { fellBackFrom: { complexity, calls: own?.n ?? 0 } });
    return Object.assign({}, this.cellView(own), whole.failureStreak !== undefined ? { failureStreak: whole.failureStreak } : {}, { complexity });
  }

  /** The cell of a model on a capability (and complexity), decayed to now; made (empty) if there is none yet. */
  private cell(capability: Capability, modelId: string, complexity?: Complexity): Cell {
    return this.decayed(capability, modelId, complexity, true) as Cell;
  }

  private cellView(cell: Cell | undefined): ModelStatsView {
    if (!cell) return { weight: 0, successRate: PRIOR_SUCCESS };
    return {
      weight: cell.n,
      successRate: (cell.ok + PRIOR_SUCCESS * PRIOR_WEIGHT) / (cell.n + PRIOR_WEIGHT),
      ...(cell.latW > 1e-6 ? { latencyMs: cell.latSum / cell.latW } : {}),
      ...(cell.costW > 1e-6 ? { costUsd: cell.costSum / cell.costW } : {}),
      successes: cell.ok,
      failureStreak: cell.streak,
      ...(cell.sigN > 1e-6 ? { signals: { count: cell.sigN, acceptedShare: cell.sigOk / cell.sigN } } : {}),
    };
  }

  private decayed(capability: Capability, modelId: string, complexity: Complexity | undefined, create: boolean): Cell | undefined {
    const now = this.now();
    let models = this.cells.get(capability);
    let cells = models?.get(modelId);
    let cell = cells === undefined ? undefined : complexity === undefined ? cells.whole : cells.byComplexity.get(complexity);
    if (!cell) {
      if (!create) return undefined;
      cell = { at: now, n: 0, ok: 0, latW: 0, latSum: 0, costW: 0, costSum: 0, streak: 0, sigN: 0, sigOk: 0 };
      if (!models) this.cells.set(capability, (models = new Map()));
      if (!cells) models.set(modelId, (cells = { byComplexity: new Map() }));
      if (complexity === undefined) cells.whole = cell;
      else cells.byComplexity.set(complexity, cell);
      return cell;
    }
    const elapsed = now - cell.at;
    if (elapsed > 0) {
      const f = Math.pow(0.5, elapsed / this.halfLifeMs);
      cell.n *= f;
      cell.ok *= f;
      cell.latW *= f;
      cell.latSum *= f;
      cell.costW *= f;
      cell.costSum *= f;
      cell.streak *= f;
      cell.sigN *= f;
      cell.sigOk *= f;
      cell.at = now;
    }
    return cell;
  }
}
