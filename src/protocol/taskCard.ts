/**
 * How a multi-model task looks in the chat: the card's view model and the deltas (`TaskCardUpdate`)
 * the host streams while the task runs. Plain types plus one pure reducer, so the host (which
 * stores the card) and the webview (which draws it) fold the same updates the same way.
 *
 * A leaf like the rest of src/protocol: it imports nothing (not even zod, so the webview bundle can
 * import the reducer as a value). src/presentation/tasks maps the core's TaskEvents onto it.
 */

export const TASK_PHASE_STATUSES = ['waiting', 'running', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;
export type TaskPhaseStatus = (typeof TASK_PHASE_STATUSES)[number];

export const TASK_CARD_STATUSES = ['running', 'awaiting-approval', 'succeeded', 'failed', 'cancelled'] as const;
export type TaskCardStatus = (typeof TASK_CARD_STATUSES)[number];

export interface TaskFallbackView {
  readonly from: string;
  /** Undefined when no model was left to fall back to. */
  readonly to?: string;
  readonly reason: string;
}

export interface TaskPlanStepView {
  readonly title: string;
  readonly detail?: string;
  /** Workspace-relative paths the step touches. */
  readonly files: readonly string[];
}

export interface TaskPlanView {
  readonly summary: string;
  readonly steps: readonly TaskPlanStepView[];
}

export interface TaskFindingView {
  readonly file: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly message: string;
  readonly suggestedFix?: string;
}

export interface TaskDiagnosticView {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly message: string;
}

export interface TaskValidationView {
  readonly status: 'passed' | 'failed' | 'not-validated';
  readonly diagnostics: readonly TaskDiagnosticView[];
  readonly files: readonly { readonly path: string; readonly check: 'types' | 'syntax' | 'none' }[];
}

export interface TaskFileChangeView {
  readonly kind: 'edit' | 'create' | 'delete' | 'rename';
  readonly path: string;
  /** For renames. */
  readonly newPath?: string;
  readonly added: number;
  readonly removed: number;
}

export interface TaskChangeSetView {
  readonly summary: string;
  readonly files: readonly TaskFileChangeView[];
}

/** A phase's output as the card shows it (model text is untrusted: shown as plain text or sanitized Markdown). */
export type TaskOutputView =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'plan'; readonly plan: TaskPlanView }
  | { readonly kind: 'findings'; readonly findings: readonly TaskFindingView[] }
  | { readonly kind: 'validation'; readonly validation: TaskValidationView }
  | { readonly kind: 'change-set'; readonly changeSet: TaskChangeSetView }
  | { readonly kind: 'research'; readonly sources: readonly string[]; readonly toolCalls: number }
  | { readonly kind: 'verdict'; readonly accept: boolean; readonly reason: string };

export interface TaskPhaseView {
  /** Unique within the task: `plan`, `review#1`, `refine#2`, `critique:gpt-4o`. */
  readonly key: string;
  /** `plan`, `research`, `generate`, `review`, `refine`, `validate`. */
  readonly phase: string;
  readonly round?: number;
  readonly status: TaskPhaseStatus;
  readonly modelId?: string;
  readonly provider?: string;
  readonly fallbacks: readonly TaskFallbackView[];
  readonly timeMs?: number;
  readonly ttftMs?: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /**
   * While the phase runs: about how many tokens its model has sent so far (text and reasoning,
   * estimated from the streamed text), so a long phase shows it is moving. Gone once it ends, when
   * `outputTokens` holds the call's own figure.
   */
  readonly receivedTokens?: number;
  /** `null` when some call's price is unknown (never shown as $0). */
  readonly costUsd: number | null;
  /** e.g. "your picked model applies here". */
  readonly note?: string;
  /** Why it failed, or why it was skipped. */
  readonly error?: string;
  readonly output?: TaskOutputView;
}

/** The same shape as src/shared/figures' CostFigure, spelled here so the protocol stays a leaf. */
export interface TaskCostView {
  readonly knownUsd: number;
  /** Phases that called a model whose price is unknown. */
  readonly unknownCount: number;
}

/** Sums over the phases (so they always equal what the timeline shows). */
export interface TaskTotalsView {
  readonly timeMs: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly cost: TaskCostView;
  readonly modelsUsed: readonly string[];
}

export interface TaskCascadeView {
  readonly tried: readonly string[];
  readonly stoppedAt: string;
  readonly savedUsd?: number;
}

/** What the person reviews when the task ends: the change set's files and how validation went. */
export interface TaskFinalView {
  readonly changeSet?: TaskChangeSetView;
  readonly validation?: TaskValidationView;
  /** The answer, when the task's result is text (a plan-only or document task). */
  readonly text?: string;
  /**
   * The plan, when it is what the task produced (a plan-only task, Plan Task…): shown as the
   * result, not only inside the plan phase's fold.
   */
  readonly plan?: TaskPlanView;
}

export interface TaskCardView {
  readonly role: 'task';
  /** The message id the card is stored under. */
  readonly id: string;
  /** The `task/start` request: every `task/event` and every button on the card names it. */
  readonly requestId: string;
  readonly taskId?: string;
  readonly profileId: string;
  readonly profileLabel: string;
  /** What the person asked (plain text). */
  readonly instruction: string;
  readonly status: TaskCardStatus;
  readonly pattern?: string;
  readonly phases: readonly TaskPhaseView[];
  /** Set while the plan waits for the person's approval (and kept afterwards, as approved). */
  readonly plan?: TaskPlanView;
  readonly notes: readonly string[];
  readonly totals: TaskTotalsView;
  /** Wall-clock time of the whole task (phases may run in parallel, so it can be below the sum). */
  readonly elapsedMs?: number;
  readonly cascade?: TaskCascadeView;
  readonly final?: TaskFinalView;
  readonly stoppedReason?: string;
  /** The phase Resume starts from, after a failure. */
  readonly resumeFrom?: string;
  readonly createdAt: number;
}

/** One change to a card, as `task/event` carries it. */
export type TaskCardUpdate =
  /** The card as it starts (phases the profile will run, waiting). */
  | { readonly kind: 'started'; readonly card: TaskCardView }
  /** A phase added or replaced by key (a waiting placeholder for the same phase is taken over). */
  | { readonly kind: 'phase'; readonly phase: TaskPhaseView; readonly totals: TaskTotalsView }
  /** The plan waits for approval: the card shows its steps, editable, with Accept Plan / Cancel. */
  | { readonly kind: 'plan'; readonly plan: TaskPlanView }
  | { readonly kind: 'note'; readonly text: string }
  /** The task ended (or paused for approval): authoritative, replaces what the deltas built. */
  | {
      readonly kind: 'end';
      readonly status: TaskCardStatus;
      readonly phases: readonly TaskPhaseView[];
      readonly totals: TaskTotalsView;
      readonly elapsedMs: number;
      readonly final?: TaskFinalView;
      readonly cascade?: TaskCascadeView;
      readonly stoppedReason?: string;
      readonly resumeFrom?: string;
      /** The plan, when the task paused for approval without a `plan` update before. */
      readonly plan?: TaskPlanView;
    };

export const EMPTY_TASK_TOTALS: TaskTotalsView = { timeMs: 0, inputTokens: 0, outputTokens: 0, cost: { knownUsd: 0, unknownCount: 0 }, modelsUsed: [] };

/** The totals of a timeline: sums of what each phase shows, models in first-use order. */
export function sumTaskPhases(phases: readonly TaskPhaseView[]): TaskTotalsView {
  let timeMs = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let knownUsd = 0;
  let unknownCount = 0;
  const models: string[] = [];
  for (const p of phases) {
    timeMs += p.timeMs ?? 0;
    inputTokens += p.inputTokens;
    outputTokens += p.outputTokens;
    if (p.costUsd === null) unknownCount++;
    else knownUsd += p.costUsd;
    if (p.modelId && (p.status !== 'waiting' && p.status !== 'skipped') && !models.includes(p.modelId)) models.push(p.modelId);
  }
  return { timeMs, inputTokens, outputTokens, cost: { knownUsd, unknownCount }, modelsUsed: models };
}

/**
 * Where a phase goes in the timeline: in place of the one with its key (an update); else before the
 * first placeholder still waiting, taking the place of the placeholder it fulfils (the profile's
 * phase of the key it was numbered from: `generate#1` a cascade's first draft, `refine#1`), so the
 * timeline reads in the order phases started, the phases still to come below them in the profile's
 * order. Before, a phase took its placeholder where it stood: an Implement task's check of the draft,
 * which runs beside the review and before any refine round, read below "Refine (round 1)"; and a
 * cascade's judge took the Review placeholder above the check that had run before it.
 */
export function placeTaskPhase(phases: readonly TaskPhaseView[], phase: TaskPhaseView): TaskPhaseView[] {
  const next = phases.slice();
  const same = next.findIndex((p) => p.key === phase.key);
  if (same >= 0 && (next[same]?.status !== 'waiting' || phase.status === 'waiting')) {
    next[same] = phase;
    return next;
  }
  // The phase starts (or is decided without running): its placeholder leaves its place.
  const numberedFrom = phase.key.replace(/#\d+$/, '');
  const placeholder = same >= 0 ? same : next.findIndex((p) => p.status === 'waiting' && p.key === numberedFrom);
  if (placeholder >= 0) next.splice(placeholder, 1);
  const firstWaiting = next.findIndex((p) => p.status === 'waiting');
  if (firstWaiting < 0) next.push(phase);
  else next.splice(firstWaiting, 0, phase);
  return next;
}

/**
 * Folds one update into a card. Pure; `started` yields its card whatever came before (a card that
 * does not exist yet is `undefined`, and every other update leaves `undefined` as it is).
 */
export function applyTaskCardUpdate(card: TaskCardView | undefined, update: TaskCardUpdate): TaskCardView | undefined {
  if (update.kind === 'started') return update.card;
  if (!card) return undefined;
  switch (update.kind) {
    case 'phase': {
      // A phase starting after the plan's approval means the task runs again.
      const status = card.status === 'awaiting-approval' && update.phase.status === 'running' ? 'running' : card.status;
      return { ...card, status, phases: placeTaskPhase(card.phases, update.phase), totals: update.totals };
    }
    case 'plan':
      return { ...card, status: 'awaiting-approval', plan: update.plan };
    case 'note':
      return { ...card, notes: [...card.notes, update.text] };
    case 'end': {
      const { kind: _kind, ...rest } = update;
      return { ...card, ...rest };
    }
  }
}
