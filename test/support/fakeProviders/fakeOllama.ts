import type { ErrorBehaviour, FakeToolCall } from './behaviours';
import { FakeProviderServer, runStream, type FakeServerOptions, type WireProtocol } from './fakeServerCore';

export interface FakeOllamaModel {
  readonly name: string;
  readonly family?: string;
  readonly parameterSize?: string;
  readonly contextLength?: number;
}

export interface FakeOllamaOptions extends FakeServerOptions {
  /** Listed by /api/tags and described by /api/show. */
  readonly models?: readonly FakeOllamaModel[];
  /**
   * The model has no tool support (llama2, gemma2…): a chat request with `tools` gets Ollama's 400
   * "… does not support tools", whatever the script says. The refused request still takes its turn.
   */
  readonly refuseTools?: boolean;
}

/**
 * Speaks Ollama's API: `POST /api/chat` (NDJSON lines ending with a `done: true` line carrying
 * prompt_eval_count/eval_count, or one JSON body with `stream: false`), `GET /api/tags`,
 * `POST /api/show`, `GET /api/version`. `url` is the SDK's host.
 */
export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllamaServer> {
  return new FakeOllamaServer(options).listen();
}

export class FakeOllamaServer extends FakeProviderServer {
  constructor(options: FakeOllamaOptions = {}) {
    super(ollamaProtocol(options.models ?? [{ name: 'llama3.2:latest', family: 'llama', parameterSize: '3.2B', contextLength: 131072 }], options), options);
  }

  get baseURL(): string {
    return this.url;
  }
}

function ollamaProtocol(models: readonly FakeOllamaModel[], options: FakeOllamaOptions): WireProtocol {
  return {
    isChatRequest: (method, path) => method === 'POST' && path.split('?')[0] === '/api/chat',

    handleOther(exchange) {
      const path = exchange.record.path.split('?')[0];
      const method = exchange.req.method;
      if (method === 'GET' && path === '/api/tags') {
        exchange.json(200, {
          models: models.map((m, i) => ({
            name: m.name,
            model: m.name,
            modified_at: '2026-01-01T00:00:00Z',
            size: 2_000_000_000 + i,
            digest: `sha256:${String(i).padStart(64, '0')}`,
            details: { parent_model: '', format: 'gguf', family: m.family ?? 'llama', families: [m.family ?? 'llama'], parameter_size: m.parameterSize ?? '7B', quantization_level: 'Q4_K_M' },
          })),
        });
        return true;
      }
      if (method === 'POST' && path === '/api/show') {
        const name = String(exchange.body['model'] ?? exchange.body['name'] ?? '');
        const model = models.find((m) => m.name === name || m.name === `${name}:latest`);
        if (!model) {
          exchange.json(404, { error: `model '${name}' not found` });
          return true;
        }
        const family = model.family ?? 'llama';
        exchange.json(200, {
          license: 'fake',
          modelfile: `FROM ${model.name}`,
          parameters: 'stop "<|eot_id|>"',
          template: '{{ .Prompt }}',
          details: { parent_model: '', format: 'gguf', family, families: [family], parameter_size: model.parameterSize ?? '7B', quantization_level: 'Q4_K_M' },
          model_info: { 'general.architecture': family, ...(model.contextLength ? { [`${family}.context_length`]: model.contextLength } : {}) },
          capabilities: ['completion'],
          modified_at: '2026-01-01T00:00:00Z',
        });
        return true;
      }
      if (method === 'GET' && path === '/api/version') {
        exchange.json(200, { version: '0.12.0' });
        return true;
      }
      if (method === 'GET' && path === '/') {
        exchange.res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        exchange.res.end('Ollama is running');
        return true;
      }
      return false;
    },

    authFailure(exchange, expectedKey) {
      const presented = String(exchange.req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      return presented === expectedKey ? undefined : { kind: 'auth', message: 'unauthorized' };
    },

    errorResponse(behaviour, exchange) {
      return ollamaError(behaviour, String(exchange.body['model'] ?? 'unknown'));
    },

    async answer(exchange, plan) {
      const model = String(exchange.body['model'] ?? 'llama3.2');
      const tools = exchange.body['tools'];
      if (options.refuseTools && Array.isArray(tools) && tools.length > 0) {
        // Ollama's words for a model whose template has no tools (server/routes.go).
        exchange.json(400, { error: `registry.ollama.ai/library/${model} does not support tools` });
        return;
      }
      const line = (message: string, extra: Record<string, unknown> = {}): string =>
        `${JSON.stringify({ model, created_at: new Date().toISOString(), message: { role: 'assistant', content: message }, done: false, ...extra })}\n`;
      const doneExtra = (): Record<string, unknown> => ({
        done: true,
        done_reason: plan.finishReason ?? 'stop',
        total_duration: 1_000_000,
        load_duration: 100_000,
        ...(plan.usage === 'omit' ? {} : { prompt_eval_count: plan.usage.input, prompt_eval_duration: 200_000, eval_count: plan.usage.output, eval_duration: 700_000 }),
      });
      const toolCallsLine = (calls: readonly FakeToolCall[]): string =>
        `${JSON.stringify({ model, created_at: new Date().toISOString(), message: { role: 'assistant', content: '', tool_calls: calls.map(ollamaToolCall) }, done: false })}\n`;
      if (exchange.body['stream'] === false) {
        if (!(await exchange.sleep(plan.headersDelayMs))) return;
        const body = JSON.parse(line(plan.chunks.join(''), doneExtra())) as { message: Record<string, unknown> };
        if (plan.toolCalls?.length) body.message['tool_calls'] = plan.toolCalls.map(ollamaToolCall);
        exchange.json(200, body);
        return;
      }
      await runStream(exchange, plan, {
        contentType: 'application/x-ndjson',
        preamble: () => [],
        text: (text) => line(text),
        // Ollama parses the model's calls itself and sends them whole, in one chunk before `done`.
        toolCalls: (calls) => [toolCallsLine(calls)],
        reasoning: (text) => `${JSON.stringify({ model, created_at: new Date().toISOString(), message: { role: 'assistant', content: '', thinking: text }, done: false })}\n`,
        epilogue: () => [line('', doneExtra())],
        malformed: () => `{"model":"${model}","message":{"role":"assistant","content":"trunc\n`,
        error: (message) => `${JSON.stringify({ error: message })}\n`,
      });
    },
  };
}

/**
 * A call as Ollama sends it: no id, arguments as an object. Argument text that is not valid JSON
 * (scripted on purpose) goes out as a string, as a misbehaving server might send it.
 */
function ollamaToolCall(call: FakeToolCall): { function: { name: string; arguments: unknown } } {
  let args: unknown;
  try {
    args = JSON.parse(call.arguments);
  } catch {
    args = call.arguments;
  }
  return { function: { name: call.name, arguments: args } };
}

function ollamaError(behaviour: ErrorBehaviour, model: string): { status: number; headers?: Record<string, string>; body: unknown } {
  switch (behaviour.kind) {
    case 'rate-limit':
      // Ollama itself does not rate-limit; a proxy in front of it (or ollama.com) does.
      return {
        status: 429,
        headers: {
          ...(behaviour.retryAfter !== undefined ? { 'retry-after': behaviour.retryAfter } : {}),
          ...(behaviour.retryAfterMs !== undefined ? { 'retry-after-ms': behaviour.retryAfterMs } : {}),
        },
        body: { error: behaviour.message ?? 'too many requests' },
      };
    case 'server-error':
      return {
        status: behaviour.status ?? 500,
        ...(behaviour.retryAfter !== undefined ? { headers: { 'retry-after': behaviour.retryAfter } } : {}),
        body: { error: behaviour.message ?? 'llama runner process has terminated: exit status 2' },
      };
    case 'auth':
      return { status: behaviour.status ?? 401, body: { error: behaviour.message ?? 'unauthorized' } };
    case 'model-not-found':
      return { status: 404, body: { error: `model "${model}" not found, try pulling it first` } };
    case 'context-length':
      return { status: 400, body: { error: 'the input length exceeds the context length' } };
    case 'content-policy':
      return { status: 400, body: { error: 'content policy violation: request blocked' } };
    case 'bad-request':
      return { status: 400, body: { error: behaviour.message ?? 'invalid options' } };
  }
}
