import type { ProviderKind } from '../../src/core/providers/contract';

/**
 * The models the metrics benchmarks spread their synthetic calls over: prices in USD per million
 * tokens (NaN: no price, so every call's cost is unknown) and a typical latency in ms.
 */
export const SYNTHETIC_MODELS: readonly { id: string; provider: ProviderKind; model: string; in: number; out: number; ms: number }[] = [
  { id: 'gpt-4o-mini', provider: 'openai', model: 'gpt-4o-mini', in: 0.15, out: 0.6, ms: 900 },
  { id: 'gpt-4o', provider: 'openai', model: 'gpt-4o', in: 2.5, out: 10, ms: 2_500 },
  { id: 'sonnet', provider: 'anthropic', model: 'claude-sonnet-4-5', in: 3, out: 15, ms: 3_000 },
  { id: 'haiku', provider: 'anthropic', model: 'claude-haiku-4-5', in: 1, out: 5, ms: 1_200 },
  { id: 'groq-llama', provider: 'openai-compatible', model: 'llama-3.3-70b-versatile', in: 0.59, out: 0.79, ms: 400 },
  { id: 'deepseek', provider: 'openai-compatible', model: 'deepseek-chat', in: 0.27, out: 1.1, ms: 4_000 },
  { id: 'llama-local', provider: 'ollama', model: 'llama3.2', in: 0, out: 0, ms: 6_000 },
  { id: 'copilot', provider: 'vscode-lm', model: 'gpt-4o', in: Number.NaN, out: Number.NaN, ms: 2_000 },
];
