import type { Classification } from '../classify/types';
import type { Capability } from '../router/capabilities';
import type { RouteEvent, RouteOutcome, RouteResult } from '../router/routeEvents';
import { type AnswerInput, type AnswerOptions, type AnswerPorts, runAnswerTask } from './answerPhase';
import { ANSWER_PHASE, type TaskResult } from './taskTypes';
import type { Writable } from '../../shared/writable';

/*
 * What the front ends see of a plain answer (the Switchboard chat, the `@switchboard` participant,
 * the model picker and the exported API's route/complete): the task engine runs it as a task of one
 * phase (answerPhase.ts), and this is that task's events told as an answer: notes, the
 * classification, the router's events, then one `answer-end`.
 */

export interface AnswerResult {
  /** The router's outcome; 'cancelled' when the signal ended it, 'error' when Switchboard itself failed. */
  readonly outcome: RouteOutcome;
  /** The capability routed to; undefined when the answer ended before it was known. */
  readonly capability?: Capability;
  readonly classification?: Classification;
  /** The router's result; undefined when the answer ended before routing finished. */
  readonly route?: RouteResult;
  /** A failure inside Switchboard (not a model's): its message. */
  readonly failure?: string;
  /** The answer as the task of one phase it ran as: its phase's figures and the totals. */
  readonly task?: TaskResult;
}

export type AnswerEvent =
  /** Something to tell the person while waiting (choosing a capability, a model that has gone). */
  | { readonly type: 'note'; readonly note: string }
  | { readonly type: 'classified'; readonly classification: Classification }
  | RouteEvent
  /** Always the last event, exactly once. */
  | { readonly type: 'answer-end'; readonly result: AnswerResult };

/**
 * Runs one answer through the task engine. Yields a note and the classification for 'auto', the
 * router's events, then exactly one `answer-end`. Never throws: a cancelled signal ends with
 * 'cancelled', a failure inside Switchboard with 'error' and its message in `failure`.
 */
export async function* runAnswer(ports: AnswerPorts, input: AnswerInput, options: AnswerOptions = {}): AsyncGenerator<AnswerEvent> {
  let classification: Classification | undefined;
  let route: RouteResult | undefined;
  for await (const event of runAnswerTask(ports, input, options)) {
    switch (event.type) {
      case 'note':
        yield { type: 'note', note: event.text };
        break;
      case 'classified':
        classification = event.classification;
        yield { type: 'classified', classification };
        break;
      case 'phase-route':
        if (event.event.type === 'done') route = event.event.result;
        yield event.event;
        break;
      case 'task-end':
        yield { type: 'answer-end', result: answerResult(event.result, classification, route) };
        break;
      default:
        break;
    }
  }
}

function answerResult(task: TaskResult, classification: Classification | undefined, route: RouteResult | undefined): AnswerResult {
  const phase = task.phases.find((p) => p.phase === ANSWER_PHASE);
  const cancelled = task.status === 'cancelled';
  const outcome: RouteOutcome = route?.outcome ?? (cancelled ? 'cancelled' : 'error');
  const failure = route || cancelled ? undefined : (phase?.error ?? task.stoppedReason ?? 'the answer ended without a result');
  // Optional fields by assignment, not a spread each: see phaseResultOf (taskTotals.ts).
  const result: Writable<AnswerResult> = { outcome, task };
  if (phase?.capability) result.capability = phase.capability;
  if (classification) result.classification = classification;
  if (route) result.route = route;
  if (failure !== undefined) result.failure = failure;
  return result;
}
