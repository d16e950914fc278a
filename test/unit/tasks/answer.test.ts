import assert from 'node:assert/strict';
import type { Anchors } from '../../../src/core/analysis/repoMap';
import { routerClassifier } from '../../../src/core/classify/classify';
import type { StoredUserMessage } from '../../../src/core/chat/conversationSchema';
import { silentLogger } from '../../../src/core/log/logger';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import type { ModelRouter } from '../../../src/core/router/modelRouter';
import { type AnswerEvent, type AnswerResult, runAnswer } from '../../../src/core/tasks/answer';
import { type AnswerPorts, type RepoContextSource, runAnswerTask } from '../../../src/core/tasks/answerPhase';
import type { TaskEvent } from '../../../src/core/tasks/taskTypes';
import { useFakeProviders } from '../router/fakeProviderSuite';
import { makeRouter, type SettingsPatch } from '../router/harness';

const WORKSPACE = 'ws-answer-test';

function prompt(text: string, capability: StoredUserMessage['capability'] = 'auto'): StoredUserMessage {
  return { role: 'user', id: 'm1', text, capability, chips: [{ kind: 'file', path: 'src/cart.ts', label: 'src/cart.ts' }], context: [], createdAt: 1 };
}

async function collect(events: AsyncIterable<AnswerEvent>): Promise<{ events: AnswerEvent[]; result: AnswerResult }> {
  const out: AnswerEvent[] = [];
  for await (const e of events) out.push(e);
  const last = out.at(-1);
  if (last?.type !== 'answer-end') throw new Error(`the last event was ${last?.type}, not answer-end`);
  assert.equal(out.filter((e) => e.type === 'answer-end').length, 1, 'exactly one answer-end');
  return { events: out, result: last.result };
}

/** The answer engine on the real router and adapters, against the local fake provider servers. */
describe('the answer engine (one path for chat, participant and API)', () => {
  const fake = useFakeProviders('sk-test-0123456789abcdefANSWER');
  let recorded: AttemptRecord[];
  let contextAsked: Anchors[];

  /** claude answers every tier (understand falls back to the local model); gpt is in no tier. */
  function setup(settings?: SettingsPatch): { router: ModelRouter; ports: AnswerPorts } {
    recorded = [];
    contextAsked = [];
    const classifier = fake.model({ id: 'sorter', provider: 'openai', model: 'gpt-4o-mini', local: false, price: { input: 0.15, output: 0.6 } }, fake.openai.baseURL);
    const answerer = fake.model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false, price: { input: 3, output: 15 } }, fake.anthropic.baseURL);
    const local = fake.model({ id: 'local', provider: 'ollama', model: 'llama3.1', local: true }, fake.ollama.baseURL);
    const outsider = fake.model({ id: 'gpt', provider: 'openai', model: 'gpt-4o', local: false, price: { input: 2.5, output: 10 } }, fake.openai.baseURL);
    const { router } = makeRouter({
      models: [classifier, answerer, local, outsider],
      tiers: { classify: ['sorter'], understand: ['claude', 'local'], generate: ['claude'], review: ['claude'], plan: ['claude'] },
      recorder: { record: (r) => void recorded.push(r) },
      ...(settings ? { settings } : {}),
    });
    const context: RepoContextSource = {
      ready: () => true,
      rankedContext: async (anchors) => {
        contextAsked.push(anchors);
        return 'src/cart.ts:\n  function applyDiscount(code: string)';
      },
    };
    const classify = routerClassifier(router, { hasClassifyTier: () => true, workspace: WORKSPACE });
    return { router, ports: { router, classify, context, log: silentLogger, workspaceId: WORKSPACE } };
  }

  const sentTo = (i: number) => JSON.stringify(fake.anthropic.chatRequests[i]?.body ?? {});

  it('classifies an "auto" prompt through the classify tier, then routes to the tier it chose', async () => {
    const { ports } = setup();
    fake.openai.enqueue({ kind: 'text', chunks: ['{"capability":"review","complexity":"low","confidence":0.92}'] });
    fake.anthropic.enqueue({ kind: 'text', chunks: ['Looks ', 'fine.'], usage: { input: 40, output: 2 } });
    const { events, result } = await collect(runAnswer(ports, { kind: 'prompt', capability: 'auto', prompt: prompt('is this right?'), history: [] }));
    const types = events.map((e) => e.type);
    assert.deepEqual(types.slice(0, 3), ['note', 'classified', 'decision']);
    assert.equal(result.outcome, 'success');
    assert.equal(result.capability, 'review');
    assert.equal(result.classification?.source, 'model');
    assert.equal(result.route?.text, 'Looks fine.');
    assert.match(sentTo(0), /You review code/, 'the review system prompt went to the answering model');
    assert.deepEqual(recorded.map((r) => [r.capability, r.modelId]), [['classify', 'sorter'], ['review', 'claude']]);
  });

  it('records the classifier\'s model call with the workspace, so it counts in its spend and budget', async () => {
    const { ports } = setup();
    fake.openai.enqueue({ kind: 'text', chunks: ['{"capability":"understand","complexity":"low","confidence":0.9}'], usage: { input: 100, output: 20 } });
    fake.anthropic.enqueue({ kind: 'text', chunks: ['It adds.'] });
    await collect(runAnswer(ports, { kind: 'prompt', capability: 'auto', prompt: prompt('what does this do?'), history: [] }));
    const classifierCall = recorded.find((r) => r.capability === 'classify');
    assert.equal(classifierCall?.workspace, WORKSPACE);
    assert.ok((classifierCall?.costUsd ?? 0) > 0, 'the classifier call has a cost to count');
    assert.ok(recorded.every((r) => r.workspace === WORKSPACE), 'the answer too');
  });

  it("logs a plain answer's end once, with its model, and a stopped one at info, without \"stopped: Stopped.\"", async () => {
    const lines: string[] = [];
    const log = { ...silentLogger, info: (m: string) => void lines.push(`info ${m}`), warn: (m: string) => void lines.push(`warn ${m}`) };
    const { ports } = setup();
    fake.anthropic.enqueue({ kind: 'text', chunks: ['Step 1.'], usage: { input: 40, output: 2 } });
    await collect(runAnswer({ ...ports, log }, { kind: 'prompt', capability: 'plan', prompt: prompt('plan it', 'plan'), history: [] }));
    assert.ok(lines.some((l) => /^info Task \S+ \(answer\) succeeded on claude; \d+ ms; \$[\d.]+\.$/.test(l)), lines.join('\n'));
    lines.length = 0;
    const stop = new AbortController();
    stop.abort();
    await collect(runAnswer({ ...ports, log }, { kind: 'prompt', capability: 'plan', prompt: prompt('plan it', 'plan'), history: [] }, { signal: stop.signal }));
    assert.ok(lines.some((l) => /^info Task \S+ \(answer\) was stopped before it ended\.$/.test(l)), lines.join('\n'));
    assert.ok(!lines.some((l) => l.startsWith('warn')), lines.join('\n'));
  });

  it('does not classify an explicit capability', async () => {
    const { ports } = setup();
    fake.anthropic.enqueue({ kind: 'text', chunks: ['Step 1.'] });
    const { events, result } = await collect(runAnswer(ports, { kind: 'prompt', capability: 'plan', prompt: prompt('plan the discount codes', 'plan'), history: [] }));
    assert.ok(!events.some((e) => e.type === 'classified' || e.type === 'note'));
    assert.equal(fake.openai.chatRequests.length, 0, 'the classify tier was never called');
    assert.equal(result.capability, 'plan');
    assert.equal(result.classification, undefined);
  });

  for (const capability of ['understand', 'generate', 'review'] as const) {
    it(`adds the ranked repo context to a ${capability} prompt, anchored on what it names`, async () => {
      const { ports } = setup();
      fake.anthropic.enqueue({ kind: 'text', chunks: ['ok'] });
      await collect(runAnswer(ports, { kind: 'prompt', capability, prompt: prompt('add a discount code', capability), history: [], activeFile: 'src/checkout.ts' }));
      assert.deepEqual(contextAsked.map((a) => [a.activeFile, a.mentionedFiles]), [['src/checkout.ts', ['src/cart.ts']]]);
      assert.match(sentTo(0), /Related code in the workspace[\s\S]*applyDiscount/);
    });
  }

  it('adds no repo context to a plan', async () => {
    const { ports } = setup();
    fake.anthropic.enqueue({ kind: 'text', chunks: ['ok'] });
    await collect(runAnswer(ports, { kind: 'prompt', capability: 'plan', prompt: prompt('plan it', 'plan'), history: [] }));
    assert.equal(contextAsked.length, 0);
    assert.doesNotMatch(sentTo(0), /Related code in the workspace/);
  });

  it('answers without repo context, and says why in the log, when the source fails', async () => {
    const { ports } = setup();
    const warnings: string[] = [];
    fake.anthropic.enqueue({ kind: 'text', chunks: ['ok'] });
    const failing: AnswerPorts = { ...ports, log: { ...silentLogger, warn: (m) => void warnings.push(m) }, context: { rankedContext: async () => Promise.reject(new Error('index is rebuilding')) } };
    const { result } = await collect(runAnswer(failing, { kind: 'prompt', capability: 'understand', prompt: prompt('why?', 'understand'), history: [] }));
    assert.equal(result.outcome, 'success');
    assert.match(warnings.join('\n'), /ranked context failed.*index is rebuilding/);
  });

  it('sends a request the caller built as it is, classified from its last user message', async () => {
    const { ports } = setup();
    fake.openai.enqueue({ kind: 'text', chunks: ['{"capability":"generate","complexity":"medium","confidence":0.95}'] });
    fake.anthropic.enqueue({ kind: 'text', chunks: ['code'] });
    const { result } = await collect(runAnswer(ports, { kind: 'request', capability: 'auto', request: { messages: [{ role: 'user', content: 'write a parser for discount codes' }] } }));
    assert.equal(result.capability, 'generate');
    assert.match(JSON.stringify(fake.openai.chatRequests[0]?.body), /write a parser for discount codes/);
    assert.equal(contextAsked.length, 0, 'a built request gets no repo context');
    assert.doesNotMatch(sentTo(0), /You write and change code/, 'no system prompt of ours was added');
  });

  it('ends with "cancelled" when the signal is aborted while the model is answering, and closes the connection', async () => {
    const { ports } = setup();
    fake.anthropic.enqueue({ kind: 'hang' });
    const abort = new AbortController();
    const events: AnswerEvent[] = [];
    for await (const e of runAnswer(ports, { kind: 'prompt', capability: 'understand', prompt: prompt('why?', 'understand'), history: [] }, { signal: abort.signal })) {
      events.push(e);
      if (e.type === 'attempt-start') void fake.anthropic.waitForChatRequests(1).then(() => abort.abort());
    }
    const end = events.at(-1);
    assert.equal(end?.type === 'answer-end' ? end.result.outcome : end?.type, 'cancelled');
    assert.equal(await fake.anthropic.chatRequests[0]?.ended, 'client-closed');
  });

  /** An Auto prompt whose classifier hangs, stopped once its request is out: the answer's last event. */
  async function stoppedWhileClassifying(): Promise<AnswerEvent | undefined> {
    const { ports } = setup();
    fake.openai.enqueue({ kind: 'hang' });
    const abort = new AbortController();
    const events: AnswerEvent[] = [];
    for await (const e of runAnswer(ports, { kind: 'prompt', capability: 'auto', prompt: prompt('why?'), history: [] }, { signal: abort.signal })) {
      events.push(e);
      if (e.type === 'note') void fake.openai.waitForChatRequests(1).then(() => abort.abort());
    }
    return events.at(-1);
  }

  it('ends with "cancelled", without routing, when the signal is aborted while classifying', async () => {
    const end = await stoppedWhileClassifying();
    assert.equal(end?.type === 'answer-end' ? end.result.outcome : end?.type, 'cancelled');
    assert.equal(fake.anthropic.chatRequests.length, 0, 'nothing was routed after the stop');
  });

  it('tells the person when the model they picked is not configured any more, and routes anyway', async () => {
    const { ports } = setup();
    fake.anthropic.enqueue({ kind: 'text', chunks: ['ok'] });
    const withCatalogue: AnswerPorts = { ...ports, knowsModel: (id) => id === 'claude' || id === 'sorter' };
    const { events, result } = await collect(runAnswer(withCatalogue, { kind: 'prompt', capability: 'understand', prompt: prompt('why?', 'understand'), history: [] }, { preferModel: 'gone' }));
    assert.ok(events.some((e) => e.type === 'note' && /gone is not configured any more/.test(e.note)));
    assert.equal(result.outcome, 'success');
  });

  describe('continuing a cut-off answer (issue 14 item 3)', () => {
    it('sends the cut-off text as the model\'s own turn with an instruction to go on, and does not classify again', async () => {
      const { ports } = setup();
      fake.openai.enqueue({ kind: 'text', chunks: ['{"capability":"understand","complexity":"low","confidence":0.9}'] });
      fake.anthropic.enqueue({ kind: 'drop-mid-stream', chunks: ['The cart ', 'applies ', 'discounts.'], afterChunks: 2 });
      const ask = prompt('what does the cart do?');
      const first = await collect(runAnswer(ports, { kind: 'prompt', capability: 'auto', prompt: ask, history: [] }));
      const cut = first.result.route;
      assert.equal(cut?.outcome, 'partial');
      assert.equal(cut?.continueWith, 'local');
      const capability = first.result.capability;
      assert.equal(capability, 'understand');
      const classifierCalls = fake.openai.chatRequests.length;

      fake.ollama.enqueue({ kind: 'text', chunks: ['discounts per line.'] });
      const { events, result } = await collect(
        runAnswer(ports, { kind: 'prompt', capability: 'auto', prompt: ask, history: [], continuation: { capability: 'understand', text: cut?.text ?? '' } }, { preferModel: cut?.continueWith ?? '' }),
      );
      assert.equal(fake.openai.chatRequests.length, classifierCalls, 'the classifier was not asked again');
      assert.ok(!events.some((e) => e.type === 'classified' || e.type === 'note'), 'no "Choosing a capability…"');
      assert.equal(result.capability, 'understand', 'the first attempt\'s capability');
      assert.equal(result.route?.modelId, 'local');
      assert.equal(result.route?.text, 'discounts per line.');
      assert.match(result.route?.explanation ?? '', /understand → local \(continuing, as asked\)/);
      const sent = (fake.ollama.chatRequests[0]?.body ?? {}) as { messages?: { role: string; content: string }[] };
      const turns = sent.messages ?? [];
      assert.deepEqual(turns.slice(-3).map((m) => m.role), ['user', 'assistant', 'user']);
      assert.match(turns.at(-3)?.content ?? '', /what does the cart do\?/);
      assert.equal(turns.at(-2)?.content, cut?.text, 'the cut-off text, as the model\'s own');
      assert.match(turns.at(-1)?.content ?? '', /cut off\. Continue it from exactly where it stopped/);
      assert.deepEqual(recorded.map((r) => [r.capability, r.modelId]), [['classify', 'sorter'], ['understand', 'claude'], ['understand', 'local']]);
    });
  });

  describe('the model the person picked (issue 14 item 6)', () => {
    const ask = (): { kind: 'prompt'; capability: 'understand'; prompt: StoredUserMessage; history: [] } => ({ kind: 'prompt', capability: 'understand', prompt: prompt('why?', 'understand'), history: [] });

    it('is the model asked, even when it is not in the capability\'s tier, and the explanation says so', async () => {
      const { ports } = setup();
      fake.openai.enqueue({ kind: 'text', chunks: ['Because.'] });
      const { result } = await collect(runAnswer(ports, ask(), { pickedModel: 'gpt' }));
      assert.equal(result.route?.modelId, 'gpt');
      assert.equal(fake.anthropic.chatRequests.length, 0, 'the tier\'s primary was not asked');
      assert.equal((fake.openai.chatRequests[0]?.body as { model?: string }).model, 'gpt-4o');
      assert.match(result.route?.explanation ?? '', /^understand → gpt \(you picked it; it is not in the tier\)/);
    });

    it('goes first within its tier too, with the same words', async () => {
      const { ports } = setup();
      fake.ollama.enqueue({ kind: 'text', chunks: ['Because.'] });
      const { result } = await collect(runAnswer(ports, ask(), { pickedModel: 'local' }));
      assert.equal(result.route?.modelId, 'local');
      assert.match(result.route?.explanation ?? '', /^understand → local \(you picked it\)/);
    });

    it('is still refused by local-only mode, and the explanation says the person picked it', async () => {
      const { ports } = setup({ privacy: { localOnly: true } });
      fake.ollama.enqueue({ kind: 'text', chunks: ['Locally.'] });
      const { result } = await collect(runAnswer(ports, ask(), { pickedModel: 'gpt' }));
      assert.equal(result.route?.modelId, 'local');
      assert.equal(fake.openai.chatRequests.length, 0, 'nothing went to the cloud');
      assert.match(result.route?.explanation ?? '', /gpt skipped: you picked it, but not local \(privacy\.localOnly is on\)/);
    });

    it('is still refused by the budget, and the explanation says the person picked it', async () => {
      const { ports } = setup({ budget: { daily: 0.0001, policy: 'block' } });
      fake.ollama.enqueue({ kind: 'text', chunks: ['Cheaply.'] });
      const { result } = await collect(runAnswer(ports, ask(), { pickedModel: 'gpt' }));
      assert.equal(result.route?.modelId, 'local');
      assert.equal(fake.openai.chatRequests.length, 0);
      assert.match(result.route?.explanation ?? '', /gpt skipped: you picked it, but it would pass the budget/);
    });
  });

  describe('a task of one phase on the task engine (issue 12: one engine for every answer)', () => {
    /** A clock that moves 5 ms a reading and numbered ids, so the task's figures are exact. */
    function clocked(ports: AnswerPorts): AnswerPorts {
      let t = 1_000;
      let n = 0;
      return { ...ports, now: () => (t += 5), newId: () => `t_answer_${++n}` };
    }

    it('reports task-start, its one answer phase (classified, streamed), phase-end and task-end, with the figures the issue lists', async () => {
      const { ports } = setup();
      fake.openai.enqueue({ kind: 'text', chunks: ['{"capability":"review","complexity":"low","confidence":0.92}'] });
      fake.anthropic.enqueue({ kind: 'text', chunks: ['Looks ', 'fine.'], usage: { input: 40, output: 2 } });
      const events: TaskEvent[] = [];
      for await (const e of runAnswerTask(clocked(ports), { kind: 'prompt', capability: 'auto', prompt: prompt('is this right?'), history: [] }, { origin: 'chat' })) events.push(e);
      const kinds = events.map((e) => (e.type === 'phase-route' ? e.event.type : e.type));
      assert.deepEqual(kinds.slice(0, 4), ['task-start', 'phase-start', 'note', 'classified']);
      assert.deepEqual(kinds.filter((k) => k === 'text-delta').length, 2, 'the text streamed as the phase\'s router events');
      assert.deepEqual(kinds.slice(-2), ['phase-end', 'task-end']);
      assert.ok(events.every((e) => e.taskId === 't_answer_1'));
      const end = events.at(-1);
      assert.equal(end?.type, 'task-end');
      if (end?.type !== 'task-end') return;
      const task = end.result;
      const [phase] = task.phases;
      assert.deepEqual(
        { profile: task.profileId, pattern: task.pattern, status: task.status, run: task.phasesRun, succeeded: task.phasesSucceeded, models: task.modelsUsed, final: task.final },
        { profile: 'answer', pattern: 'single', status: 'succeeded', run: 1, succeeded: 1, models: ['claude'], final: { kind: 'text', text: 'Looks fine.' } },
      );
      assert.deepEqual(
        { phase: phase?.phase, status: phase?.status, capability: phase?.capability, model: phase?.modelId, provider: phase?.provider, in: phase?.inputTokens, out: phase?.outputTokens, output: phase?.output },
        { phase: 'answer', status: 'succeeded', capability: 'review', model: 'claude', provider: 'anthropic', in: 40, out: 2, output: { kind: 'text', text: 'Looks fine.' } },
      );
      assert.ok((phase?.costUsd ?? 0) > 0 && task.costUsd === phase?.costUsd, 'the task\'s cost is its phase\'s');
      assert.ok(phase?.ttftMs !== undefined && phase.timeMs >= phase.ttftMs);
      assert.equal(events[0]?.type === 'task-start' ? events[0].startedAt : undefined, 1_005, 'the task\'s clock is the injected one');
      assert.ok(task.totalMs > 0 && task.totalMs % 5 === 0);
      const answer = recorded.find((r) => r.capability === 'review');
      assert.equal(phase?.requestId, answer?.requestId, 'the phase names the request its attempts carry');
      assert.equal(answer?.origin, 'chat', 'the caller\'s origin is kept on the attempt');
      assert.equal(answer?.taskId, undefined, 'an answer\'s attempts keep one rollup bucket per model and hour');
    });

    it('fails as a task with the fallbacks and their reasons when every model of the tier fails', async () => {
      const { ports } = setup();
      fake.anthropic.enqueue({ kind: 'auth' });
      fake.ollama.enqueue({ kind: 'server-error' }, { kind: 'server-error' }, { kind: 'server-error' }, { kind: 'server-error' });
      const { result } = await collect(runAnswer(clocked(ports), { kind: 'prompt', capability: 'understand', prompt: prompt('why?', 'understand'), history: [] }));
      assert.equal(result.outcome, 'error');
      assert.equal(result.failure, undefined, 'a model\'s failure is not Switchboard\'s');
      const task = result.task;
      assert.equal(task?.status, 'failed');
      assert.match(task?.stoppedReason ?? '', /^answer failed: /);
      const phase = task?.phases[0];
      assert.equal(phase?.status, 'failed');
      assert.deepEqual(phase?.fallbacks.map((f) => f.from), ['claude', 'local']);
      assert.ok(phase?.fallbacks.every((f) => f.reason.length > 0));
    });

    it('does not abort the signal it routed with once it has ended (only a stop or a consumer leaving early does)', async () => {
      const { ports } = setup();
      fake.anthropic.enqueue({ kind: 'text', chunks: ['ok'] });
      const signals: AbortSignal[] = [];
      const watching: AnswerPorts = { ...ports, router: { complete: (capability, request, options) => (options?.signal && signals.push(options.signal), ports.router.complete(capability, request, options)) } };
      const { result } = await collect(runAnswer(watching, { kind: 'prompt', capability: 'understand', prompt: prompt('why?', 'understand'), history: [] }, { signal: new AbortController().signal }));
      assert.equal(result.outcome, 'success');
      assert.equal(signals.length, 1);
      assert.equal(signals[0]?.aborted, false, 'the routed signal is left alone after the answer ended');

      fake.anthropic.enqueue({ kind: 'hang' });
      for await (const e of runAnswer(watching, { kind: 'prompt', capability: 'understand', prompt: prompt('why?', 'understand'), history: [] })) {
        if (e.type !== 'attempt-start') continue;
        await fake.anthropic.waitForChatRequests(2);
        break;
      }
      assert.equal(signals[1]?.aborted, true, 'a consumer that leaves early stops the answer');
      assert.equal(await fake.anthropic.chatRequests[1]?.ended, 'client-closed');
    });

    it('is cancelled as a task when the signal stops it while classifying', async () => {
      const end = await stoppedWhileClassifying();
      const task = end?.type === 'answer-end' ? end.result.task : undefined;
      assert.equal(task?.status, 'cancelled');
      assert.equal(task?.phases[0]?.status, 'cancelled');
      assert.equal(task?.phasesRun, 1);
    });
  });
});
