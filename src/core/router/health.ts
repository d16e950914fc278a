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
import type { CircuitSettings } from './settingsSchema';

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

  /** New settings apply to breakers created from now on (existing state is kept). */
  updateSettings(settings: CircuitSettings): void {
    this.settings = settings;
  }

  snapshot(modelId: string): HealthSnapshot {
    const entry = this.entries.get(modelId);
    if (!entry) return { modelId, state: 'closed', probeDue: false };
    const state = toHealthState(entry.policy.state);
    const probeDue = state === 'open' && entry.probeAt !== undefined && this.now() >= entry.probeAt;
    return {
      modelId,
      state,
      probeDue,
      ...(entry.openedAt !== undefined && state !== 'closed' ? { openedAt: entry.openedAt } : {}),
      ...(entry.probeAt !== undefined && state === 'open' ? { probeAt: entry.probeAt } : {}),
      ...(entry.lastError ? { lastError: entry.lastError } : {}),
    };
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
    let entry = this.entries.get(modelId);
    if (entry) return entry;
    const breaker: IBreaker =
      this.options.breaker?.type === 'sampling'
        ? new SamplingBreaker({
            threshold: this.options.breaker.threshold,
            duration: this.options.breaker.durationMs,
            ...(this.options.breaker.minimumRps !== undefined ? { minimumRps: this.options.breaker.minimumRps } : {}),
          })
        : new ConsecutiveBreaker(this.settings.consecutiveFailures);
    const cooldown = this.settings.halfOpenAfterMs;
    const created: Entry = {
      policy: circuitBreaker(
        handleWhen((e) => !(e instanceof NotAModelHealthFailure)),
        { halfOpenAfter: new ClockBackoffFactory(cooldown, this.now, (openedAt) => {
          created.openedAt = openedAt;
          created.probeAt = openedAt + cooldown;
        }), breaker },
      ),
    };
    created.policy.onStateChange(() => this.options.onChange?.(this.snapshot(modelId)));
    this.entries.set(modelId, created);
    entry = created;
    return entry;
  }
}

/**
 * cockatiel measures the cool-down with Date.now(). This backoff makes that comparison follow the
 * router's clock instead (identical when the clock is Date.now), so tests can move time forward
 * without sleeping, and so the router knows exactly when the probe is due.
 */
class ClockBackoffFactory implements IBackoffFactory<unknown> {
  constructor(
    private readonly cooldownMs: number,
    private readonly clock: () => number,
    private readonly onOpen: (openedAt: number) => void,
  ) {}

  next(): IBackoff<unknown> {
    const realOpenedAt = Date.now();
    const clockOpenedAt = this.clock();
    this.onOpen(clockOpenedAt);
    const { cooldownMs, clock } = this;
    const backoff: IBackoff<unknown> = {
      // cockatiel refuses while Date.now() - openedAt < duration; shift by the gap between clocks.
      get duration() {
        return cooldownMs + (Date.now() - realOpenedAt) - (clock() - clockOpenedAt);
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
