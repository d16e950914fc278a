import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { ModelError, type ChatMessage, type FinishReason, type LanguageModel, type ModelRequest, type StreamOptions, type StreamPart } from './contract';
import { CallGuard } from './callGuard';
import { DEFAULT_FIRST_TOKEN_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, type ModelSettings } from './modelSettings';
import { guardedStream, type ContentPart } from './guardedStream';
import type { NormalizeContext } from './normalizeError';
import type { ReportedCounts } from './usageBuilder';

export const OPENAI_BASE_URL = 'https://api.openai.com/v1';

export interface OpenAIModelSettings extends ModelSettings {
  /** 'openai-compatible' for any other server speaking chat-completions (needs `baseURL`). */
  readonly provider?: 'openai' | 'openai-compatible';
}

/** A chat-completions model through the official `openai` SDK (OpenAI itself or a compatible server). */
export function createOpenAIModel(settings: OpenAIModelSettings): LanguageModel {
  const provider = settings.provider ?? 'openai';
  const baseURL = settings.baseURL ?? OPENAI_BASE_URL;
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const firstTokenTimeoutMs = settings.firstTokenTimeoutMs ?? DEFAULT_FIRST_TOKEN_TIMEOUT_MS;
  const apiKey = settings.apiKey;
  const context: NormalizeContext = {
    provider,
    modelId: settings.model,
    baseURL,
    timeoutMs,
    firstTokenTimeoutMs,
    secrets: apiKey ? [apiKey] : [],
  };

  let client: OpenAI | undefined;
  const getClient = (): OpenAI => {
    // Every option is explicit so the SDK never falls back to OPENAI_* environment variables.
    client ??= new OpenAI({
      // A local compatible server may need no key. The SDK insists on one, so without a key it gets
      // a placeholder and the null Authorization header below keeps it off the wire.
      apiKey: apiKey ?? 'unused',
      adminAPIKey: null,
      organization: null,
      project: null,
      webhookSecret: null,
      baseURL,
      maxRetries: 0,
      timeout: timeoutMs,
      logLevel: 'off',
      defaultHeaders: { ...settings.headers, ...(apiKey ? {} : { Authorization: null }) },
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
    });
    return client;
  };

  async function* stream(request: ModelRequest, options?: StreamOptions): AsyncGenerator<StreamPart> {
    if (!apiKey && provider === 'openai') {
      throw new ModelError({
        kind: 'auth',
        provider,
        modelId: settings.model,
        message: "No OpenAI API key is set. Set the OpenAI API key with 'Switchboard: Set API Key…'.",
      });
    }
    const guard = new CallGuard({ signal: options?.signal, timeoutMs, firstTokenTimeoutMs });
    let counts: ReportedCounts = {};
    let finish: FinishReason | undefined;
    async function* read(): AsyncGenerator<ContentPart> {
      const maxTokens = request.maxOutputTokens ?? settings.maxOutputTokens;
      const temperature = request.temperature ?? settings.temperature;
      const params: ChatCompletionCreateParamsStreaming = {
        model: settings.model,
        messages: toOpenAIMessages(request.messages),
        stream: true,
        stream_options: { include_usage: true },
        ...(temperature !== undefined ? { temperature } : {}),
        // OpenAI's newer models reject max_tokens; compatible servers mostly know only max_tokens.
        ...(maxTokens !== undefined ? (provider === 'openai' ? { max_completion_tokens: maxTokens } : { max_tokens: maxTokens }) : {}),
        ...(request.responseFormat === 'json' ? { response_format: { type: 'json_object' as const } } : {}),
      };
      const chunks = await getClient().chat.completions.create(params, { signal: guard.signal, maxRetries: 0, timeout: timeoutMs });
      for await (const chunk of chunks) {
        const usage = readUsage(chunk);
        if (usage) {
          counts = usage;
        }
        for (const choice of chunk.choices ?? []) {
          // Reasoning models on compatible servers (DeepSeek, vLLM) think aloud in reasoning_content
          // first: that is progress, so it stops the first-token clock, but it is not answer text.
          const reasoning = reasoningOf(choice.delta);
          if (reasoning) {
            guard.markFirstToken();
            yield { type: 'reasoning-delta', text: reasoning };
          }
          const delta = choice.delta?.content;
          if (typeof delta === 'string' && delta.length > 0) {
            guard.markFirstToken();
            yield { type: 'text-delta', text: delta };
          }
          if (choice.finish_reason) {
            finish = mapFinishReason(choice.finish_reason);
          }
        }
      }
    }
    yield* guardedStream({
      guard,
      request,
      context,
      read,
      finished: () => finish !== undefined,
      endedEarly: 'the stream ended before the model finished (no finish_reason)',
      counts: () => counts,
      finishReason: () => finish ?? 'other',
    });
  }

  return {
    specificationVersion: 'v2',
    provider,
    modelId: settings.model,
    stream,
  };
}

/** Compatible servers' reasoning field (DeepSeek, vLLM: `reasoning_content`; others: `reasoning`). */
function reasoningOf(delta: unknown): string | undefined {
  if (typeof delta !== 'object' || delta === null) {
    return undefined;
  }
  const record = delta as Record<string, unknown>;
  const reasoning = record['reasoning_content'] ?? record['reasoning'];
  return typeof reasoning === 'string' && reasoning.length > 0 ? reasoning : undefined;
}

function toOpenAIMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((m): ChatCompletionMessageParam => {
    switch (m.role) {
      case 'tool':
        return { role: 'tool', tool_call_id: m.toolCallId, content: m.content };
      case 'assistant':
        return {
          role: 'assistant',
          content: m.content,
          ...(m.toolCalls?.length
            ? { tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: JSON.stringify(c.arguments ?? {}) } })) }
            : {}),
        };
      default:
        return { role: m.role, content: m.content };
    }
  });
}

function readUsage(chunk: ChatCompletionChunk): ReportedCounts | undefined {
  const usage = chunk.usage;
  if (!usage) {
    return undefined;
  }
  return {
    input: usage.prompt_tokens,
    output: usage.completion_tokens,
    ...(usage.prompt_tokens_details?.cached_tokens !== undefined ? { cacheRead: usage.prompt_tokens_details.cached_tokens } : {}),
    // Chat-completions has no cache writes: prompt caching is automatic and not billed separately.
    cacheWrite: 0,
  };
}

function mapFinishReason(reason: string): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    default:
      return 'other';
  }
}
