import type { RouteEvent } from './routeEvents';
import type { VariantAssignment } from '../experiments/variantAssignment';
import type { AttemptOrigin } from '../metrics/attemptRecord';
import type { ModelRequest } from '../providers/contract';
import type { AttemptRequestFacts } from './attemptRecordBuilder';
import type { BudgetAnswer, BudgetQuestion } from './routeEvents';
import type { Capability, Complexity } from './capabilities';
import type { PromptSize } from './promptSize';

export interface RouteOptions {
  readonly signal?: AbortSignal;
  readonly conversationId?: string;
  readonly workspace?: string;
  /** Try this model first if it is a candidate of the tier (e.g. a previous result's `continueWith`). */
  readonly preferModel?: string;
  /**
   * The model the person picked (the chat's composer, "Retry on it"): asked first, even when it is
   * not in the capability's tier. Privacy, context fit, circuits and the budget still apply to it,
   * and the explanation says which refused it; the tier answers then.
   */
  readonly pickedModel?: string;
  /** Models not to use for this request. */
  readonly exclude?: readonly string[];
  /**
   * How the response cache (while enabled) serves this request. `refresh`: a model is asked even when
   * the cache holds an answer, and the new answer replaces it (the person's Retry: the same question,
   * on purpose, for another answer). `bypass`: neither read nor written (a multi-model task's phases:
   * a task started again is another attempt, and its prompts answer no plain question).
   */
  readonly cache?: 'refresh' | 'bypass';
  /** Answers the budget's question under policy 'ask'; without it the answer is 'block'. */
  readonly askBudget?: (question: BudgetQuestion) => Promise<BudgetAnswer>;
  /** Recorded with every attempt: where the request came from, and the task and phase it serves. */
  readonly origin?: AttemptOrigin;
  readonly taskId?: string;
  readonly phase?: string;
  /**
   * How demanding the request is (the classifier's judgement): the adaptive strategy ranks by its
   * scores for this complexity where it has enough of them, and records the attempt under it.
   */
  readonly complexity?: Complexity;
  /**
   * Asked before each call the request would make (its first model, each fallback, a retry), with
   * the request as that model would get it: a reason refuses the model, which is skipped as one the
   * budget no longer allows (a `fallback` event with the reason, logged); undefined lets the call go
   * ahead. A task's cost cap prices each model here, so a fallback is held to the task's limit too.
   */
  readonly admit?: (modelId: string, request: ModelRequest) => string | undefined;
  /** Ask only this model (a structured-output repair goes back to the model that answered). */
  readonly onlyModel?: string;
  /**
   * Checks a finished answer (structured output against its schema): a problem it returns makes the
   * attempt `schema-failed` and the result an error of that kind, with the text kept; the router does
   * not move on by itself (generateObject repairs once, then excludes the model).
   */
  readonly validate?: (text: string) => string | undefined;
  /**
   * complete() only: hears every event of the request, in order, as a plain call instead of a hop
   * through the router's generators (a task's phase shows them as they come). route() ignores it:
   * its consumer reads the events. A listener that throws is ignored: the request goes on.
   */
  readonly onEvent?: (event: RouteEvent) => void;
}

/** One routed request as the router carries it from the plan to the last attempt. */
export interface RequestContext {
  readonly requestId: string;
  readonly capability: Capability;
  readonly request: ModelRequest;
  readonly options: RouteOptions;
  readonly assignment?: VariantAssignment | undefined;
  /** The prompt's size, counted only if something needs the count. */
  readonly prompt: PromptSize;
  /**
   * Whether the caller reads the events (`route()`), or only the result (`complete()`): then the
   * events of a call's normal course (the decision, an attempt's start and end, the deltas and tool
   * calls) are noted for the log but not passed up. Each event passed up is a hop through three
   * generators, which was most of the router's own time on a short structured answer.
   */
  readonly readsEvents: boolean;
  /**
   * Hears the events of a call's normal course that are not passed up (complete() with
   * `onEvent`); undefined when nothing listens. Every site that skips a yield for `readsEvents`
   * hands the event here instead.
   */
  readonly hear: ((event: RouteEvent) => void) | undefined;
  /**
   * Passes an event on its way out, writing its log line if it is worth one (see routeLog.ts). Called
   * where an event that may be logged is made, so the stream's deltas pay nothing for the log.
   */
  readonly note: <E extends RouteEvent>(event: E) => E;
}

/** A caller's `onEvent` as the request hears it: a listener that throws cannot stop the request. */
export function hearing(onEvent: RouteOptions['onEvent']): RequestContext['hear'] {
  if (!onEvent) return undefined;
  return (event) => {
    try {
      onEvent(event);
    } catch {
      // The listener's failure is the listener's: the request goes on.
    }
  };
}

/** What every attempt of this request records about who asked and why. */
export function requestFacts(ctx: RequestContext): AttemptRequestFacts {
  const o = ctx.options;
  return {
    requestId: ctx.requestId,
    capability: ctx.capability,
    conversationId: o.conversationId,
    assignment: ctx.assignment,
    structured: o.validate !== undefined,
    origin: o.origin,
    taskId: o.taskId,
    phase: o.phase,
    complexity: o.complexity,
    workspace: o.workspace,
  };
}
