import {
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  SamplingBreaker,
  circuitBreaker,
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IBreaker,
} from 'cockatiel';
import { isModelError, type ModelErrorKind } from '../providers/contract';
import type { CircuitSettings } from '../config/settings/router';
import type { Writable } from '../../shared/writable';

/**
 * One cockatiel circuit breaker per configured model. The router asks for a permit before each
 * call; an open circuit refuses synchronously, so no request is ever sent to it. After the
 * cool-down the next call is let through as the single probe; while it runs the model is skipped
 * by others; its outcome closes or reopens the circuit.
 */

export type HealthState = 'closed' | 'open' | 'half-open';

export interface HealthSnapshot {
  readonly modelId: string;
  readonly state: HealthState;
  /** An open circuit whose cool-down is over: the next call will be the probe. */
  readonly probeDue: boolean;
  /** Epoch ms when the circuit last opened. */
  readonly openedAt?: number;
  /** Epoch ms when an open circuit lets a probe through. */
  readonly probeAt?: number;
  readonly lastError?: { readonly kind: ModelErrorKind | 'unknown'; readonly message: string; readonly at: number };
}

export interface HealthPermit {
  /** True when this call is the half-open probe. */
  readonly probe: boolean;
  succeed(): void;
  fail(error: unknown): void;
}

export type BreakerKind = { readonly type: 'consecutive' } | { readonly type: 'sampling'; readonly threshold: number; readonly durationMs: number; readonly minimumRps?: number };

export interface ModelHealthOptions {
  readonly now?: () => number;
  readonly breaker?: BreakerKind;
  readonly onChange?: (snapshot: HealthSnapshot) => void;
}

/** Errors that say the model or its provider is unwell; a bad request or a cancel says nothing about health. */
const HEALTH_KINDS: ReadonlySet<ModelErrorKind> = new Set<ModelErrorKind>([
  'rate-limit',
  'auth',
  'model-not-found',
  'timeout-first-token',
  'timeout-total',
  'network',
  'server',
]);

export function countsAgainstHealth(error: unknown): boolean {
  if (isModelError(error)) return HEALTH_KINDS.has(error.kind);
  // Anything that is not a normalized error is an adapter failure: count it.
  return !(error instanceof Error && error.name === 'AbortError');
}

class NotAModelHealthFailure extends Error {
  constructor(readonly original: unknown) {
    super('not a health failure');
  }
}

interface Entry {
  readonly policy: CircuitBreakerPolicy;
  readonly breaker: AdjustableBreaker;
  /** The cool-down of the current (or last) opening: set when the circuit opens, only ever shortened after. */
  cooldownMs: number;
  openedAt?: number;
  probeAt?: number;
  lastError?: { kind: ModelErrorKind | 'unknown'; message: string; at: number };
}

export class ModelHealth {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(
    private settings: CircuitSettings,
    private readonly options: ModelHealthOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * New settings apply at once to every model's breaker, not only to breakers created later:
   * - the failure threshold: the consecutive failures counted so far are kept and measured against
   *   the new threshold (a closed circuit still opens only on a failure, so lowering the threshold
   *   below the count opens it at the next failure, not retroactively);
   * - the cool-down: every later opening uses the new one. A circuit open right now keeps its old
   *   cool-down or takes the new one, whichever is SHORTER. A shorter setting is the person asking
   *   for faster probing, and there is no reason to make a model wait longer than they now want; a
   *   longer one is not applied retroactively, because the model was opened under the old rule, the
   *   Models view has already announced its probe time, and pushing that back would punish a model
   *   for a failure that is already being waited out.
   */
  updateSettings(settings: CircuitSettings): void {
    const previous = this.settings;
    this.settings = settings;
    if (previous.consecutiveFailures === settings.consecutiveFailures && previous.halfOpenAfterMs === settings.halfOpenAfterMs) return;
    for (const [modelId, entry] of this.entries) {
      if (this.options.breaker?.type !== 'sampling') entry.breaker.replace(new ConsecutiveBreaker(settings.consecutiveFailures));
      if (entry.policy.state === CircuitState.Open && entry.openedAt !== undefined && settings.halfOpenAfterMs < entry.cooldownMs) {
        entry.cooldownMs = settings.halfOpenAfterMs;
        entry.probeAt = entry.openedAt + entry.cooldownMs;
        this.options.onChange?.(this.snapshot(modelId));
      }
    }
  }

  snapshot(modelId: string): HealthSnapshot {
    const entry = this.entries.get(modelId);
    if (!entry) return { modelId, state: 'closed', probeDue: false };
    const state = toHealthState(entry.policy.state);
    const probeDue = state === 'open' && entry.probeAt !== undefined && this.now() >= entry.probeAt;
    // Optional fields by assignment, not a spread each: the planner reads a snapshot of every
    // candidate on every request (see phaseResultOf in tasks/taskTotals.ts for what Node 20 does with spreads).
    const snapshot: Writable<HealthSnapshot> = { modelId, state, probeDue };
    if (entry.openedAt !== undefined && state !== 'closed') snapshot.openedAt = entry.openedAt;
    if (entry.probeAt !== undefined && state === 'open') snapshot.probeAt = entry.probeAt;
    if (entry.lastError) snapshot.lastError = entry.lastError;
    return snapshot;
  }

  /** Forgets a model's breaker: it starts closed with no failures. A probe in flight settles harmlessly. */
  reset(modelId: string): void {
    this.entries.delete(modelId);
  }

  /** Whether a call would be let through now (without taking a permit). */
  wouldAllow(modelId: string): boolean {
    const s = this.snapshot(modelId);
    return s.state === 'closed' || s.probeDue;
  }

  /**
   * A permit to call the model, or undefined when its circuit refuses (open and cooling down, or a
   * probe already in flight). Settle the permit exactly once.
   */
  acquire(modelId: string): HealthPermit | undefined {
    const entry = this.entry(modelId);
    const before = entry.policy.state;
    if (before === CircuitState.HalfOpen || before === CircuitState.Isolated) return undefined;
    let settle!: { resolve: () => void; reject: (e: unknown) => void };
    const outcome = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    let admitted = false;
    // cockatiel runs the function synchronously when it admits the call, so `admitted` tells at once.
    const run = entry.policy.execute(() => {
      admitted = true;
      return outcome;
    });
    run.catch(() => undefined);
    if (!admitted) return undefined;
    let settled = false;
    return {
      probe: before === CircuitState.Open,
      succeed: () => {
        if (settled) return;
        settled = true;
        settle.resolve();
      },
      fail: (error) => {
        if (settled) return;
        settled = true;
        if (countsAgainstHealth(error)) {
          entry.lastError = { kind: isModelError(error) ? error.kind : 'unknown', message: messageOf(error), at: this.now() };
          settle.reject(error);
        } else {
          settle.reject(new NotAModelHealthFailure(error));
        }
      },
    };
  }

  private entry(modelId: string): Entry {
    const existing = this.entries.get(modelId);
    if (existing) return existing;
    const breaker = new AdjustableBreaker(
      this.options.breaker?.type === 'sampling'
        ? new SamplingBreaker({
            threshold: this.options.breaker.threshold,
            duration: this.options.breaker.durationMs,
            ...(this.options.breaker.minimumRps !== undefined ? { minimumRps: this.options.breaker.minimumRps } : {}),
          })
        : new ConsecutiveBreaker(this.settings.consecutiveFailures),
    );
    const halfOpenAfter = new ClockBackoffFactory(
      this.now,
      (openedAt) => {
        // Each opening takes the cool-down in force when it opens.
        created.cooldownMs = this.settings.halfOpenAfterMs;
        created.openedAt = openedAt;
        created.probeAt = openedAt + created.cooldownMs;
      },
      () => created.cooldownMs,
    );
    const created: Entry = {
      policy: circuitBreaker(
        handleWhen((e) => !(e instanceof NotAModelHealthFailure)),
        { halfOpenAfter, breaker },
      ),
      breaker,
      cooldownMs: this.settings.halfOpenAfterMs,
    };
    created.policy.onStateChange(() => this.options.onChange?.(this.snapshot(modelId)));
    this.entries.set(modelId, created);
    return created;
  }
}

/**
 * cockatiel keeps the breaker it was built with for the policy's life; this one forwards to a
 * breaker that can be replaced when the threshold setting changes, carrying the count across
 * (cockatiel's own state transfer, `toJSON`/`initialState`, would rebuild the policy and lose the
 * cool-down clock and the probe in flight).
 */
class AdjustableBreaker implements IBreaker {
  constructor(private inner: IBreaker) {}

  get state(): unknown {
    return this.inner.state;
  }

  set state(value: unknown) {
    this.inner.state = value;
  }

  replace(next: IBreaker): void {
    next.state = this.inner.state;
    this.inner = next;
  }

  success(state: CircuitState): void {
    this.inner.success(state);
  }

  failure(state: CircuitState): boolean {
    return this.inner.failure(state);
  }
}

/**
 * cockatiel measures the cool-down with Date.now(). This backoff makes that comparison follow the
 * router's clock instead (identical when the clock is Date.now), so tests can move time forward
 * without sleeping, and so the router knows exactly when the probe is due.
 */
class ClockBackoffFactory implements IBackoffFactory<unknown> {
  constructor(
    private readonly clock: () => number,
    private readonly onOpen: (openedAt: number) => void,
    /** The current opening's cool-down, read at every check so a shortened one takes effect at once. */
    private readonly cooldownMs: () => number,
  ) {}

  next(): IBackoff<unknown> {
    const clockOpenedAt = this.clock();
    this.onOpen(clockOpenedAt);
    const { cooldownMs, clock } = this;
    const backoff: IBackoff<unknown> = {
      // cockatiel refuses while Date.now() - openedAt < duration, reading Date.now() itself. The
      // router's clock alone decides: 0 once the cool-down has passed on it, else never. (Shifting
      // by the gap between the clocks raced with cockatiel's own Date.now() read: a millisecond
      // ticking between the two reads refused a probe that was exactly due.)
      get duration() {
        return clock() - clockOpenedAt >= cooldownMs() ? 0 : Number.POSITIVE_INFINITY;
      },
      next: () => this.next(),
    };
    return backoff;
  }
}

function toHealthState(state: CircuitState): HealthState {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.HalfOpen:
      return 'half-open';
    default:
      return 'open';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
