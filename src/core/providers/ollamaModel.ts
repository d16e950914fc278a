import { Ollama, type ChatRequest, type ChatResponse, type Message } from 'ollama';
import type { ChatMessage, FinishReason, LanguageModel, ModelRequest, StreamOptions, StreamPart } from './contract';
import { CallGuard } from './callGuard';
import { createGuardedFetch, type ResponseInfo } from './guardedFetch';
import { DEFAULT_LOCAL_FIRST_TOKEN_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, type ModelSettings } from './modelSettings';
import { guardedStream, type ContentPart } from './guardedStream';
import type { NormalizeContext } from './normalizeError';
import type { ReportedCounts } from './usageBuilder';

export const OLLAMA_BASE_URL = 'http://127.0.0.1:11434';

/** A local model through the official `ollama` package (streaming /api/chat). */
export function createOllamaModel(settings: ModelSettings): LanguageModel {
  const host = settings.baseURL ?? OLLAMA_BASE_URL;
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const firstTokenTimeoutMs = settings.firstTokenTimeoutMs ?? DEFAULT_LOCAL_FIRST_TOKEN_TIMEOUT_MS;
  const apiKey = settings.apiKey;
  const context: NormalizeContext = {
    provider: 'ollama',
    modelId: settings.model,
    baseURL: host,
    timeoutMs,
    firstTokenTimeoutMs,
    secrets: apiKey ? [apiKey] : [],
  };
  const headers: Record<string, string> = { ...settings.headers, ...(apiKey ? { Authorization: `Bearer ${apiKey}` } : {}) };

  async function* stream(request: ModelRequest, options?: StreamOptions): AsyncGenerator<StreamPart> {
    const guard = new CallGuard({ signal: options?.signal, timeoutMs, firstTokenTimeoutMs });
    let response: ResponseInfo | undefined;
    let counts: ReportedCounts = {};
    let finish: FinishReason | undefined;
    async function* read(): AsyncGenerator<ContentPart> {
      // One light client per call: the package has no per-request signal, so the call's signal
      // rides in through its fetch.
      const client = new Ollama({
        host,
        headers,
        fetch: createGuardedFetch({
          ...(settings.fetch ? { fetch: settings.fetch } : {}),
          signal: guard.signal,
          validateNdjson: true,
          onResponse: (info) => (response = info),
        }),
      });
      const maxTokens = request.maxOutputTokens ?? settings.maxOutputTokens;
      const temperature = request.temperature ?? settings.temperature;
      const chatRequest: ChatRequest & { stream: true } = {
        model: settings.model,
        messages: toOllamaMessages(request.messages),
        stream: true,
        ...(request.responseFormat === 'json' ? { format: 'json' } : {}),
        ...(maxTokens !== undefined || temperature !== undefined
          ? { options: { ...(maxTokens !== undefined ? { num_predict: maxTokens } : {}), ...(temperature !== undefined ? { temperature } : {}) } }
          : {}),
      };
      const parts = await client.chat(chatRequest);
      for await (const part of parts) {
        // Thinking models stream `thinking` before the answer: progress, not answer text.
        if (typeof part.message?.thinking === 'string' && part.message.thinking.length > 0) {
          guard.markFirstToken();
          yield { type: 'reasoning-delta', text: part.message.thinking };
        }
        const delta = part.message?.content;
        if (typeof delta === 'string' && delta.length > 0) {
          guard.markFirstToken();
          yield { type: 'text-delta', text: delta };
        }
        if (part.done) {
          counts = readCounts(part);
          finish = mapDoneReason(part.done_reason);
        }
      }
    }
    yield* guardedStream({
      guard,
      request,
      context,
      read,
      finished: () => finish !== undefined,
      endedEarly: 'the stream ended before the model finished',
      counts: () => counts,
      finishReason: () => finish ?? 'other',
      response: () => response,
    });
  }

  return { specificationVersion: 'v2', provider: 'ollama', modelId: settings.model, stream };
}

function readCounts(part: ChatResponse): ReportedCounts {
  // Ollama omits prompt_eval_count when the whole prompt came from its cache; we then estimate.
  return {
    ...(typeof part.prompt_eval_count === 'number' ? { input: part.prompt_eval_count } : {}),
    ...(typeof part.eval_count === 'number' ? { output: part.eval_count } : {}),
  };
}

function mapDoneReason(reason: string | undefined): FinishReason {
  switch (reason) {
    case undefined:
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    default:
      return 'other';
  }
}

/** Ollama's chat turns: tool calls carry their arguments as an object; a tool result names its tool. */
function toOllamaMessages(messages: readonly ChatMessage[]): Message[] {
  return messages.map((m): Message => {
    switch (m.role) {
      case 'tool':
        return { role: 'tool', content: m.content, tool_name: m.toolName };
      case 'assistant':
        return {
          role: 'assistant',
          content: m.content,
          ...(m.toolCalls?.length ? { tool_calls: m.toolCalls.map((c) => ({ function: { name: c.name, arguments: (c.arguments ?? {}) as Record<string, unknown> } })) } : {}),
        };
      default:
        return { role: m.role, content: m.content };
    }
  });
}
