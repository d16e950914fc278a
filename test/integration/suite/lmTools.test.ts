// Switchboard's language-model tools inside the real VS Code host, called as any agent calls them
// (vscode.lm.invokeTool); the review and task tools answered by a local OpenAI-compatible server
// over real HTTP. VS Code skips its own confirmation dialogs while extension tests run (its
// DialogService confirms by itself), so the task tool's confirmation is read from its
// prepareInvocation, and the research phase's question about an external call is answered in the
// place of the modal.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { LM_TOOLS, inputJsonSchema } from '../../../src/core/lmTools/toolCatalogue';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import type { TaskResult } from '../../../src/core/tasks/taskTypes';
import { CHAT_PROTOCOL_VERSION } from '../../../src/protocol/chatProtocol';
import type { SwitchboardApi } from '../../../src/vscode/api';
import type { ChatTestHandle } from '../../../src/vscode/chat/registerChat';
import type { LmToolsTestHandle } from '../../../src/vscode/lmTools/registerLmTools';
import type { ExternalCall } from '../../../src/core/tasks/research/externalTools';
import type { TasksTestHandle } from '../../../src/vscode/tasks/registerTasks';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAIServer, type RecordedRequest } from '../../support/fakeProviders';
import { bodyText, kindOf } from '../../support/taskRequests';
import { resetSettings, switchboard, updateSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;
const decoder = new TextDecoder();
const encoder = new TextEncoder();
const uriOf = (path: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...path.split('/'));
const disk = async (path: string) => decoder.decode(await vscode.workspace.fs.readFile(uriOf(path)));

const json = (value: unknown): FakeBehaviour => ({ kind: 'text', chunks: [JSON.stringify(value)], usage: { input: 200, output: 80 } });
const text = (t: string): FakeBehaviour => ({ kind: 'text', chunks: [t], usage: { input: 100, output: 20 } });

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
}

describe('Language-model tools', function () {
  this.timeout(120_000);
  let api: SwitchboardApi;
  let main: FakeOpenAIServer;
  let reviewer: FakeOpenAIServer;
  let attempts: AttemptRecord[];
  let recording: vscode.Disposable;

  before(async () => {
    api = await switchboard();
    main = await startFakeOpenAI();
    reviewer = await startFakeOpenAI();
    await updateSetting(
      api,
      'models',
      [
        { id: 'coder', provider: 'openai-compatible', model: 'coder-model', baseUrl: main.baseURL, price: { input: 0.5, output: 1 } },
        { id: 'reviewer', provider: 'openai-compatible', model: 'reviewer-model', baseUrl: reviewer.baseURL, price: { input: 0.2, output: 0.4 } },
      ],
      Global,
    );
    await updateSetting(api, 'tiers', { plan: ['coder'], understand: ['coder'], generate: ['coder'], review: ['reviewer'] }, Global);
  });

  beforeEach(() => {
    main.setHandler(undefined);
    reviewer.setHandler(undefined);
    attempts = [];
    recording = api.onDidRecordAttempt((a) => attempts.push(a));
  });

  afterEach(async () => {
    recording.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.workspace.getConfiguration('switchboard').update('research.externalTools', undefined, Global);
    await vscode.workspace.getConfiguration('switchboard').update('tasks', undefined, Global);
    await resetSettings(api);
    await main?.close();
    await reviewer?.close();
  });

  it('vscode.lm.tools lists the five tools with their input schemas', () => {
    for (const spec of Object.values(LM_TOOLS)) {
      const tool = vscode.lm.tools.find((t) => t.name === spec.name);
      assert.ok(tool, `${spec.name} is listed`);
      assert.deepEqual(tool.inputSchema, inputJsonSchema(spec.input), spec.name);
      assert.equal(tool.description, spec.modelDescription);
      assert.ok(tool.tags.includes('switchboard'));
    }
  });

  it('repo map: the ranked map for a file within its token budget', async () => {
    const answer = await invoke(LM_TOOLS.repoMap.name, { file: 'src/index.ts', query: 'discountRate', maxTokens: 400 });
    assert.match(answer, /^Repo map for src\/index\.ts and "discountRate": \d+ of \d+ ranked symbols, \d+ of 400 tokens/);
    assert.match(answer, /src\/discount\.ts/);
    assert.match(answer, /discountRate/);
  });

  it('symbol: definitions and references of a name', async () => {
    const answer = await invoke(LM_TOOLS.symbol.name, { name: 'LineItem', maxReferences: 2 });
    assert.match(answer, /^Definitions of LineItem \(1\):\nsrc\/invoice\.ts:\d+-\d+ {2}interface \(exported\) LineItem/);
    assert.match(answer, /References to LineItem \(by name; first 2\):\nsrc\/\w+\.ts:\d+:\d+\nsrc\/\w+\.ts:\d+:\d+\n\[more references not shown/);
  });

  it('hotspots: the most complex functions first', async () => {
    const answer = await invoke(LM_TOOLS.hotspots.name, { limit: 3 });
    assert.match(answer, /^Complexity hotspots: \d+ of \d+ functions that branch, most complex first\.\n/);
    assert.match(answer, /discountRate/);
  });

  it('wrong input comes back as a result naming what is wrong, and nothing runs', async () => {
    const before = reviewer.chatRequests.length;
    const answer = await invoke(LM_TOOLS.symbol.name, { name: '', maxReferences: 1000 });
    assert.match(answer, /^Invalid input for switchboard_symbol: .*name: .*maxReferences: /);
    const outside = await invoke(LM_TOOLS.review.name, { target: 'file', file: '../outside.ts' });
    assert.match(outside, /^Invalid input for switchboard_review: file: "\.\.\/outside\.ts" cannot be read/);
    assert.equal(reviewer.chatRequests.length, before, 'the review tier was not asked');
  });

  it('review of a file: the review tier answers with structured findings, recorded with origin "tool"', async () => {
    const before = reviewer.chatRequests.length;
    reviewer.setHandler(() => json({ findings: [{ file: 'src/discount.ts', startLine: 6, endLine: 6, severity: 'warning', message: 'Magic number 100', suggestedFix: null }] }));
    const answer = JSON.parse(await invoke(LM_TOOLS.review.name, { target: 'file', file: 'src/discount.ts', focus: 'magic numbers' })) as { reviewedBy: string; findings: unknown[] };
    assert.equal(answer.reviewedBy, 'reviewer');
    assert.deepEqual(answer.findings, [{ file: 'src/discount.ts', startLine: 6, endLine: 6, severity: 'warning', message: 'Magic number 100' }]);
    const sent = reviewer.chatRequests.slice(before);
    assert.equal(sent.length, 1);
    assert.match(bodyText(sent[0] as RecordedRequest), /export function discountRate/);
    assert.equal((sent[0]?.body as { response_format?: { type?: string } }).response_format?.type, 'json_schema');
    assert.ok(attempts.some((a) => a.origin === 'tool' && a.modelId === 'reviewer' && a.capability === 'review'), JSON.stringify(attempts.map((a) => [a.origin, a.modelId])));
  });

  it('review of the pending git changes: the diff against HEAD and the untracked files an agent created, ignored files and a changed secret left out', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { cwd: folder });
    const original = await disk('src/format.ts');
    await vscode.workspace.fs.writeFile(uriOf('.env'), encoder.encode('TOKEN=old\n'));
    git('init', '-q');
    // The workspace as a repository: every file committed, as in a person's project.
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    try {
      await vscode.workspace.fs.writeFile(uriOf('src/format.ts'), encoder.encode(`${original}\nexport const CHANGED_MARKER = 1;\n`));
      await vscode.workspace.fs.writeFile(uriOf('.env'), encoder.encode('TOKEN=SECRET-DIFF-MARKER\n'));
      // Created and not staged, as an agent's new file is; and one that .gitignore names.
      await vscode.workspace.fs.writeFile(uriOf('src/created.ts'), encoder.encode('export const CREATED_MARKER = 2;\n'));
      await vscode.workspace.fs.writeFile(uriOf('.git/info/exclude'), encoder.encode('ignored-build.js\n'));
      await vscode.workspace.fs.writeFile(uriOf('ignored-build.js'), encoder.encode('const IGNORED_MARKER = 3;\n'));
      reviewer.setHandler(() => json({ findings: [] }));
      const before = reviewer.chatRequests.length;
      const answer = await invoke(LM_TOOLS.review.name, { target: 'changes' });
      const sent = bodyText(reviewer.chatRequests[before] as RecordedRequest);
      assert.match(sent, /\+export const CHANGED_MARKER = 1;/);
      assert.match(sent, /diff --git a\/src\/created\.ts b\/src\/created\.ts[\s\S]*new file mode[\s\S]*\+export const CREATED_MARKER = 2;/, 'the untracked file is reviewed as added');
      assert.ok(!sent.includes('IGNORED_MARKER'), 'an ignored file is not reviewed');
      assert.ok(!sent.includes('SECRET-DIFF-MARKER'), 'the secret\'s change never reached a model');
      assert.match(answer, /"findings": \[\]/);
      assert.match(answer, /Not reviewed, as they look like secrets: \.env/);
    } finally {
      await vscode.workspace.fs.writeFile(uriOf('src/format.ts'), encoder.encode(original));
      await vscode.workspace.fs.delete(uriOf('.git'), { recursive: true });
      await vscode.workspace.fs.delete(uriOf('.env'));
      await vscode.workspace.fs.delete(uriOf('src/created.ts'));
      await vscode.workspace.fs.delete(uriOf('ignored-build.js'));
    }
  });

  it('task: prepareInvocation asks for confirmation before it runs, naming the profile, the instruction and the cost', async () => {
    const handle = await vscode.commands.executeCommand<LmToolsTestHandle>('switchboard.lmTools.testHandle');
    const prepared = await handle.prepare(LM_TOOLS.task.name, { instruction: 'Make discountRate return 0 for empty items', profile: 'fix', files: ['src/discount.ts'] });
    assert.equal(prepared?.confirmationMessages?.title, 'Run a Switchboard multi-model task?');
    const message = prepared?.confirmationMessages?.message;
    const body = typeof message === 'string' ? message : (message?.value ?? '');
    assert.match(body, /\*\*Fix Problems\*\* \(generate → validate\): Make discountRate return 0 for empty items/);
    assert.match(body, /may cost money\. Nothing is written/);
    // The analysis tools only read: nothing to confirm.
    assert.equal((await handle.prepare(LM_TOOLS.symbol.name, { name: 'x' }))?.confirmationMessages, undefined);
  });

  it('task: confirmed, it runs on the fake server and returns the proposed change without applying it', async () => {
    const original = await disk('src/discount.ts');
    const fixed = original.replace('export function discountRate(items: readonly LineItem[], loyaltyYears: number): number {', 'export function discountRate(items: readonly LineItem[], loyaltyYears: number): number {\n  if (items.length === 0) return 0;');
    main.setHandler((request) => (kindOf(request) === 'generate' ? json({ summary: 'Empty items', changes: [{ action: 'edit', path: 'src/discount.ts', newPath: null, code: fixed }] }) : text('?')));
    // VS Code's own confirmation is skipped under test (see the top of this file).
    const answer = await invoke(LM_TOOLS.task.name, { instruction: 'Make discountRate return 0 for empty items', profile: 'fix', files: ['src/discount.ts'] });
    assert.match(answer, /^Task fix: succeeded\./, answer);
    assert.match(answer, /Proposed change: Empty items\n1 file/);
    assert.match(answer, /Nothing was applied\. The change is open in a preview/);
    assert.equal(await disk('src/discount.ts'), original, 'nothing was written');
    // Task phases are recorded as the task's (origin "task", with its id), whoever started it.
    assert.ok(attempts.some((a) => a.origin === 'task' && a.modelId === 'coder'));
  });

  /** Runs the research-only "explore" task with the setting; the fake model answers with `handler`. */
  async function explore(setting: boolean | string[], requestId: string, handler: (round: number) => FakeBehaviour): Promise<{ result: TaskResult; offered: string[][] }> {
    await updateSetting(api, 'research.externalTools', setting, Global);
    await updateSetting(api, 'tasks', [{ id: 'explore', label: 'Explore', phases: ['research'] }], Global);
    const offered: string[][] = [];
    main.setHandler((request) => {
      const body = request.body as { tools?: { function: { name: string } }[]; tool_choice?: unknown };
      if (!body.tools?.length || body.tool_choice === 'none') return text('The echo tool answered ECHO.');
      offered.push(body.tools.map((t) => t.function.name));
      return handler(offered.length);
    });
    const chat = await vscode.commands.executeCommand<ChatTestHandle>('switchboard.chat.testHandle');
    await chat.receive({ type: 'ready', protocolVersion: CHAT_PROTOCOL_VERSION });
    try {
      await chat.receive({ type: 'task/start', requestId, profileId: 'explore', text: 'What does the echo tool say?', chips: [] });
      return { result: (await chat.tasks!.done(requestId)) as TaskResult, offered };
    } finally {
      chat.controller.setViewReady(false);
      await updateSetting(api, 'research.externalTools', undefined, Global);
      await updateSetting(api, 'tasks', undefined, Global);
    }
  }

  const RESEARCH_TOOLS = ['read_file', 'find_symbol', 'search_text', 'repo_map'];

  it('research offers the external tools the setting lists, never Switchboard\'s own, and asks before calling one ("Allow for This Session" holds)', async () => {
    const external = vscode.extensions.getExtension<{ calls: { input: unknown }[] }>('switchboard-test.external-tool');
    assert.ok(external, 'the test-only extension is loaded');
    const calls = (await external.activate()).calls;
    calls.length = 0;
    const tasksHandle = await vscode.commands.executeCommand<TasksTestHandle>('switchboard.tasks.testHandle');
    const asked: ExternalCall[] = [];
    const modal = tasksHandle.externalTools.ask;
    // The person answers "Allow for This Session" in the modal.
    tasksHandle.externalTools.ask = async (call) => {
      asked.push(call);
      return 'allow-session';
    };
    try {
      // The list also matches Switchboard's own tools: they stay out all the same.
      const { result, offered } = await explore(['switchboardTest_*', 'switchboard_*'], 'r_external', (round) =>
        round <= 2 ? { kind: 'text', chunks: [], toolCalls: [{ id: `e${round}`, name: 'switchboardTest_echo', arguments: JSON.stringify({ text: `hello ${round}` }) }] } : text('Done exploring.'),
      );
      assert.deepEqual(asked.map((c) => [c.tool, c.input]), [['switchboardTest_echo', { text: 'hello 1' }]], 'asked once, before the first call');
      assert.equal(result.status, 'succeeded', result.stoppedReason);
      assert.deepEqual(calls.map((c) => c.input), [{ text: 'hello 1' }, { text: 'hello 2' }], 'both calls ran, the second without asking again');
      assert.ok(offered[0]?.includes('read_file'));
      assert.deepEqual(offered[0]?.filter((name) => !RESEARCH_TOOLS.includes(name)), ['switchboardTest_echo'], 'only the listed tool, none of VS Code\'s own');
      assert.ok(!offered.flat().some((name) => name.startsWith('switchboard_')), `Switchboard's own tools are not offered to it: ${JSON.stringify(offered[0])}`);
      const toolTurn = JSON.stringify(main.chatRequests.at(-2)?.body ?? {});
      assert.match(toolTurn, /ECHO:hello 1/);
    } finally {
      tasksHandle.externalTools.ask = modal;
    }
  });

  it('research with the setting true: another extension\'s tool comes before VS Code\'s own (recent VS Code registers two dozen first), at most 24', async () => {
    await vscode.extensions.getExtension('switchboard-test.external-tool')?.activate();
    const { result, offered } = await explore(true, 'r_external_any', () => text('Done exploring.'));
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    const externals = offered[0]?.filter((name) => !RESEARCH_TOOLS.includes(name)) ?? [];
    assert.ok(externals.includes('switchboardTest_echo'), `the extension's tool is offered: ${JSON.stringify(externals)} of ${vscode.lm.tools.length} registered`);
    assert.ok(externals.length <= 24, `${externals.length} external tools`);
    assert.ok(!externals.some((name) => name.startsWith('switchboard_')), JSON.stringify(externals));
  });
});
