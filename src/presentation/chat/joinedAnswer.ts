import type { AnswerMeta, TokenCounts } from '../../protocol/chatProtocol';

/**
 * The footer of an answer that continues a cut-off one (issue 14 item 3): one joined answer, so it
 * counts both attempts' tokens, cost and time, keeps the first attempt's first token, and names
 * the model whose answer was cut off. The rest (model, explanation, capability) is the continuation's.
 */
export function joinedMeta(earlier: AnswerMeta, own: AnswerMeta): AnswerMeta {
  return {
    ...own,
    fallbacks: [...earlier.fallbacks, ...own.fallbacks],
    tokens: sumTokens(earlier.tokens, own.tokens),
    costUsd: earlier.costUsd === null || own.costUsd === null ? null : earlier.costUsd + own.costUsd,
    ...(earlier.ttftMs !== undefined ? { ttftMs: earlier.ttftMs } : {}),
    totalMs: earlier.totalMs + own.totalMs,
    ...(earlier.modelId ? { continuedFrom: earlier.modelId } : {}),
  };
}

function sumTokens(a: TokenCounts, b: TokenCounts): TokenCounts {
  const add = (x: number | undefined, y: number | undefined): number | undefined => (x === undefined && y === undefined ? undefined : (x ?? 0) + (y ?? 0));
  const input = add(a.input, b.input);
  const output = add(a.output, b.output);
  const cached = add(a.cached, b.cached);
  const figures = [...new Set([...(a.estimatedFigures ?? []), ...(b.estimatedFigures ?? [])])];
  return {
    ...(input !== undefined ? { input } : {}),
    ...(output !== undefined ? { output } : {}),
    ...(cached ? { cached } : {}),
    estimated: a.estimated || b.estimated,
    estimatedFigures: figures,
  };
}
