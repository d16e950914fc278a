import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import type { ModelConfig } from '../../../src/core/models/modelConfig';
import type { ModelRequest } from '../../../src/core/providers/contract';
import { estimateRequestTokens } from '../../../src/core/providers/tokenEstimate';
import type { Capability, Tiers } from '../../../src/core/router/capabilities';
import type { RegisteredModel } from '../../../src/core/router/registry';
import type { PromptKind } from '../../../src/core/tasks/phasePrompts';
import { BUILT_IN_PROFILES } from '../../../src/core/tasks/profiles';
import { runTask } from '../../../src/core/tasks/taskEngine';
import type { ChangeValidator, TaskCatalogue, TaskPorts, TaskWorkspace } from '../../../src/core/tasks/taskPorts';
import type { FileChange, TaskEvent, TaskInput, TaskProfile, TaskResult, ValidationDiagnostic, ValidationReport } from '../../../src/core/tasks/taskTypes';
import { silentLogger } from '../../../src/core/log/logger';
import type { FakeBehaviour, FakeProviderServer, RecordedRequest } from '../../support/fakeProviders';
import { bodyText, kindOf, modelOf } from '../../support/taskRequests';
import { useFakeProviders, type FakeProviderSuite } from '../router/fakeProviderSuite';
import { makeRouter } from '../router/harness';
import type { ExperimentConfig } from '../../../src/core/config/settings/experiments';
import type { ResponseCache } from '../../../src/core/cache/responseCache';

export type ServerKind = 'openai' | 'anthropic' | 'ollama';

export interface ModelSpec {
  readonly id: string;
  readonly server: ServerKind;
  readonly contextWindow?: number;
  readonly maxOutputTokens?: number;
  /** USD per million tokens, input and output. */
  readonly price?: { input: number; output: number };
}

// Each test model's provider name is its id, so modelOf names the configured model.
export { bodyText, kindOf, modelOf };

/** A structured answer as the server's provider sends one (Anthropic: the forced tool's input). */
export function structured(server: ServerKind, schemaName: string, value: unknown): FakeBehaviour {
  const json = JSON.stringify(value);
  return server === 'anthropic' ? { kind: 'text', chunks: [], toolCalls: [{ name: schemaName, arguments: json }] } : { kind: 'text', chunks: [json.slice(0, 7), json.slice(7)] };
}

export const SCHEMA_OF: Record<PromptKind, string> = {
  plan: 'plan',
  research: '',
  generate: 'change_set',
  refine: 'change_set',
  revise: 'change_set',
  review: 'findings',
  judge: 'verdict',
};

/** What a test model answers per prompt kind (a value to send as structured output, text, or a behaviour). */
export type Script = (kind: PromptKind | undefined, request: RecordedRequest, model: string) => unknown;

export const PLAN = { summary: 'Add a discount code to the checkout.', steps: [{ title: 'Add applyDiscount to the cart', files: ['src/cart.ts'] }, { title: 'Call it from checkout', files: ['src/checkout.ts'] }] };
export const CART = 'export function total(items: number[]): number {\n  return items.reduce((a, b) => a + b, 0);\n}\n';
export const GOOD_DRAFT = { summary: 'applyDiscount added', changes: [{ action: 'edit', path: 'src/cart.ts', newPath: null, code: `${CART}export function applyDiscount(t: number): number {\n  return t * 0.9;\n}\n` }] };
/** Line 5 assigns a string to a number: the in-test validator reports TS2322 there. */
export const BROKEN_DRAFT = { summary: 'applyDiscount added', changes: [{ action: 'edit', path: 'src/cart.ts', newPath: null, code: `${CART}export function applyDiscount(t: number): number {\n  const rate: number = BROKEN;\n  return t * rate;\n}\n` }] };

/** The default answers: a plan, notes, a good draft, no findings, an accepting verdict. */
export const DEFAULT_SCRIPT: Script = (kind) => {
  switch (kind) {
    case 'plan':
      return PLAN;
    case 'research':
      return { text: 'total() sums numbers; keep the style.' };
    case 'generate':
    case 'refine':
    case 'revise':
      return GOOD_DRAFT;
    case 'review':
      return { findings: [] };
    case 'judge':
      return { accept: true, reason: 'does the task' };
    default:
      return { text: 'ok' };
  }
};

/**
 * A ChangeValidator for tests (the real one is another lane's): a line containing BROKEN is a
 * TS2322 at that line.
 */
export class MarkerValidator implements ChangeValidator {
  calls = 0;
  /** Each prepare() hint, with how many checks had run by then. */
  readonly prepared: { paths: string[]; afterChecks: number }[] = [];
  /** The signal each hint came with (the task's Stop). */
  readonly preparedSignals: (AbortSignal | undefined)[] = [];
  prepare(paths: readonly string[], signal?: AbortSignal): void {
    this.prepared.push({ paths: [...paths], afterChecks: this.calls });
    this.preparedSignals.push(signal);
  }
  async validate(changes: readonly FileChange[]): Promise<ValidationReport> {
    this.calls++;
    const diagnostics: ValidationDiagnostic[] = [];
    for (const c of changes) {
      if (c.kind === 'delete') continue;
      c.after.split('\n').forEach((line, i) => {
        const column = line.indexOf('BROKEN');
        if (column >= 0) diagnostics.push({ path: c.path, line: i + 1, column: column + 1, code: 'TS2322', message: "Type 'string' is not assignable to type 'number'." });
      });
    }
    return { status: diagnostics.length ? 'failed' : 'passed', diagnostics, files: changes.map((c) => ({ path: c.path, check: 'types' as const })), timeMs: 3 };
  }
}

export class MemoryWorkspace implements TaskWorkspace {
  constructor(readonly files: Record<string, string> = { 'src/cart.ts': CART, 'src/checkout.ts': 'export {}\n' }) {}
  async read(path: string): Promise<string | undefined> {
    return this.files[path];
  }
}

/** A catalogue over the test models: prices from their configs, success rates as given. */
export function catalogueOf(configs: readonly ModelConfig[], rates: Readonly<Record<string, number>> = {}): TaskCatalogue {
  const byId = new Map(configs.map((c) => [c.id, c]));
  return {
    model: (id) => byId.get(id),
    anyContextWindow: () => configs.some((c) => c.contextWindow !== undefined),
    requestCostUsd: (id, request: ModelRequest) => {
      const c = byId.get(id);
      if (!c?.price) return undefined;
      // As createTaskCatalogue: the request's own maximum output first, then the model's, then 1024.
      return (estimateRequestTokens(request) * c.price.input + (request.maxOutputTokens ?? c.maxOutputTokens ?? 1024) * c.price.output) / 1e6;
    },
    successRate: (id) => rates[id],
    isLocal: () => false,
    localOnly: false,
  };
}

export function profile(id: string, patch: Partial<TaskProfile> = {}): TaskProfile {
  const base = BUILT_IN_PROFILES.find((p) => p.id === id);
  if (!base) throw new Error(`no built-in profile ${id}`);
  return { ...base, ...patch };
}

export interface TaskWorld {
  readonly fake: FakeProviderSuite;
  /** Sets up models and tiers, scripts every server with `script`, and returns ports for runTask. */
  setup(options: { models: readonly ModelSpec[]; tiers: Tiers; script?: Script; validator?: ChangeValidator | null; rates?: Record<string, number>; ports?: Partial<TaskPorts>; experiments?: readonly ExperimentConfig[]; cache?: ResponseCache }): {
    ports: TaskPorts;
    records: AttemptRecord[];
    validator: MarkerValidator | undefined;
  };
  server(kind: ServerKind): FakeProviderServer;
  /** Every chat request across the three servers, in arrival order per server, with its kind and model. */
  requests(): { kind: PromptKind | undefined; model: string; request: RecordedRequest }[];
}

export function useTaskWorld(): TaskWorld {
  const fake = useFakeProviders('sk-test-0123456789abcdefTASKS');
  const server = (kind: ServerKind): FakeProviderServer => fake[kind];
  return {
    fake,
    server,
    setup({ models, tiers, script = DEFAULT_SCRIPT, validator, rates, ports, experiments, cache }) {
      const entries: RegisteredModel[] = models.map((m) =>
        fake.model(
          {
            id: m.id,
            provider: m.server === 'openai' ? 'openai-compatible' : m.server,
            model: m.id,
            local: false,
            price: m.price ?? { input: 1, output: 2 },
            ...(m.contextWindow ? { contextWindow: m.contextWindow } : {}),
            ...(m.maxOutputTokens ? { maxOutputTokens: m.maxOutputTokens } : {}),
          } as Omit<ModelConfig, 'baseUrl'>,
          fake[m.server].baseURL,
        ),
      );
      for (const kind of ['openai', 'anthropic', 'ollama'] as const) {
        server(kind).setHandler((request) => {
          const k = kindOf(request);
          const answer = script(k, request, modelOf(request));
          if (isBehaviour(answer)) return answer;
          if (isText(answer)) return { kind: 'text', chunks: [answer.text] };
          return structured(kind, k ? SCHEMA_OF[k] : 'x', answer);
        });
      }
      const records: AttemptRecord[] = [];
      const settings = { ...(experiments ? { experiments: [...experiments] } : {}), ...(cache ? { cache: { enabled: true } } : {}) };
      const { router } = makeRouter({ models: entries, tiers, recorder: { record: (r: AttemptRecord) => records.push(r) }, settings, ...(cache ? { cache } : {}) });
      let id = 0;
      const v = validator === null ? undefined : (validator ?? new MarkerValidator());
      return {
        records,
        validator: v instanceof MarkerValidator ? v : undefined,
        ports: {
          router,
          catalogue: catalogueOf(entries.map((e) => e.config), rates),
          workspace: new MemoryWorkspace(),
          log: silentLogger,
          now: () => 1_000_000,
          newId: () => `task-${++id}`,
          workspaceId: 'ws-1',
          ...(v ? { validator: v } : {}),
          ...ports,
        },
      };
    },
    requests() {
      return (['openai', 'anthropic', 'ollama'] as const).flatMap((k) => server(k).chatRequests.map((request) => ({ kind: kindOf(request), model: modelOf(request), request })));
    },
  };
}

function isBehaviour(value: unknown): value is FakeBehaviour {
  return typeof value === 'object' && value !== null && 'kind' in value && typeof (value as { kind: unknown }).kind === 'string' && ['text', 'hang', 'server-error', 'rate-limit', 'auth', 'drop-mid-stream'].includes((value as { kind: string }).kind) && !('changes' in value);
}

function isText(value: unknown): value is { text: string } {
  return typeof value === 'object' && value !== null && 'text' in value && Object.keys(value).length === 1;
}

export async function run(ports: TaskPorts, input: Partial<TaskInput> & { profile: TaskProfile }, options: Parameters<typeof runTask>[2] = {}): Promise<{ events: TaskEvent[]; result: TaskResult }> {
  const events: TaskEvent[] = [];
  const result = await runTask(ports, { instruction: 'Add a discount code to the checkout.', files: [], ...input }, { ...options, onEvent: (e) => events.push(e) });
  const end = events.at(-1);
  if (end?.type !== 'task-end') throw new Error('the last event was not task-end');
  if (events.filter((e) => e.type === 'task-end').length !== 1) throw new Error('more than one task-end');
  if (end.result !== result) throw new Error('the result resolved is not the one task-end carried');
  return { events, result };
}

export type { Capability };
