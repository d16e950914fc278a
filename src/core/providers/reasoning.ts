/**
 * `reasoning` on a model: how hard it is asked to think before it answers. Each provider has its own
 * mechanism; what it streams back is a `reasoning-delta` (shown folded in the chat, counted as
 * progress for the first-token clock), never answer text.
 *
 * - OpenAI and compatible servers: `reasoning_effort` (o-series, gpt-5, and servers that follow them;
 *   a server that does not know the field ignores it or refuses the request, which the log shows).
 * - Anthropic: adaptive thinking with the level as `output_config.effort` on the models that have it
 *   (Opus and Sonnet 4.6 and later, the Claude 5 families; Opus 4.7 and Mythos take nothing else),
 *   extended thinking with a token budget per level (below) on the older ones. Either way the budget
 *   is added to the answer's own allowance in `max_tokens`, which thinking counts against.
 *   Not for a request that forces a tool (structured output through a forced tool) or continues a
 *   tool call: the API refuses thinking with a forced tool choice, and a continued tool call would
 *   need the earlier thinking blocks back, which a conversation here does not keep.
 * - Ollama: `think` on (thinking models stream `thinking`; the level itself is not sent, since only
 *   some models take one).
 * - VS Code's language models: the providing extension decides; nothing is sent.
 */
export const REASONING_EFFORTS = ['low', 'medium', 'high'] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/** Anthropic's thinking budget per level (the API's minimum is 1,024 tokens). */
export const ANTHROPIC_THINKING_BUDGET: Readonly<Record<ReasoningEffort, number>> = { low: 1024, medium: 4096, high: 16_384 };

/**
 * Output tokens a model's reasoning may add beyond the answer's own allowance, for worst-case costs:
 * Anthropic's thinking budget comes on top of it; OpenAI's and Ollama's reasoning stay inside it.
 */
export function reasoningAllowance(config: { readonly provider: string; readonly reasoning?: ReasoningEffort | undefined }): number {
  return config.provider === 'anthropic' && config.reasoning !== undefined ? ANTHROPIC_THINKING_BUDGET[config.reasoning] : 0;
}

/**
 * Whether an Anthropic model thinks adaptively (`thinking: { type: 'adaptive' }` with an effort) rather
 * than with a fixed budget: Opus, Sonnet and Haiku 4.6 and later, every Claude 5 model, Fable and
 * Mythos. Older models (4.5 and before) refuse adaptive thinking; Opus 4.7 and Mythos refuse a budget.
 */
export function thinksAdaptively(model: string): boolean {
  const name = model.toLowerCase();
  if (/claude-(?:fable|mythos)/.test(name)) return true;
  const version = /claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d{1,2})(?!\d))?/.exec(name);
  if (!version) return false;
  const major = Number(version[1]);
  const minor = Number(version[2] ?? 0);
  return major >= 5 || (major === 4 && minor >= 6);
}
