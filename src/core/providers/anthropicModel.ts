import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming, MessageParam, RawMessageStreamEvent, StopReason } from '@anthropic-ai/sdk/resources/messages/messages';
import { ModelError, type ChatMessage, type FinishReason, type LanguageModel, type ModelRequest, type StreamOptions, type StreamPart } from './contract';
import { CallGuard } from './callGuard';
import { DEFAULT_ANTHROPIC_MAX_TOKENS, DEFAULT_FIRST_TOKEN_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, type ModelSettings } from './modelSettings';
import { guardedStream, type ContentPart } from './guardedStream';
import type { NormalizeContext } from './normalizeError';
import type { ReportedCounts } from './usageBuilder';

export const ANTHROPIC_BASE_URL = 'https://api.anthropic.com';

const JSON_INSTRUCTION = 'Respond with a single JSON object and nothing else: no prose, no code fences.';

/** A Claude model through the official `@anthropic-ai/sdk` (streaming Messages API). */
export function createAnthropicModel(settings: ModelSettings): LanguageModel {
  const baseURL = settings.baseURL ?? ANTHROPIC_BASE_URL;
  const timeoutMs = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const firstTokenTimeoutMs = settings.firstTokenTimeoutMs ?? DEFAULT_FIRST_TOKEN_TIMEOUT_MS;
  const apiKey = settings.apiKey;
  const context: NormalizeContext = {
    provider: 'anthropic',
    modelId: settings.model,
    baseURL,
    timeoutMs,
    firstTokenTimeoutMs,
    secrets: apiKey ? [apiKey] : [],
  };

  let client: Anthropic | undefined;
  const getClient = (key: string): Anthropic => {
    // A key passed in code stops the SDK from reading ANTHROPIC_* variables or profile files.
    client ??= new Anthropic({
      apiKey: key,
      baseURL,
      maxRetries: 0,
      timeout: timeoutMs,
      logLevel: 'off',
      ...(settings.headers ? { defaultHeaders: { ...settings.headers } } : {}),
      ...(settings.fetch ? { fetch: settings.fetch } : {}),
    });
    return client;
  };

  async function* stream(request: ModelRequest, options?: StreamOptions): AsyncGenerator<StreamPart> {
    if (!apiKey) {
      throw new ModelError({
        kind: 'auth',
        provider: 'anthropic',
        modelId: settings.model,
        message: "No Anthropic API key is set. Set the Anthropic API key with 'Switchboard: Set API Key…'.",
      });
    }
    const key = apiKey;
    const guard = new CallGuard({ signal: options?.signal, timeoutMs, firstTokenTimeoutMs });
    let input: number | undefined;
    let output: number | undefined;
    let cacheRead: number | undefined;
    let cacheWrite: number | undefined;
    let finish: FinishReason | undefined;
    let stopped = false;
    async function* read(): AsyncGenerator<ContentPart> {
      const temperature = request.temperature ?? settings.temperature;
      const systemParts = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
      if (request.responseFormat === 'json') {
        // The Messages API has no JSON mode; an instruction is what Anthropic recommends.
        systemParts.push(JSON_INSTRUCTION);
      }
      const system = systemParts.join('\n\n');
      const messages = toAnthropicMessages(request.messages);
      const params: MessageCreateParamsStreaming = {
        model: settings.model,
        max_tokens: request.maxOutputTokens ?? settings.maxOutputTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
        messages,
        stream: true,
        ...(system ? { system } : {}),
        // Anthropic accepts 0–1; settings allow OpenAI's 0–2.
        ...(temperature !== undefined ? { temperature: Math.min(temperature, 1) } : {}),
      };
      const events = await getClient(key).messages.create(params, { signal: guard.signal, maxRetries: 0, timeout: timeoutMs });
      for await (const event of events as AsyncIterable<RawMessageStreamEvent>) {
        switch (event.type) {
          case 'message_start': {
            // Compatible proxies may leave usage out although the API always sends it.
            const usage = event.message.usage as Partial<typeof event.message.usage> | undefined;
            cacheRead = usage?.cache_read_input_tokens ?? undefined;
            cacheWrite = usage?.cache_creation_input_tokens ?? undefined;
            // A prompt always has tokens: an input of 0 with no cache figures means "not counted".
            input = usage?.input_tokens || cacheRead || cacheWrite ? (usage?.input_tokens ?? 0) : undefined;
            break;
          }
          case 'content_block_delta':
            // Extended thinking streams before the text: progress for the first-token clock.
            if (event.delta.type === 'thinking_delta' && event.delta.thinking.length > 0) {
              guard.markFirstToken();
              yield { type: 'reasoning-delta', text: event.delta.thinking };
            }
            if (event.delta.type === 'text_delta' && event.delta.text.length > 0) {
              guard.markFirstToken();
              yield { type: 'text-delta', text: event.delta.text };
            }
            break;
          case 'message_delta': {
            // message_delta figures are cumulative and override message_start's.
            const usage = event.usage as Partial<typeof event.usage> | undefined;
            output = usage?.output_tokens ?? output;
            input = usage?.input_tokens || input;
            cacheRead = usage?.cache_read_input_tokens ?? cacheRead;
            cacheWrite = usage?.cache_creation_input_tokens ?? cacheWrite;
            if (event.delta.stop_reason) {
              finish = mapStopReason(event.delta.stop_reason);
            }
            break;
          }
          case 'message_stop':
            stopped = true;
            break;
          default:
            break;
        }
      }
    }
    yield* guardedStream({
      guard,
      request,
      context,
      read,
      finished: () => stopped,
      endedEarly: 'the stream ended before message_stop',
      // On failure the output so far is estimated: message_delta's count arrives only at the end.
      counts: (complete) => reportedCounts(input, complete ? output : undefined, cacheRead, cacheWrite),
      finishReason: () => finish ?? 'other',
    });
  }

  return { specificationVersion: 'v2', provider: 'anthropic', modelId: settings.model, stream };
}

function reportedCounts(
  input: number | undefined,
  output: number | undefined,
  cacheRead: number | undefined,
  cacheWrite: number | undefined,
): ReportedCounts {
  // Anthropic's input_tokens excludes cached tokens; the contract's input counts every prompt token.
  return {
    ...(input !== undefined ? { input: input + (cacheRead ?? 0) + (cacheWrite ?? 0) } : {}),
    ...(output !== undefined ? { output } : {}),
    ...(cacheRead !== undefined ? { cacheRead } : input !== undefined ? { cacheRead: 0 } : {}),
    ...(cacheWrite !== undefined ? { cacheWrite } : input !== undefined ? { cacheWrite: 0 } : {}),
  };
}

function mapStopReason(reason: StopReason): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

/**
 * The Messages API's turns: system text goes in `system`; an assistant's tool calls are `tool_use`
 * blocks, and tool results are `tool_result` blocks in the next user turn (consecutive results
 * share one turn, as the API requires).
 */
function toAnthropicMessages(messages: readonly ChatMessage[]): MessageParam[] {
  const out: MessageParam[] = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    if (m.role === 'tool') {
      const block = { type: 'tool_result' as const, tool_use_id: m.toolCallId, content: m.content, ...(m.isError ? { is_error: true } : {}) };
      const last = out.at(-1);
      if (last && last.role === 'user' && Array.isArray(last.content) && last.content.every((b) => b.type === 'tool_result')) {
        last.content.push(block);
      } else {
        out.push({ role: 'user', content: [block] });
      }
      continue;
    }
    if (m.role === 'assistant' && m.toolCalls?.length) {
      out.push({
        role: 'assistant',
        content: [
          ...(m.content ? [{ type: 'text' as const, text: m.content }] : []),
          ...m.toolCalls.map((c) => ({ type: 'tool_use' as const, id: c.id, name: c.name, input: c.arguments ?? {} })),
        ],
      });
      continue;
    }
    out.push({ role: m.role, content: m.content });
  }
  return out;
}
