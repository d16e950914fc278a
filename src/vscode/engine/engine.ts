import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { ResponseCache } from '../../core/cache/responseCache';
import { routerClassifier } from '../../core/classify/classify';
import type { Classification, ClassificationInput } from '../../core/classify/types';
import type { ModelConfig } from '../../core/models/modelConfig';
import type { Tiers, Capability } from '../../core/router/capabilities';
import { type OllamaChecks, checkOllamaServers, ollamaBaseUrls, ollamaDownLine, ollamaRecheckDelay, sameOllamaChecks } from '../../core/modelDiscovery/ollamaReachability';
import { DisposableBase, toDisposable } from '../../core/lifecycle/disposable';
import { Emitter } from '../../core/lifecycle/emitter';
import type { Logger } from '../../core/log/logger';
import { MetricsStore } from '../../core/metrics/metricsStore';
import { metricsHealthWarnings } from '../../core/metrics/healthWarnings';
import type { ModelRequest } from '../../core/providers/contract';
import type { SecretRedactor } from '../../core/secrets/redactor';
import { nameConversation, type TitleOutcome } from '../../core/chat/conversationTitle';
import type { RouteEvent, RouteResult } from '../../core/router/routeEvents';
import { ModelRegistry } from '../../core/router/registry';
import { ModelRouter, type RouteOptions } from '../../core/router/modelRouter';
import { cacheLimitsFrom } from '../../core/router/routerCache';
import { type AnswerEvent, type AnswerResult, runAnswer } from '../../core/tasks/answer';
import type { TaskResult } from '../../core/tasks/taskTypes';
import type { AnswerInput, AnswerOptions, AnswerPorts, RepoContextSource } from '../../core/tasks/answerPhase';
import type { LoopGuard } from '../../core/lmProvider/loopGuard';
import { askBudgetModal } from '../budgetModal';
import type { KeyStore } from '../keyStore';
import { buildModel } from './buildModel';
import type { SettingsService } from '../settingsService';
import { type DiscoveryResult, currentVscodeLmKey, discoverModels } from './modelDiscovery';
import { plural } from '../../shared/figures';

export type RouteCapability = Capability | 'auto';

/** What {@link Engine.route} yields: the router's events, preceded by the classification for 'auto'. */
export type EngineEvent = { readonly type: 'classified'; readonly classification: Classification } | RouteEvent;

/** What the API's complete() resolves with. */
export type CompleteResult = RouteResult & { readonly classification?: Classification; readonly task?: TaskResult };

// `onEvent` is the router's own way to hear a call's events; the engine's callers read them from route().
export interface EngineRouteOptions extends Omit<RouteOptions, 'workspace' | 'onEvent'> {
  /** The editor context the classifier reads for 'auto' (selection, active file, diff). */
  readonly context?: ClassificationInput['context'];
}

/** The models and tiers in force: the configured ones, or those built from discovery. */
export interface Catalogue {
  readonly models: readonly ModelConfig[];
  readonly tiers: Tiers;
  readonly source: 'settings' | 'discovery';
  readonly discovery?: DiscoveryResult;
}

/**
 * Switchboard's engine in the extension host: it owns the router, the metrics store and the response
 * cache, and rebuilds the router's models whenever settings, keys or discovered models change.
 */
export class Engine extends DisposableBase {
  readonly router: ModelRouter;
  private catalogueValue: Catalogue = { models: [], tiers: {}, source: 'settings' };
  private readonly changed = this.register(new Emitter<void>());
  /** Anything shown about the engine changed: models, health, a recorded call. */
  readonly onDidChange = this.changed.event;
  private readonly rebuilt = this.register(new Emitter<void>());
  /** The models and tiers in force were rebuilt (after settings, keys or discovery changed). */
  readonly onDidRebuild = this.rebuilt.event;
  private rebuilding: Promise<void> = Promise.resolve();
  private registry = new ModelRegistry([], {});
  private discoveryRun: Promise<DiscoveryResult> | undefined;
  /** The Ollama URL the last discovery looked at. */
  private discoveredAt: string | undefined;
  private ollamaChecksValue: OllamaChecks = new Map();
  /** Bumped per probe so a slow, older probe cannot overwrite a newer answer. */
  private ollamaCheckRun = 0;
  private ollamaRecheck: ReturnType<typeof setTimeout> | undefined;
  readonly workspaceId: string;
  /** Answers under way (the warm-up after activation waits for none to be). */
  private answering = 0;
  private answeredBefore = false;

  private metricsStore: MetricsStore | undefined;

  private constructor(
    private readonly openMetricsStore: () => MetricsStore,
    private readonly cache: ResponseCache,
    private readonly settings: SettingsService,
    private readonly keys: KeyStore,
    private readonly redactor: SecretRedactor,
    private readonly log: Logger,
    private readonly loopGuard: LoopGuard,
  ) {
    super();
    const s = settings.value.settings;
    this.workspaceId = workspaceIdentity();
    this.register(cache);
    // Spend and records go through the getter: whichever comes first opens the store.
    const spend = { spentUsd: (workspace: string | undefined, from: number, to: number) => this.metrics.spentUsd(workspace, from, to) };
    const recorder = { record: (attempt: Parameters<MetricsStore['record']>[0]) => this.metrics.record(attempt) };
    this.router = this.register(new ModelRouter({ registry: new ModelRegistry([], {}), settings: s.router, spend, recorder, cache, log }));
    this.register(this.router.onDidChangeHealth(() => this.changed.fire()));
    this.register(settings.onDidChange(() => void this.rebuild('settings changed')));
    this.register(keys.onDidChange(() => void this.rebuild('keys changed')));
    this.register(
      vscode.lm.onDidChangeChatModels(() => void this.lmModelsChanged()),
    );
    this.register(toDisposable(() => clearTimeout(this.ollamaRecheck)));
    // A model found to wrap Switchboard's own leaves the discovered catalogue at once.
    this.register(loopGuard.onDidExclude(() => void this.rebuild('a VS Code language model wraps Switchboard', true)));
  }

  static async create(context: vscode.ExtensionContext, settings: SettingsService, keys: KeyStore, redactor: SecretRedactor, log: Logger, loopGuard: LoopGuard): Promise<Engine> {
    const s = settings.value.settings;
    const metricsDir = vscode.Uri.joinPath(context.globalStorageUri, 'metrics').fsPath;
    const openMetrics = () => MetricsStore.openNow(metricsDir, { retentionDays: s.metrics.retentionDays, watch: true });
    const cacheDir = (context.storageUri ?? context.globalStorageUri).fsPath;
    const cache = new ResponseCache({ ...cacheLimitsFrom(s.router), directory: cacheDir, onProblem: (m) => log.warn(`Response cache: ${m}`) });
    const engine = new Engine(openMetrics, cache, settings, keys, redactor, log, loopGuard);
    // Not awaited: the models need the keys (SecretStorage) and, without configured models, discovery
    // (Ollama, vscode.lm); every answer waits for the rebuild itself, the API offers ready().
    engine.startup = Promise.all([engine.rebuild('startup'), keys.ready]).then(() => undefined);
    // The views show each key's status, known once the reads are done.
    void keys.ready.then(() => {
      if (!engine.isDisposed) engine.changed.fire();
    });
    return engine;
  }

  private startup: Promise<void> = Promise.resolve();

  /** Resolves once the models in force at start-up are built (the keys read, discovery done). */
  get ready(): Promise<void> {
    return this.startup;
  }

  /** The models the router chooses from now (the model picker lists them). */
  get models(): ModelRegistry {
    return this.registry;
  }

  /**
   * The metrics store, opened on first use. Opening reads every rollup (0.2 s for a million calls)
   * and replays the recent calls into the router's statistics, so activation does not: the host
   * opens it just after activation ({@link openMetricsSoon}), and anything that needs it sooner (a
   * request's spend or statistics, a view's figures) opens it then.
   */
  get metrics(): MetricsStore {
    return this.metricsStore ?? this.openMetrics('on first use');
  }

  /** Empties this workspace's response cache, on disk too; says how many answers it could still have served. */
  async clearResponseCache(): Promise<number> {
    const count = this.cache.clear();
    await this.cache.flush();
    return count;
  }

  /** Opens the metrics store once the host is free, unless something opened it already. */
  openMetricsSoon(): vscode.Disposable {
    const timer = setTimeout(() => {
      if (!this.metricsStore && !this.isDisposed) this.openMetrics('after activation');
    }, 0);
    return new vscode.Disposable(() => clearTimeout(timer));
  }

  /** The router's statistics come from the store: a request routes only once they are in (callers of `router` directly call this first). */
  ensureHistory(): void {
    void this.metrics;
  }

  private openMetrics(when: string): MetricsStore {
    const started = performance.now();
    const metrics = this.register(this.openMetricsStore());
    this.metricsStore = metrics;
    const opened = performance.now();
    for (const record of metrics.recentAll()) this.router.observe(record);
    // Signals are decayed by their age as they are fed: the last 30 days are all that still weigh.
    for (const signal of metrics.signals({ from: Date.now() - 30 * 86_400_000 })) this.router.observeSignal(signal);
    const fire = () => this.changed.fire();
    this.register(metrics.onDidRecordAttempt(fire));
    this.register(
      metrics.onDidRecordSignal((signal) => {
        this.router.observeSignal(signal);
        fire();
      }),
    );
    this.register(metrics.onDidChange(fire));
    const health = metrics.health();
    for (const warning of metricsHealthWarnings(health, metrics.dir)) this.log.warn(warning);
    this.log.info(`Metrics store opened ${when} in ${(opened - started).toFixed(0)} ms (${health.records} calls), router statistics replayed in ${(performance.now() - opened).toFixed(0)} ms.`);
    // The views read figures they could not have had before; told after the caller has its store.
    queueMicrotask(fire);
    return metrics;
  }

  get catalogue(): Catalogue {
    return this.catalogueValue;
  }

  /** The last probe of each configured Ollama server (empty until one answers). Advice for the views only. */
  get ollamaChecks(): OllamaChecks {
    return this.ollamaChecksValue;
  }

  /** Rebuilds the router's models from settings (or discovery) and the current keys. */
  /**
   * VS Code reports every vendor's change, Switchboard's own provider's too (its list follows each
   * rebuild): rediscover only when the models Switchboard may use did change, or each rebuild would
   * cause another, and a caller waiting for the rebuild a setting caused could be told of this one.
   */
  private async lmModelsChanged(): Promise<void> {
    const discovered = this.catalogueValue.source === 'discovery' ? this.catalogueValue.discovery : undefined;
    if (!discovered) return;
    const now = await currentVscodeLmKey(this.log, this.loopGuard);
    if (now === discovered.vscodeLmKey || this.catalogueValue.source !== 'discovery') return;
    void this.rebuild('VS Code language models changed', true);
  }

  rebuild(reason: string, rediscover = false): Promise<void> {
    this.rebuilding = this.rebuilding.then(() => this.doRebuild(reason, rediscover)).catch((error: unknown) => {
      this.log.error(`Could not rebuild the models (${reason}): ${error instanceof Error ? error.message : String(error)}`);
    });
    return this.rebuilding;
  }

  private async doRebuild(reason: string, rediscover: boolean): Promise<void> {
    // Not the keys: a model whose key is still being read is built to wait for that key alone when a
    // request is routed to it (deferredKeyModel), so no request waits for another provider's key.
    const s = this.settings.value.settings;
    let catalogue: Catalogue;
    if (s.models.length > 0 || !s.discovery.enabled) {
      catalogue = { models: s.models, tiers: s.tiers, source: 'settings' };
    } else {
      // A changed Ollama URL is a new place to look: discover again, not only on Look Again (issue 14 item 14).
      if (rediscover || !this.discoveryRun || this.discoveredAt !== s.discovery.ollamaBaseUrl) {
        if (this.discoveryRun && this.discoveredAt !== s.discovery.ollamaBaseUrl) this.log.info(`Discovery: the Ollama URL changed to ${s.discovery.ollamaBaseUrl}; looking for models again.`);
        this.discoveredAt = s.discovery.ollamaBaseUrl;
        this.discoveryRun = discoverModels(this.log, s.discovery.ollamaBaseUrl, this.loopGuard);
      }
      const found = await this.discoveryRun;
      catalogue = { models: found.models, tiers: found.tiers, source: 'discovery', discovery: found };
    }
    const registered = await Promise.all(catalogue.models.map(async (config) => ({ config, model: await buildModel(config, s, { keys: this.keys, loopGuard: this.loopGuard, log: this.log }) })));
    this.registry = new ModelRegistry(registered, catalogue.tiers);
    this.router.update({ registry: this.registry, settings: s.router });
    this.catalogueValue = catalogue;
    this.log.info(`Router ready (${reason}): ${plural(registered.length, 'model')} from ${catalogue.source}, strategy ${s.router.routing.strategy}${s.router.privacy.localOnly ? ', local only' : ''}.`);
    this.rebuilt.fire();
    this.changed.fire();
    void this.checkOllama(catalogue);
  }

  /**
   * Probes the configured Ollama servers after a rebuild, without holding up activation or the
   * rebuild: the answer arrives later and refreshes the views. Discovered models were just listed by
   * the same probe, so only configured ones are checked. The router never reads the answer: a probe
   * can be wrong or stale (Ollama started a second later), and the circuit breaker, fed by real
   * calls, stays the authority on routing.
   */
  private async checkOllama(catalogue: Catalogue): Promise<void> {
    clearTimeout(this.ollamaRecheck);
    const run = ++this.ollamaCheckRun;
    const urls = catalogue.source === 'settings' ? ollamaBaseUrls(catalogue.models) : [];
    const checks: OllamaChecks = urls.length > 0 ? await checkOllamaServers(urls) : new Map();
    if (run !== this.ollamaCheckRun || this.isDisposed) return;
    const before = this.ollamaChecksValue;
    this.ollamaChecksValue = checks;
    for (const check of checks.values()) {
      // Said once when a server goes down, not on every probe while it stays down.
      if (check.kind === 'unreachable' && before.get(check.baseURL)?.kind !== 'unreachable') this.log.warn(ollamaDownLine(check, catalogue.models));
    }
    if (!sameOllamaChecks(before, checks)) this.changed.fire();
    // While a model's server is down or lacks it, look again now and then, so that the views clear
    // by themselves once Ollama starts or the model is pulled.
    const delay = ollamaRecheckDelay(catalogue.models, checks);
    if (delay !== undefined) {
      this.ollamaRecheck = setTimeout(() => void this.checkOllama(catalogue), delay);
      this.ollamaRecheck.unref?.();
    }
  }

  /**
   * One tiny request straight to a model (not routed): does it answer, how fast, and what does it
   * report? For "Test Model" in the Models view. Recorded in the metrics under capability `test`,
   * so its cost counts in spend and budgets but in no capability's figures.
   */
  async testModel(modelId: string, signal?: AbortSignal): Promise<{ ok: true; text: string; ttftMs: number; totalMs: number; outputTokens?: number } | { ok: false; error: string; kind?: string }> {
    await this.rebuilding;
    this.ensureHistory();
    const result = await this.router.testModel(modelId, { workspace: this.workspaceId, ...(signal ? { signal } : {}) });
    if (!result) return { ok: false, error: `No model "${modelId}" is configured.` };
    const { record, text, error } = result;
    if (error) return { ok: false, error: this.redactor.redact(error.message), kind: error.kind };
    const outputTokens = record.usage?.output.tokens;
    return { ok: true, text: text.trim(), ttftMs: record.ttftMs ?? record.latencyMs, totalMs: record.latencyMs, ...(outputTokens !== undefined ? { outputTokens } : {}) };
  }

  /** Classifies a free-form request: the classify tier when one is set, else (or below threshold) the rules. */
  async classify(input: ClassificationInput, signal?: AbortSignal): Promise<Classification> {
    await this.rebuilding;
    this.ensureHistory();
    return routerClassifier(this.router, {
      hasClassifyTier: () => this.hasClassifyTier(),
      // The classifier's calls count in this workspace's spend and budget like any other.
      workspace: this.workspaceId,
      threshold: () => this.settings.value.settings.router.routing.confidenceThreshold,
      redact: (text) => this.redactor.redact(text),
    })(input, signal);
  }

  /** Whether the models now configured have a classify tier: the classifier and conversation names ask it. */
  private hasClassifyTier(): boolean {
    return (this.catalogueValue.tiers.classify?.length ?? 0) > 0;
  }

  /**
   * A short name for a conversation from its first exchange, written by the classify tier's model;
   * undefined when there is no classify tier or the setting is off (the first message names it
   * then). The call counts in this workspace's spend and budget; secrets are redacted before it.
   */
  async nameConversation(conversationId: string, prompt: string, answer: string, signal?: AbortSignal): Promise<TitleOutcome | undefined> {
    await this.rebuilding;
    if (!this.settings.value.settings.chat.nameConversations || !this.hasClassifyTier()) return undefined;
    this.ensureHistory();
    const redact = (text: string): string => this.redactor.redact(text);
    return nameConversation(this.router, redact(prompt), redact(answer), { workspace: this.workspaceId, conversationId, origin: 'chat', ...(signal ? { signal } : {}) });
  }

  /**
   * Runs one answer through the core's answer engine (the chat, the participant and the API all
   * come here): classification for 'auto', repo context when `context` is given, then the router.
   * Budget questions go to a modal unless the caller answers them itself.
   */
  async *answer(input: AnswerInput, options: AnswerOptions = {}, context?: RepoContextSource): AsyncGenerator<AnswerEvent> {
    this.answering++;
    try {
      const started = performance.now();
      await this.rebuilding;
      const rebuilt = performance.now();
      this.ensureHistory();
      if (!this.answeredBefore) {
        // Where the first answer's wait went (issue 16); a key still being read is awaited by the model itself and logged by the key store.
        this.answeredBefore = true;
        this.log.info(`First request: models ready after ${(rebuilt - started).toFixed(0)} ms, metrics history after ${(performance.now() - rebuilt).toFixed(0)} ms more.`);
      }
      const ports: AnswerPorts = {
        router: this.router,
        classify: (i, signal) => this.classify(i, signal),
        ...(context ? { context } : {}),
        log: this.log,
        workspaceId: this.workspaceId,
        knowsModel: (modelId) => this.catalogueValue.models.some((m) => m.id === modelId),
      };
      yield* runAnswer(ports, input, { ...options, askBudget: options.askBudget ?? askBudgetModal });
    } finally {
      this.answering--;
    }
  }

  /** Whether an answer is under way. */
  get busy(): boolean {
    return this.answering > 0;
  }

  /** Streams an answer for the API: for 'auto' the classification first, then the router's events. */
  async *route(capability: RouteCapability, request: ModelRequest, options: EngineRouteOptions = {}): AsyncGenerator<EngineEvent> {
    for await (const event of this.requestAnswer(capability, request, options)) {
      if (event.type === 'note') continue;
      if (event.type === 'answer-end') {
        routed(event.result, options.signal);
        continue;
      }
      yield event;
    }
  }

  /** The API's complete(): the router's result, the classification for 'auto', and the answer as the task of one phase it ran as. */
  async complete(capability: RouteCapability, request: ModelRequest, options: EngineRouteOptions = {}): Promise<CompleteResult> {
    for await (const event of this.requestAnswer(capability, request, options)) {
      if (event.type !== 'answer-end') continue;
      const { classification, task } = event.result;
      return { ...routed(event.result, options.signal), ...(classification ? { classification } : {}), ...(task ? { task } : {}) };
    }
    throw new Error('the answer ended without a result');
  }

  private requestAnswer(capability: RouteCapability, request: ModelRequest, options: EngineRouteOptions): AsyncGenerator<AnswerEvent> {
    const { context, ...routeOptions } = options;
    return this.answer({ kind: 'request', capability, request, ...(context ? { editorContext: context } : {}) }, routeOptions);
  }
}

/**
 * The API's promise: every ending the router decides comes in its result; only an answer that never
 * reached the router (stopped or failed while classifying) ends in an exception.
 */
function routed(result: AnswerResult, signal: AbortSignal | undefined): RouteResult {
  if (result.route) return result.route;
  signal?.throwIfAborted();
  throw new Error(result.failure ?? 'the answer ended without a result');
}

/** Budgets are per workspace: a stable id from the workspace file or folders, never their paths. */
function workspaceIdentity(): string {
  const key = vscode.workspace.workspaceFile?.toString() ?? (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()).join('|');
  return key ? createHash('sha256').update(key).digest('hex').slice(0, 16) : 'no-workspace';
}
