import { argumentFragments, type ErrorBehaviour, type FakeToolCall, type FakeUsage } from './behaviours';
import { FakeProviderServer, runStream, type FakeServerOptions, type WireProtocol } from './fakeServerCore';

export interface FakeOpenAIOptions extends FakeServerOptions {
  /** What GET /v1/models lists: ids, or entries with the fields a server adds (vLLM's `max_model_len`…). */
  readonly models?: readonly (string | { readonly id: string; readonly [field: string]: unknown })[];
  /** GET /v1/models answers once this settles: a server slow to list (the test says when it may). */
  readonly modelsGate?: Promise<void>;
  /**
   * Answer `response_format: { type: 'json_schema' }` with the 400 an older llama.cpp server sends
   * (servers that know only `text` and `json_object`). The refused request still takes its turn in
   * the script, like any other chat request.
   */
  readonly refuseJsonSchema?: boolean;
  /** Answer any request with `tools` with the 400 llama.cpp sends when started without `--jinja`. */
  readonly refuseTools?: boolean;
  /**
   * Models that take no temperature but the default, as OpenAI's reasoning models (o-series, GPT-5):
   * a request with another one gets OpenAI's 400 (`unsupported_value`, param `temperature`). The
   * refused request still takes its turn in the script.
   */
  readonly defaultTemperatureOnly?: RegExp;
}

/**
 * Speaks OpenAI chat-completions: `POST …/chat/completions` (SSE `data:` chunks ending in
 * `data: [DONE]`, a usage chunk only when `stream_options.include_usage` is set, or one JSON body
 * when not streaming) and `GET …/models`. `url` + "/v1" is the SDK's baseURL.
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAIServer> {
  const server = new FakeOpenAIServer(options);
  return server.listen();
}

export class FakeOpenAIServer extends FakeProviderServer {
  constructor(options: FakeOpenAIOptions = {}) {
    super(openAIProtocol(options), options);
  }

  /** The SDK's baseURL: `${url}/v1`. */
  get baseURL(): string {
    return `${this.url}/v1`;
  }
}

function openAIProtocol(options: FakeOpenAIOptions): WireProtocol {
  const models = options.models ?? ['gpt-4o-mini', 'gpt-4o'];
  return {
    isChatRequest: (method, path) => method === 'POST' && path.split('?')[0]!.endsWith('/chat/completions'),

    handleOther(exchange) {
      const path = exchange.record.path.split('?')[0]!;
      if (exchange.req.method === 'GET' && path.endsWith('/models')) {
        const entry = (m: (typeof models)[number]) => (typeof m === 'string' ? { id: m } : m);
        const list = (): void => exchange.json(200, { object: 'list', data: models.map((m) => ({ object: 'model', created: 1_700_000_000, owned_by: 'fake', ...entry(m) })) });
        if (options.modelsGate) void options.modelsGate.then(list);
        else list();
        return true;
      }
      return false;
    },

    authFailure(exchange, expectedKey) {
      const header = exchange.req.headers.authorization ?? '';
      const presented = header.replace(/^Bearer\s+/i, '');
      // Real OpenAI echoes (a masked form of) the rejected key; echoing it whole tests our redaction.
      return presented === expectedKey ? undefined : { kind: 'auth', message: `Incorrect API key provided: ${presented}. You can find your API key at https://platform.openai.com/account/api-keys.` };
    },

    errorResponse(behaviour, exchange) {
      return openAIError(behaviour, String(exchange.body['model'] ?? 'unknown'));
    },

    async answer(exchange, plan) {
      const model = String(exchange.body['model'] ?? 'gpt-4o-mini');
      const temperature = exchange.body['temperature'];
      if (options.defaultTemperatureOnly?.test(model) && temperature !== undefined && temperature !== 1) {
        exchange.json(400, {
          error: {
            message: `Unsupported value: 'temperature' does not support ${String(temperature)} with this model. Only the default (1) value is supported.`,
            type: 'invalid_request_error',
            param: 'temperature',
            code: 'unsupported_value',
          },
        });
        return;
      }
      const refusal = refusalOf(exchange.body, options);
      if (refusal !== undefined) {
        // llama.cpp's error shape: the code inside the error object, no param.
        exchange.json(400, { error: { code: 400, message: refusal, type: 'invalid_request_error' } });
        return;
      }
      const id = `chatcmpl-fake${exchange.record.index}`;
      const created = Math.floor(Date.now() / 1000);
      const streamOptions = exchange.body['stream_options'] as { include_usage?: boolean } | undefined;
      const includeUsage = streamOptions?.include_usage === true;
      const toolCalls = plan.toolCalls ?? [];
      const finishReason = plan.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop');
      if (exchange.body['stream'] !== true) {
        if (!(await exchange.sleep(plan.headersDelayMs))) return;
        exchange.json(200, {
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [
            {
              index: 0,
              message: {
                role: 'assistant',
                content: plan.chunks.length > 0 || toolCalls.length === 0 ? plan.chunks.join('') : null,
                refusal: null,
                ...(toolCalls.length > 0
                  ? { tool_calls: toolCalls.map((call, i) => ({ id: callId(call, exchange.record.index, i), type: 'function', function: { name: call.name, arguments: call.arguments } })) }
                  : {}),
              },
              logprobs: null,
              finish_reason: finishReason,
            },
          ],
          ...(plan.usage === 'omit' ? {} : { usage: usageBody(plan.usage) }),
        });
        return;
      }
      const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake', choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`;
      await runStream(exchange, plan, {
        contentType: 'text/event-stream; charset=utf-8',
        preamble: () => [
          chunk([{ index: 0, delta: { role: 'assistant', content: plan.refusalChunks ? null : '', refusal: plan.refusalChunks ? '' : null }, logprobs: null, finish_reason: null }]),
          ...(plan.refusalChunks ?? []).map((text) => chunk([{ index: 0, delta: { refusal: text }, logprobs: null, finish_reason: null }])),
        ],
        text: (text) => chunk([{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }]),
        reasoning: (text) => chunk([{ index: 0, delta: { reasoning_content: text }, logprobs: null, finish_reason: null }]),
        // As OpenAI streams them: per call, a first delta with id and name (empty arguments), then
        // the argument text in fragments that name the call only by index; calls one after another.
        toolCalls: (calls) =>
          calls.flatMap((call, index) => [
            chunk([{ index: 0, delta: { tool_calls: [{ index, id: callId(call, exchange.record.index, index), type: 'function', function: { name: call.name, arguments: '' } }] }, logprobs: null, finish_reason: null }]),
            ...argumentFragments(call).map((fragment) => chunk([{ index: 0, delta: { tool_calls: [{ index, function: { arguments: fragment } }] }, logprobs: null, finish_reason: null }])),
          ]),
        epilogue: () => [
          chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]),
          ...(includeUsage && plan.usage !== 'omit' ? [chunk([], { usage: usageBody(plan.usage) })] : []),
          'data: [DONE]\n\n',
        ],
        malformed: () => `data: {"id":"${id}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"trunc\n\n`,
        error: (message) => `data: ${JSON.stringify({ error: { message, type: 'server_error', param: null, code: null } })}\n\n`,
      });
    },
  };
}

/** OpenAI's ids look like "call_" + 24 characters; a scripted id wins. */
function callId(call: FakeToolCall, requestIndex: number, callIndex: number): string {
  return call.id ?? `call_fake${requestIndex}x${callIndex}`;
}

function refusalOf(body: Record<string, unknown>, options: FakeOpenAIOptions): string | undefined {
  const responseFormat = body['response_format'] as { type?: unknown } | undefined;
  if (options.refuseJsonSchema && responseFormat?.type === 'json_schema') {
    return 'response_format type must be one of "text" or "json_object", but got: json_schema';
  }
  const tools = body['tools'];
  if (options.refuseTools && Array.isArray(tools) && tools.length > 0) {
    return 'tools param requires --jinja flag';
  }
  return undefined;
}

function usageBody(usage: FakeUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.input,
    completion_tokens: usage.output,
    total_tokens: usage.input + usage.output,
    prompt_tokens_details: { cached_tokens: usage.cacheRead ?? 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function openAIError(behaviour: ErrorBehaviour, model: string): { status: number; headers?: Record<string, string>; body: unknown } {
  const error = (message: string, type: string, code: string | null, param: string | null = null): unknown => ({ error: { message, type, param, code } });
  const requestId = { 'x-request-id': `req_fake${Math.floor(Math.random() * 1e9)}` };
  switch (behaviour.kind) {
    case 'rate-limit':
      return {
        status: 429,
        headers: {
          ...requestId,
          ...(behaviour.retryAfter !== undefined ? { 'retry-after': behaviour.retryAfter } : {}),
          ...(behaviour.retryAfterMs !== undefined ? { 'retry-after-ms': behaviour.retryAfterMs } : {}),
          'x-ratelimit-limit-requests': '500',
          'x-ratelimit-remaining-requests': '0',
        },
        body: error(behaviour.message ?? `Rate limit reached for ${model} on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again in 1s.`, 'requests', 'rate_limit_exceeded'),
      };
    case 'server-error': {
      const status = behaviour.status ?? 500;
      const message = behaviour.message ?? (status === 503 ? 'The engine is currently overloaded, please try again later' : 'The server had an error while processing your request. Sorry about that!');
      return { status, headers: { ...requestId, ...(behaviour.retryAfter !== undefined ? { 'retry-after': behaviour.retryAfter } : {}) }, body: error(message, 'server_error', null) };
    }
    case 'auth':
      return {
        status: behaviour.status ?? 401,
        headers: requestId,
        body: error(behaviour.message ?? 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key'),
      };
    case 'model-not-found':
      return { status: 404, headers: requestId, body: error(`The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found') };
    case 'context-length':
      return {
        status: 400,
        headers: requestId,
        body: error(
          "This model's maximum context length is 128000 tokens. However, your messages resulted in 130512 tokens. Please reduce the length of the messages.",
          'invalid_request_error',
          'context_length_exceeded',
          'messages',
        ),
      };
    case 'content-policy':
      return {
        status: 400,
        headers: requestId,
        body: error('Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.', 'invalid_request_error', 'content_policy_violation'),
      };
    case 'bad-request':
      return { status: 400, headers: requestId, body: error(behaviour.message ?? "Invalid value for 'temperature'.", 'invalid_request_error', null) };
  }
}

