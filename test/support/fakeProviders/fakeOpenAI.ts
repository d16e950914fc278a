import type { ErrorBehaviour, FakeUsage } from './behaviours';
import { FakeProviderServer, runStream, type FakeServerOptions, type WireProtocol } from './fakeServerCore';

export interface FakeOpenAIOptions extends FakeServerOptions {
  /** Ids listed by GET /v1/models. */
  readonly models?: readonly string[];
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
    super(openAIProtocol(options.models ?? ['gpt-4o-mini', 'gpt-4o']), options);
  }

  /** The SDK's baseURL: `${url}/v1`. */
  get baseURL(): string {
    return `${this.url}/v1`;
  }
}

function openAIProtocol(models: readonly string[]): WireProtocol {
  return {
    isChatRequest: (method, path) => method === 'POST' && path.split('?')[0]!.endsWith('/chat/completions'),

    handleOther(exchange) {
      const path = exchange.record.path.split('?')[0]!;
      if (exchange.req.method === 'GET' && path.endsWith('/models')) {
        exchange.json(200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'fake' })) });
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
      const id = `chatcmpl-fake${exchange.record.index}`;
      const created = Math.floor(Date.now() / 1000);
      const streamOptions = exchange.body['stream_options'] as { include_usage?: boolean } | undefined;
      const includeUsage = streamOptions?.include_usage === true;
      const finishReason = plan.finishReason ?? 'stop';
      if (exchange.body['stream'] !== true) {
        if (!(await exchange.sleep(plan.headersDelayMs))) return;
        exchange.json(200, {
          id,
          object: 'chat.completion',
          created,
          model,
          choices: [{ index: 0, message: { role: 'assistant', content: plan.chunks.join(''), refusal: null }, logprobs: null, finish_reason: finishReason }],
          ...(plan.usage === 'omit' ? {} : { usage: usageBody(plan.usage) }),
        });
        return;
      }
      const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
        `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake', choices, ...(includeUsage ? { usage: null } : {}), ...extra })}\n\n`;
      await runStream(exchange, plan, {
        contentType: 'text/event-stream; charset=utf-8',
        preamble: () => [chunk([{ index: 0, delta: { role: 'assistant', content: '', refusal: null }, logprobs: null, finish_reason: null }])],
        text: (text) => chunk([{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }]),
        reasoning: (text) => chunk([{ index: 0, delta: { reasoning_content: text }, logprobs: null, finish_reason: null }]),
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

