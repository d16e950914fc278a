import { argumentFragments, type ErrorBehaviour, type FakeToolCall, type FakeUsage } from './behaviours';
import { FakeProviderServer, runStream, type FakeServerOptions, type WireProtocol } from './fakeServerCore';

/**
 * Speaks the Anthropic Messages API: `POST /v1/messages` streaming SSE events (message_start,
 * content_block_start, ping, content_block_delta, content_block_stop, message_delta, message_stop;
 * `error` events mid-stream), or one JSON message when not streaming. Content blocks come in the
 * API's order: thinking, text, then one `tool_use` block per tool call, its input streamed as
 * `input_json_delta` fragments. `url` is the SDK's baseURL.
 */
export async function startFakeAnthropic(options: FakeServerOptions = {}): Promise<FakeAnthropicServer> {
  return new FakeAnthropicServer(options).listen();
}

export class FakeAnthropicServer extends FakeProviderServer {
  constructor(options: FakeServerOptions = {}) {
    super(anthropicProtocol(), options);
  }

  /** The SDK's baseURL (the SDK appends /v1/messages). */
  get baseURL(): string {
    return this.url;
  }
}

const STOP_REASONS: Readonly<Record<string, string>> = { stop: 'end_turn', length: 'max_tokens' };

function anthropicProtocol(): WireProtocol {
  return {
    isChatRequest: (method, path) => method === 'POST' && path.split('?')[0] === '/v1/messages',

    handleOther: () => false,

    authFailure(exchange, expectedKey) {
      // The SDK sends the key as x-api-key or, in newer versions, as a bearer token.
      const presented = String(exchange.req.headers['x-api-key'] ?? exchange.req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      return presented === expectedKey ? undefined : { kind: 'auth', message: `invalid x-api-key: ${presented}` };
    },

    requestProblem(exchange) {
      // As the Messages API: every tool's input_schema must be an object at its root.
      const tools = Array.isArray(exchange.body['tools']) ? (exchange.body['tools'] as { input_schema?: { type?: unknown } }[]) : [];
      const bad = tools.findIndex((t) => t.input_schema?.type !== 'object');
      if (bad >= 0) return { kind: 'bad-request', message: `tools.${bad}.custom.input_schema.type: Input should be 'object'` };
      // API version 2026-10-21 (what the SDK sends) removed the sampling parameters, defaults included.
      if (exchange.req.headers['anthropic-version'] === '2026-10-21') {
        const sampling = ['temperature', 'top_p', 'top_k'].find((k) => k in exchange.body);
        if (sampling) return { kind: 'bad-request', message: `${sampling}: Extra inputs are not permitted` };
      }
      return thinkingProblem(exchange.body);
    },

    errorResponse(behaviour, exchange) {
      return anthropicError(behaviour, String(exchange.body['model'] ?? 'unknown'));
    },

    async answer(exchange, plan) {
      const model = String(exchange.body['model'] ?? 'claude-sonnet-4-6');
      const id = `msg_fake${exchange.record.index}`;
      const calls = plan.toolCalls ?? [];
      const stopReason = plan.finishReason ? (STOP_REASONS[plan.finishReason] ?? plan.finishReason) : calls.length > 0 ? 'tool_use' : 'end_turn';
      const usage = plan.usage === 'omit' ? undefined : plan.usage;
      if (exchange.body['stream'] !== true) {
        if (!(await exchange.sleep(plan.headersDelayMs))) return;
        exchange.json(200, {
          id,
          type: 'message',
          role: 'assistant',
          model,
          content: [
            ...(plan.chunks.length > 0 || calls.length === 0 ? [{ type: 'text', text: plan.chunks.join('') }] : []),
            ...calls.map((call, i) => ({ type: 'tool_use', id: toolUseId(exchange.record.index, i, call), name: call.name, input: wholeInput(call) })),
          ],
          stop_reason: stopReason,
          stop_sequence: null,
          usage: startUsage(usage, usage?.output ?? 0),
        });
        return;
      }
      const event = (name: string, data: unknown): string => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
      const textIndex = plan.reasoningChunks?.length ? 1 : 0;
      // The block still open when the text (or thinking) ends; tool_use blocks follow it.
      const lastIndex = plan.chunks.length > 0 ? textIndex : plan.reasoningChunks?.length ? 0 : -1;
      const stopLast = (): string[] => (lastIndex >= 0 ? [event('content_block_stop', { type: 'content_block_stop', index: lastIndex })] : []);
      await runStream(exchange, plan, {
        contentType: 'text/event-stream; charset=utf-8',
        preamble: () => [
          event('message_start', {
            type: 'message_start',
            // usage 'omit' imitates Anthropic-compatible proxies that leave usage out.
            message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, ...(usage ? { usage: startUsage(usage, 1) } : {}) },
          }),
          event('ping', { type: 'ping' }),
        ],
        // A thinking block, when there is reasoning, comes first; the text block follows it.
        reasoning: (text, i) =>
          (i === 0 ? event('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }) : '') +
          event('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: text } }),
        text: (text, i) =>
          (i === 0
            ? (textIndex > 0 ? event('content_block_stop', { type: 'content_block_stop', index: 0 }) : '') +
              event('content_block_start', { type: 'content_block_start', index: textIndex, content_block: { type: 'text', text: '' } })
            : '') + event('content_block_delta', { type: 'content_block_delta', index: textIndex, delta: { type: 'text_delta', text } }),
        toolCalls: (toolCalls) => [
          ...stopLast(),
          ...toolCalls.flatMap((call, i) => {
            const index = lastIndex + 1 + i;
            return [
              event('content_block_start', {
                type: 'content_block_start',
                index,
                content_block: { type: 'tool_use', id: toolUseId(exchange.record.index, i, call), name: call.name, input: {} },
              }),
              ...argumentFragments(call).map((partial_json) =>
                event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json } }),
              ),
              event('content_block_stop', { type: 'content_block_stop', index }),
            ];
          }),
        ],
        epilogue: () => [
          ...(calls.length > 0 ? [] : stopLast()),
          event('message_delta', {
            type: 'message_delta',
            delta: { stop_reason: stopReason, stop_sequence: null },
            ...(usage ? { usage: { output_tokens: usage.output } } : {}),
          }),
          event('message_stop', { type: 'message_stop' }),
        ],
        malformed: () => `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_del\n\n`,
        error: (message, errorType) => event('error', { type: 'error', error: { type: errorType ?? 'overloaded_error', message } }),
      });
    },
  };
}

/** Ids in the API's shape (toolu_…), unique per request and call. */
function toolUseId(requestIndex: number, callIndex: number, call: FakeToolCall): string {
  return call.id ?? `toolu_01Fake${String(requestIndex).padStart(6, '0')}x${String(callIndex).padStart(5, '0')}`;
}

/** The non-streaming API sends a tool's input as an object; invalid scripted JSON becomes `{}`. */
function wholeInput(call: FakeToolCall): unknown {
  try {
    return call.arguments.trim() === '' ? {} : (JSON.parse(call.arguments) as unknown);
  } catch {
    return {};
  }
}

/** Anthropic's input_tokens excludes cache reads and writes; the fake's FakeUsage.input is the total. */
function startUsage(usage: FakeUsage | undefined, output: number): Record<string, unknown> {
  if (!usage) {
    return { input_tokens: 0, output_tokens: 0 };
  }
  const cacheRead = usage.cacheRead ?? 0;
  const cacheWrite = usage.cacheWrite ?? 0;
  return {
    input_tokens: Math.max(0, usage.input - cacheRead - cacheWrite),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    output_tokens: output,
    service_tier: 'standard',
  };
}

function anthropicError(behaviour: ErrorBehaviour, model: string): { status: number; headers?: Record<string, string>; body: unknown } {
  const requestId = `req_fake${Math.floor(Math.random() * 1e9)}`;
  const error = (type: string, message: string): unknown => ({ type: 'error', error: { type, message }, request_id: requestId });
  const headers = { 'request-id': requestId };
  switch (behaviour.kind) {
    case 'rate-limit':
      return {
        status: 429,
        headers: {
          ...headers,
          ...(behaviour.retryAfter !== undefined ? { 'retry-after': behaviour.retryAfter } : {}),
          ...(behaviour.retryAfterMs !== undefined ? { 'retry-after-ms': behaviour.retryAfterMs } : {}),
        },
        body: error('rate_limit_error', behaviour.message ?? 'This request would exceed the rate limit for your organization of 50 requests per minute.'),
      };
    case 'server-error': {
      const status = behaviour.status ?? 500;
      return {
        status,
        headers: { ...headers, ...(behaviour.retryAfter !== undefined ? { 'retry-after': behaviour.retryAfter } : {}) },
        body: status === 529 ? error('overloaded_error', behaviour.message ?? 'Overloaded') : error('api_error', behaviour.message ?? 'Internal server error'),
      };
    }
    case 'auth':
      return behaviour.status === 403
        ? { status: 403, headers, body: error('permission_error', behaviour.message ?? 'Your API key does not have permission to use the specified resource.') }
        : { status: 401, headers, body: error('authentication_error', behaviour.message ?? 'invalid x-api-key') };
    case 'model-not-found':
      return { status: 404, headers, body: error('not_found_error', `model: ${model}`) };
    case 'context-length':
      return { status: 400, headers, body: error('invalid_request_error', 'prompt is too long: 208310 tokens > 200000 maximum') };
    case 'content-policy':
      return { status: 400, headers, body: error('invalid_request_error', 'Output blocked by content filtering policy') };
    case 'bad-request':
      return { status: 400, headers, body: error('invalid_request_error', behaviour.message ?? 'max_tokens: Field required') };
  }
}

/** What the Messages API refuses about extended and adaptive thinking, in its words. */
function thinkingProblem(body: Record<string, unknown>): { kind: 'bad-request'; message: string } | undefined {
  const thinking = body['thinking'] as { type?: string; budget_tokens?: number } | undefined;
  if (!thinking || thinking.type === 'disabled') return undefined;
  const temperature = body['temperature'];
  if (temperature !== undefined && temperature !== 1) return { kind: 'bad-request', message: '`temperature` may only be set to 1 when thinking is enabled or in adaptive mode.' };
  const choice = (body['tool_choice'] as { type?: string } | undefined)?.type;
  if (choice === 'any' || choice === 'tool') return { kind: 'bad-request', message: 'Thinking may not be enabled when tool_choice forces tool use.' };
  if (thinking.type === 'enabled') {
    const budget = thinking.budget_tokens ?? 0;
    if (budget < 1024) return { kind: 'bad-request', message: 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024' };
    if (budget >= Number(body['max_tokens'] ?? 0)) return { kind: 'bad-request', message: '`max_tokens` must be greater than `thinking.budget_tokens`.' };
  }
  return undefined;
}
