import type { AttemptRecord } from '../metrics/attemptRecord';
import type { FinishReason, ToolCall, Usage } from '../providers/contract';
import type { RouteDecision, RouteErrorInfo, RouteResult } from './routeEvents';
import type { Writable } from '../../shared/writable';

/** How a request ended, as the caller reads it. */
export interface RouteEnding {
  readonly outcome: RouteResult['outcome'];
  readonly text: string;
  readonly modelId?: string;
  readonly usage?: Usage | undefined;
  readonly finishReason?: FinishReason | undefined;
  readonly toolCalls?: readonly ToolCall[] | undefined;
  readonly partial?: boolean;
  readonly cached?: boolean;
  readonly continueWith?: string;
  readonly error?: RouteErrorInfo;
}

/** The request's result: its ending, every attempt made, their total cost (unknown if any is) and the explanation. */
export function routeResult(requestId: string, decision: RouteDecision, attempts: readonly AttemptRecord[], r: RouteEnding): RouteResult {
  let costUsd: number | undefined = 0;
  for (const a of attempts) {
    if (a.costUsd === undefined) {
      costUsd = undefined;
      break;
    }
    costUsd += a.costUsd;
  }
  // Optional fields by assignment: a spread per field was an object made and copied on every request.
  const result: Writable<RouteResult> = {
    requestId,
    outcome: r.outcome,
    text: r.text,
    partial: r.partial ?? false,
    cached: r.cached ?? false,
    attempts: [...attempts],
    explanation: decision.explanation + outcomeWords(decision, r.outcome, r.modelId, attempts),
  };
  if (r.modelId !== undefined) result.modelId = r.modelId;
  if (r.finishReason) result.finishReason = r.finishReason;
  if (r.toolCalls?.length) result.toolCalls = r.toolCalls;
  if (r.usage) result.usage = r.usage;
  if (costUsd !== undefined) result.costUsd = costUsd;
  if (r.continueWith) result.continueWith = r.continueWith;
  if (r.error) result.error = r.error;
  return result;
}

/** What happened after the decision, when it was not simply "the chosen model answered". */
function outcomeWords(decision: RouteDecision, outcome: RouteResult['outcome'], modelId: string | undefined, attempts: readonly AttemptRecord[]): string {
  // The usual ending, the chosen model answering at its one attempt, needs no words (nor a list made).
  if (outcome === 'success' && modelId === decision.chosen && attempts.length === 1) return '';
  const failed = attempts.filter((a) => a.outcome === 'error').map((a) => `${a.modelId} ${a.errorKind ?? 'failed'}`);
  switch (outcome) {
    case 'success':
      return modelId !== decision.chosen || failed.length > 0 ? `; answered by ${modelId} after ${failed.join(', ')}` : '';
    case 'partial':
      return `; ${modelId} stopped mid-answer (${attempts.at(-1)?.errorKind ?? 'error'}), partial text kept`;
    case 'error':
      return failed.length > 0 ? `; every attempt failed (${failed.join(', ')})` : '';
    default:
      return '';
  }
}
