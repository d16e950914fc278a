import type { Classification } from '../classify/types';
import type { Capability } from '../router/capabilities';
import type { RouteEvent } from '../router/routeEvents';

/*
 * The shapes of a multi-model task: its phases, profiles, events and results. A task is an ordered
 * set of phases, each routed through the ModelRouter on its own capability tier; a single chat
 * answer is a task of one phase. Everything here is plain data (exported through the API, stored
 * with the chat's cards), so it never holds a function, a key or a class instance.
 */

export const PHASES = ['plan', 'research', 'generate', 'review', 'refine', 'validate'] as const;
export type PhaseName = (typeof PHASES)[number];

/**
 * The one phase of a plain answer (the chat, the participant, the API): classify when asked, gather
 * repo context, route. Not a phase a profile in settings can name.
 */
export const ANSWER_PHASE = 'answer';

/** Why a task ended when it was stopped (Stop, a deleted conversation, the caller's signal) with no more to say. */
export const STOPPED_REASON = 'Stopped.';
/** Any phase a task's result or events name. */
export type TaskPhase = PhaseName | typeof ANSWER_PHASE;

/** The tier each phase routes through unless the profile names another; validate calls no model. */
export const DEFAULT_PHASE_TIERS: Readonly<Record<PhaseName, Capability | undefined>> = {
  plan: 'plan',
  research: 'understand',
  generate: 'generate',
  review: 'review',
  refine: 'generate',
  validate: undefined,
};

/** Plan and generate stop the task when they fail (after their fallbacks); the others do not. */
export const DEFAULT_CRITICAL: Readonly<Record<PhaseName, boolean>> = {
  plan: true,
  research: false,
  generate: true,
  review: false,
  refine: false,
  validate: false,
};

export const GENERATE_PATTERNS = ['single', 'cascade', 'critique'] as const;
export type GeneratePattern = (typeof GENERATE_PATTERNS)[number];

export interface PhaseSettings {
  readonly enabled: boolean;
  readonly critical: boolean;
  /** Route through this capability's tier instead of the phase's default. */
  readonly tier?: Capability;
  /** Added to the phase's prompt. */
  readonly instructions?: string;
  /** The phase is cancelled (and counts as failed) after this long. */
  readonly timeoutMs?: number;
}

export interface TaskProfile {
  /** `implement`, `fix`, `tests`, `document`, `plan`, or the user's own id. */
  readonly id: string;
  readonly label: string;
  readonly description?: string;
  readonly builtIn: boolean;
  /** The phases this profile runs, in order (a phase may appear only once; refine repeats by rounds). */
  readonly phases: readonly PhaseName[];
  readonly phaseSettings: Readonly<Partial<Record<PhaseName, PhaseSettings>>>;
  readonly pattern: GeneratePattern;
  /** Checked before each phase, and before each model the router tries for it, against a worst-case estimate of its cost. */
  readonly maxCostUsd?: number;
  /** Review/validate → refine rounds at most (default 2). */
  readonly maxRefineRounds: number;
  /** Phases with no dependency on each other run in parallel, at most this many at once. */
  readonly maxParallel: number;
  /** Stop after the plan until the person accepts (or edits) it. */
  readonly approvePlan: boolean;
}

/** A file (or part of one) the person gave the task. Paths are workspace-relative with `/`. */
export interface TaskFile {
  readonly path: string;
  readonly languageId?: string;
  readonly text: string;
  /** 1-based, inclusive, when the text is a selection. */
  readonly startLine?: number;
  readonly endLine?: number;
}

/** A problem (diagnostic) the person asked to fix. */
export interface TaskProblem {
  readonly path: string;
  readonly line: number;
  readonly message: string;
  readonly code?: string;
  readonly severity: 'error' | 'warning' | 'info';
}

export interface TaskInput {
  readonly instruction: string;
  readonly profile: TaskProfile;
  readonly files: readonly TaskFile[];
  readonly problems?: readonly TaskProblem[];
  /** The model the person picked in the composer: applies to generate and refine. */
  readonly preferModel?: string;
  readonly conversationId?: string;
  /**
   * A change set to revise: the task starts from it as the draft instead of generating one (a
   * feedback round on a finished task's change set, or a refine round with failing tests).
   */
  readonly draft?: ChangeSet;
  /** The person's words on `draft` (or the test failures): the first refine round answers them. */
  readonly feedback?: string;
  /**
   * The check `draft` already had (the finished task's): the first refine round is told its errors,
   * and the draft is not checked again before that round. Checked again, a feedback round's card
   * showed a Validate that found the old errors below Refine 1, and the round waited on a type-check
   * whose answer it had.
   */
  readonly draftValidation?: ValidationReport;
  /**
   * A plan the person chose to carry out (a finished Plan task's: "Implement This Plan"): the plan
   * phase takes it as it is, asks no model, and does not show it for approval again.
   */
  readonly plan?: Plan;
}

// ---- structured outputs ---------------------------------------------------------------------

export interface PlanStep {
  readonly title: string;
  readonly detail?: string;
  /** Workspace-relative paths the step touches. */
  readonly files: readonly string[];
}

export interface Plan {
  readonly summary: string;
  readonly steps: readonly PlanStep[];
}

export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Finding {
  readonly file: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly severity: FindingSeverity;
  readonly message: string;
  readonly suggestedFix?: string;
}

/** The judge's verdict on a draft (cascade). */
export interface Verdict {
  readonly accept: boolean;
  readonly reason: string;
}

/** One change to the workspace, as the task proposes it; nothing is written before the person accepts. */
export type FileChange =
  | { readonly kind: 'edit'; readonly path: string; readonly before: string; readonly after: string }
  | { readonly kind: 'create'; readonly path: string; readonly after: string }
  | { readonly kind: 'delete'; readonly path: string; readonly before: string }
  | { readonly kind: 'rename'; readonly path: string; readonly newPath: string; readonly before: string; readonly after: string };

export interface ChangeSet {
  readonly summary: string;
  readonly changes: readonly FileChange[];
}

export interface ValidationDiagnostic {
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  readonly column: number;
  /** e.g. "TS2322". */
  readonly code: string;
  readonly message: string;
}

export interface ValidationReport {
  /** `not-validated`: no file of the change set could be checked (e.g. Python). */
  readonly status: 'passed' | 'failed' | 'not-validated';
  /** Only diagnostics the change introduces, in changed files and in files it did not touch. */
  readonly diagnostics: readonly ValidationDiagnostic[];
  /** How each changed file was checked. */
  readonly files: readonly { readonly path: string; readonly check: 'types' | 'syntax' | 'none' }[];
  readonly timeMs: number;
}

export type PhaseOutput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'plan'; readonly plan: Plan }
  | { readonly kind: 'research'; readonly context: string; readonly sources: readonly string[]; readonly toolCalls: number }
  | { readonly kind: 'change-set'; readonly changeSet: ChangeSet }
  | { readonly kind: 'findings'; readonly findings: readonly Finding[] }
  | { readonly kind: 'verdict'; readonly verdict: Verdict }
  | { readonly kind: 'validation'; readonly report: ValidationReport };

// ---- results --------------------------------------------------------------------------------

export type PhaseStatus = 'succeeded' | 'failed' | 'skipped' | 'cancelled';

export interface PhaseFallback {
  readonly from: string;
  readonly to?: string;
  readonly reason: string;
}

export interface PhaseResult {
  /** Unique within the task: e.g. `plan`, `generate`, `review#1`, `refine#2`, `critique:gpt-4o`. */
  readonly key: string;
  readonly phase: TaskPhase;
  /** Refine round (1-based) or cascade step, when the phase repeats. */
  readonly round?: number;
  readonly status: PhaseStatus;
  readonly capability?: Capability;
  /** The router's request whose answer the phase kept: its attempts carry it, and so do quality signals. */
  readonly requestId?: string;
  readonly modelId?: string;
  readonly provider?: string;
  readonly fallbacks: readonly PhaseFallback[];
  readonly output?: PhaseOutput;
  readonly startedAt: number;
  readonly timeMs: number;
  readonly ttftMs?: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Undefined when some call's price is unknown. */
  readonly costUsd?: number;
  /** Why it failed, or why it was skipped ("review skipped: every review model failed"). */
  readonly error?: string;
  /** What the model the person picked in the composer did here, when it applies. */
  readonly note?: string;
}

export type TaskStatus = 'succeeded' | 'failed' | 'cancelled' | 'awaiting-approval';

export interface CascadeSummary {
  /** The models tried, in order, and which one's draft was kept. */
  readonly tried: readonly string[];
  readonly stoppedAt: string;
  /**
   * What the kept draft would have cost from the top model (the same prompt, an answer as long, at
   * its prices) minus what the cascade spent, the judge included; negative when escalating cost more.
   */
  readonly savedUsd?: number;
}

export interface TaskResult {
  readonly taskId: string;
  readonly profileId: string;
  readonly pattern: GeneratePattern;
  readonly status: TaskStatus;
  readonly phases: readonly PhaseResult[];
  readonly phasesRun: number;
  readonly phasesSucceeded: number;
  /** The change set to preview (after validation), the plan, or the text answer. */
  readonly final?: PhaseOutput;
  readonly validation?: ValidationReport;
  readonly totalMs: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly costUsd?: number;
  readonly modelsUsed: readonly string[];
  readonly cascade?: CascadeSummary;
  /** Why the task stopped early (a critical phase failed, the cost cap, Stop). */
  readonly stoppedReason?: string;
  /**
   * The phase to resume from after a failure (resume re-runs it and what follows), or PLAN_APPROVAL
   * (taskFlow.ts) after a stop while the plan waited: resume shows the kept plan for approval again.
   */
  readonly resumeFrom?: string;
}

/** What a running task reports, in order, ending with exactly one `task-end`. */
export type TaskEvent =
  | { readonly type: 'task-start'; readonly taskId: string; readonly profile: TaskProfile; readonly startedAt: number }
  | { readonly type: 'phase-start'; readonly taskId: string; readonly key: string; readonly phase: TaskPhase; readonly round?: number; readonly capability?: Capability; readonly startedAt: number }
  /** The router's events for this phase (decision, attempt-start, deltas, fallback, retry, attempt-end, done). */
  | { readonly type: 'phase-route'; readonly taskId: string; readonly key: string; readonly event: RouteEvent }
  | { readonly type: 'phase-end'; readonly taskId: string; readonly result: PhaseResult }
  /** An answer's capability, when it was 'auto': the classifier's decision. */
  | { readonly type: 'classified'; readonly taskId: string; readonly key: string; readonly classification: Classification }
  | { readonly type: 'plan-ready'; readonly taskId: string; readonly plan: Plan }
  | { readonly type: 'note'; readonly taskId: string; readonly text: string }
  | { readonly type: 'task-end'; readonly taskId: string; readonly result: TaskResult };

/** The person's answer to a plan shown for approval. */
export type PlanApproval = { readonly kind: 'accept'; readonly plan: Plan } | { readonly kind: 'cancel' };
