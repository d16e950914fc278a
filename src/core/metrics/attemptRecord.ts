import type { ModelErrorKind, ProviderKind, Usage } from '../providers/contract';
import { CAPABILITIES, type Capability, type Complexity } from '../router/capabilities';

/**
 * What a recorded call was made for: a routed capability, or `test` for a "Test Model" call (one
 * tiny request sent straight to a model from the Models view). Test calls cost money, so they count
 * in spend (budgets, the status bar, totals, exports), but they belong to no capability: they are
 * their own group and never feed a capability's figures or the adaptive router's scores.
 */
export const RECORDED_CAPABILITIES = [...CAPABILITIES, 'test'] as const;
export type RecordedCapability = (typeof RECORDED_CAPABILITIES)[number];

/** Whether a record is a routed call of a capability (not a Test Model call). */
export function isRoutedRecord<T extends { readonly capability: RecordedCapability }>(record: T): record is T & { readonly capability: Capability } {
  return record.capability !== 'test';
}

/**
 * Where a request came from: Switchboard's chat, an editor command, the `@switchboard` participant,
 * another extension through the API, VS Code's model picker (Switchboard as a language-model
 * provider), a language-model tool an agent called, or a phase of a multi-model task.
 */
export const ATTEMPT_ORIGINS = ['chat', 'command', 'participant', 'api', 'model-picker', 'tool', 'task'] as const;
export type AttemptOrigin = (typeof ATTEMPT_ORIGINS)[number];

/** How one attempt (one model call made by the router) ended. */
export type AttemptOutcome =
  | 'success'
  /** Tokens streamed, then the call failed: partial text was kept and marked. */
  | 'partial'
  | 'error'
  | 'cancelled'
  /** The answer came whole, but the structured output it had to be did not validate against its schema. */
  | 'schema-failed';

/**
 * One recorded model call (version 2: `schema-failed`, `structured`, `origin`, `taskId`, `phase`;
 * each token figure says where it came from). Every feature records through this one shape: none
 * extends it on its own. Version-1 lines parse as they are (every new field is optional), and a
 * window still running version 1 skips only the lines it cannot read, such as `schema-failed`
 * outcomes (counted as corrupt, never fatal). The router produces these; the metrics store persists and aggregates
 * them; the UI reads only the store's queries. Cost is in US dollars; `undefined` means unknown
 * (never 0 when unknown).
 */
export interface AttemptRecord {
  /** Epoch milliseconds when the attempt started. */
  readonly time: number;
  readonly requestId: string;
  readonly conversationId?: string;
  readonly capability: RecordedCapability;
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
  /** The answer had to be structured output (asked with a schema and checked against it). */
  readonly structured?: boolean;
  readonly origin?: AttemptOrigin;
  /** The multi-model task this call was a phase of, and which phase. */
  readonly taskId?: string;
  readonly phase?: string;
  /** The request's complexity, where the classifier gave one: the adaptive scores are kept per complexity too. */
  readonly complexity?: Complexity;
  /** Workspace the call was made for (budgets are per workspace). */
  readonly workspace?: string;
}
