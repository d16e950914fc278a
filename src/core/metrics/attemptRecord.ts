import type { Capability, ModelErrorKind, ProviderKind, Usage } from '../providers/contract';

/** How one attempt (one model call made by the router) ended. */
export type AttemptOutcome =
  | 'success'
  /** Tokens streamed, then the call failed: partial text was kept and marked. */
  | 'partial'
  | 'error'
  | 'cancelled';

/**
 * One recorded model call. The router produces these; the metrics store persists and aggregates
 * them; the UI reads only the store's queries. Cost is in US dollars; `undefined` means unknown
 * (never 0 when unknown).
 */
export interface AttemptRecord {
  /** Epoch milliseconds when the attempt started. */
  readonly time: number;
  readonly requestId: string;
  readonly conversationId?: string;
  readonly capability: Capability;
  /** The configured model id (settings `switchboard.models[].id`). */
  readonly modelId: string;
  readonly provider: ProviderKind;
  /** The provider's model name. */
  readonly providerModel: string;
  readonly experiment?: string;
  readonly variant?: string;
  readonly outcome: AttemptOutcome;
  readonly errorKind?: ModelErrorKind;
  readonly latencyMs: number;
  /** Undefined when no token arrived. */
  readonly ttftMs?: number;
  readonly usage?: Usage;
  readonly tokensPerSecond?: number;
  readonly costUsd?: number;
  readonly cached?: boolean;
  /** Workspace the call was made for (budgets are per workspace). */
  readonly workspace?: string;
}
