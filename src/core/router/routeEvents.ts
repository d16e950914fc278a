import type { AttemptRecord } from '../metrics/attemptRecord';
import type { FinishReason, ModelErrorKind, ToolCall, Usage } from '../providers/contract';
import type { Capability } from './capabilities';
import type { BudgetPeriod, BudgetStatus } from '../budget/budgetGuard';
import type { HealthSnapshot } from './health';
import type { RoutingStrategy } from '../config/settings/router';

/** `tools`: the request carries tools and the model's server refused tools before. */
export type SkipReason = 'privacy' | 'circuit-open' | 'probe-in-flight' | 'budget' | 'context' | 'unknown-model' | 'excluded' | 'tools';

export interface SkippedModel {
  readonly modelId: string;
  readonly reason: SkipReason;
  /** Words for a person, e.g. "circuit open since 10:42". */
  readonly detail: string;
}

export interface BudgetSummary {
  readonly period: BudgetPeriod;
  /** (spent + in flight) / limit, e.g. 0.62. */
  readonly fraction: number;
  readonly spentUsd: number;
  readonly limitUsd: number;
}

/** Which model answers and why. Produced by route() (before any attempt) and by explain(). */
export interface RouteDecision {
  readonly requestId: string;
  readonly capability: Capability;
  readonly strategy: RoutingStrategy;
  /** The candidates that may be called, in the order they will be tried. */
  readonly order: readonly string[];
  /** The model tried first; undefined when none may be called. */
  readonly chosen?: string;
  /** How the chosen model relates to the tier: "primary", "fallback #2", "cheapest allowed", ... */
  readonly role?: string;
  readonly skipped: readonly SkippedModel[];
  readonly experiment?: { readonly id: string; readonly variant: string };
  readonly budget?: BudgetSummary;
  readonly steppedDown: boolean;
  /** Set when the answer comes from the response cache. */
  readonly cached: boolean;
  /** Set when the budget stops the request (policy block, or ask answered with block). */
  readonly blocked: boolean;
  readonly explanation: string;
}

export type BudgetAnswer = 'allow' | 'step-down' | 'block';

export interface BudgetQuestion {
  readonly requestId: string;
  readonly capability: Capability;
  /** The model the request would go to without the budget. */
  readonly modelId: string;
  readonly estimatedCostUsd: number | undefined;
  readonly budget: BudgetStatus;
  /** The cheapest model that fits the budget, offered for 'step-down' (undefined when none does). */
  readonly stepDownTo?: string;
  readonly message: string;
}

export interface RouteErrorInfo {
  /** `schema-failed`: the answer came, but `validate` (structured output) refused it. */
  readonly kind: ModelErrorKind | 'budget' | 'no-candidate' | 'schema-failed';
  readonly message: string;
}

export type RouteOutcome = 'success' | 'partial' | 'error' | 'cancelled' | 'blocked';

export interface RouteResult {
  readonly requestId: string;
  readonly outcome: RouteOutcome;
  /** Everything that streamed to the caller (partial text is kept). */
  readonly text: string;
  /** The model whose text this is. */
  readonly modelId?: string;
  readonly finishReason?: FinishReason;
  /** The tools the answering model called, in order (the caller runs them and asks again). */
  readonly toolCalls?: readonly ToolCall[];
  readonly usage?: Usage;
  /** Sum over every attempt; undefined when any attempt's cost is unknown. */
  readonly costUsd?: number;
  /** Tokens had streamed before a failure: the text is incomplete. */
  readonly partial: boolean;
  readonly cached: boolean;
  /** After a partial answer: the model to continue on, if one is available (pass as `preferModel`). */
  readonly continueWith?: string;
  readonly error?: RouteErrorInfo;
  readonly attempts: readonly AttemptRecord[];
  readonly explanation: string;
}

export type RouteEvent =
  | { readonly type: 'decision'; readonly decision: RouteDecision }
  | { readonly type: 'budget-ask'; readonly question: BudgetQuestion }
  | { readonly type: 'attempt-start'; readonly modelId: string; readonly attempt: number; readonly probe: boolean; readonly retry: boolean }
  | { readonly type: 'text-delta'; readonly modelId: string; readonly text: string }
  /** The model thinking aloud before (or between) its answer: progress, never answer text. */
  | { readonly type: 'reasoning-delta'; readonly modelId: string; readonly text: string }
  | { readonly type: 'tool-call'; readonly modelId: string; readonly call: ToolCall }
  | { readonly type: 'attempt-end'; readonly record: AttemptRecord; readonly error?: RouteErrorInfo }
  | { readonly type: 'retry'; readonly modelId: string; readonly delayMs: number; readonly reason: string }
  | { readonly type: 'fallback'; readonly from: string; readonly to?: string; readonly reason: string; readonly errorKind?: ModelErrorKind | 'budget' }
  | { readonly type: 'done'; readonly result: RouteResult };

export type { HealthSnapshot };
