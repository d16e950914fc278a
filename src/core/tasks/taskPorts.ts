import type { ApplyPlan, ApplyRequest } from '../chat/applyText';
import type { QualitySignal } from '../metrics/qualitySignal';
import type { Logger } from '../log/logger';
import type { ModelConfig } from '../models/modelConfig';
import type { ModelRequest, ToolDefinition } from '../providers/contract';
import type { Capability } from '../router/capabilities';
import type { ExplainOptions } from '../router/modelRouter';
import type { RouteOptions } from '../router/routeOptions';
import type { BudgetAnswer, BudgetQuestion, RouteDecision, RouteEvent, RouteResult } from '../router/routeEvents';
import type { ResearchNote } from './research/indexWait';
import type { FileChange, Plan, PlanApproval, TaskFile, ValidationReport } from './taskTypes';

/*
 * What the task engine needs from the world, as interfaces: the VS Code layer (and tests) hand in
 * the real router, the workspace index, the TypeScript validator and the person's answers.
 */

/** The part of the ModelRouter the engine uses (ModelRouter fits it). */
export interface TaskRouter {
  route(capability: Capability, request: ModelRequest, options?: RouteOptions): AsyncIterable<RouteEvent>;
  complete(capability: Capability, request: ModelRequest, options?: RouteOptions): Promise<RouteResult>;
  /** Which models would answer now, in order, and why (no call made). */
  explain(capability: Capability, options?: Pick<ExplainOptions, 'workspace' | 'request' | 'conversationId' | 'taskId'>): RouteDecision;
}

/** The models in force: context windows (trimming), locality (privacy), prices (cost cap, cascade). */
export interface TaskCatalogue {
  model(modelId: string): ModelConfig | undefined;
  /** Whether any model in force has a context window configured: while none does, no prompt is trimmed to one. */
  anyContextWindow(): boolean;
  /**
   * USD for `request` on `modelId`: every prompt token and `request.maxOutputTokens` of output, else
   * the model's whole output allowance. As sent, the request's worst case (the cost cap); with
   * `maxOutputTokens` set to an answer's length, what that answer costs there (a cascade's saving).
   * Undefined when unpriced.
   */
  requestCostUsd(modelId: string, request: ModelRequest): number | undefined;
  /** Adaptive success rate (0..1) the router has measured for this model on this capability; undefined while unmeasured. */
  successRate(modelId: string, capability: Capability): number | undefined;
  isLocal(modelId: string): boolean;
  /** Privacy: under local-only, workspace content may go to local models only. */
  readonly localOnly: boolean;
}

/** Read-only access to the workspace's files as they are now (open editors' unsaved text included). */
export interface TaskWorkspace {
  /** Undefined when the file does not exist or may not be read (ignored, secret). */
  read(path: string): Promise<string | undefined>;
  /**
   * Why writing `path` (workspace-relative, checked by its spelling) would land outside the workspace
   * through a symbolic link (followLinks in workspaceLinks.ts), or undefined when it stays inside.
   * Absent where there is no disk to look at.
   */
  linkEscape?(path: string): Promise<string | undefined>;
}

/** One read-only tool the research phase offers a tool-calling model. */
export interface ResearchTool {
  readonly definition: ToolDefinition;
  /** Returns the tool's text result; throws with a message a model can read when the arguments are wrong. */
  run(args: unknown, signal?: AbortSignal): Promise<string>;
}

export interface ResearchQuery {
  readonly instruction: string;
  readonly files: readonly TaskFile[];
  /** Files the plan says it touches. */
  readonly planFiles: readonly string[];
}

/** What research tools may tell the person while the task runs. */
export interface ResearchToolContext {
  /** A line on the task's card: e.g. that a dialog waits for the person's answer before a tool runs. */
  note(text: string): void;
}

/** Deterministic context from the workspace index, plus the read-only tools. */
export interface ResearchSource {
  /**
   * The ranked map, definitions of the symbols the task names and the files it mentions, within
   * `maxTokens`; `onNote` hears what the person should know about it as it happens (a wait for the
   * index being built, or why research went on without it).
   */
  gather(query: ResearchQuery, maxTokens: number, signal?: AbortSignal, onNote?: (note: ResearchNote) => void): Promise<{ readonly context: string; readonly sources: readonly string[] }>;
  /** Read file, find symbol, search text, repo map: never an ignored file or a secret. Other extensions' tools too, when allowed. */
  tools(context?: ResearchToolContext): readonly ResearchTool[];
}

/** Type-checks a change set without writing it. Stays warm between tasks. */
export interface ChangeValidator {
  validate(changes: readonly FileChange[], signal?: AbortSignal): Promise<ValidationReport>;
  /**
   * A hint that a change to these workspace paths will be checked: load what their check needs
   * (the compiler, the project, those files and their importers) meanwhile. Returns at once; a check
   * that comes before it is done waits for it, never for more. Stopped with `signal` (the task's Stop):
   * a preparation not begun is dropped, one under way ends at its next step.
   */
  prepare?(paths: readonly string[], signal?: AbortSignal): void;
}

/** Merges a code block into a file's text by declaration (applyMerge.ts), where parsing holds no one. */
export interface CodeMerger {
  merge(request: ApplyRequest): Promise<ApplyPlan>;
}

export interface TaskPorts {
  readonly router: TaskRouter;
  readonly catalogue: TaskCatalogue;
  readonly workspace: TaskWorkspace;
  /** Lays each draft into its files; without it the merge runs in this thread (the parser loaded on the first). */
  readonly merger?: CodeMerger;
  readonly research?: ResearchSource;
  readonly validator?: ChangeValidator;
  readonly log: Logger;
  readonly now: () => number;
  readonly newId: () => string;
  /** Budgets and spend are per workspace. */
  readonly workspaceId?: string;
  /** Asked when the profile says to stop for the plan; without it the plan is accepted as is. */
  readonly approvePlan?: (plan: Plan, signal: AbortSignal) => Promise<PlanApproval>;
  readonly askBudget?: (question: BudgetQuestion) => Promise<BudgetAnswer>;
  /** Stores a quality signal (a draft's checks passed or failed) with the metrics; without it none is kept. */
  readonly recordSignal?: (signal: QualitySignal) => void;
}
