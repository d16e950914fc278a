// Quality signals in the real VS Code host: answers from a local OpenAI-compatible server, Apply
// previews accepted and rejected through the real diff editor commands, and what the Models view
// and the router's explanation then say.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { HostToWebview } from '../../../src/protocol/chatProtocol';
import type { OverviewNode } from '../../../src/core/views/overviewNode';
import type { SwitchboardApi } from '../../../src/vscode/api';
import type { ChatTestHandle } from '../../../src/vscode/chat/registerChat';
import { eventually } from '../../support/eventually';
import { startFakeOpenAI, type FakeOpenAIServer } from '../../support/fakeProviders';
import { CANARY_KEY, resetSettings, switchboard, updateSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;
type Start = Extract<HostToWebview, { type: 'answer/start' }>;

function find(nodes: readonly OverviewNode[], id: string): OverviewNode | undefined {
  for (const node of nodes) {
    if (node.id === id) return node;
    const inner = find(node.children ?? [], id);
    if (inner) return inner;
  }
  return undefined;
}

describe('Quality signals (Signal)', () => {
  let api: SwitchboardApi;
  let chat: ChatTestHandle;
  let server: FakeOpenAIServer;
  let slot: string;
  let uri: vscode.Uri;
  let original: string;

  before(async () => {
    api = await switchboard();
    chat = await vscode.commands.executeCommand<ChatTestHandle>('switchboard.chat.testHandle');
    server = await startFakeOpenAI();
    slot = `endpoint:${new URL(server.baseURL).origin}`;
    const price = { input: 0.15, output: 0.6 };
    // Model ids of their own: the store is shared with the other suites, these figures are not.
    await updateSetting(
      api,
      'models',
      [
        { id: 'sig-a', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: server.baseURL, price },
        { id: 'sig-b', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: server.baseURL, price },
        { id: 'sig-c', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: server.baseURL, price },
      ],
      Global,
    );
    await updateSetting(api, 'tiers', { generate: ['sig-a', 'sig-b'], understand: ['sig-a', 'sig-c'], review: ['sig-a'], plan: ['sig-a'] }, Global);
    await updateSetting(api, 'routing.strategy', 'adaptive', Global);
    assert.equal(await vscode.commands.executeCommand('switchboard.setApiKey', { slot, key: CANARY_KEY }), true);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    uri = vscode.Uri.joinPath(folder.uri, 'src', 'invoice.ts');
    original = readFileSync(uri.fsPath, 'utf8');
  });

  after(async () => {
    const doc = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, doc.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await doc.save();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('switchboard.clearApiKey', { slot });
    await vscode.workspace.getConfiguration('switchboard').update('routing.strategy', undefined, Global);
    await resetSettings(api);
    await server?.close();
  });

  /** Asks `modelId` for a block, then previews it with Apply and decides as a person would. */
  async function answerAndApply(modelId: string, n: number, decision: 'acceptApply' | 'rejectApply'): Promise<void> {
    const rec = chat.record();
    try {
      const requestId = `r_sig_${modelId.slice(-1)}${n}`;
      const code = `export const signalProbe${modelId.slice(-1)}${n} = ${n};\n`;
      server.enqueue({ kind: 'text', chunks: ['```ts\n', code, '```\n'] });
      await chat.receive({ type: 'send', requestId, text: `Add probe ${n}`, capability: 'generate', modelId, chips: [] });
      const start = await eventually(
        () => rec.messages.find((m): m is Start => m.type === 'answer/start' && m.requestId === requestId),
        (m): m is Start => m !== undefined,
        `the answer to ${requestId} to start`,
      );
      await eventually(() => rec.messages.some((m) => m.type === 'answer/end' && m.requestId === requestId), (done) => done, `the answer to ${requestId} to end`);
      const outcome = chat.codeActions.apply(start.conversationId, start.messageId, code, 'src/invoice.ts', 'ts');
      await eventually(() => chat.applier.pendingCount, (c) => c === 1, 'the diff preview');
      await vscode.commands.executeCommand(`switchboard.${decision}`);
      assert.equal(await outcome, decision === 'acceptApply' ? 'accepted' : 'rejected');
    } finally {
      rec.dispose();
    }
  }

  it('Apply rejected twice and accepted once on one model and accepted on another shows in the Models view, and the adaptive explanation cites it', async () => {
    await answerAndApply('sig-a', 1, 'rejectApply');
    await answerAndApply('sig-a', 2, 'rejectApply');
    await answerAndApply('sig-a', 3, 'acceptApply');
    await answerAndApply('sig-b', 1, 'acceptApply');

    const acceptance = (modelId: string) => find(api.views().models, `models/${modelId}/status/acceptance`)?.description;
    // The view refreshes after a short debounce: wait for both figures together.
    await eventually(
      () => [acceptance('sig-a'), acceptance('sig-b')],
      ([a, b]) => a === 'generate 33.3% accepted (3)' && b === 'generate 100% accepted (1)',
      'the acceptance of both models in the Models view',
    );
    assert.match(find(api.views().models, 'models/sig-a/status/success')?.description ?? '', /· 33\.3% accepted \(3\)$/);

    // Both answered every call; the person kept sig-b's answer and rejected most of sig-a's.
    const decision = api.explain('generate');
    assert.equal(decision.chosen, 'sig-b');
    assert.match(decision.explanation, /^generate → sig-b \(adaptive, balanced: .*100% accepted over 1 answer\)/);
  });

  it('a thumbs up changed to down on an answer lands in the store once, as a rating against its model, and stays on the answer', async () => {
    const rec = chat.record();
    try {
      const requestId = 'r_sig_rate1';
      server.enqueue({ kind: 'text', chunks: ['The invoice total ', 'sums the lines.'] });
      await chat.receive({ type: 'send', requestId, text: 'What does the total do?', capability: 'understand', modelId: 'sig-c', chips: [] });
      const start = await eventually(
        () => rec.messages.find((m): m is Start => m.type === 'answer/start' && m.requestId === requestId),
        (m): m is Start => m !== undefined,
        'the answer to start',
      );
      await eventually(() => rec.messages.some((m) => m.type === 'answer/end' && m.requestId === requestId), (done) => done, 'the answer to end');
      const rate = (rating: 'up' | 'down' | 'none') => chat.receive({ type: 'answer/rate', conversationId: start.conversationId, messageId: start.messageId, rating });
      await rate('up');
      await rate('down');

      const acceptance = () => find(api.views().models, 'models/sig-c/status/acceptance')?.description;
      await eventually(acceptance, (d) => d === 'understand 0% accepted (1)', 'the rating in the Models view, counted once');
      const stored = chat.controller.snapshot().messages.find((m) => m.id === start.messageId);
      assert.equal(stored?.role === 'assistant' ? stored.rating : undefined, 'down', 'the answer keeps its rating for the footer');

      await rate('none');
      await eventually(acceptance, (d) => d === 'no signals yet', 'the rating taken back');
    } finally {
      rec.dispose();
    }
  });

  it('keeps an Auto answer\'s attempt (the router\'s request id) and complexity on the answer, so its signals link to that attempt and count for that complexity', async () => {
    const rec = chat.record();
    const recorded: { requestId: string; complexity?: string }[] = [];
    const listening = api.onDidRecordAttempt((a) => recorded.push({ requestId: a.requestId, ...(a.complexity ? { complexity: a.complexity } : {}) }));
    try {
      const requestId = 'r_sig_auto1';
      server.enqueue({ kind: 'text', chunks: ['It sums ', 'the lines.'] });
      await chat.receive({ type: 'send', requestId, text: 'Explain what invoiceTotalCents does', capability: 'auto', chips: [] });
      const start = await eventually(
        () => rec.messages.find((m): m is Start => m.type === 'answer/start' && m.requestId === requestId),
        (m): m is Start => m !== undefined,
        'the answer to start',
      );
      await eventually(() => rec.messages.some((m) => m.type === 'answer/end' && m.requestId === requestId), (done) => done, 'the answer to end');
      const shown = chat.controller.snapshot().messages.find((m) => m.id === start.messageId);
      const answer = shown?.role === 'assistant' ? shown : undefined;
      const meta = answer?.meta;
      assert.ok(meta?.complexity, `the classified answer has a complexity: ${JSON.stringify(meta)}`);
      // This answer is the only call in flight: its attempt is the one recorded during it.
      const attempts = await eventually(() => recorded, (r) => r.length > 0, 'the answer\'s attempt to be recorded');
      assert.deepEqual(
        attempts,
        [{ requestId: meta.routeRequestId, complexity: meta.complexity }],
        'the answer keeps the request id and complexity its attempt was recorded under: its signals link to that attempt',
      );
    } finally {
      listening.dispose();
      rec.dispose();
    }
  });
});
