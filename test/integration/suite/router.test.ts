// The engine inside the real host: a key set through the command reaches a local OpenAI-compatible
// server over real HTTP, and the streamed answer comes back through the exported API.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { eventually } from '../../support/eventually';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../support/fakeProviders';
import type { EngineEvent, SwitchboardApi } from '../../../src/vscode/api';
import { CANARY_KEY, resetSettings, switchboard, updateSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;

describe('Routing through the exported API', () => {
  let api: SwitchboardApi;
  let primary: FakeOpenAIServer;
  let fallback: FakeOpenAIServer;
  let slot: string;

  before(async () => {
    api = await switchboard();
    primary = await startFakeOpenAI();
    fallback = await startFakeOpenAI();
    slot = `endpoint:${new URL(primary.baseURL).origin}`;
    await updateSetting(
      api,
      'models',
      [
        { id: 'primary', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: primary.baseURL, price: { input: 0.15, output: 0.6 } },
        { id: 'backup', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: fallback.baseURL + '/', price: { input: 0.15, output: 0.6 } },
      ],
      Global,
    );
    await updateSetting(api, 'tiers', { understand: ['primary', 'backup'], review: ['primary', 'backup'] }, Global);
  });

  after(async () => {
    await vscode.commands.executeCommand('switchboard.clearApiKey', { slot });
    await resetSettings(api);
    await primary?.close();
    await fallback?.close();
  });

  it('sends the key set through Set API Key and streams the answer back', async () => {
    assert.equal(await vscode.commands.executeCommand('switchboard.setApiKey', { slot, key: CANARY_KEY }), true);
    // The server's requests so far are other tests': this test's is the one after them.
    const before = primary.chatRequests.length;
    primary.enqueue({ kind: 'text', chunks: ['Hel', 'lo', ' there'], usage: { input: 12, output: 3 } });
    const events: EngineEvent[] = [];
    for await (const event of api.route('understand', { messages: [{ role: 'user', content: 'Say hello' }] })) events.push(event);

    const deltas = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : []));
    assert.deepEqual(deltas, ['Hel', 'lo', ' there']);
    const done = events.at(-1);
    assert.ok(done?.type === 'done');
    assert.equal(done.result.outcome, 'success');
    assert.equal(done.result.modelId, 'primary');
    assert.equal(done.result.usage?.input.tokens, 12);
    assert.ok(Math.abs((done.result.costUsd ?? NaN) - (12 * 0.15 + 3 * 0.6) / 1e6) < 1e-12, `cost ${done.result.costUsd}`);
    assert.equal(primary.chatRequests[before]?.headers.authorization, `Bearer ${CANARY_KEY}`);
    assert.equal(primary.chatRequests.length, before + 1);
  });

  it('falls back to the next model when the primary fails before the first token, and says why', async () => {
    const fallbackBefore = fallback.chatRequests.length;
    primary.enqueue({ kind: 'server-error', status: 503 });
    fallback.enqueue({ kind: 'text', chunks: ['from backup'] });
    const result = await api.complete('review', { messages: [{ role: 'user', content: 'Review this' }] });
    assert.equal(result.outcome, 'success');
    assert.equal(result.modelId, 'backup');
    assert.equal(result.text, 'from backup');
    assert.match(result.explanation, /primary/);
    assert.equal(fallback.chatRequests[fallbackBefore]?.headers.authorization, undefined, 'the backup endpoint has no key of its own and must not get the primary’s');
    // The answer ran on the task engine as a task of one phase, with the figures runTask() gives.
    const task = result.task;
    const phase = task?.phases[0];
    assert.deepEqual([task?.profileId, task?.status, task?.phasesRun, task?.modelsUsed], ['answer', 'succeeded', 1, ['backup']]);
    assert.deepEqual([phase?.phase, phase?.capability, phase?.modelId, phase?.status, phase?.output], ['answer', 'review', 'backup', 'succeeded', { kind: 'text', text: 'from backup' }]);
    assert.deepEqual(phase?.fallbacks.map((f) => [f.from, f.to]), [['primary', 'backup']]);
    assert.match(phase?.fallbacks[0]?.reason ?? '', /\S/, 'the fallback says why');
    assert.equal(task?.costUsd, result.costUsd);
  });

  it('records every attempt in the metrics store', async () => {
    // Its own calls, counted from what the store held before: it must not lean on the tests above.
    const counts = () => Object.fromEntries(api.metrics.query({ groupBy: ['model'] }).map((r) => [r.modelId, r.count]));
    const before = counts();
    primary.enqueue({ kind: 'text', chunks: ['answered'] });
    assert.equal((await api.complete('understand', { messages: [{ role: 'user', content: 'Say something' }] })).modelId, 'primary');
    primary.enqueue({ kind: 'server-error', status: 503 });
    fallback.enqueue({ kind: 'text', chunks: ['from backup'] });
    assert.equal((await api.complete('review', { messages: [{ role: 'user', content: 'Review this' }] })).modelId, 'backup');
    // The failed attempt counts as much as the two answers.
    await eventually(
      counts,
      (now) => (now.primary ?? 0) - (before.primary ?? 0) === 2 && (now.backup ?? 0) - (before.backup ?? 0) === 1,
      'the store to count two attempts on primary and one on backup',
      { show: (now) => `before ${JSON.stringify(before)}, now ${JSON.stringify(now)}` },
    );
  });

  it('classifies a free-form request by its rules when there is no classify tier', async () => {
    const classification = await api.classify({ text: 'Can you review this function for bugs?', context: { selection: { text: 'function f() {}', languageId: 'typescript', lineCount: 1 } } });
    assert.equal(classification.capability, 'review');
    assert.equal(classification.source, 'rules');
  });

  it('explains which model would answer now, without calling it', () => {
    const before = primary.chatRequests.length;
    const decision = api.explain('understand');
    assert.equal(decision.chosen, 'primary');
    assert.match(decision.explanation, /understand/);
    assert.equal(primary.chatRequests.length, before);
  });
});
