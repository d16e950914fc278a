import { randomBytes } from 'node:crypto';
import { Ollama, type ChatRequest, type ChatResponse, type Message, type Tool, type ToolCall as OllamaToolCall } from 'ollama';
import { ModelError, type ChatMessage, type FinishReason, type LanguageModel, type ModelFeatures, type ModelRequest, type StreamOptions, type StreamPart, type ToolCall, type ToolDefinition } from './contract';
import { CallGuard } from './callGuard';
import { createGuardedFetch, type ResponseInfo } from './guardedFetch';
import { DEFAULT_LOCAL_FIRST_TOKEN_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, type ModelSettings } from './modelSettings';
import { guardedStream, type ContentPart } from './guardedStream';
import { redactSecrets, type NormalizeContext } from './normalizeError';
import { isToolsRefusal } from './openaiRefusals';
import { mustCallInstruction, selectTools, withInstruction } from './promptedFallbacks';
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
  const headers: Record<string, string> = Object.assign({}, settings.headers, apiKey ? { Authorization: `Bearer ${apiKey}` } : {});
  // What this model refused, learned once per adapter (one adapter per configured model): a model
  // whose template has no tools (llama2, gemma2…) says so on the first request that carries them, and
  // the router then sends it no tool work (it used to try, and fall back, on every such request).
  let features: ModelFeatures = { tools: 'unknown', structuredOutput: 'json-schema' };

  /** Ollama's 400 for a model without tool support, as the contract's error; the model is remembered as refusing tools. */
  function toolsRefusal(error: unknown): ModelError | undefined {
    // The package's ResponseError carries the status as `status_code`.
    const status = (error as { status_code?: unknown }).status_code;
    const message = error instanceof Error ? error.message : String(error);
    if (!isToolsRefusal({ status, message })) return undefined;
    features = Object.assign({}, features, { tools: 'unsupported' });
    return new ModelError({
      kind: 'bad-request',
      provider: 'ollama',
      modelId: settings.model,
      status: status as number,
      message: `Model "${settings.model}" does not support tool calls: the Ollama server at ${host} refused the request's tools. Route tool work to a model that supports them. Ollama said: ${redactSecrets(message, context.secrets).slice(0, 300)}`,
    });
  }

  async function* stream(request: ModelRequest, options?: StreamOptions): AsyncGenerator<StreamPart> {
    const guard = new CallGuard({ signal: options?.signal, timeoutMs, firstTokenTimeoutMs });
    let response: ResponseInfo | undefined;
    let counts: ReportedCounts = {};
    let finish: FinishReason | undefined;
    let toolCallCount = 0;
    const responseTag = randomBytes(4).toString('hex');
    async function* read(): AsyncGenerator<ContentPart> {
      // One light client per call: the package has no per-request signal, so the call's signal
      // rides in through its fetch.
      const client = new Ollama({
        host,
        headers,
        fetch: createGuardedFetch({
          signal: guard.signal,
          validateNdjson: true,
          onResponse: (info) => (response = info),
          ...(settings.fetch ? { fetch: settings.fetch } : {}),
        }),
      });
      const maxTokens = request.maxOutputTokens ?? settings.maxOutputTokens;
      const temperature = request.temperature ?? settings.temperature;
      // Ollama has no tool_choice: `none` sends no tools, and a required call (one named tool, or
      // any) is asked for in the system prompt, with only the allowed tools sent.
      const { tools, mustCall } = selectTools(request.tools, request.toolChoice, context);
      const messages = mustCall ? withInstruction(request.messages, mustCallInstruction(tools)) : request.messages;
      const chatRequest: ChatRequest & { stream: true } = {
        model: settings.model,
        messages: toOllamaMessages(messages),
        stream: true,
        ...(tools.length > 0 ? { tools: tools.map(toOllamaTool) } : {}),
        // Ollama ≥ 0.5 constrains the output to a JSON Schema given in `format`.
        ...(request.responseSchema ? { format: request.responseSchema.schema } : request.responseFormat === 'json' ? { format: 'json' } : {}),
        // Only some models take a level (see reasoning.ts): thinking is switched on, no more.
        ...(settings.reasoning !== undefined ? { think: true } : {}),
        ...(maxTokens !== undefined || temperature !== undefined
          ? { options: Object.assign({}, maxTokens !== undefined ? { num_predict: maxTokens } : {}, temperature !== undefined ? { temperature } : {}) }
          : {}),
      };
      let parts: AsyncIterable<ChatResponse>;
      try {
        parts = await client.chat(chatRequest);
      } catch (error) {
        throw (tools.length > 0 ? toolsRefusal(error) : undefined) ?? error;
      }
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
        // Ollama parses tool calls out of the model's output itself and sends each one whole,
        // without an id, usually in a chunk of their own just before `done`. The ids made up here
        // are unique across responses: a conversation with several tool rounds may later go to a
        // provider that refuses a repeated id (Anthropic's tool_use ids).
        for (const call of part.message?.tool_calls ?? []) {
          guard.markFirstToken();
          yield { type: 'tool-call', call: readToolCall(call, `call_${responseTag}_${toolCallCount++}`, settings.model) };
        }
        if (part.done) {
          counts = readCounts(part);
          finish = toolCallCount > 0 ? 'tool-calls' : mapDoneReason(part.done_reason);
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

  return { specificationVersion: 'v2', provider: 'ollama', modelId: settings.model, stream, features: () => features };
}

function readCounts(part: ChatResponse): ReportedCounts {
  // Ollama omits prompt_eval_count when the whole prompt came from its cache; we then estimate.
  return Object.assign(
    {},
    typeof part.prompt_eval_count === 'number' ? { input: part.prompt_eval_count } : {},
    typeof part.eval_count === 'number' ? { output: part.eval_count } : {},
  );
}

function toOllamaTool(tool: ToolDefinition): Tool {
  // The package types `parameters` as a narrow subset of JSON Schema; the server takes any schema.
  const parameters = tool.inputSchema as NonNullable<Tool['function']['parameters']>;
  return { type: 'function', function: { name: tool.name, ...(tool.description !== undefined ? { description: tool.description } : {}), parameters } };
}

/**
 * One of Ollama's tool calls as the contract's: the id is made up (Ollama sends none; one sent by
 * a newer server is kept); arguments come as an object, but a string from another server is parsed.
 */
function readToolCall(call: OllamaToolCall, madeUpId: string, model: string): ToolCall {
  const { name, arguments: args } = call.function;
  const sentId: unknown = (call as { id?: unknown }).id;
  const id = typeof sentId === 'string' && sentId.length > 0 ? sentId : madeUpId;
  return { id, name, arguments: parseArguments(args as unknown, name, model) };
}

function parseArguments(args: unknown, name: string, model: string): unknown {
  if (args === undefined || args === null) return {};
  if (typeof args !== 'string') return args;
  if (args.trim() === '') return {};
  try {
    return JSON.parse(args) as unknown;
  } catch (cause) {
    throw new ModelError({ kind: 'server', message: `${model} sent tool call ${name} with arguments that are not valid JSON`, provider: 'ollama', modelId: model, cause });
  }
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
        // Ollama's tool turn has no error flag: a failed call says so in its text.
        return { role: 'tool', content: m.isError ? `Error: ${m.content}` : m.content, tool_name: m.toolName };
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
