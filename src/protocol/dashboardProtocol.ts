import { z } from 'zod';

/**
 * The typed protocol between the extension host and the metrics dashboard webview.
 *
 * - Webview → host messages are zod schemas: the host parses every message with
 *   {@link parseDashboardMessage} (the webview is untrusted input) and logs and ignores what fails.
 * - Host → webview messages are plain TS types: the host is trusted and the webview bundle stays
 *   free of zod (the webview imports this file with `import type` only).
 *
 * Figures that can be unknown travel as `null` (JSON and structured clone keep it; `undefined`
 * would vanish in an export). An unknown cost is never sent as 0: each cost carries the known sum
 * and how many calls had no price.
 */

/** Bumped on any incompatible change; the webview sends it in `ready`, the host compares. */
export const DASHBOARD_PROTOCOL_VERSION = 1;
export type DashboardProtocolVersion = typeof DASHBOARD_PROTOCOL_VERSION;

export const DASHBOARD_RANGES = ['24h', '7d', '30d'] as const;
export type DashboardRange = (typeof DASHBOARD_RANGES)[number];

/**
 * Which calls the dashboard shows: all, or those of one origin (where a request came from; the
 * core's attempt origins, spelled again here: src/presentation/dashboard/originChecks.ts keeps the two equal).
 */
export const ATTEMPT_ORIGINS = ['chat', 'command', 'participant', 'api', 'model-picker', 'tool', 'task'] as const;
export type AttemptOrigin = (typeof ATTEMPT_ORIGINS)[number];
export const DASHBOARD_ORIGINS = ['all', ...ATTEMPT_ORIGINS] as const;
export type DashboardOrigin = (typeof DASHBOARD_ORIGINS)[number];

export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

// ---------------------------------------------------------------------------------------------
// Webview → host (validated by the host)
// ---------------------------------------------------------------------------------------------

/**
 * The webview's distance from UTC in minutes (east positive, the negation of
 * `Date.getTimezoneOffset()`). The webview sends it because it runs on the person's machine while
 * the extension host may run remotely in another time zone; days are the person's days.
 */
const utcOffsetSchema = z.number().int().min(-14 * 60).max(14 * 60);
const rangeSchema = z.enum(DASHBOARD_RANGES);
/** Optional: a page that does not send it shows every origin. */
const originSchema = z.enum(DASHBOARD_ORIGINS).optional();

export const dashboardToHostSchema = z.discriminatedUnion('type', [
  /** First message once the page has loaded; the host answers with `data` (never before `ready`). */
  z
    .object({
      type: z.literal('ready'),
      protocolVersion: z.number().int().min(1),
      range: rangeSchema,
      utcOffsetMinutes: utcOffsetSchema,
      origin: originSchema,
    })
    .strict(),
  /** The range or origin picker changed: the host answers with `data` for that range and origin. */
  z.object({ type: z.literal('setRange'), range: rangeSchema, utcOffsetMinutes: utcOffsetSchema, origin: originSchema }).strict(),
  /** Rebuild now (the host also pushes `data` by itself when calls complete). */
  z.object({ type: z.literal('refresh') }).strict(),
  /** Save the figures behind the shown range as a file (the host shows a save dialog). */
  z
    .object({
      type: z.literal('export'),
      format: z.enum(EXPORT_FORMATS),
      range: rangeSchema,
      utcOffsetMinutes: utcOffsetSchema,
      origin: originSchema,
    })
    .strict(),
]);

export type DashboardToHost = z.infer<typeof dashboardToHostSchema>;
export type DashboardToHostType = DashboardToHost['type'];

/** Parses one message from the webview; `reason` names what is wrong and where. */
export function parseDashboardMessage(raw: unknown): { ok: true; message: DashboardToHost } | { ok: false; reason: string } {
  const parsed = dashboardToHostSchema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'message';
  return { ok: false, reason: `Dashboard message rejected: ${where}: ${issue?.message ?? 'invalid'}` };
}

// ---------------------------------------------------------------------------------------------
// Host → webview (trusted; plain types)
// ---------------------------------------------------------------------------------------------

/** A cost over some calls. The total is known only when `unknownCount` is 0; else `knownUsd` is a lower bound. */
export interface CostFigure {
  /** Sum of the costs that are known (USD). */
  readonly knownUsd: number;
  /** Calls whose cost is unknown (no price for the model): never counted as $0. */
  readonly unknownCount: number;
}

/** One slot of the time axis: an hour (24 h range) or a day in the person's time zone. */
export interface TimeSlot {
  /** Epoch ms of the slot's start. */
  readonly start: number;
  /** `YYYY-MM-DD` (local day) for days; the ISO instant for hours. */
  readonly key: string;
}

export interface DashboardModel {
  readonly modelId: string;
  readonly provider: string;
  readonly providerModel: string;
  readonly count: number;
  /** Whole answers in the range that had to be structured output (asked with a schema); 0 when none. */
  readonly structured: number;
  /** Of those, the ones the schema refused. */
  readonly schemaFailed: number;
  /** (structured − schemaFailed) / structured; null when the model gave no structured answer. */
  readonly structuredSuccessRate: number | null;
}

/** One model on one capability: how often its calls succeeded and how often its answers were kept. */
export interface QualityRow {
  readonly modelId: string;
  readonly capability: string;
  readonly success: number;
  /** Calls that ended other than by cancellation: the success rate's denominator. */
  readonly decided: number;
  readonly successRate: number | null;
  /** Quality signals of the range: answers kept (accepted, passed, rated up) and not. */
  readonly accepted: number;
  readonly rejected: number;
  /** accepted / (accepted + rejected); null when no signal was recorded. */
  readonly acceptanceRate: number | null;
}

export interface DashboardTotals {
  readonly count: number;
  readonly success: number;
  /** Calls that ended other than by cancellation: the success rate's denominator. */
  readonly decided: number;
  readonly successRate: number | null;
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cost: CostFigure;
  /** Calls the response cache answered (no model asked, no cost). */
  readonly cached: number;
}

/** Per model, one figure per slot of {@link DashboardData.slots}. */
export interface CostSeries {
  readonly modelId: string;
  readonly knownUsd: readonly number[];
  readonly unknownCount: readonly number[];
}

export interface SuccessSeries {
  readonly modelId: string;
  /** success / decided, null where the slot had no decided call. */
  readonly rate: readonly (number | null)[];
  readonly success: readonly number[];
  readonly decided: readonly number[];
}

export interface LatencySummary {
  readonly modelId: string;
  readonly count: number;
  /** Percentiles are within ±2% of the true order statistic (the store's log histogram). */
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly meanMs: number | null;
  readonly ttftP50Ms: number | null;
  readonly ttftP95Ms: number | null;
}

export interface CapabilityShare {
  /** Capabilities that had traffic in the range, in the router's order. */
  readonly capabilities: readonly string[];
  /** Calls per capability (parallel to `capabilities`). */
  readonly totals: readonly number[];
  readonly perModel: readonly {
    readonly modelId: string;
    readonly counts: readonly number[];
    /** count / the capability's total, 0..1 (parallel to `capabilities`). */
    readonly share: readonly number[];
  }[];
}

export interface VariantSummary {
  /** null: calls of the experiment recorded without a variant. */
  readonly variant: string | null;
  readonly count: number;
  /** Of `count`, the answers the response cache gave (no model asked). */
  readonly cached: number;
  /**
   * Successes and calls decided (not cancelled) of the variant's models: the cache's answers are
   * left out, as they are of latency and cost per call (each would count as a success no model had).
   */
  readonly success: number;
  readonly decided: number;
  readonly successRate: number | null;
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
  readonly cost: CostFigure;
  /** Mean cost per call a model answered; null when any call's cost is unknown (or there were no calls). */
  readonly costPerCallUsd: number | null;
  /**
   * Mean cost of the calls whose cost is known (`cost.knownUsd / (count − cost.unknownCount)`), so
   * that variants can be compared when some calls had no price; null when none had one.
   */
  readonly costPerPricedCallUsd: number | null;
  /** Models that answered for the variant, most calls first. */
  readonly models: readonly string[];
}

export interface ExperimentSummary {
  readonly experiment: string;
  readonly variants: readonly VariantSummary[];
}

/** One multi-model task of the range (the most recent ones), from the calls that carry its id. */
export interface TaskSummary {
  readonly taskId: string;
  /** Epoch ms of its first call. */
  readonly startedAt: number;
  /** Wall time, first call's start to last call's end. */
  readonly totalMs: number;
  /** In the order they ran. */
  readonly phases: readonly string[];
  readonly models: readonly string[];
  readonly calls: number;
  readonly failedCalls: number;
  readonly cost: CostFigure;
}

/** One phase across the range's tasks. */
export interface PhaseSummary {
  readonly phase: string;
  readonly tasks: number;
  readonly calls: number;
  /** Sum of the phase's wall time over those tasks, and its mean per task. */
  readonly totalMs: number;
  readonly meanMs: number;
  readonly cost: CostFigure;
}

export interface DashboardData {
  readonly version: 1;
  readonly range: DashboardRange;
  /** The origin whose calls these figures count ('all': every call). */
  readonly origin: DashboardOrigin;
  readonly granularity: 'hour' | 'day';
  /** Epoch ms, inclusive / exclusive: the slots' span. */
  readonly from: number;
  readonly to: number;
  readonly utcOffsetMinutes: number;
  /** Epoch ms when the host built this. */
  readonly generatedAt: number;
  readonly slots: readonly TimeSlot[];
  /** Models with calls in the range, most calls first. Series below follow this order. */
  readonly models: readonly DashboardModel[];
  readonly totals: DashboardTotals;
  readonly costOverTime: readonly CostSeries[];
  readonly successOverTime: readonly SuccessSeries[];
  readonly latency: readonly LatencySummary[];
  readonly capabilityShare: CapabilityShare;
  /** Empty when no experiment ran in the range. */
  readonly experiments: readonly ExperimentSummary[];
  /** The most recent multi-model tasks of the range, newest first; empty when none ran. */
  readonly tasks: readonly TaskSummary[];
  /** Cost and time per phase over the range's tasks, in the order phases run. */
  readonly phases: readonly PhaseSummary[];
  /** Per model and capability with calls or signals in the range: success beside acceptance. */
  readonly quality: readonly QualityRow[];
}

export type ExportOutcome = 'saved' | 'cancelled' | 'failed';

export type DashboardToWebview =
  | { readonly type: 'data'; readonly data: DashboardData }
  /** The host could not build the figures (store unreadable...): shown in a banner; old charts stay. */
  | { readonly type: 'error'; readonly message: string }
  /** Result of an `export` request; `detail` is the saved file's name or the failure's reason. */
  | { readonly type: 'exported'; readonly format: ExportFormat; readonly outcome: ExportOutcome; readonly detail?: string };
