import { z } from 'zod';
import { experimentsSchema } from './experiments';

/**
 * The schemas of the router's settings, shaped like their `switchboard.*` namespaces so the settings
 * parser can merge them key by key: `switchboard.routing.*`, `switchboard.budget.*`,
 * `switchboard.experiments` (see experiments.ts), `switchboard.cache.*`, `switchboard.privacy.*`.
 * Every field has a default, so `{}` parses.
 */

export const ROUTING_STRATEGIES = ['ordered', 'adaptive', 'cheapest', 'fastest'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/** How the adaptive strategy trades measured success against cost (see adaptiveScore.ts). */
export const ROUTING_OBJECTIVES = ['quality', 'balanced', 'cost'] as const;
export type RoutingObjective = (typeof ROUTING_OBJECTIVES)[number];

export const BUDGET_POLICIES = ['block', 'step-down', 'ask'] as const;
export type BudgetPolicy = (typeof BUDGET_POLICIES)[number];

export const circuitSettingsSchema = z
  .object({
    /** Consecutive failures (errors that say the model is unwell, not that the request was bad) that open the circuit. */
    consecutiveFailures: z.number().int().min(1).max(100).default(5),
    /** How long an open circuit waits before one probe call is let through. */
    halfOpenAfterMs: z.number().int().min(1000).max(3_600_000).default(30_000),
  })
  .strict();

export const routingSettingsSchema = z
  .object({
    strategy: z.enum(ROUTING_STRATEGIES).default('ordered'),
    /** For the adaptive strategy: quality first, balanced, or cost first. */
    objective: z.enum(ROUTING_OBJECTIVES).default('balanced'),
    /** Below this, the classifier's answer is replaced by the deterministic classifier's. */
    confidenceThreshold: z.number().min(0).max(1).default(0.6),
    /** A 429 whose retry-after is at most this is retried once on the same model; longer moves on. */
    retryAfterLimitMs: z.number().int().min(0).max(60_000).default(2000),
    /** No token within this time moves to the next candidate. */
    firstTokenTimeoutMs: z.number().int().min(100).max(600_000).default(30_000),
    /** Share of adaptive decisions that try a lower-ranked model, so a recovered model is noticed again. */
    explorationRate: z.number().min(0).max(0.5).default(0.05),
    /** Adaptive scores halve the weight of a measurement after this long. */
    decayHalfLifeMinutes: z.number().min(1).max(100_000).default(60),
    circuit: circuitSettingsSchema.default({ consecutiveFailures: 5, halfOpenAfterMs: 30_000 }),
  })
  .strict();

export const budgetSettingsSchema = z
  .object({
    /** USD per day for this workspace; absent means no daily limit. */
    daily: z.number().positive().optional(),
    monthly: z.number().positive().optional(),
    policy: z.enum(BUDGET_POLICIES).default('block'),
    /** Under policy 'ask', the answer when nobody can be asked (a request from VS Code's model picker with no notification seen). */
    unattended: z.enum(['allow', 'step-down', 'block']).default('block'),
  })
  .strict();

export const cacheSettingsSchema = z
  .object({
    enabled: z.boolean().default(false),
    ttlMinutes: z.number().positive().max(525_600).default(60),
    maxEntries: z.number().int().min(1).max(100_000).default(500),
    maxBytes: z.number().int().min(1024).max(512 * 1024 * 1024).default(8 * 1024 * 1024),
  })
  .strict();

export const privacySettingsSchema = z
  .object({
    /** Only local models may receive anything. */
    localOnly: z.boolean().default(false),
  })
  .strict();

export const routerSettingsSchema = z
  .object({
    routing: routingSettingsSchema.default(() => routingSettingsSchema.parse({})),
    budget: budgetSettingsSchema.default(() => budgetSettingsSchema.parse({})),
    experiments: experimentsSchema.default([]),
    cache: cacheSettingsSchema.default(() => cacheSettingsSchema.parse({})),
    privacy: privacySettingsSchema.default(() => privacySettingsSchema.parse({})),
  })
  .strict();

export type CircuitSettings = z.infer<typeof circuitSettingsSchema>;
export type RoutingSettings = z.infer<typeof routingSettingsSchema>;
export type BudgetSettings = z.infer<typeof budgetSettingsSchema>;
export type CacheSettings = z.infer<typeof cacheSettingsSchema>;
export type PrivacySettings = z.infer<typeof privacySettingsSchema>;
export type RouterSettings = z.infer<typeof routerSettingsSchema>;

/** Every default, for callers (and tests) that start from nothing. */
export function defaultRouterSettings(): RouterSettings {
  return routerSettingsSchema.parse({});
}
