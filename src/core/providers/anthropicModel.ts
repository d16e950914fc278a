import Anthropic from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming, RawMessageStreamEvent, StopReason, ToolChoice as AnthropicToolChoice } from '@anthropic-ai/sdk/resources/messages/messages';
import { ModelError, type FinishReason, type LanguageModel, type ModelRequest, type StreamOptions, type StreamPart } from './contract';
import { toAnthropicMessages, toAnthropicTools } from './anthropicRequest';
import { unwrapAnswer } from './objectRoot';
import { buildUsage, type ReportedCounts } from './usageBuilder';
import { CallGuard } from './callGuard';
import { ANTHROPIC_THINKING_BUDGET, thinksAdaptively, type ReasoningEffort } from './reasoning';
import { DEFAULT_ANTHROPIC_MAX_TOKENS, DEFAULT_FIRST_TOKEN_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, type ModelSettings } from './modelSettings';
import { guardedStream, type ContentPart } from './guardedStream';
import { type NormalizeContext, setKeyAdvice } from './normalizeError';

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
        message: `No API key is set for model "${settings.model}". ${setKeyAdvice('anthropic', baseURL)}`,
      });
    }
    const key = apiKey;
    const { schemaTool, schemaWrapped, ...toolParams } = toAnthropicTools(request, settings.model);
    const guard = new CallGuard({ signal: options?.signal, timeoutMs, firstTokenTimeoutMs });
    let input: number | undefined;
    let output: number | undefined;
    let cacheRead: number | undefined;
    let cacheWrite: number | undefined;
    let finish: FinishReason | undefined;
    let stopped = false;
    let toolCallCount = 0;
    let schemaAnswered = false;
    const counts = (complete: boolean): ReportedCounts => reportedCounts(input, complete ? output : undefined, cacheRead, cacheWrite);
    async function* read(): AsyncGenerator<ContentPart> {
      const systemParts = request.messages.filter((m) => m.role === 'system').map((m) => m.content);
      if (request.responseFormat === 'json' && !request.responseSchema) {
        // The Messages API has no JSON mode; an instruction is what Anthropic recommends.
        systemParts.push(JSON_INSTRUCTION);
      }
      const system = systemParts.join('\n\n');
      const answerTokens = request.maxOutputTokens ?? settings.maxOutputTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS;
      const thinking = thinkingBudget(settings.reasoning, request, toolParams.tool_choice);
      const params: MessageCreateParamsStreaming = {
        model: settings.model,
        // Thinking counts against max_tokens: its budget comes on top of the answer's allowance.
        max_tokens: answerTokens + (thinking ?? 0),
        messages: toAnthropicMessages(request.messages),
        stream: true,
        ...(system ? { system } : {}),
        ...toolParams,
        // No temperature, top_p or top_k: API version 2026-10-21 (the SDK's own) refuses each of
        // them on every model, even at its default (settings warn about a model's temperature).
        ...(thinking !== undefined && settings.reasoning !== undefined
          ? thinksAdaptively(settings.model)
            ? { thinking: { type: 'adaptive' as const }, output_config: { effort: settings.reasoning } }
            : { thinking: { type: 'enabled' as const, budget_tokens: thinking } }
          : {}),
      };
      // Open tool_use blocks by stream index: their input arrives as JSON text in fragments.
      const toolBlocks = new Map<number, { id: string; name: string; start: unknown; json: string }>();
      // Everything generated so far, for the usage of a call that fails on its tool arguments.
      let generated = '';
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
          case 'content_block_start':
            if (event.content_block.type === 'tool_use') {
              // The model has started to answer: a tool call counts as the first token.
              guard.markFirstToken();
              const { id, name, input: start } = event.content_block;
              toolBlocks.set(event.index, { id, name, start, json: '' });
            }
            break;
          case 'content_block_delta':
            // Extended thinking streams before the text: progress for the first-token clock.
            if (event.delta.type === 'thinking_delta' && event.delta.thinking.length > 0) {
              guard.markFirstToken();
              generated += event.delta.thinking;
              yield { type: 'reasoning-delta', text: event.delta.thinking };
            }
            if (event.delta.type === 'text_delta' && event.delta.text.length > 0) {
              guard.markFirstToken();
              generated += event.delta.text;
              yield { type: 'text-delta', text: event.delta.text };
            }
            if (event.delta.type === 'input_json_delta' && event.delta.partial_json.length > 0) {
              const block = toolBlocks.get(event.index);
              if (!block) break;
              block.json += event.delta.partial_json;
              generated += event.delta.partial_json;
              // The schema tool's input is the structured answer: it streams as text, as on every provider
              // (a wrapped answer is unwrapped whole when its block ends).
              if (block.name === schemaTool && !schemaWrapped) {
                yield { type: 'text-delta', text: event.delta.partial_json };
              }
            }
            break;
          case 'content_block_stop': {
            const block = toolBlocks.get(event.index);
            if (!block) break;
            toolBlocks.delete(event.index);
            if (block.name === schemaTool) {
              schemaAnswered = true;
              if (schemaWrapped) {
                // No input_json_delta came: the block's start held the whole input.
                yield { type: 'text-delta', text: unwrapAnswer(block.json !== '' ? block.json : JSON.stringify(block.start ?? {})) };
                break;
              }
              // A proxy that sends the input whole in content_block_start streams no fragments.
              if (block.json === '' && isNonEmptyObject(block.start)) {
                yield { type: 'text-delta', text: JSON.stringify(block.start) };
              }
              break;
            }
            const args = parseToolArguments(block.json, block.start);
            if (!args) {
              throw new ModelError({
                kind: 'server',
                provider: 'anthropic',
                modelId: settings.model,
                message: `${settings.model} sent tool call ${block.name} with arguments that are not valid JSON`,
                usage: buildUsage(counts(false), request, generated),
              });
            }
            toolCallCount++;
            yield { type: 'tool-call', call: { id: block.id, name: block.name, arguments: args.value } };
            break;
          }
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
      // The input, reported by message_start, is kept.
      counts,
      // The forced schema tool is how the model answered, not a call to run: the answer is complete.
      finishReason: () => (finish === 'tool-calls' && schemaAnswered && toolCallCount === 0 ? 'stop' : (finish ?? 'other')),
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
  return Object.assign(
    {},
    input !== undefined ? { input: input + (cacheRead ?? 0) + (cacheWrite ?? 0) } : {},
    output !== undefined ? { output } : {},
    cacheRead !== undefined ? { cacheRead } : input !== undefined ? { cacheRead: 0 } : {},
    cacheWrite !== undefined ? { cacheWrite } : input !== undefined ? { cacheWrite: 0 } : {},
  );
}

/**
 * A tool_use block's input: its streamed JSON text, or the input it started with when none streamed
 * (`{}` when there is neither). Undefined when the text is not JSON.
 */
function parseToolArguments(json: string, start: unknown): { readonly value: unknown } | undefined {
  if (json.trim() === '') {
    return { value: isNonEmptyObject(start) ? start : {} };
  }
  try {
    return { value: JSON.parse(json) as unknown };
  } catch {
    return undefined;
  }
}

function isNonEmptyObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0;
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
 * The thinking budget of a request, or undefined for none: not asked for, a forced tool (the API
 * refuses thinking then; structured output travels as one), or a conversation that continues a tool
 * call (the API would want the earlier turn's thinking blocks back, which are not kept). See reasoning.ts.
 */
function thinkingBudget(reasoning: ReasoningEffort | undefined, request: ModelRequest, toolChoice: AnthropicToolChoice | undefined): number | undefined {
  if (reasoning === undefined) return undefined;
  if (toolChoice && (toolChoice.type === 'any' || toolChoice.type === 'tool')) return undefined;
  if (request.messages.some((m) => m.role === 'tool' || (m.role === 'assistant' && (m.toolCalls?.length ?? 0) > 0))) return undefined;
  return ANTHROPIC_THINKING_BUDGET[reasoning];
}
