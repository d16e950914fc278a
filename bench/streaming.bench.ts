// Streaming through the router vs the bare OpenAI SDK, against the same local OpenAI-compatible
// server in one run, rounds interleaved (bare, router, bare, router…) so load on the machine hits
// both alike. Figures: time to first token ratio (goal ≤ 1.05) and throughput ratio (goal ≥ 0.95).
import { performance } from 'node:perf_hooks';
import OpenAI from 'openai';
import { parseSettings } from '../src/core/config/parseSettings';
import { createLanguageModel } from '../src/core/providers/createLanguageModel';
import { ModelRegistry } from '../src/core/router/registry';
import { ModelRouter } from '../src/core/router/modelRouter';
import { startFakeOpenAI } from '../test/support/fakeProviders';
import { recordResults } from './lib/results';
import { median } from './lib/stats';

const ROUNDS = Number(process.env['STREAM_BENCH_ROUNDS'] ?? 40);
const CHUNKS = 200;
const CHUNK_DELAY_MS = 1;
const FIRST_CHUNK_DELAY_MS = 20;

async function main(): Promise<void> {
  const server = await startFakeOpenAI({ record: false });
  const chunks = Array.from({ length: CHUNKS }, (_, i) => `tok${i} `);
  server.setDefault({ kind: 'text', chunks, usage: { input: 20, output: CHUNKS }, firstChunkDelayMs: FIRST_CHUNK_DELAY_MS, chunkDelayMs: CHUNK_DELAY_MS });
  const messages = [{ role: 'user' as const, content: 'Stream something long.' }];

  const client = new OpenAI({ apiKey: 'sk-bench', baseURL: server.baseURL, maxRetries: 0 });
  async function bare(): Promise<{ ttft: number; total: number; text: number }> {
    const started = performance.now();
    let ttft = Number.NaN;
    let text = 0;
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true, stream_options: { include_usage: true } });
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content;
      if (delta) {
        if (Number.isNaN(ttft)) ttft = performance.now() - started;
        text += delta.length;
      }
    }
    return { ttft, total: performance.now() - started, text };
  }

  const { settings } = parseSettings({ models: [{ id: 'fast', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: server.baseURL, price: { input: 0.15, output: 0.6 } }], tiers: { generate: ['fast'] } });
  const model = settings.models[0]!;
  const router = new ModelRouter({
    registry: new ModelRegistry([{ config: model, model: createLanguageModel(model, { apiKey: 'sk-bench' }) }], settings.tiers),
    settings: settings.router,
  });
  async function routed(): Promise<{ ttft: number; total: number; text: number }> {
    const started = performance.now();
    let ttft = Number.NaN;
    let text = 0;
    for await (const event of router.route('generate', { messages })) {
      if (event.type === 'text-delta') {
        if (Number.isNaN(ttft)) ttft = performance.now() - started;
        text += event.text.length;
      } else if (event.type === 'done' && event.result.outcome !== 'success') {
        throw new Error(`routed request ended ${event.result.outcome}`);
      }
    }
    return { ttft, total: performance.now() - started, text };
  }

  // Warm both paths (connection pools, JIT) before measuring.
  for (let i = 0; i < 3; i++) {
    await bare();
    await routed();
  }
  const b = { ttft: [] as number[], tput: [] as number[] };
  const r = { ttft: [] as number[], tput: [] as number[] };
  for (let i = 0; i < ROUNDS; i++) {
    const order = i % 2 === 0 ? ([bare, routed] as const) : ([routed, bare] as const);
    for (const run of order) {
      const m = await run();
      const into = run === bare ? b : r;
      into.ttft.push(m.ttft);
      into.tput.push(m.text / ((m.total - m.ttft) / 1000));
    }
  }
  router.dispose();
  await server.close();

  const ttftBare = median(b.ttft);
  const ttftRouted = median(r.ttft);
  const tputBare = median(b.tput);
  const tputRouted = median(r.tput);
  recordResults({
    'streaming.ttft.router': { value: ttftRouted, unit: 'ms', baseline: ttftBare, baselineName: 'bare openai SDK', ratio: ttftRouted / ttftBare, goal: 'ratio ≤ 1.05' },
    'streaming.throughput.router': { value: tputRouted, unit: 'chars/s', baseline: tputBare, baselineName: 'bare openai SDK', ratio: tputRouted / tputBare, goal: 'ratio ≥ 0.95' },
  });
  console.log(`${ROUNDS} interleaved rounds of ${CHUNKS} chunks each, first chunk after ${FIRST_CHUNK_DELAY_MS} ms, ${CHUNK_DELAY_MS} ms between chunks`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
