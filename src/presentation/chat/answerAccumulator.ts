import type { HealthSnapshot } from '../../core/router/health';
import { attemptsUsage } from '../../core/router/attemptsUsage';
import type { RouteDecision, RouteResult } from '../../core/router/routeEvents';
import type { KeySlot } from '../../core/secrets/keySlots';
import type { AnswerEvent, AnswerResult } from '../../core/tasks/answer';
import type {
  AnswerAction,
  AnswerError,
  AnswerErrorKind,
  AnswerMeta,
  AnswerStatus,
  CapabilitySource,
  DownModel,
  FallbackTaken,
  HostToWebview,
  RoutedCapability,
} from '../../protocol/chatProtocol';
import { ANSWER_ERROR_KINDS } from '../../protocol/chatProtocol';
import { joinedMeta } from './joinedAnswer';

/** What the chat consumes: the answer engine's events (a classification first for 'auto', the router's, the end). */
export type ChatRouteEvent = AnswerEvent;

export interface AnswerEnd {
  readonly status: Exclude<AnswerStatus, 'streaming'>;
  readonly text: string;
  /** What the model reasoned, when it did (kept with the answer, shown folded). */
  readonly reasoning?: string;
  readonly meta: AnswerMeta;
  readonly error?: AnswerError;
}

export interface AccumulatorOptions {
  /** The webview's id for this answer (stream events carry it). */
  readonly requestId: string;
  /** Known up front for an explicit capability; set by the `classified` event for 'auto'. */
  readonly capability?: RoutedCapability;
  readonly capabilitySource: CapabilitySource;
  readonly startedAt: number;
  readonly now?: () => number;
  /** Circuit states, read when every model of a tier turns out to be down. */
  readonly health?: () => readonly HealthSnapshot[];
  /** Where a configured model's key lives (src/core/secrets/keySlots.ts keySlotFor), for an auth error's button. */
  readonly keySlotOf?: (modelId: string) => Pick<KeySlot, 'id' | 'label'> | undefined;
  /** The model the person picked: the footer says so, and whether it answered. */
  readonly pickedModel?: string;
  /** The cut-off answer this one continues: its text comes first, its figures count too. */
  readonly continuing?: ContinuedAnswer;
}

/** What the first attempt of a continued answer left: its text and its footer's figures. */
export interface ContinuedAnswer {
  readonly text: string;
  readonly reasoning?: string;
  readonly meta?: AnswerMeta;
}

const ERROR_KINDS: ReadonlySet<string> = new Set(ANSWER_ERROR_KINDS);

function asErrorKind(kind: string | undefined): AnswerErrorKind {
  return kind && ERROR_KINDS.has(kind) ? (kind as AnswerErrorKind) : 'internal';
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/**
 * Turns one answer's engine events into chat protocol messages (progress notes and text deltas as
 * they come, the footer's meta and any error with its actions at the end). Pure: the caller posts
 * what `push` returns and stores what `end` returns.
 */
export class AnswerAccumulator {
  private capability: RoutedCapability | undefined;
  private capabilitySource: CapabilitySource;
  private decision: RouteDecision | undefined;
  private readonly fallbacks: FallbackTaken[] = [];
  private textSoFar = '';
  private reasoningSoFar = '';
  /** The model whose reasoning came last: a fallback's reasoning is headed by its model's id. */
  private reasoningModelId: string | undefined;
  private firstTokenAt: number | undefined;
  /** Time a budget question was open: the person's, not the answer's (issue 14 item 8). */
  private waitedMs = 0;
  private askedAt: number | undefined;
  private result: RouteResult | undefined;
  /** How the answer engine said the answer ended (it may end without a router result). */
  private answerEnd: AnswerResult | undefined;
  private readonly now: () => number;

  constructor(private readonly options: AccumulatorOptions) {
    const earlier = options.continuing?.meta;
    this.capability = options.capability ?? earlier?.capability;
    this.capabilitySource = earlier?.capabilitySource ?? options.capabilitySource;
    this.now = options.now ?? Date.now;
    this.reasoningSoFar = options.continuing?.reasoning ?? '';
    this.reasoningModelId = options.continuing?.reasoning ? earlier?.modelId : undefined;
  }

  /** The text so far: a continued answer's earlier text, then this attempt's. */
  get text(): string {
    return this.joined(this.result?.text ?? this.textSoFar);
  }

  /** The reasoning so far ('' when the model did not reason). */
  get reasoning(): string {
    return this.reasoningSoFar;
  }

  private joined(text: string): string {
    return (this.options.continuing?.text ?? '') + text;
  }

  get finished(): boolean {
    return this.result !== undefined;
  }

  get resolvedCapability(): RoutedCapability | undefined {
    return this.capability;
  }

  /** Folds one event; returns the messages to post now. */
  push(event: ChatRouteEvent): HostToWebview[] {
    const requestId = this.options.requestId;
    const progress = (note: string): HostToWebview[] => [{ type: 'answer/progress', requestId, note }];
    switch (event.type) {
      case 'note':
        return progress(event.note);
      case 'answer-end':
        this.answerEnd = event.result;
        return [];
      case 'classified': {
        const c = event.classification;
        this.capability = c.capability;
        this.capabilitySource = c.source;
        return progress(`Classified as ${c.capability} (${c.source === 'model' ? 'by the classify model' : 'by the rules'})${c.reasons[0] ? `: ${c.reasons[0]}` : ''}`);
      }
      case 'decision':
        this.endBudgetWait();
        this.decision = event.decision;
        if (!this.capability) this.capability = asRouted(event.decision.capability);
        return progress(event.decision.explanation);
      case 'budget-ask':
        this.askedAt = this.now();
        return [{ type: 'budget/ask', requestId, message: event.question.message, ...(event.question.stepDownTo ? { stepDownTo: event.question.stepDownTo } : {}) }];
      case 'attempt-start':
        if (event.probe) return progress(`Trying ${event.modelId} again (its circuit was open; this call is the probe)…`);
        if (event.retry) return progress(`Retrying ${event.modelId} (attempt ${event.attempt})…`);
        return progress(`Asking ${event.modelId}…`);
      case 'text-delta':
        if (event.text.length === 0) return [];
        this.firstTokenAt ??= this.now();
        this.textSoFar += event.text;
        return [{ type: 'answer/delta', requestId, text: event.text }];
      case 'reasoning-delta': {
        // Thinking is progress (it ends the wait for a first token) but not answer text: it travels
        // on its own message, and the view shows it folded above the answer.
        if (event.text.length === 0) return [];
        const firstToken = this.firstTokenAt === undefined;
        this.firstTokenAt ??= this.now();
        const switched = this.reasoningModelId !== undefined && this.reasoningModelId !== event.modelId;
        this.reasoningModelId = event.modelId;
        const text = switched ? `\n\n— ${event.modelId} —\n${event.text}` : event.text;
        this.reasoningSoFar += text;
        return [...(firstToken ? progress(`${event.modelId} is thinking…`) : []), { type: 'answer/reasoning', requestId, text }];
      }
      case 'tool-call':
        return progress(`${event.modelId} called ${event.call.name}`);
      case 'attempt-end':
        return [];
      case 'retry':
        return progress(`${event.modelId}: ${event.reason}; retrying in ${seconds(event.delayMs)}`);
      case 'fallback': {
        const taken: FallbackTaken = {
          from: event.from,
          ...(event.to ? { to: event.to } : {}),
          reason: event.reason,
          ...(event.errorKind ? { errorKind: asErrorKind(event.errorKind) } : {}),
        };
        this.fallbacks.push(taken);
        return progress(event.to ? `${event.from} failed (${event.reason}); falling back to ${event.to}` : `${event.from} failed (${event.reason}); no model left to try`);
      }
      case 'done':
        this.result = event.result;
        return [];
    }
  }

  /** The answer's final state, its reasoning included; call after `done` (or after the stream ended without one). */
  end(): AnswerEnd {
    return this.withReasoning(this.ending());
  }

  private ending(): AnswerEnd {
    const result = this.result;
    const meta = this.meta();
    if (!result && this.answerEnd?.outcome === 'cancelled') return this.cancelled();
    if (!result && this.answerEnd?.failure !== undefined) {
      return { status: 'error', text: this.text, meta, error: { kind: 'internal', message: `Something went wrong inside Switchboard: ${this.answerEnd.failure}`, actions: [retryAction(), showLog()] } };
    }
    if (!result) {
      return { status: 'error', text: this.text, meta, error: { kind: 'internal', message: 'The request ended without a result. See the Switchboard log.', actions: [retryAction(), showLog()] } };
    }
    switch (result.outcome) {
      case 'success':
        return { status: 'done', text: this.text, meta };
      case 'cancelled':
        return this.cancelled();
      case 'blocked':
        return {
          status: 'error',
          text: this.text,
          meta,
          error: { kind: 'budget', message: result.error?.message ?? 'The budget stopped this request.', actions: [{ kind: 'command', action: 'openSettings', label: 'Open Settings' }] },
        };
      case 'partial': {
        const cont = result.continueWith;
        const message = `${result.error?.message ?? 'The answer was cut off.'} The text above is incomplete.`;
        return {
          status: 'error',
          text: this.text,
          meta,
          error: { kind: asErrorKind(result.error?.kind), message, actions: [cont ? { kind: 'retry', modelId: cont, continue: true, label: `Continue with ${cont}` } : retryAction()] },
        };
      }
      case 'error':
        return { status: 'error', text: this.text, meta, error: this.error(result) };
    }
  }

  /** A stopped answer: its text so far, and a note the view shows in place of an error. */
  cancelled(): AnswerEnd {
    const message = this.text.length > 0 ? 'Stopped. The text above is what arrived before that.' : 'Stopped before any answer arrived.';
    return this.withReasoning({ status: 'cancelled', text: this.text, meta: this.meta(), error: { kind: 'cancelled', message, actions: [] } });
  }

  /** Any ending (the caller's own too, e.g. an internal failure) keeps the reasoning that arrived. */
  withReasoning(end: AnswerEnd): AnswerEnd {
    return this.reasoningSoFar ? { ...end, reasoning: this.reasoningSoFar } : end;
  }

  private error(result: RouteResult): AnswerError {
    const kind = asErrorKind(result.error?.kind);
    const message = result.error?.message ?? 'The request failed.';
    const down = this.downModels();
    if ((kind === 'no-candidate' || this.fallbacks.length > 0) && down.length > 0 && this.allDown(down)) {
      const soonest = down.map((d) => d.until).filter((u): u is number => u !== undefined).sort((a, b) => a - b)[0];
      return {
        kind: 'tier-down',
        message: `Every model of the ${this.capability ?? 'requested'} tier is down${soonest ? ` until ${new Date(soonest).toISOString().slice(11, 19)} UTC at the earliest` : ''}.`,
        actions: [{ kind: 'command', action: 'showModels', label: 'Open Models' }, retryAction()],
        downModels: down,
      };
    }
    const actions: AnswerAction[] = [];
    switch (kind) {
      case 'auth':
        actions.push(this.setKeyAction(result));
        break;
      case 'model-not-found':
        actions.push({ kind: 'command', action: 'openSettings', label: 'Open Settings' });
        break;
      case 'no-candidate':
        actions.push({ kind: 'command', action: 'showModels', label: 'Open Models' }, { kind: 'command', action: 'openSettings', label: 'Open Settings' });
        break;
      case 'budget':
        actions.push({ kind: 'command', action: 'openSettings', label: 'Open Settings' });
        break;
      default:
        actions.push(retryAction());
        break;
    }
    if (kind !== 'no-candidate') actions.push(showLog());
    return { kind, message, actions, ...(kind === 'no-candidate' && down.length > 0 ? { downModels: down } : {}) };
  }

  /** Set API Key for the slot of the model whose key was refused, opened directly; the general list when unknown. */
  private setKeyAction(result: RouteResult): AnswerAction {
    const refused = [...result.attempts].reverse().find((a) => a.errorKind === 'auth')?.modelId ?? result.modelId;
    const slot = refused ? this.options.keySlotOf?.(refused) : undefined;
    return slot ? { kind: 'command', action: 'setApiKey', label: `Set API Key for ${slot.label}`, slot: slot.id } : { kind: 'command', action: 'setApiKey', label: 'Set API Key' };
  }

  /** Models the decision skipped for their health, plus those whose attempts failed. */
  private downModels(): DownModel[] {
    const health = new Map((this.options.health?.() ?? []).map((h) => [h.modelId, h]));
    const out = new Map<string, DownModel>();
    for (const s of this.decision?.skipped ?? []) {
      if (s.reason !== 'circuit-open' && s.reason !== 'probe-in-flight') continue;
      const h = health.get(s.modelId);
      out.set(s.modelId, { modelId: s.modelId, reason: s.detail, ...(h?.probeAt ? { until: h.probeAt } : {}) });
    }
    for (const f of this.fallbacks) {
      if (out.has(f.from)) continue;
      const h = health.get(f.from);
      if (h && h.state !== 'closed') out.set(f.from, { modelId: f.from, reason: f.reason, ...(h.probeAt ? { until: h.probeAt } : {}) });
      else out.set(f.from, { modelId: f.from, reason: f.reason });
    }
    return [...out.values()];
  }

  /** True when no model in the decision's order (or skipped list) is left healthy. */
  private allDown(down: readonly DownModel[]): boolean {
    const downIds = new Set(down.map((d) => d.modelId));
    const considered = [...(this.decision?.order ?? []), ...(this.decision?.skipped ?? []).filter((s) => s.reason === 'circuit-open' || s.reason === 'probe-in-flight').map((s) => s.modelId)];
    if (considered.length === 0) return false;
    const health = new Map((this.options.health?.() ?? []).map((h) => [h.modelId, h]));
    return considered.every((id) => downIds.has(id) && (health.get(id)?.state ?? 'open') !== 'closed');
  }

  /** Ends the budget question's wait, if one was open: the answer's clock runs again from here. */
  private endBudgetWait(): void {
    if (this.askedAt === undefined) return;
    this.waitedMs += this.now() - this.askedAt;
    this.askedAt = undefined;
  }

  /** How long the answer took so far, without the time a budget question was open. */
  private elapsed(at: number): number {
    const open = this.askedAt !== undefined ? at - this.askedAt : 0;
    return at - this.options.startedAt - this.waitedMs - open;
  }

  meta(): AnswerMeta {
    const own = this.ownMeta();
    const picked = this.options.pickedModel;
    const earlier = this.options.continuing?.meta;
    const meta: AnswerMeta = { ...own, ...(picked ? { pickedModelId: picked } : {}) };
    return earlier ? joinedMeta(earlier, meta) : meta;
  }

  /** This attempt's own figures. */
  private ownMeta(): AnswerMeta {
    const result = this.result;
    const decision = this.decision;
    const answering = result?.modelId;
    const record = [...(result?.attempts ?? [])].reverse().find((a) => a.modelId === answering);
    // Every attempt's tokens, as the cost counts every attempt: a model that failed mid-answer was
    // paid for too, and models that all failed before a token used none (the footer once read
    // "Tokens: unknown" beside "Cost: $0.00"). Each figure is marked by its own source: a provider
    // that reports input and output but no cache figures has exact counts.
    const used = result ? attemptsUsage(result.attempts) : undefined;
    const tokens = used
      ? {
          input: used.input,
          output: used.output,
          ...(used.cached > 0 ? { cached: used.cached } : {}),
          estimated: used.estimatedFigures.length > 0,
          estimatedFigures: used.estimatedFigures,
        }
      : { estimated: false };
    const experiment = decision?.experiment;
    return {
      capability: this.capability ?? 'understand',
      capabilitySource: this.capabilitySource,
      explanation: result?.explanation || decision?.explanation || '',
      ...(answering ? { modelId: answering } : {}),
      ...(record ? { provider: record.provider } : {}),
      fallbacks: [...this.fallbacks],
      tokens,
      costUsd: result ? (result.costUsd ?? (result.attempts.length === 0 ? 0 : null)) : null,
      ...(this.firstTokenAt !== undefined ? { ttftMs: this.elapsed(this.firstTokenAt) } : {}),
      totalMs: this.elapsed(this.now()),
      cached: result?.cached ?? decision?.cached ?? false,
      partial: result?.partial ?? false,
      ...(experiment ? { experiment: { id: experiment.id, variant: experiment.variant } } : {}),
      // The complexity the answering attempt was recorded under: the person's verdict on this answer counts there too.
      ...(record?.complexity ? { complexity: record.complexity } : {}),
      // The router's request id: the attempt records carry it, and signals about this answer link to them by it.
      ...(record ? { routeRequestId: record.requestId } : {}),
    };
  }
}

function asRouted(capability: string): RoutedCapability {
  return capability === 'generate' || capability === 'review' || capability === 'plan' ? capability : 'understand';
}

function retryAction(): AnswerAction {
  return { kind: 'retry', label: 'Retry' };
}

function showLog(): AnswerAction {
  return { kind: 'command', action: 'showLog', label: 'Show Log' };
}
