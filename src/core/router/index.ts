export { ModelRouter, cacheLimitsFrom } from './modelRouter';
export type { ModelRouterOptions, RouteOptions, ExplainOptions } from './modelRouter';
export { DEFAULT_TOKEN_ESTIMATOR, DEFAULT_OUTPUT_ALLOWANCE } from './routePlanner';
export type { TokenEstimator } from './routePlanner';
export { ModelRegistry } from './registry';
export type { RegisteredModel, TierView } from './registry';
export type {
  RouteEvent,
  RouteDecision,
  RouteResult,
  RouteOutcome,
  RouteErrorInfo,
  SkippedModel,
  SkipReason,
  BudgetQuestion,
  BudgetAnswer,
  BudgetSummary,
} from './routeEvents';
export type { HealthSnapshot, HealthState, BreakerKind } from './health';
export { TEST_REQUEST } from './testCall';
export type { TestCallResult } from './testCall';
export { seededRandom } from './rng';
export type { Random } from './rng';
export { ADAPTIVE_WEIGHTS } from './strategies';
