import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { ModelError, type FinishReason, type LanguageModel, type ModelFeatures, type ModelRequest, type StreamOptions, type StreamPart } from './contract';
import { CallGuard } from './callGuard';
import { liftTopLevelErrors } from './compatibleErrorBody';
import { DEFAULT_FIRST_TOKEN_TIMEOUT_MS, DEFAULT_TIMEOUT_MS, type ModelSettings } from './modelSettings';
import { guardedStream, type ContentPart } from './guardedStream';
import { redactSecrets, setKeyAdvice, type NormalizeContext } from './normalizeError';
import { isJsonSchemaRefusal, isTemperatureRefusal, isToolsRefusal } from './openaiRefusals';
import { unwrapAnswer } from './objectRoot';
import { answersWrapped, buildChatParams, type OpenAIRequestSettings } from './openaiRequest';
import { ToolCallAssembler } from './openaiToolCalls';
import { oneLine } from '../../shared/oneLine';
import { buildUsage, type ReportedCounts } from './usageBuilder';

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
      defaultHeaders: Object.assign({}, settings.headers, apiKey ? {} : { Authorization: null }),
      ...(provider === 'openai-compatible'
        ? { fetch: liftTopLevelErrors(settings.fetch ?? ((input, init) => globalThis.fetch(input, init))) }
        : settings.fetch
          ? { fetch: settings.fetch }
          : {}),
    });
    return client;
  };

  // What this model's server refused, learned once per adapter (one adapter per configured model).
  let features: ModelFeatures = { tools: provider === 'openai' ? 'native' : 'unknown', structuredOutput: 'json-schema' };
  const requestSettings: OpenAIRequestSettings = {
    provider,
    model: settings.model,
    ...(settings.maxOutputTokens !== undefined ? { maxOutputTokens: settings.maxOutputTokens } : {}),
    ...(settings.temperature !== undefined ? { temperature: settings.temperature } : {}),
    ...(settings.reasoning !== undefined ? { reasoning: settings.reasoning } : {}),
  };

  // A model that takes no temperature but its default (OpenAI's reasoning models), once it said so.
  let temperatureRefused = false;
  const { temperature: _configured, ...withoutTemperature } = requestSettings;

  /**
   * Opens the stream. A compatible server that refuses `json_schema` (before any token) gets the
   * same request once more in JSON mode with the schema in the system message, and later requests
   * go there directly. OpenAI itself never falls back: there a 400 is a real error. A refusal of
   * `tools` is reported as such: retrying without the tools would answer a different question.
   * A refused temperature (the classifier asks for 0; reasoning models take only their default) is
   * left out, now and for this model's later requests: the question stays the same.
   */
  async function open(request: ModelRequest, signal: AbortSignal): Promise<AsyncIterable<ChatCompletionChunk>> {
    for (;;) {
      const mode = features.structuredOutput === 'json-object' ? 'json-object' : 'json-schema';
      const sendsTemperature = !temperatureRefused && (request.temperature ?? requestSettings.temperature) !== undefined;
      try {
        const params = temperatureRefused ? buildChatParams(withoutTemperature, withoutOwnTemperature(request), mode) : buildChatParams(requestSettings, request, mode);
        return await getClient().chat.completions.create(params, { signal, maxRetries: 0, timeout: timeoutMs });
      } catch (error) {
        if (provider === 'openai-compatible' && request.responseSchema && mode === 'json-schema' && isJsonSchemaRefusal(error)) {
          features = Object.assign({}, features, { structuredOutput: 'json-object' });
          continue;
        }
        if (sendsTemperature && isTemperatureRefusal(error)) {
          temperatureRefused = true;
          continue;
        }
        if (request.tools?.length && isToolsRefusal(error)) {
          features = Object.assign({}, features, { tools: 'unsupported' });
          throw toolsRefused(error);
        }
        throw error;
      }
    }
  }

  function toolsRefused(error: unknown): ModelError {
    const status = (error as { status?: number }).status;
    const said = redactSecrets(error instanceof Error ? error.message : String(error), context.secrets).slice(0, 300);
    return new ModelError({
      kind: 'bad-request',
      provider,
      modelId: settings.model,
      ...(status !== undefined ? { status } : {}),
      message: `Model "${settings.model}" does not support tool calls: ${provider === 'openai' ? 'OpenAI' : `the server at ${baseURL}`} refused the request's tools. Route tool work to a model that supports them${provider === 'openai' ? '' : ', or enable tool calling on the server'}. Provider said: ${said}`,
      detail: said,
    });
  }

  async function* stream(request: ModelRequest, options?: StreamOptions): AsyncGenerator<StreamPart> {
    if (!apiKey && provider === 'openai') {
      throw new ModelError({
        kind: 'auth',
        provider,
        modelId: settings.model,
        message: `No API key is set for model "${settings.model}". ${setKeyAdvice(provider, baseURL)}`,
      });
    }
    const guard = new CallGuard({ signal: options?.signal, timeoutMs, firstTokenTimeoutMs });
    let counts: ReportedCounts = {};
    let finish: FinishReason | undefined;
    async function* read(): AsyncGenerator<ContentPart> {
      const chunks = await open(request, guard.signal);
      const toolCalls = new ToolCallAssembler();
      // The text and reasoning generated, for the usage of a call that fails on its tool-call
      // arguments (with the calls' own text, which the assembler holds).
      let generated = '';
      let invalidCall: string | undefined;
      // A wrapped answer ({ value: … }) is held back and unwrapped whole at the end.
      const wrapped = answersWrapped(request);
      let held = '';
      // The model declined (structured outputs): the API says so in `refusal`, not in the text.
      let refusal = '';
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
            generated += reasoning;
            yield { type: 'reasoning-delta', text: reasoning };
          }
          const declined = choice.delta?.refusal;
          if (typeof declined === 'string' && declined.length > 0) {
            guard.markFirstToken();
            refusal += declined;
          }
          const delta = choice.delta?.content;
          if (typeof delta === 'string' && delta.length > 0) {
            guard.markFirstToken();
            generated += delta;
            if (wrapped) held += delta;
            else yield { type: 'text-delta', text: delta };
          }
          const callDeltas = choice.delta?.tool_calls;
          if (callDeltas?.length) {
            // A tool call is output: its first fragment ends the wait for a first token.
            guard.markFirstToken();
            toolCalls.add(callDeltas);
          }
          if (choice.finish_reason) {
            finish = mapFinishReason(choice.finish_reason);
            if (toolCalls.size === 0) {
              continue;
            }
            const assembled = toolCalls.complete();
            if (!assembled.ok) {
              // Read on to the usage chunk, so the failed call still records what it cost.
              invalidCall = assembled.name;
              continue;
            }
            // Some compatible servers (llama.cpp, Ollama) end a tool-calling turn with "stop".
            if (finish === 'stop') {
              finish = 'tool-calls';
            }
            features = Object.assign({}, features, { tools: 'native' });
            for (const call of assembled.calls) {
              yield { type: 'tool-call', call };
            }
          }
        }
      }
      if (refusal !== '' && !guard.signal.aborted) {
        throw new ModelError({
          kind: 'content-policy',
          provider,
          modelId: settings.model,
          message: `Model "${settings.model}" declined to answer: ${oneLine(refusal, 300)} Rephrase the request or use another model.`,
          usage: buildUsage(counts, request, refusal),
        });
      }
      if (held !== '') yield { type: 'text-delta', text: unwrapAnswer(held) };
      if (invalidCall !== undefined && !guard.signal.aborted) {
        throw new ModelError({
          kind: 'server',
          provider,
          modelId: settings.model,
          message: `Model "${settings.model}" sent tool call ${invalidCall} with arguments that are not valid JSON. Try again or use another model.`,
          usage: buildUsage(counts, request, generated + toolCalls.text()),
        });
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
    features: () => features,
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

/** The request without a temperature of its own. */
function withoutOwnTemperature(request: ModelRequest): ModelRequest {
  const { temperature: _asked, ...rest } = request;
  return rest;
}
