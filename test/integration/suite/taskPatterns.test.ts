// The generate patterns, the cost cap and context trimming inside the real VS Code host: tasks run
// through the exported API against local OpenAI-compatible servers over real HTTP, each answering by
// the phase its request asks for, and the real TypeScript validator checks the fixture workspace.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAIServer, type RecordedRequest } from '../../support/fakeProviders';
import { bodyText, kindOf, modelOf } from '../../support/taskRequests';
import type { SwitchboardApi } from '../../../src/vscode/api';
import { resetSettings, switchboard, updateSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;

const json = (value: unknown, extra: Partial<FakeBehaviour> = {}): FakeBehaviour => ({ kind: 'text', chunks: [JSON.stringify(value)], usage: { input: 200, output: 80 }, ...extra }) as FakeBehaviour;
const text = (t: string): FakeBehaviour => ({ kind: 'text', chunks: [t], usage: { input: 100, output: 20 } });

/** A new module; with a string fallback its line 4 assigns `number | string` to a number (TS2322). */
const draft = (fallback: string) => ({
  summary: 'Discount codes',
  changes: [
    {
      action: 'create',
      path: 'src/discountCodes.ts',
      newPath: null,
      code: `export const CODES: Record<string, number> = { SAVE10: 0.1 };\n\nexport function codeRate(code: string): number {\n  const rate: number = code.length > 0 ? CODES[code] : ${fallback};\n  return rate;\n}\n`,
    },
  ],
});
const GOOD = draft('0');
const BROKEN = draft("'none'");

describe('Task patterns (host side)', function () {
  this.timeout(90_000);
  let api: SwitchboardApi;
  let coders: FakeOpenAIServer;
  let critic1: FakeOpenAIServer;
  let critic2: FakeOpenAIServer;

  before(async () => {
    api = await switchboard();
    [coders, critic1, critic2] = await Promise.all([startFakeOpenAI(), startFakeOpenAI(), startFakeOpenAI()]);
    await updateSetting(
      api,
      'models',
      [
        { id: 'small', provider: 'openai-compatible', model: 'small-model', baseUrl: coders.baseURL, price: { input: 0.1, output: 0.2 } },
        { id: 'big', provider: 'openai-compatible', model: 'big-model', baseUrl: coders.baseURL, price: { input: 10, output: 30 } },
        { id: 'tiny', provider: 'openai-compatible', model: 'tiny-model', baseUrl: coders.baseURL, price: { input: 0.1, output: 0.2 }, contextWindow: 3000, maxOutputTokens: 500 },
        { id: 'critic1', provider: 'openai-compatible', model: 'critic-one', baseUrl: critic1.baseURL, price: { input: 0.05, output: 0.05 } },
        { id: 'critic2', provider: 'openai-compatible', model: 'critic-two', baseUrl: critic2.baseURL, price: { input: 0.05, output: 0.05 } },
      ],
      Global,
    );
    await updateSetting(api, 'tiers', { plan: ['small'], understand: ['small'], generate: ['big', 'small'], review: ['critic1', 'critic2'] }, Global);
    await updateSetting(
      api,
      'tasks',
      [
        { id: 'cascade', label: 'Cascade', phases: ['generate', 'validate'], pattern: 'cascade', approvePlan: false },
        { id: 'critique', label: 'Critique', phases: ['generate', 'validate'], pattern: 'critique', approvePlan: false },
        { id: 'capped', label: 'Capped', phases: ['plan', 'generate', 'validate'], approvePlan: false, maxCostUsd: 0.001, phaseSettings: { plan: { tier: 'review' } } },
        { id: 'small-window', label: 'Small window', phases: ['generate'], approvePlan: false, phaseSettings: { generate: { tier: 'understand' } } },
      ],
      Global,
    );
  });

  beforeEach(() => {
    for (const s of [coders, critic1, critic2]) {
      s.reset();
      s.setHandler(undefined);
    }
  });

  after(async () => {
    await vscode.workspace.getConfiguration('switchboard').update('tasks', undefined, Global);
    await resetSettings(api);
    await Promise.all([coders?.close(), critic1?.close(), critic2?.close()]);
  });

  it('cascade: starts at the cheaper model and stops there when the judge accepts and the draft type-checks', async () => {
    coders.setHandler((request) => (kindOf(request) === 'generate' ? json(GOOD) : text('?')));
    critic1.setHandler((request) => (kindOf(request) === 'judge' ? json({ accept: true, reason: 'Does what was asked.' }) : text('?')));
    const result = await api.runTask({ instruction: 'Add discount codes', profile: 'cascade' });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.deepEqual(coders.chatRequests.map(modelOf), ['small-model'], 'only the cheaper model drafted');
    assert.deepEqual(result.cascade?.tried, ['small']);
    assert.equal(result.cascade?.stoppedAt, 'small');
    assert.ok((result.cascade?.savedUsd ?? 0) > 0, `what starting at big would have cost more: ${JSON.stringify(result.cascade)}`);
    assert.equal(critic1.chatRequests.filter((r) => kindOf(r) === 'judge').length, 1);
  });

  it('cascade: escalates to the next model when the draft fails validation', async () => {
    coders.setHandler((request) => (kindOf(request) !== 'generate' ? text('?') : modelOf(request) === 'small-model' ? json(BROKEN) : json(GOOD)));
    critic1.setHandler(() => json({ accept: true, reason: 'Fine.' }));
    const result = await api.runTask({ instruction: 'Add discount codes', profile: 'cascade' });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.deepEqual(coders.chatRequests.filter((r) => kindOf(r) === 'generate').map(modelOf), ['small-model', 'big-model']);
    assert.deepEqual(result.cascade?.tried, ['small', 'big']);
    assert.equal(result.cascade?.stoppedAt, 'big');
    assert.equal(result.validation?.status, 'passed', JSON.stringify(result.validation));
  });

  it('critique: two review models critique at the same time and the drafting model revises with every critique', async () => {
    const open: RecordedRequest[] = [];
    const openAtArrival: number[] = [];
    const critic = (message: string) => (request: RecordedRequest): FakeBehaviour => {
      if (kindOf(request) !== 'review') return text('?');
      openAtArrival.push(open.filter((r) => r.end === undefined).length);
      open.push(request);
      // Each critic takes a moment, so two asked together are both open at once.
      return json({ findings: [{ file: 'src/discountCodes.ts', startLine: 4, endLine: 4, severity: 'warning', message, suggestedFix: null }] }, { headersDelayMs: 400 } as Partial<FakeBehaviour>);
    };
    critic1.setHandler(critic('CRITIQUE-ONE: an unknown code should be an error'));
    critic2.setHandler(critic('CRITIQUE-TWO: name the rate table'));
    let revise = '';
    coders.setHandler((request) => {
      const kind = kindOf(request);
      if (kind === 'revise') revise = bodyText(request);
      return kind === 'generate' || kind === 'revise' ? json(GOOD) : text('?');
    });
    const result = await api.runTask({ instruction: 'Add discount codes', profile: 'critique', preferModel: 'small' });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.deepEqual(openAtArrival.sort(), [0, 1], 'the second critique arrived while the first was still open');
    assert.match(revise, /CRITIQUE-ONE/, 'the reviser receives the first critique');
    assert.match(revise, /CRITIQUE-TWO/, 'and the second');
    const drafter = coders.chatRequests.find((r) => kindOf(r) === 'generate');
    const reviser = coders.chatRequests.find((r) => kindOf(r) === 'revise');
    assert.ok(drafter && reviser);
    assert.equal(modelOf(reviser), modelOf(drafter), 'the drafting model revises');
  });

  it('a cost cap stops the task before an expensive phase, which is never sent', async () => {
    critic1.setHandler((request) => (kindOf(request) === 'plan' ? json({ summary: 'One step.', steps: [{ title: 'Add the module', files: ['src/discountCodes.ts'] }] }) : text('?')));
    coders.setHandler(() => json(GOOD));
    const result = await api.runTask({ instruction: 'Add discount codes', profile: 'capped' });
    assert.equal(result.status, 'failed');
    assert.match(result.stoppedReason ?? '', /cost/i);
    assert.equal(coders.chatRequests.length, 0, 'generate (big, worst case over the cap) was never asked');
    assert.equal(critic1.chatRequests.filter((r) => kindOf(r) === 'plan').length, 1, 'the cheap plan ran');
  });

  it("trims a phase's context to a small model's window, keeping the instruction", async () => {
    await updateSetting(api, 'tiers', { plan: ['small'], understand: ['tiny'], generate: ['big', 'small'], review: ['critic1', 'critic2'] }, Global);
    try {
      coders.setHandler(() => json(GOOD));
      const filler = Array.from({ length: 4000 }, (_, i) => `export const value${i} = ${i};`).join('\n');
      const result = await api.runTask({ instruction: 'INSTRUCTION-MARKER: add discount codes', profile: 'small-window', files: [{ path: 'src/big.ts', text: filler }] });
      assert.equal(result.status, 'succeeded', result.stoppedReason);
      const request = coders.chatRequests.find((r) => kindOf(r) === 'generate');
      assert.ok(request);
      assert.equal(modelOf(request), 'tiny-model');
      const sent = bodyText(request);
      assert.match(sent, /INSTRUCTION-MARKER/, 'the instruction is kept');
      assert.ok(sent.length < filler.length / 2, `the file was trimmed to the window: ${sent.length} characters sent of ${filler.length}`);
      // 3000 tokens less the output allowance, at roughly 4 characters a token, with room for the schema.
      assert.ok(sent.length < 3000 * 6, `within the small window: ${sent.length} characters`);
    } finally {
      await updateSetting(api, 'tiers', { plan: ['small'], understand: ['small'], generate: ['big', 'small'], review: ['critic1', 'critic2'] }, Global);
    }
  });
});
