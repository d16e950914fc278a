import { type LanguageModel, type ModelFeatures, ModelError, type ModelRequest, type ProviderKind, type StreamOptions, type StreamPart } from './contract';

export interface DeferredKeyModelOptions {
  readonly provider: ProviderKind;
  readonly modelId: string;
  /** The key of this model's slot alone: a read of another provider's key is never awaited here. */
  readonly key: () => Promise<string | undefined>;
  /** Builds the adapter once the key is known (undefined: none stored nor in the environment). */
  readonly build: (apiKey: string | undefined) => LanguageModel;
  /** Told once, when a request had to wait for the key: how long it waited (for the log, issue 16). */
  readonly onWaited?: (ms: number) => void;
  /**
   * Whether the key's read has finished. A first request that finds it finished waits for nothing
   * and is not reported: the time to the next turn is then whatever else held the thread (a
   * validation's type check beside a review once read "waited 532 ms for its API key").
   */
  readonly keyRead?: () => boolean;
  /** Milliseconds for that wait; default performance.now. */
  readonly clock?: () => number;
}

/**
 * A model whose API key is still being read (SecretStorage, slow while the window loads): the router
 * can hold it at once, and only a request routed to it waits for its key, then for nothing more
 * (issue 16). The adapter is built on the first request and kept.
 */
export function deferredKeyModel(options: DeferredKeyModelOptions): LanguageModel {
  let built: Promise<LanguageModel> | undefined;
  let model: LanguageModel | undefined;
  const resolve = (): Promise<LanguageModel> => {
    built ??= options.key().then(
      (apiKey) => (model = options.build(apiKey)),
      (error: unknown) => {
        // Not kept: the next request reads the key again.
        built = undefined;
        throw new ModelError({ kind: 'auth', message: `Could not read the API key for ${options.modelId} from VS Code's secret storage: ${error instanceof Error ? error.message : String(error)}`, provider: options.provider, modelId: options.modelId, cause: error });
      },
    );
    return built;
  };
  return {
    specificationVersion: 'v2',
    provider: options.provider,
    modelId: options.modelId,
    async *stream(request: ModelRequest, streamOptions?: StreamOptions): AsyncIterable<StreamPart> {
      let ready = model;
      if (!ready) {
        const clock = options.clock ?? (() => performance.now());
        const waitStarted = clock();
        const first = built === undefined && !(options.keyRead?.() ?? false);
        ready = await resolve();
        if (first) options.onWaited?.(clock() - waitStarted);
      }
      if (streamOptions?.signal?.aborted) throw new ModelError({ kind: 'cancelled', message: 'The request was stopped.', provider: options.provider, modelId: options.modelId });
      yield* ready.stream(request, streamOptions);
    },
    // What the adapter learned, once there is one; before that, what a fresh one would say.
    features: (): ModelFeatures => (model ?? options.build(undefined)).features?.() ?? { tools: 'unknown', structuredOutput: 'json-schema' },
  };
}
