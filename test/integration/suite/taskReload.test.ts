// Task cards after a window reload, inside the real VS Code host: the chat's conversations and the
// task sessions are written to their files, then read back into a fresh task controller as the next
// window builds them. A stored change set can still be accepted (and is refused when a file changed
// since, or when a file it does not touch changed so that it no longer type-checks), and a task the
// reload cut short resumes from the phases it had finished.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAIServer } from '../../support/fakeProviders';
import { eventually } from '../../support/eventually';
import { kindOf } from '../../support/taskRequests';
import type { TaskResult } from '../../../src/core/tasks/taskTypes';
import type { HostToWebview } from '../../../src/protocol/chatProtocol';
import type { SwitchboardApi } from '../../../src/vscode/api';
import type { ChatTestHandle, ReloadedTasks } from '../../../src/vscode/chat/registerChat';
import type { TasksTestHandle } from '../../../src/vscode/tasks/registerTasks';
import { resetSettings, switchboard, updateSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

const json = (value: unknown): FakeBehaviour => ({ kind: 'text', chunks: [JSON.stringify(value)], usage: { input: 200, output: 80 } });
const uriOf = (path: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...path.split('/'));
async function disk(path: string): Promise<string | undefined> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uriOf(path)));
  } catch {
    return undefined;
  }
}

const NEW_FILE = 'src/reloadCodes.ts';
/** A module the task's file imports but does not change. */
const BASE_FILE = 'src/reloadBase.ts';
const CODES = 'export const RELOAD_CODES: readonly string[] = ["SAVE10"];\n';
const CHANGE = { summary: 'Reload codes', changes: [{ action: 'create', path: NEW_FILE, newPath: null, code: CODES }] };
const PLAN = { summary: 'Codes.', steps: [{ title: 'Add the codes module', files: [NEW_FILE] }] };

const noteOn = (messages: readonly HostToWebview[], requestId: string, pattern: RegExp) =>
  messages.some((m) => m.type === 'task/event' && m.requestId === requestId && m.event.kind === 'note' && pattern.test(m.event.text));

describe('Task cards after a window reload', function () {
  this.timeout(90_000);
  let api: SwitchboardApi;
  let chat: ChatTestHandle;
  let main: FakeOpenAIServer;
  let reloaded: ReloadedTasks | undefined;

  before(async () => {
    api = await switchboard();
    chat = await vscode.commands.executeCommand<ChatTestHandle>('switchboard.chat.testHandle');
    assert.ok(chat?.reloadTasks, 'the chat test handle can rebuild the tasks from their files');
    main = await startFakeOpenAI();
    await updateSetting(api, 'models', [{ id: 'coder', provider: 'openai-compatible', model: 'coder-model', baseUrl: main.baseURL, price: { input: 0.5, output: 1 } }], Global);
    await updateSetting(api, 'tiers', { plan: ['coder'], understand: ['coder'], generate: ['coder'], review: ['coder'] }, Global);
  });

  afterEach(async () => {
    reloaded?.dispose();
    reloaded = undefined;
    main.setHandler(undefined);
    for (const path of [NEW_FILE, BASE_FILE]) if ((await disk(path)) !== undefined) await vscode.workspace.fs.delete(uriOf(path));
  });

  after(async () => {
    await resetSettings(api);
    await main?.close();
  });

  it('a stored card’s validated change set is previewable and acceptable after the reload', async () => {
    main.setHandler((request) => (kindOf(request) === 'generate' ? json(CHANGE) : json({})));
    await chat.receive({ type: 'task/start', requestId: 'r_reload_accept', profileId: 'fix', text: 'Add reload codes', chips: [] });
    const result = (await chat.tasks!.done('r_reload_accept')) as TaskResult;
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.equal(result.validation?.status, 'passed');

    reloaded = await chat.reloadTasks!();
    const card = reloaded.store.latest()?.messages.find((m) => m.role === 'task' && m.requestId === 'r_reload_accept');
    assert.ok(card?.role === 'task' && card.status === 'succeeded', 'the card is read back finished');
    const restored = await reloaded.controller.done('r_reload_accept');
    assert.deepEqual(restored?.final, result.final, 'the change set is read back as it was validated');
    await reloaded.controller.receive({ type: 'task/accept', requestId: 'r_reload_accept' });
    assert.equal(await disk(NEW_FILE), CODES, 'Accept after the reload writes the stored change set');
    assert.ok(noteOn(reloaded.messages, 'r_reload_accept', /Accepted: 1 file/), JSON.stringify(reloaded.messages));
    assert.ok(!reloaded.messages.some((m) => m.type === 'error'), 'no "ran before the reload" error');
  });

  it('a stored change set whose file changed on disk since is refused, and says so', async () => {
    main.setHandler((request) => (kindOf(request) === 'generate' ? json(CHANGE) : json({})));
    await chat.receive({ type: 'task/start', requestId: 'r_reload_stale', profileId: 'fix', text: 'Add reload codes again', chips: [] });
    assert.equal(((await chat.tasks!.done('r_reload_stale')) as TaskResult).status, 'succeeded');
    await vscode.workspace.fs.writeFile(uriOf(NEW_FILE), encoder.encode('export const MINE = 1;\n'));

    reloaded = await chat.reloadTasks!();
    await reloaded.controller.receive({ type: 'task/accept', requestId: 'r_reload_stale' });
    assert.ok(noteOn(reloaded.messages, 'r_reload_stale', /out of date: src\/reloadCodes\.ts exists now/), JSON.stringify(reloaded.messages));
    assert.equal(await disk(NEW_FILE), 'export const MINE = 1;\n', 'the person’s file is left as it is');
  });

  it('a stored change set that no longer type-checks because a file it does not touch changed since is refused, naming the error', async () => {
    await vscode.workspace.fs.writeFile(uriOf(BASE_FILE), encoder.encode('export const BASE: string = "SAVE10";\n'));
    const importing = `import { BASE } from './reloadBase.js';\n\nexport const RELOAD_CODES: readonly string[] = [BASE];\n`;
    main.setHandler((request) => (kindOf(request) === 'generate' ? json({ summary: 'Reload codes', changes: [{ action: 'create', path: NEW_FILE, newPath: null, code: importing }] }) : json({})));
    await chat.receive({ type: 'task/start', requestId: 'r_reload_drift', profileId: 'fix', text: 'Add reload codes from the base', chips: [] });
    const result = (await chat.tasks!.done('r_reload_drift')) as TaskResult;
    assert.equal(result.validation?.status, 'passed', JSON.stringify(result.validation));

    // The imported module changes after the validation: the change set now has a type error in its own file.
    await vscode.workspace.fs.writeFile(uriOf(BASE_FILE), encoder.encode('export const BASE: number = 10;\n'));
    const tasks = await vscode.commands.executeCommand<TasksTestHandle>('switchboard.tasks.testHandle');
    const changes = [{ kind: 'create' as const, path: NEW_FILE, after: importing }];
    // The file watcher tells the warm validator; Accept is tried once it has heard.
    await eventually(() => tasks.validators.forFolder(undefined)!.validate(changes), (r) => r.status === 'failed', 'the validator sees the changed module', { ms: 30_000 });

    reloaded = await chat.reloadTasks!();
    await reloaded.controller.receive({ type: 'task/accept', requestId: 'r_reload_drift' });
    assert.ok(noteOn(reloaded.messages, 'r_reload_drift', /out of date: it no longer type-checks against the files as they are now \(src\/reloadCodes\.ts:3 TS2322 /), JSON.stringify(reloaded.messages.filter((m) => m.type === 'task/event')));
    assert.equal(await disk(NEW_FILE), undefined, 'nothing was written');
  });

  it('a task the reload cut short resumes from the phases it had finished, paying for none of them again', async () => {
    let slow = true;
    main.setHandler((request) => {
      const kind = kindOf(request);
      if (kind === 'plan') return json(PLAN);
      if (kind === 'generate') return slow ? { kind: 'text', chunks: ['{"summary":', ...Array.from({ length: 300 }, () => ' ')], chunkDelayMs: 100 } : json(CHANGE);
      return json({});
    });
    const generates = main.chatRequests.filter((r) => kindOf(r) === 'generate').length;
    await chat.receive({ type: 'task/start', requestId: 'r_reload_cut', profileId: 'tests', text: 'Tests for the reload codes', chips: [] });
    await eventually(() => main.chatRequests.filter((r) => kindOf(r) === 'generate').length, (n) => n > generates, 'generate is under way', { ms: 30_000 });
    const plans = main.chatRequests.filter((r) => kindOf(r) === 'plan').length;

    // The window "closes" mid-generate: what the files hold now is what the next window reads.
    reloaded = await chat.reloadTasks!();
    chat.tasks!.stop('r_reload_cut');
    await chat.tasks!.done('r_reload_cut');
    const card = reloaded.store.latest()?.messages.find((m) => m.role === 'task' && m.requestId === 'r_reload_cut');
    assert.ok(card?.role === 'task');
    assert.equal(card.status, 'cancelled', 'a card cut short is never shown as running');
    assert.equal(card.resumeFrom, 'generate', `its Resume starts where it stopped: ${JSON.stringify(card.phases.map((p) => [p.key, p.status]))}`);

    slow = false;
    await reloaded.controller.receive({ type: 'task/resume', requestId: 'r_reload_cut' });
    const resumed = (await reloaded.controller.done('r_reload_cut')) as TaskResult;
    assert.equal(resumed.status, 'succeeded', resumed.stoppedReason);
    assert.equal(main.chatRequests.filter((r) => kindOf(r) === 'plan').length, plans, 'the finished plan is reused, not asked again');
    assert.ok(resumed.final?.kind === 'change-set' && resumed.final.changeSet.changes[0]?.path === NEW_FILE);
    const after = reloaded.store.latest()?.messages.find((m) => m.role === 'task' && m.requestId === 'r_reload_cut');
    assert.equal(after?.role === 'task' ? after.status : undefined, 'succeeded', 'the card goes on from where it was');
  });
});
