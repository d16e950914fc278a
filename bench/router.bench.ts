// Router benchmarks: routing overhead per request (no network), and a fault scenario of 10,000
// requests. Models are in-process LanguageModel implementations that answer at once, so every
// microsecond measured is the router's own decision and bookkeeping.
import { performance } from 'node:perf_hooks';
import { recordResults } from './lib/results';
import { median, percentile } from './lib/stats';
import { InMemorySpendLedger } from '../src/core/budget/spendSource';
import type { ModelConfig } from '../src/core/models/modelConfig';
import { ModelError, type LanguageModel, type ModelErrorKind, type ModelRequest, type ProviderKind, type StreamOptions, type StreamPart } from '../src/core/providers/contract';
import { silentLogger } from '../src/core/log/logger';
import { ModelRouter } from '../src/core/router/modelRouter';
import { ModelRegistry, type RegisteredModel } from '../src/core/router/registry';
import { seededRandom, type Random } from '../src/core/router/rng';
import { defaultRouterSettings, type RouterSettings } from '../src/core/config/settings/router';

const USAGE = {
  input: { tokens: 40, source: 'reported' as const },
  output: { tokens: 60, source: 'reported' as const },
  cacheRead: { tokens: 0, source: 'reported' as const },
  cacheWrite: { tokens: 0, source: 'reported' as const },
};

/** Answers at once; fails on demand. */
class InstantModel implements LanguageModel {
  readonly specificationVersion = 'v2' as const;
  calls = 0;
  constructor(
    readonly provider: ProviderKind,
    readonly modelId: string,
    private readonly fault: () => { kind: ModelErrorKind; retryAfterMs?: number } | undefined = () => undefined,
    private readonly onCall: () => void = () => undefined,
  ) {}

  stream(_request: ModelRequest, _options?: StreamOptions): AsyncIterable<StreamPart> {
    this.calls++;
    this.onCall();
    return this.run(this.fault());
  }

  private async *run(fault: { kind: ModelErrorKind; retryAfterMs?: number } | undefined): AsyncGenerator<StreamPart> {
    if (fault) throw new ModelError({ kind: fault.kind, message: `${this.modelId}: ${fault.kind}`, provider: this.provider, modelId: this.modelId, ...(fault.retryAfterMs !== undefined ? { retryAfterMs: fault.retryAfterMs } : {}) });
    yield { type: 'text-delta', text: 'The function parses the header, ' };
    yield { type: 'text-delta', text: 'then validates each field.' };
    yield { type: 'finish', reason: 'stop', usage: USAGE };
  }
}

function entry(config: Omit<ModelConfig, 'model'>, model: InstantModel): RegisteredModel {
  return { config: { ...config, model: model.modelId } as ModelConfig, model };
}


const request: ModelRequest = { messages: [{ role: 'system', content: 'You explain code.' }, { role: 'user', content: 'What does parseHeader do?' }] };

async function overhead(): Promise<void> {
  const direct = new InstantModel('openai', 'gpt-4o-mini');
  const models = [
    entry({ id: 'mini', provider: 'openai', price: { input: 0.15, output: 0.6 }, contextWindow: 128_000 }, direct),
    entry({ id: 'sonnet', provider: 'anthropic', price: { input: 3, output: 15 }, contextWindow: 200_000 }, new InstantModel('anthropic', 'claude-sonnet')),
    entry({ id: 'llama', provider: 'ollama', contextWindow: 8192 }, new InstantModel('ollama', 'llama3.1')),
  ];
  const settings = defaultRouterSettings();
  // A realistic configuration: a budget to check, experiments to look up, every filter active.
  settings.budget = { daily: 1e9, monthly: 1e9, policy: 'step-down', unattended: 'block' };
  const ledger = new InMemorySpendLedger();
  // A logger, as the extension always gives one: its lines cost only where an event is worth one.
  const router = new ModelRouter({ registry: new ModelRegistry(models, { understand: ['mini', 'sonnet', 'llama'] }), settings, spend: ledger, recorder: ledger, log: silentLogger });

  async function viaRouter(): Promise<number> {
    let n = 0;
    for await (const e of router.route('understand', request, { workspace: 'bench', conversationId: 'c1' })) if (e.type === 'text-delta') n++;
    return n;
  }
  async function viaModel(): Promise<number> {
    let n = 0;
    for await (const p of direct.stream(request)) if (p.type === 'text-delta') n++;
    return n;
  }

  for (let i = 0; i < 5000; i++) {
    await viaRouter();
    await viaModel();
  }
  const N = 20_000;
  const routed: number[] = [];
  const bare: number[] = [];
  const added: number[] = [];
  for (let i = 0; i < N; i++) {
    // Interleaved pairs, so drift (GC, frequency scaling) hits both sides alike.
    const t0 = performance.now();
    await viaModel();
    const t1 = performance.now();
    await viaRouter();
    const t2 = performance.now();
    bare.push(t1 - t0);
    routed.push(t2 - t1);
    added.push(t2 - t1 - (t1 - t0));
  }
  const p50 = median(routed);
  const p99 = percentile(routed, 99);
  const b50 = median(bare);
  const b99 = percentile(bare, 99);
  recordResults({
    'router.request.p50': { value: p50, unit: 'ms', baseline: b50, baselineName: 'model.stream() called directly', ratio: p50 / b50 },
    'router.request.p99': { value: p99, unit: 'ms', baseline: b99, baselineName: 'model.stream() called directly', ratio: p99 / b99 },
    'router.overhead.p50': { value: median(added), unit: 'ms', goal: '≤ 0.1 ms (p99)' },
    'router.overhead.p99': { value: percentile(added, 99), unit: 'ms', goal: '≤ 0.1 ms' },
  });
}

async function faultScenario(): Promise<void> {
  const random: Random = seededRandom(7);
  let clock = new Date(2026, 10, 24, 1, 0, 0).getTime();
  const now = (): number => clock;
  let callsToOpenCircuit = 0;
  const guard = (id: string) => () => {
    // Called when a request is sent: the circuit must not be open at that moment.
    if (router.healthOf(id).state === 'open') callsToOpenCircuit++;
  };
  // The primary fails 30% of calls: half 429 (retry-after short or long), half 500/503.
  const primaryFault = (): { kind: ModelErrorKind; retryAfterMs?: number } | undefined => {
    const r = random();
    if (r >= 0.3) return undefined;
    if (r < 0.15) return { kind: 'rate-limit', retryAfterMs: random() < 0.5 ? 800 : 20_000 };
    return { kind: 'server' };
  };
  const gpt = new InstantModel('openai', 'gpt-4o', primaryFault, guard('gpt-4o'));
  const claude = new InstantModel('anthropic', 'claude-sonnet', () => ({ kind: 'network' }), guard('claude'));
  const mistral = new InstantModel('openai-compatible', 'mistral-large', () => (random() < 0.001 ? { kind: 'server' } : undefined), guard('mistral'));
  const llama = new InstantModel('ollama', 'llama3.1', () => undefined, guard('llama'));
  const models = [
    entry({ id: 'gpt-4o', provider: 'openai', price: { input: 2.5, output: 10 }, maxOutputTokens: 1000 }, gpt),
    entry({ id: 'claude', provider: 'anthropic', price: { input: 3, output: 15 }, maxOutputTokens: 1000 }, claude),
    entry({ id: 'mistral', provider: 'openai-compatible', baseUrl: 'https://api.mistral.ai/v1', price: { input: 2, output: 6 }, maxOutputTokens: 1000 }, mistral),
    entry({ id: 'llama', provider: 'ollama' }, llama),
  ];
  const settings: RouterSettings = defaultRouterSettings();
  settings.routing = { ...settings.routing, retryAfterLimitMs: 2000, circuit: { consecutiveFailures: 5, halfOpenAfterMs: 30_000 } };
  const LIMIT = 6;
  settings.budget = { daily: LIMIT, policy: 'step-down', unattended: 'block' };
  const ledger = new InMemorySpendLedger();
  const router = new ModelRouter({
    // As a person who wants every request answered configures it: the free local model last in the
    // tier, where fallbacks and the budget's step-down (which stay within the tier) can reach it.
    registry: new ModelRegistry(models, { generate: ['gpt-4o', 'claude', 'mistral', 'llama'] }),
    settings,
    spend: ledger,
    recorder: ledger,
    now,
    random,
    sleep: async (ms) => {
      clock += ms; // simulated time: retries wait without slowing the bench
    },
  });
  let opens = 0;
  router.onDidChangeHealth((s) => {
    if (s.state === 'open') opens++;
  });

  const TOTAL = 10_000;
  const CONCURRENCY = 4;
  let next = 0;
  let answered = 0;
  let maxCallCost = 0;
  let worstOverrun = -Infinity;
  const byModel = new Map<string, number>();
  let fallbacks = 0;
  let retries = 0;
  const started = performance.now();
  async function worker(): Promise<void> {
    while (next < TOTAL) {
      next++;
      clock += 1500; // 1.5 s between requests: 10,000 requests span about four hours
      for await (const e of router.route('generate', request, { workspace: 'bench' })) {
        if (e.type === 'fallback') fallbacks++;
        if (e.type === 'retry') retries++;
        if (e.type === 'attempt-end') maxCallCost = Math.max(maxCallCost, e.record.costUsd ?? 0);
        if (e.type === 'done') {
          if (e.result.outcome === 'success') {
            answered++;
            byModel.set(e.result.modelId ?? '?', (byModel.get(e.result.modelId ?? '?') ?? 0) + 1);
          }
          worstOverrun = Math.max(worstOverrun, ledger.spentUsd('bench', 0, Infinity) - LIMIT);
        }
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
  const elapsed = performance.now() - started;
  const spent = ledger.spentUsd('bench', 0, Infinity);
  console.log(
    `fault scenario: ${TOTAL} requests in ${(elapsed / 1000).toFixed(2)} s; answered by ${[...byModel].map(([k, v]) => `${k} ${v}`).join(', ')}; ` +
      `${fallbacks} fallbacks, ${retries} retries, ${opens} circuit openings; calls: gpt-4o ${gpt.calls}, claude ${claude.calls}, mistral ${mistral.calls}, llama ${llama.calls}; ` +
      `spent $${spent.toFixed(4)} of $${LIMIT}`,
  );
  recordResults({
    'router.fault.answered': { value: (answered / TOTAL) * 100, unit: '%', goal: '≥ 99.9%' },
    'router.fault.callsToOpenCircuit': { value: callsToOpenCircuit, unit: 'calls', goal: '0' },
    'router.fault.budgetOverrun': {
      value: Math.max(0, worstOverrun),
      unit: 'USD',
      baseline: maxCallCost,
      baselineName: "one call's largest cost",
      ratio: Math.max(0, worstOverrun) / maxCallCost,
      goal: "≤ one call's cost (ratio ≤ 1)",
    },
  });
}

async function main(): Promise<void> {
  await overhead();
  await faultScenario();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
