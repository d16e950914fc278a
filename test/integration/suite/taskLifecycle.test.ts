// Tasks inside the real VS Code host, from the editor and the conversation list: Fix Problems in
// Selection sends the selection's problems to the fake server and validates the fix; deleting the
// conversation a task runs in stops it (the server sees the connection close); Stop while the plan
// waits for approval keeps the plan for Resume.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAIServer } from '../../support/fakeProviders';
import { eventually } from '../../support/eventually';
import { bodyText, kindOf } from '../../support/taskRequests';
import type { TaskResult } from '../../../src/core/tasks/taskTypes';
import type { SwitchboardApi } from '../../../src/vscode/api';
import { CHAT_PROTOCOL_VERSION } from '../../../src/protocol/chatProtocol';
import type { ChatTestHandle } from '../../../src/vscode/chat/registerChat';
import type { TasksTestHandle } from '../../../src/vscode/tasks/registerTasks';
import { resetSettings, switchboard, updateSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;
const json = (value: unknown): FakeBehaviour => ({ kind: 'text', chunks: [JSON.stringify(value)], usage: { input: 200, output: 80 } });
const uriOf = (path: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...path.split('/'));

describe('Tasks from the editor and the conversation list', function () {
  this.timeout(90_000);
  let api: SwitchboardApi;
  let chat: ChatTestHandle;
  let main: FakeOpenAIServer;

  before(async () => {
    api = await switchboard();
    chat = await vscode.commands.executeCommand<ChatTestHandle>('switchboard.chat.testHandle');
    main = await startFakeOpenAI();
    await updateSetting(api, 'models', [{ id: 'coder', provider: 'openai-compatible', model: 'coder-model', baseUrl: main.baseURL, price: { input: 0.5, output: 1 } }], Global);
    await updateSetting(api, 'tiers', { plan: ['coder'], understand: ['coder'], generate: ['coder'], review: ['coder'] }, Global);
  });

  beforeEach(async () => {
    // A view that is showing: the plan is approved on the card, not in a modal. Said before every test
    // (as in tasks.test.ts): an earlier test's editors may have hidden the real view, which marks it
    // not ready, and the plan then went to a dialog nobody answers (1.139, this suite's tests in order).
    await chat.showView();
    await chat.receive({ type: 'ready', protocolVersion: CHAT_PROTOCOL_VERSION });
  });

  afterEach(async () => {
    main.setHandler(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    // The chat view this suite said was showing is not, for the suites after it.
    chat.controller.setViewReady(false);
    await vscode.workspace.getConfiguration('switchboard').update('tasks', undefined, Global);
    await resetSettings(api);
    await main?.close();
  });

  it('Fix Problems in Selection sends the selected lines’ problems and code to generate, and validates the fix', async () => {
    const document = await vscode.workspace.openTextDocument(uriOf('src/discount.ts'));
    const editor = await vscode.window.showTextDocument(document);
    const source = document.getText();
    // A problem VS Code reports on line 4, as a language server would (the command reads every source).
    const problems = vscode.languages.createDiagnosticCollection('switchboard-test');
    const diagnostic = new vscode.Diagnostic(new vscode.Range(3, 0, 3, 10), "Type 'string' is not assignable to type 'number'.", vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'ts';
    diagnostic.code = 2322;
    problems.set(document.uri, [diagnostic]);
    editor.selection = new vscode.Selection(2, 0, 6, 0);
    let generate = '';
    main.setHandler((request) => {
      if (kindOf(request) !== 'generate') return json({});
      generate = bodyText(request);
      return json({ summary: 'A comment on the rate', changes: [{ action: 'edit', path: 'src/discount.ts', newPath: null, code: `${source}\n// The rate is a number.\n` }] });
    });
    try {
      const result = (await vscode.commands.executeCommand('switchboard.fixProblems', { wait: true })) as TaskResult | undefined;
      assert.equal(result?.profileId, 'fix');
      assert.equal(result?.status, 'succeeded', result?.stoppedReason);
      assert.match(generate, /TS2322/, 'generate receives the problem’s code');
      assert.match(generate, /src\/discount\.ts:4/, 'and where it is');
      assert.match(generate, /Type 'string' is not assignable to type 'number'/);
      assert.ok(generate.includes(document.lineAt(3).text.trim()), 'and the selected code');
      assert.equal(result?.validation?.status, 'passed', JSON.stringify(result?.validation));
      assert.deepEqual(result?.validation?.files, [{ path: 'src/discount.ts', check: 'types' }], 'type-checked, with the libs below');
      // The libs it was checked with: VS Code's built-in TypeScript extension's.
      const handle = await vscode.commands.executeCommand<TasksTestHandle>('switchboard.tasks.testHandle');
      const lib = handle.typeScriptLib();
      const extension = vscode.extensions.getExtension('vscode.typescript-language-features');
      assert.ok(extension, 'VS Code has its TypeScript extension');
      assert.equal(lib.source, 'vscode-typescript');
      assert.ok(lib.directory?.startsWith(vscode.Uri.joinPath(vscode.Uri.file(extension.extensionPath), '..').fsPath), lib.directory);
      assert.ok(result?.final?.kind === 'change-set' && result.final.changeSet.changes[0]?.path === 'src/discount.ts');
      assert.equal(document.getText(), source, 'nothing is written before Accept');
    } finally {
      problems.dispose();
    }
  });

  it('deleting the conversation a task runs in stops the task: the server sees the connection close, no later phase asks', async () => {
    main.setHandler((request) => (kindOf(request) === 'generate' ? { kind: 'text', chunks: ['{"summary":', ...Array.from({ length: 300 }, () => ' ')], chunkDelayMs: 100 } : json({})));
    const generates = main.chatRequests.filter((r) => kindOf(r) === 'generate').length;
    await chat.receive({ type: 'task/start', requestId: 'r_deleted', profileId: 'fix', text: 'Fix the discount, then be deleted', chips: [] });
    await eventually(() => main.chatRequests.filter((r) => kindOf(r) === 'generate').length, (n) => n > generates, 'the generate request arrives', { ms: 20_000 });
    const generate = main.chatRequests.filter((r) => kindOf(r) === 'generate').at(-1)!;
    const before = main.chatRequests.length;
    const conversationId = chat.controller.currentConversationId;
    assert.ok(conversationId && chat.controller.snapshot().messages.some((m) => m.role === 'task' && m.requestId === 'r_deleted'), 'the card is in the current conversation');

    const done = chat.tasks!.done('r_deleted');
    // As after the delete's confirmation (a modal the integration tier cannot answer).
    assert.equal(await chat.conversations.delete(conversationId, false), true);
    assert.equal(await generate.ended, 'client-closed');
    const result = (await done) as TaskResult | undefined;
    assert.equal(result?.status, 'cancelled');
    assert.equal(main.chatRequests.length, before, 'nothing after generate was asked');
  });

  it('Stop while the plan waits for approval keeps the plan: the card offers Resume from plan approval, which shows it again without asking for another', async () => {
    await updateSetting(api, 'tasks', [{ id: 'tests', approvePlan: true }], Global);
    const plan = { summary: 'Codes.', steps: [{ title: 'Add the codes module', files: ['src/planStopCodes.ts'] }] };
    main.setHandler((request) => (kindOf(request) === 'plan' ? json(plan) : kindOf(request) === 'generate' ? json({ summary: 'Codes', changes: [{ action: 'create', path: 'src/planStopCodes.ts', newPath: null, code: 'export const CODES = 1;\n' }] }) : json({})));
    const recording = chat.record();
    const planShown = () => recording.messages.filter((m) => m.type === 'task/event' && m.requestId === 'r_plan_stop' && m.event.kind === 'plan').length;
    try {
      await chat.receive({ type: 'task/start', requestId: 'r_plan_stop', profileId: 'tests', text: 'Tests for the codes, planned first', chips: [] });
      await eventually(planShown, (n) => n === 1, 'the plan waits for approval on the card', { ms: 30_000 });
      const plans = main.chatRequests.filter((r) => kindOf(r) === 'plan').length;
      await chat.receive({ type: 'task/stop', requestId: 'r_plan_stop' });
      const stopped = (await chat.tasks!.done('r_plan_stop')) as TaskResult;
      assert.equal(stopped.status, 'cancelled');
      const card = chat.controller.snapshot().messages.find((m) => m.role === 'task' && m.requestId === 'r_plan_stop');
      assert.ok(card?.role === 'task');
      assert.equal(card.status, 'cancelled');
      assert.equal(card.resumeFrom, 'plan approval', 'the card offers Resume');

      await chat.receive({ type: 'task/resume', requestId: 'r_plan_stop' });
      await eventually(planShown, (n) => n === 2, 'the kept plan waits for approval again', { ms: 30_000 });
      assert.equal(main.chatRequests.filter((r) => kindOf(r) === 'plan').length, plans, 'no model is asked for another plan');
      await chat.receive({ type: 'task/plan', requestId: 'r_plan_stop', answer: 'accept' });
      const resumed = (await chat.tasks!.done('r_plan_stop')) as TaskResult;
      assert.equal(resumed.status, 'succeeded', resumed.stoppedReason);
      assert.equal(resumed.taskId, stopped.taskId);
      assert.ok(resumed.final?.kind === 'change-set', 'generation followed the approval');
    } finally {
      recording.dispose();
      await vscode.workspace.getConfiguration('switchboard').update('tasks', undefined, Global);
    }
  });
});
