import type { AnswerResult } from '../tasks/answer';
import { formatUsd } from '../router/usd';

/**
 * What a model-picker request's ending means for VS Code: success, or an error whose message says
 * what Switchboard tried. The log line names the model that answered, its cost and the route.
 */
export interface ProviderOutcome {
  readonly ok: boolean;
  readonly cancelled: boolean;
  readonly logLine: string;
  /** For the thrown error when not ok. */
  readonly errorMessage?: string;
}

export function providerOutcome(pickedName: string, result: AnswerResult): ProviderOutcome {
  const route = result.route;
  const capability = result.capability ?? 'unclassified';
  const cost = route?.costUsd !== undefined ? formatUsd(route.costUsd) : 'cost unknown';
  const why = route?.explanation ? ` Route: ${route.explanation}.` : '';
  if (result.outcome === 'success' && route?.modelId) {
    return { ok: true, cancelled: false, logLine: `Model picker: ${pickedName} (${capability}) answered by ${route.modelId}, ${cost}.${why}` };
  }
  if (result.outcome === 'cancelled') {
    return { ok: false, cancelled: true, logLine: `Model picker: ${pickedName} (${capability}) cancelled.${why}`, errorMessage: 'The request was cancelled.' };
  }
  const failure = route?.error?.message ?? result.failure ?? 'no model answered';
  const partial = result.outcome === 'partial' ? ` (the answer from ${route?.modelId ?? 'the model'} was cut off)` : '';
  return {
    ok: false,
    cancelled: false,
    logLine: `Model picker: ${pickedName} (${capability}) failed${partial}: ${failure}.${why}`,
    errorMessage: `Switchboard could not answer${partial}: ${failure}${why}`,
  };
}
