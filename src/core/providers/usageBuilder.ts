import type { ModelRequest, TokenFigure, Usage } from './contract';
import { estimateRequestTokens, estimateTokens } from './tokenEstimate';

/** What a provider reported; `undefined` means it did not say. */
export interface ReportedCounts {
  /** Every prompt token, including those read from or written to the cache. */
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

function reported(tokens: number): TokenFigure {
  return { tokens, source: 'reported' };
}

function estimated(tokens: number): TokenFigure {
  return { tokens, source: 'estimated' };
}

/**
 * Fills in the one usage shape from whatever the provider reported, estimating the rest with the
 * tokenizer. Cache figures a provider did not report count as 0: they cannot be estimated, and a
 * provider that caches says so.
 */
export function buildUsage(counts: ReportedCounts, request: ModelRequest, outputText: string): Usage {
  const input = counts.input !== undefined ? reported(counts.input) : estimated(estimateRequestTokens(request));
  const output = counts.output !== undefined ? reported(counts.output) : estimated(estimateTokens(outputText));
  const cacheRead = counts.cacheRead !== undefined ? reported(counts.cacheRead) : estimated(0);
  const cacheWrite = counts.cacheWrite !== undefined ? reported(counts.cacheWrite) : estimated(0);
  return { input, output, cacheRead, cacheWrite };
}
