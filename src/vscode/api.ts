import type * as vscode from 'vscode';
import type { Classification, ClassificationInput } from '../core/classify/types';
import type { SettingsDiagnostic } from '../core/config/diagnostics';
import type { ModelConfig } from '../core/models/modelConfig';
import type { Tiers, Capability } from '../core/router/capabilities';
import type { AttemptRecord } from '../core/metrics/attemptRecord';
import type { MetricsQuery, MetricsRow } from '../core/metrics/metricsQuery';
import type { SpendSummary } from '../core/metrics/spendTable';
import type { ModelRequest } from '../core/providers/contract';
import type { OverviewNode } from '../core/views/overviewNode';
import type { HealthSnapshot } from '../core/router/health';
import type { RouteDecision, RouteResult } from '../core/router/routeEvents';
import type { CompleteResult, EngineEvent, EngineRouteOptions, RouteCapability } from './engine/engine';
import type { ApiTaskInput } from '../core/tasks/apiTaskInput';
import type { PhaseResult, TaskEvent, TaskProfile, TaskResult } from '../core/tasks/taskTypes';

export type { ApiTaskInput, PhaseResult, TaskEvent, TaskProfile, TaskResult };
export type { OverviewNode, CompleteResult, EngineEvent, EngineRouteOptions, RouteCapability, Classification, ClassificationInput, RouteDecision, RouteResult, HealthSnapshot, AttemptRecord, MetricsQuery, MetricsRow };

/**
 * What another extension gets from
 * `vscode.extensions.getExtension('switchboard-dev.switchboard').exports` (or `activate()`).
 * Nothing here ever carries an API key.
 */
export interface SwitchboardApi {
  readonly apiVersion: 1;
  /**
   * Resolves once the models in force at start-up are built: activation does not wait for the keys
   * (SecretStorage) or discovery, so getSetup() right after activate() may not list them yet.
   * route(), complete() and classify() wait by themselves.
   */
  ready(): Promise<void>;
  /** The models and tiers in force (configured, or discovered when none are), and whether each provider has a key. */
  getSetup(): SetupSnapshot;
  onDidChangeSetup(listener: () => void): vscode.Disposable;
  /**
   * Streams an answer through the capability's tier: a `classified` event first for 'auto', then the
   * router's events (`decision`, `attempt-start`, `text-delta`, `attempt-end`, `fallback`, `retry`, …)
   * and exactly one `done` with the result. Failures come back in `done`, never as exceptions.
   */
  route(capability: RouteCapability, request: ModelRequest, options?: EngineRouteOptions): AsyncIterable<EngineEvent>;
  /**
   * Like route(), but only the final result, the classification for 'auto', and `task`: the answer
   * as the task of one phase (`answer`) it ran as, with the same per-phase and per-task figures as runTask().
   */
  complete(capability: RouteCapability, request: ModelRequest, options?: EngineRouteOptions): Promise<CompleteResult>;
  /** Which capability a free-form request needs, and how that was decided. */
  classify(input: ClassificationInput): Promise<Classification>;
  /** Which model would answer now and why, without calling anything. */
  explain(capability: Capability): RouteDecision;
  /**
   * Runs a multi-model task (plan, research, generate, review, refine, validate, as its profile says),
   * each phase on its own tier. Reports every event to `onEvent` and resolves with the result: its
   * phases, figures and the change set to preview. Model failures are in the result, never thrown;
   * an input that is wrong (no instruction, an unknown profile) rejects with a message saying what.
   * Nothing is written to the workspace.
   */
  runTask(input: ApiTaskInput, options?: { readonly onEvent?: (event: TaskEvent) => void; readonly signal?: AbortSignal }): Promise<TaskResult>;
  /** The task profiles in force: the built-ins, then the person's own (switchboard.tasks). */
  taskProfiles(): readonly TaskProfile[];
  /** Circuit state per model. */
  health(): HealthSnapshot[];
  readonly metrics: MetricsApi;
  /** Every attempt this window makes (cached answers and Test Model included), once the metrics hold it. */
  onDidRecordAttempt(listener: (attempt: AttemptRecord) => void): vscode.Disposable;
  /**
   * What the Models view and the status bar show right now, as data (labels, descriptions and
   * figures; never a key), for extensions that present Switchboard's status elsewhere.
   */
  views(): { readonly models: readonly OverviewNode[]; readonly statusBar: string };
}

export interface MetricsApi {
  query(query?: MetricsQuery): MetricsRow[];
  /** Spend of this workspace since a time (epoch ms). */
  spendSince(since: number): SpendSummary;
  exportJson(query?: MetricsQuery): string;
  exportCsv(query?: MetricsQuery): string;
}

export interface SetupSnapshot {
  readonly models: readonly ModelConfig[];
  readonly tiers: Tiers;
  /** Whether the models come from settings or were discovered (Ollama, vscode.lm) because none are configured. */
  readonly source: 'settings' | 'discovery';
  readonly diagnostics: readonly SettingsDiagnostic[];
  readonly keys: readonly { readonly slot: string; readonly label: string; readonly status: 'stored' | 'env' | 'missing' }[];
  readonly restricted: boolean;
  readonly ignoredInRestrictedMode: readonly string[];
}
