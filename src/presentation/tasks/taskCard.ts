import { estimateTokens } from '../../core/providers/tokenEstimate';
import type { RouteEvent } from '../../core/router/routeEvents';
import { phaseFallbackOf } from '../../core/tasks/phaseRouter';
import type { TaskEvent, TaskPhase, TaskProfile, TaskResult } from '../../core/tasks/taskTypes';
import type { HostToWebview } from '../../protocol/chatProtocol';
import {
  EMPTY_TASK_TOTALS,
  type TaskCardUpdate,
  type TaskCardView,
  type TaskFinalView,
  type TaskPhaseView,
  applyTaskCardUpdate,
  placeTaskPhase,
  sumTaskPhases,
} from '../../protocol/taskCard';
import { changeSetView, phaseView, planView, validationView } from './taskViews';

export interface TaskCardOptions {
  readonly conversationId: string;
  /** The `task/start` request (or the host's own id for a command-started task). */
  readonly requestId: string;
  /** The message id the card is stored under. */
  readonly messageId: string;
  readonly instruction: string;
  readonly createdAt: number;
  /** The model the person picked in the composer: the card says where it applies. */
  readonly preferModel?: string;
  /** A card read back from the conversation, when the task resumes: its timeline goes on. */
  readonly resumeCard?: TaskCardView;
}

export type TaskEventMessage = Extract<HostToWebview, { type: 'task/event' }>;

/** The least growth, in tokens, that redraws a running phase's count of tokens received. */
const RECEIVED_STEP_MIN = 10;

/** Phases the person's pick applies to (the engine routes the rest through their tiers). */
const PICK_APPLIES: ReadonlySet<TaskPhase> = new Set(['generate', 'refine']);

/**
 * Turns a running task's events into the chat's task card: each push returns the `task/event`
 * messages to post (zero or more), and `card()` is the card to store, folded from the very same
 * updates with the protocol's reducer, so what is stored is what the view drew.
 */
export class TaskCardAccumulator {
  private current: TaskCardView | undefined;
  /** Tokens received so far per running phase (the card shows them in steps). */
  private readonly received = new Map<string, number>();

  constructor(private readonly options: TaskCardOptions) {
    this.current = options.resumeCard;
  }

  /** The card as it stands (a card waiting for `task-start` before the first event). */
  card(): TaskCardView {
    return this.current ?? this.emptyCard('', '');
  }

  push(event: TaskEvent): TaskEventMessage[] {
    return this.updatesFor(event).map((update) => {
      this.current = applyTaskCardUpdate(this.current, update) ?? this.current;
      return { type: 'task/event', conversationId: this.options.conversationId, requestId: this.options.requestId, event: update };
    });
  }

  private updatesFor(event: TaskEvent): TaskCardUpdate[] {
    switch (event.type) {
      case 'task-start':
        return [{ kind: 'started', card: this.startCard(event.taskId, event.profile) }];
      case 'phase-start':
        this.received.delete(event.key);
        return [
          this.phaseUpdate({
            key: event.key,
            phase: event.phase,
            ...(event.round !== undefined ? { round: event.round } : {}),
            status: 'running',
            fallbacks: [],
            inputTokens: 0,
            outputTokens: 0,
            costUsd: 0,
            ...this.pickNote(event.phase),
          }),
        ];
      case 'phase-route':
        return this.routeUpdates(event.key, event.event);
      case 'phase-end':
        this.received.delete(event.result.key);
        return [this.phaseUpdate(phaseView(event.result, this.pickNote(event.result.phase).note))];
      case 'plan-ready':
        return [{ kind: 'plan', plan: planView(event.plan) }];
      case 'note':
        return [{ kind: 'note', text: event.text }];
      // Only a plain answer classifies; a card shows tasks of a profile.
      case 'classified':
        return [];
      case 'task-end':
        return [this.endUpdate(event.result)];
    }
  }

  private emptyCard(taskId: string, profileId: string, profileLabel = profileId): TaskCardView {
    return {
      role: 'task',
      id: this.options.messageId,
      requestId: this.options.requestId,
      ...(taskId ? { taskId } : {}),
      profileId,
      profileLabel,
      instruction: this.options.instruction,
      status: 'running',
      phases: [],
      notes: [],
      totals: EMPTY_TASK_TOTALS,
      createdAt: this.options.createdAt,
    };
  }

  /**
   * The timeline starts with every phase the profile will run, waiting; a resumed card keeps what
   * ran. Refine under a profile that allows no refine round never runs: it is not listed (it read
   * "skipped, not needed" beside a review's finding; the task's note says what remains).
   */
  private startCard(taskId: string, profile: TaskProfile): TaskCardView {
    const resumed = this.options.resumeCard;
    if (resumed) {
      const { stoppedReason: _s, resumeFrom: _r, final: _f, ...rest } = resumed;
      return { ...rest, taskId, status: 'running' };
    }
    const waiting: TaskPhaseView[] = profile.phases
      .filter((phase) => profile.phaseSettings[phase]?.enabled !== false && !(phase === 'refine' && profile.maxRefineRounds === 0))
      .map((phase) => ({ key: phase, phase, status: 'waiting', fallbacks: [], inputTokens: 0, outputTokens: 0, costUsd: 0, ...this.pickNote(phase) }));
    return { ...this.emptyCard(taskId, profile.id, profile.label), pattern: profile.pattern, phases: waiting };
  }

  private pickNote(phase: TaskPhase): { note?: string } {
    const pick = this.options.preferModel;
    return pick && PICK_APPLIES.has(phase) ? { note: `your picked model (${pick}) applies here` } : {};
  }

  private phaseUpdate(phase: TaskPhaseView): TaskCardUpdate {
    return { kind: 'phase', phase, totals: sumTaskPhases(placeTaskPhase(this.card().phases, phase)) };
  }

  /**
   * The router's events show which model a running phase is on, why it moved, and about how much it
   * has sent: the count of tokens received is redrawn as it grows by a tenth (at least ten tokens),
   * not on every delta.
   */
  private routeUpdates(key: string, event: RouteEvent): TaskCardUpdate[] {
    const running = this.card().phases.find((p) => p.key === key && p.status === 'running');
    if (!running) return [];
    if (event.type === 'text-delta' || event.type === 'reasoning-delta') {
      const received = (this.received.get(key) ?? 0) + estimateTokens(event.text);
      this.received.set(key, received);
      const shown = running.receivedTokens;
      if (received === 0 || (shown !== undefined && received < shown + Math.max(RECEIVED_STEP_MIN, shown / 10))) return [];
      return [this.phaseUpdate(Object.assign({}, running, { receivedTokens: received }))];
    }
    if (event.type === 'attempt-start' && running.modelId !== event.modelId) {
      return [this.phaseUpdate(Object.assign({}, running, { modelId: event.modelId }))];
    }
    if (event.type === 'fallback') {
      return [this.phaseUpdate(Object.assign({}, running, event.to ? { modelId: event.to } : {}, { fallbacks: [...running.fallbacks, phaseFallbackOf(event)] }))];
    }
    return [];
  }

  /**
   * The result is authoritative: its phases replace what the events built; a phase still waiting
   * was never run, one still running was cut off.
   */
  private endUpdate(result: TaskResult): TaskCardUpdate {
    let phases: readonly TaskPhaseView[] = this.card().phases;
    for (const r of result.phases) phases = placeTaskPhase(phases, phaseView(r, this.pickNote(r.phase).note));
    const stoppedAt = result.status === 'succeeded' ? 'not needed' : 'not run';
    phases = phases.map((p): TaskPhaseView => {
      if (p.status === 'waiting' && result.status !== 'awaiting-approval') return { ...p, status: 'skipped', error: p.error ?? stoppedAt };
      if (p.status === 'running') return { ...p, status: 'cancelled' };
      return p;
    });
    const final: TaskFinalView = {
      ...(result.final?.kind === 'change-set' ? { changeSet: changeSetView(result.final.changeSet) } : {}),
      ...(result.validation ? { validation: validationView(result.validation) } : {}),
      ...(result.final?.kind === 'text' ? { text: result.final.text } : {}),
      // A plan-only task's result is its plan; a task that stopped after planning offers nothing.
      ...(result.final?.kind === 'plan' && result.status === 'succeeded' ? { plan: planView(result.final.plan) } : {}),
    };
    const plan = result.final?.kind === 'plan' && result.status === 'awaiting-approval' && !this.card().plan ? planView(result.final.plan) : undefined;
    return {
      kind: 'end',
      status: result.status,
      phases,
      totals: sumTaskPhases(phases),
      elapsedMs: result.totalMs,
      ...(Object.keys(final).length > 0 ? { final } : {}),
      ...(result.cascade ? { cascade: { tried: [...result.cascade.tried], stoppedAt: result.cascade.stoppedAt, ...(result.cascade.savedUsd !== undefined ? { savedUsd: result.cascade.savedUsd } : {}) } } : {}),
      ...(result.stoppedReason ? { stoppedReason: result.stoppedReason } : {}),
      ...(result.resumeFrom ? { resumeFrom: result.resumeFrom } : {}),
      ...(plan ? { plan } : {}),
    };
  }
}
