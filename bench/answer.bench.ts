// What running a plain answer as a task of one phase costs (issue 12: one engine for every answer):
// the same streamed request through runAnswer (the task engine: task and phase events, the ordered
// event channel, the phase's figures and the task's result) against router.route() consumed event
// by event, as the chat consumed it before (both with a Stop signal, as every chat answer has). One local OpenAI-compatible server answers at once with
// a fixed payload of many small chunks, so the per-delta hop through the task's channel shows.
// Rounds interleave (answer, bare, bare, answer…) so load on the machine hits both sides alike.
// Figures: added ms per answer (goal ≤ 5 ms, the per-phase goal) and the time ratio (goal
// ≤ 1.05), medians over pairs run back to back.
import { performance } from 'node:perf_hooks';
import { parseSettings } from '../src/core/config/parseSettings';
import { silentLogger } from '../src/core/log/logger';
import type { ModelRequest } from '../src/core/providers/contract';
import { createLanguageModel } from '../src/core/providers/createLanguageModel';
import { ModelRouter } from '../src/core/router/modelRouter';
import { ModelRegistry } from '../src/core/router/registry';
import { runAnswer } from '../src/core/tasks/answer';
import type { AnswerPorts } from '../src/core/tasks/answerPhase';
import { startFakeOpenAI } from '../test/support/fakeProviders';
import { alternatingPairs } from './lib/pairs';
import { recordResults } from './lib/results';
import { median } from './lib/stats';

const ROUNDS = Number(process.env['ANSWER_BENCH_ROUNDS'] ?? 200);
const WARMUP = 50;
const CHUNKS = Number(process.env["ANSWER_BENCH_CHUNKS"] ?? 64);
const ADDED_GOAL_MS = 5;
const RATIO_GOAL = 1.05;

async function main(): Promise<void> {
  const server = await startFakeOpenAI({ record: false });
  const chunks = Array.from({ length: CHUNKS }, (_, i) => `word${i} `);
  server.setHandler(() => ({ kind: 'text', chunks, usage: { input: 200, output: CHUNKS } }));
  const { settings } = parseSettings({
    models: [{ id: 'answerer', provider: 'openai-compatible', model: 'answerer-model', baseUrl: server.baseURL, price: { input: 1, output: 2 } }],
    tiers: { understand: ['answerer'] },
  });
  const entries = settings.models.map((config) => ({ config, model: createLanguageModel(config, { apiKey: 'sk-bench' }) }));
  const router = new ModelRouter({ registry: new ModelRegistry(entries, settings.tiers), settings: settings.router });
  const request: ModelRequest = { messages: [{ role: 'user', content: 'What does total() do?' }] };
  let n = 0;
  const ports: AnswerPorts = {
    router,
    classify: () => Promise.reject(new Error('an explicit capability is never classified')),
    log: silentLogger,
    now: () => performance.now(),
    newId: () => `bench-${++n}`,
  };

  async function answer(): Promise<number> {
    const started = performance.now();
    let text = '';
    for await (const e of runAnswer(ports, { kind: 'request', capability: 'understand', request }, { origin: 'chat', signal: new AbortController().signal })) {
      if (e.type === 'text-delta') text += e.text;
      if (e.type === 'answer-end' && (e.result.outcome !== 'success' || e.result.task?.phasesSucceeded !== 1)) throw new Error(`the answer ended ${e.result.outcome}`);
    }
    if (text !== chunks.join('')) throw new Error('the answer lost text');
    return performance.now() - started;
  }
  async function bare(): Promise<number> {
    const started = performance.now();
    let text = '';
    for await (const e of router.route('understand', request, { origin: 'chat', signal: new AbortController().signal })) {
      if (e.type === 'text-delta') text += e.text;
      if (e.type === 'done' && e.result.outcome !== 'success') throw new Error(`the bare call ended ${e.result.outcome}`);
    }
    if (text !== chunks.join('')) throw new Error('the bare call lost text');
    return performance.now() - started;
  }

  for (let i = 0; i < WARMUP; i++) {
    await answer();
    await bare();
  }
  const { a: answerMs, b: bareMs } = await alternatingPairs(ROUNDS, answer, bare);
  const added = answerMs.map((a, i) => a - bareMs[i]!);
  const ratios = answerMs.map((a, i) => a / bareMs[i]!);
  router.dispose();
  await server.close();

  const baselineName = 'the same request through router.route() with a Stop signal, consumed event by event';
  const addedMs = median(added);
  const ratio = median(ratios);
  recordResults({
    'answer.onePhase.p50': { value: median(answerMs), unit: 'ms', baseline: median(bareMs), baselineName, ratio: median(answerMs) / median(bareMs) },
    'answer.onePhase.addedMs': { value: addedMs, unit: 'ms', goal: `≤ ${ADDED_GOAL_MS} ms`, met: addedMs <= ADDED_GOAL_MS },
    'answer.onePhase.ratio': { value: ratio, unit: '×', baseline: 1, baselineName, ratio, goal: `ratio ≤ ${RATIO_GOAL}`, met: ratio <= RATIO_GOAL },
  });
  console.log(`${ROUNDS} interleaved rounds; ${CHUNKS} text chunks per answer; added = median(answer − bare); ratio = median of answer ÷ bare per pair.`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
