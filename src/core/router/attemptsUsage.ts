import type { AttemptRecord } from '../metrics/attemptRecord';

/** The tokens a request's attempts used together, each figure marked estimated when any attempt's was. */
export interface AttemptsTokens {
  readonly input: number;
  readonly output: number;
  readonly cached: number;
  readonly estimatedFigures: readonly ('input' | 'output' | 'cached')[];
}

/**
 * What every attempt of a request used, summed as its cost is (RouteResult.costUsd): a model that
 * failed mid-answer before another answered was paid for too, and a request whose every model
 * failed before its first token used none. An attempt the provider may have billed without saying
 * carries an estimate (attemptRecordBuilder.ts); one that cannot have been billed carries no usage
 * and adds nothing.
 */
export function attemptsUsage(attempts: readonly AttemptRecord[]): AttemptsTokens {
  let input = 0;
  let output = 0;
  let cached = 0;
  const estimated = new Set<'input' | 'output' | 'cached'>();
  for (const { usage } of attempts) {
    if (!usage) continue;
    input += usage.input.tokens;
    output += usage.output.tokens;
    cached += usage.cacheRead.tokens;
    if (usage.input.source === 'estimated') estimated.add('input');
    if (usage.output.source === 'estimated') estimated.add('output');
    if (usage.cacheRead.tokens > 0 && usage.cacheRead.source === 'estimated') estimated.add('cached');
  }
  return { input, output, cached, estimatedFigures: (['input', 'output', 'cached'] as const).filter((f) => estimated.has(f)) };
}
