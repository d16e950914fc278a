import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { isErrorBehaviour, type ErrorBehaviour, type FakeBehaviour, type FakeToolCall, type FakeUsage, type StreamPlan } from './behaviours';

/** How a recorded exchange ended. */
export type ExchangeEnd = 'completed' | 'client-closed' | 'server-destroyed';

export interface RecordedRequest {
  readonly index: number;
  readonly method: string;
  /** Path with query string, e.g. "/v1/chat/completions". */
  readonly path: string;
  /** Lower-cased header names, as Node gives them (authorization, x-api-key, …). */
  readonly headers: IncomingHttpHeaders;
  /** The JSON body, or undefined when there was none or it was not JSON. */
  readonly body: unknown;
  readonly rawBody: string;
  /** Which TCP connection carried the request (1, 2, …): equal ids mean keep-alive reuse. */
  readonly connectionId: number;
  /** The behaviour the server applied (chat requests only). */
  readonly behaviour: FakeBehaviour | undefined;
  /** Resolves when the exchange ends; 'client-closed' means the client hung up first. */
  readonly ended: Promise<ExchangeEnd>;
  /** Set once ended. */
  readonly end: ExchangeEnd | undefined;
}

export type BehaviourSource = (request: RecordedRequest, chatIndex: number) => FakeBehaviour;

/** One response in the making, handed to a wire protocol. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly record: RecordedRequest;
  readonly body: Record<string, unknown>;
  /** Resolves after `ms`, or at once when the client hung up; returns whether it is still open. */
  sleep(ms: number | undefined): Promise<boolean>;
  isOpen(): boolean;
  /** Destroys the socket (a dropped connection as the client sees it). */
  destroy(): void;
  write(text: string): boolean;
  json(status: number, body: unknown, headers?: Readonly<Record<string, string>>): void;
}

/** What one wire protocol contributes: its routes, its stream framing and its error bodies. */
export interface WireProtocol {
  isChatRequest(method: string, path: string): boolean;
  /** Non-chat endpoints (model lists…). Returns false when the path is unknown. */
  handleOther(exchange: Exchange): boolean;
  /** The status, headers and body the real service sends for this failure. */
  errorResponse(behaviour: ErrorBehaviour, exchange: Exchange): { status: number; headers?: Record<string, string>; body: unknown };
  /** A complete answer, streaming or not as the request asked. */
  answer(exchange: Exchange, plan: StreamPlan): Promise<void>;
  /** Optional key check: returns an auth failure when the request carries the wrong key. */
  authFailure?(exchange: Exchange, expectedKey: string): ErrorBehaviour | undefined;
  /** Optional: a request the real service refuses whatever the script says, with the refusal it sends. */
  requestProblem?(exchange: Exchange): ErrorBehaviour | undefined;
}

export interface FakeServerOptions {
  /** When set, a request with another key gets the provider's 401. */
  readonly expectedApiKey?: string;
  /** Port to listen on; 0 (any free port) by default. */
  readonly port?: number;
  /**
   * IPv4 address to listen on, 127.0.0.1 by default: another of this machine's addresses stands for
   * a server elsewhere on the network (not loopback, so Switchboard asks for its key).
   */
  readonly host?: string;
  /**
   * false: keeps no request in `requests` (a benchmark's tens of thousands of recorded bodies grow
   * the heap, and every garbage collection of both sides measured slows with it). Nothing waits on
   * requests then (`waitForChatRequests` needs them).
   */
  readonly record?: boolean;
}

/** Pause between the last chunk and a dropped connection. */
const DROP_DELAY_MS = 30;

export const DEFAULT_TEXT: FakeBehaviour = { kind: 'text', chunks: ['Hello', ' from', ' the fake server.'] };

/**
 * A local HTTP server on 127.0.0.1 that records every request and answers chat requests from a
 * script: queued behaviours first, then a handler function, then a default answer. Plain Node, no
 * test framework, so integration tests and benchmarks can use it too.
 */
export class FakeProviderServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: FakeBehaviour[] = [];
  private handler: BehaviourSource | undefined;
  private fallback: FakeBehaviour = DEFAULT_TEXT;
  private readonly sockets = new Set<Socket>();
  private readonly connectionIds = new WeakMap<Socket, number>();
  private readonly server: Server;
  private chatCount = 0;
  private connectionCount = 0;
  private baseUrl = '';
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(
    private readonly protocol: WireProtocol,
    private readonly options: FakeServerOptions = {},
  ) {
    this.server = createServer((req, res) => {
      // A client that hangs up while sending its body must not crash the test process.
      this.handle(req, res).catch(() => res.destroy());
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      this.connectionIds.set(socket, ++this.connectionCount);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
    return this;
  }

  /** e.g. "http://127.0.0.1:41234" (no trailing slash, no /v1; the `host` when one is set). */
  get url(): string {
    return this.baseUrl;
  }

  /** Requests to the chat endpoint only. */
  get chatRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.behaviour !== undefined);
  }

  /** Behaviours for the next chat requests, in order. */
  enqueue(...behaviours: FakeBehaviour[]): this {
    this.queue.push(...behaviours);
    return this;
  }

  /** Decides each chat request once the queue is empty. */
  setHandler(handler: BehaviourSource | undefined): this {
    this.handler = handler;
    return this;
  }

  /** The answer when neither queue nor handler decides. */
  setDefault(behaviour: FakeBehaviour): this {
    this.fallback = behaviour;
    return this;
  }

  private keep(record: RecordedRequest): void {
    if (this.options.record !== false) this.requests.push(record);
  }

  /** Forgets recorded requests; the script stays (a benchmark that reads only the latest ones). */
  forgetRequests(): this {
    this.requests.length = 0;
    return this;
  }

  /** Forgets recorded requests and scripted behaviours. */
  reset(): this {
    this.forgetRequests();
    this.queue.length = 0;
    this.handler = undefined;
    this.fallback = DEFAULT_TEXT;
    this.chatCount = 0;
    return this;
  }

  /** Resolves once at least `count` chat requests have arrived. */
  waitForChatRequests(count: number): Promise<void> {
    if (this.chatRequests.length >= count) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) {
      socket.destroy();
    }
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const isChat = this.protocol.isChatRequest(method, path);
    let end: ExchangeEnd | undefined;
    let serverDestroyed = false;
    let resolveEnded: (end: ExchangeEnd) => void = () => undefined;
    const ended = new Promise<ExchangeEnd>((resolve) => (resolveEnded = resolve));
    const record: { -readonly [K in keyof RecordedRequest]: RecordedRequest[K] } = {
      index: this.requests.length,
      method,
      path,
      headers: req.headers,
      body,
      rawBody,
      connectionId: this.connectionIds.get(req.socket) ?? 0,
      behaviour: undefined,
      ended,
      end: undefined,
    };
    const finish = (how: ExchangeEnd): void => {
      if (end === undefined) {
        end = how;
        record.end = how;
        resolveEnded(how);
      }
    };
    res.on('finish', () => finish('completed'));
    res.on('close', () => finish(serverDestroyed ? 'server-destroyed' : res.writableFinished ? 'completed' : 'client-closed'));

    const sleepers = new Set<() => void>();
    res.on('close', () => sleepers.forEach((wake) => wake()));
    const isOpen = (): boolean => !res.destroyed && !res.writableEnded;
    const exchange: Exchange = {
      req,
      res,
      record,
      body: typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {},
      isOpen,
      sleep: (ms) =>
        new Promise<boolean>((resolve) => {
          if (!ms || ms <= 0 || !isOpen()) {
            resolve(isOpen());
            return;
          }
          const wake = (): void => {
            clearTimeout(timer);
            sleepers.delete(wake);
            resolve(isOpen());
          };
          const timer = setTimeout(wake, ms);
          sleepers.add(wake);
        }),
      destroy: () => {
        serverDestroyed = true;
        res.socket?.destroy();
        res.destroy();
      },
      write: (text) => (isOpen() ? res.write(text) : false),
      json: (status, payload, headers = {}) => {
        if (!isOpen()) return;
        const text = JSON.stringify(payload);
        res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
        res.end(text);
      },
    };

    if (isChat) {
      const behaviour = this.nextBehaviour(record);
      record.behaviour = behaviour;
      this.keep(record);
      this.wakeWaiters();
      await this.respond(exchange, behaviour);
      return;
    }
    this.keep(record);
    // A model list behind a key refuses a missing or wrong one, as the real services do.
    const refused = this.options.expectedApiKey !== undefined ? this.protocol.authFailure?.(exchange, this.options.expectedApiKey) : undefined;
    if (refused) {
      const { status, headers, body } = this.protocol.errorResponse(refused, exchange);
      exchange.json(status, body, headers);
      return;
    }
    if (!this.protocol.handleOther(exchange)) {
      exchange.json(404, { error: { message: `fake server: no route for ${method} ${path}` } });
    }
  }

  private nextBehaviour(record: RecordedRequest): FakeBehaviour {
    const chatIndex = this.chatCount++;
    return this.queue.shift() ?? this.handler?.(record, chatIndex) ?? this.fallback;
  }

  private wakeWaiters(): void {
    const count = this.chatRequests.length;
    const ready = this.waiters.filter((w) => w.count <= count);
    this.waiters = this.waiters.filter((w) => w.count > count);
    ready.forEach((w) => w.resolve());
  }

  private async respond(exchange: Exchange, scripted: FakeBehaviour): Promise<void> {
    let behaviour = scripted;
    if (this.options.expectedApiKey !== undefined) {
      behaviour = this.protocol.authFailure?.(exchange, this.options.expectedApiKey) ?? behaviour;
    }
    if (!isErrorBehaviour(behaviour)) behaviour = this.protocol.requestProblem?.(exchange) ?? behaviour;
    try {
      if (isErrorBehaviour(behaviour)) {
        const { status, headers, body } = this.protocol.errorResponse(behaviour, exchange);
        exchange.json(status, body, headers);
        return;
      }
      switch (behaviour.kind) {
        case 'destroy-before-headers':
          exchange.destroy();
          return;
        case 'raw':
          exchange.res.writeHead(behaviour.status, { ...behaviour.headers });
          exchange.res.end(behaviour.body);
          return;
        default:
          await this.protocol.answer(exchange, toPlan(behaviour, exchange.body));
      }
    } catch (error) {
      // A bug in the fake must not look like a provider answer.
      exchange.destroy();
      console.error('fake provider server failed:', error);
    }
  }
}

function toPlan(behaviour: Exclude<FakeBehaviour, ErrorBehaviour | { kind: 'raw' | 'destroy-before-headers' }>, body: Record<string, unknown>): StreamPlan {
  switch (behaviour.kind) {
    case 'text':
      return {
        ...timing(behaviour),
        chunks: behaviour.chunks,
        ...(behaviour.reasoningChunks ? { reasoningChunks: behaviour.reasoningChunks } : {}),
        ...(behaviour.refusalChunks ? { refusalChunks: behaviour.refusalChunks } : {}),
        ...(behaviour.afterReasoningDelayMs !== undefined ? { afterReasoningDelayMs: behaviour.afterReasoningDelayMs } : {}),
        ...(behaviour.toolCalls ? { toolCalls: behaviour.toolCalls } : {}),
        usage: behaviour.usage ?? deriveUsage(body, behaviour.chunks),
        finishReason: behaviour.finishReason,
      };
    case 'hang':
      return { chunks: [], usage: 'omit', finishReason: undefined, interruption: { afterChunks: 0, type: 'hang' } };
    case 'drop-mid-stream':
    case 'malformed-chunk':
    case 'stream-error':
      return {
        ...timing(behaviour),
        chunks: behaviour.chunks,
        usage: deriveUsage(body, behaviour.chunks),
        finishReason: undefined,
        interruption: {
          afterChunks: behaviour.afterChunks,
          type: behaviour.kind === 'drop-mid-stream' ? 'drop' : behaviour.kind === 'malformed-chunk' ? 'malformed' : 'error',
          ...(behaviour.kind === 'stream-error' && behaviour.message ? { message: behaviour.message } : {}),
          ...(behaviour.kind === 'stream-error' && behaviour.errorType ? { errorType: behaviour.errorType } : {}),
        },
      };
  }
}

function timing(t: { headersDelayMs?: number; firstChunkDelayMs?: number; chunkDelayMs?: number }): {
  headersDelayMs?: number;
  firstChunkDelayMs?: number;
  chunkDelayMs?: number;
} {
  return {
    ...(t.headersDelayMs !== undefined ? { headersDelayMs: t.headersDelayMs } : {}),
    ...(t.firstChunkDelayMs !== undefined ? { firstChunkDelayMs: t.firstChunkDelayMs } : {}),
    ...(t.chunkDelayMs !== undefined ? { chunkDelayMs: t.chunkDelayMs } : {}),
  };
}

/** A plausible usage when the script gives none: ~4 characters per prompt token, one per chunk. */
export function deriveUsage(body: Record<string, unknown>, chunks: readonly string[]): FakeUsage {
  const prompt = JSON.stringify(body['messages'] ?? '') + (typeof body['system'] === 'string' ? body['system'] : '');
  return { input: Math.max(1, Math.ceil(prompt.length / 4)), output: chunks.length };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) {
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts).toString('utf8');
}

/**
 * Runs a stream plan with the protocol's framing: preamble, text frames with the plan's delays,
 * the interruption if any, then the epilogue.
 */
export async function runStream(
  exchange: Exchange,
  plan: StreamPlan,
  framing: {
    readonly contentType: string;
    readonly preamble: () => readonly string[];
    readonly text: (chunk: string, index: number) => string;
    /** Reasoning ("thinking") frames, sent before the text. */
    readonly reasoning: (chunk: string, index: number) => string;
    /** The plan's tool calls, framed as the protocol streams them (after the text). */
    readonly toolCalls?: (calls: readonly FakeToolCall[]) => readonly string[];
    readonly epilogue: () => readonly string[];
    readonly malformed: () => string;
    readonly error: (message: string, errorType: string | undefined) => string;
  },
): Promise<void> {
  if (!(await exchange.sleep(plan.headersDelayMs))) return;
  exchange.res.writeHead(200, { 'content-type': framing.contentType, 'cache-control': 'no-cache', connection: 'keep-alive' });
  exchange.res.flushHeaders();
  for (const frame of framing.preamble()) exchange.write(frame);
  if (plan.interruption?.type === 'hang') {
    // Until the client hangs up (or the server closes).
    await exchange.sleep(60 * 60 * 1000);
    return;
  }
  if (!(await exchange.sleep(plan.firstChunkDelayMs))) return;
  const reasoning = plan.reasoningChunks ?? [];
  for (let i = 0; i < reasoning.length; i++) {
    if (i > 0 && !(await exchange.sleep(plan.chunkDelayMs))) return;
    exchange.write(framing.reasoning(reasoning[i]!, i));
  }
  if (reasoning.length > 0 && !(await exchange.sleep(plan.afterReasoningDelayMs))) return;
  for (let i = 0; i <= plan.chunks.length; i++) {
    if (plan.interruption && plan.interruption.afterChunks === i) {
      switch (plan.interruption.type) {
        case 'drop':
          // Let what was written arrive as its own read on the client before the connection
          // goes, as it would when a proxy or the provider dies mid-answer.
          await exchange.sleep(DROP_DELAY_MS);
          exchange.destroy();
          return;
        case 'malformed':
          exchange.write(framing.malformed());
          exchange.res.end();
          return;
        case 'error':
          exchange.write(framing.error(plan.interruption.message ?? 'The server had an error while processing your request.', plan.interruption.errorType));
          exchange.res.end();
          return;
        default:
          break;
      }
    }
    const chunk = plan.chunks[i];
    if (chunk === undefined) break;
    if ((i > 0 || reasoning.length > 0) && !(await exchange.sleep(plan.chunkDelayMs))) return;
    if (!exchange.isOpen()) return;
    exchange.write(framing.text(chunk, i));
  }
  if (plan.toolCalls?.length) {
    if (!framing.toolCalls) throw new Error('this fake server cannot send tool calls yet');
    for (const frame of framing.toolCalls(plan.toolCalls)) {
      if (!exchange.isOpen()) return;
      exchange.write(frame);
    }
  }
  for (const frame of framing.epilogue()) exchange.write(frame);
  exchange.res.end();
}
