import { ModelError, type LanguageModel, type ModelErrorKind, type ModelRequest, type ProviderKind, type StreamOptions, type StreamPart, type Usage } from '../../../src/core/providers/contract';
import type { ModelConfig } from '../../../src/core/models/modelConfig';
import type { RegisteredModel } from '../../../src/core/router/registry';

/**
 * An in-process LanguageModel for router unit tests: it follows the contract (text deltas, then
 * one usage and one finish part) and misbehaves on demand. The product never uses it.
 */
export type Behaviour =
  | { readonly type: 'answer'; readonly chunks: readonly string[]; readonly usage?: Usage }
  | { readonly type: 'fail'; readonly kind: ModelErrorKind; readonly retryAfterMs?: number }
  /** Streams these chunks, then fails. */
  | { readonly type: 'fail-after'; readonly chunks: readonly string[]; readonly kind: ModelErrorKind }
  /** Streams these chunks, then waits until released or aborted (never yields a first token if chunks is empty). */
  | { readonly type: 'hang'; readonly chunks: readonly string[]; readonly ignoreAbort?: boolean };

export interface Call {
  readonly request: ModelRequest;
  readonly signal: AbortSignal | undefined;
}

export class FakeModel implements LanguageModel {
  readonly specificationVersion = 'v2' as const;
  readonly calls: Call[] = [];
  private script: Behaviour[] = [];
  private fallbackBehaviour: Behaviour;
  private gate: { promise: Promise<void>; open: () => void } = makeGate();

  constructor(
    readonly provider: ProviderKind,
    readonly modelId: string,
    behaviour: Behaviour = { type: 'answer', chunks: [`hello from ${modelId}`] },
  ) {
    this.fallbackBehaviour = behaviour;
  }

  /** Behaviours for the next calls, in order; afterwards the default applies. */
  then(...behaviours: Behaviour[]): this {
    this.script.push(...behaviours);
    return this;
  }

  always(behaviour: Behaviour): this {
    this.fallbackBehaviour = behaviour;
    this.script = [];
    return this;
  }

  /** Lets every hanging call finish normally. */
  release(): void {
    this.gate.open();
    this.gate = makeGate();
  }

  get callCount(): number {
    return this.calls.length;
  }

  stream(request: ModelRequest, options?: StreamOptions): AsyncIterable<StreamPart> {
    this.calls.push({ request, signal: options?.signal });
    const behaviour = this.script.shift() ?? this.fallbackBehaviour;
    return this.run(behaviour, request, options?.signal);
  }

  private async *run(b: Behaviour, request: ModelRequest, signal: AbortSignal | undefined): AsyncGenerator<StreamPart> {
    await Promise.resolve();
    if (signal?.aborted) throw this.error('cancelled');
    if (b.type === 'fail') throw this.error(b.kind, b.retryAfterMs);
    for (const text of b.chunks) {
      yield { type: 'text-delta', text };
      if (signal?.aborted) throw this.error('cancelled');
    }
    if (b.type === 'fail-after') throw this.error(b.kind);
    if (b.type === 'hang') {
      const gate = this.gate.promise;
      await new Promise<void>((resolve, reject) => {
        void gate.then(resolve);
        if (!b.ignoreAbort) signal?.addEventListener('abort', () => reject(this.error('cancelled')), { once: true });
      });
    }
    const output = b.type === 'answer' ? b.chunks.join('') : '';
    const usage: Usage =
      b.type === 'answer' && b.usage
        ? b.usage
        : {
            input: { tokens: request.messages.reduce((n, m) => n + m.content.length, 0), source: 'reported' },
            output: { tokens: output.length, source: 'reported' },
            cacheRead: { tokens: 0, source: 'reported' },
            cacheWrite: { tokens: 0, source: 'reported' },
          };
    yield { type: 'finish', reason: 'stop', usage };
  }

  private error(kind: ModelErrorKind, retryAfterMs?: number): ModelError {
    return new ModelError({ kind, message: `${this.modelId}: ${kind}`, provider: this.provider, modelId: this.modelId, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
}

function makeGate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export function registered(config: Partial<ModelConfig> & Pick<ModelConfig, 'id' | 'provider'>, model?: FakeModel): RegisteredModel & { model: FakeModel } {
  const full: ModelConfig = { model: config.id, ...config } as ModelConfig;
  return { config: full, model: model ?? new FakeModel(config.provider, full.model) };
}
