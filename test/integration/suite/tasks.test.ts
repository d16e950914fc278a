// Multi-model tasks inside the real VS Code host: started from the chat's card messages, the API and
// the commands, each phase answered by local OpenAI-compatible servers over real HTTP. Every server
// answers per request from what that request contains (its system prompt says which phase asks), and
// asserts what it must contain; the TypeScript validator checks the fixture workspace's real project.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAIServer } from '../../support/fakeProviders';
import { eventually } from '../../support/eventually';
import type { PromptKind } from '../../../src/core/tasks/phasePrompts';
import { bodyText, kindOf } from '../../support/taskRequests';
import { PhaseRouter } from '../../../src/core/tasks/phaseRouter';
import { runResearchTools } from '../../../src/core/tasks/research/researchLoop';
import type { TaskRouter } from '../../../src/core/tasks/taskPorts';
import type { TaskResult } from '../../../src/core/tasks/taskTypes';
import type { RouteEvent } from '../../../src/core/router/routeEvents';
import { CHAT_PROTOCOL_VERSION, type HostToWebview } from '../../../src/protocol/chatProtocol';
import type { SwitchboardApi } from '../../../src/vscode/api';
import type { ChatTestHandle } from '../../../src/vscode/chat/registerChat';
import type { TasksTestHandle } from '../../../src/vscode/tasks/registerTasks';
import { waitForIndex } from '../support/analysis';
import { resetSettings, switchboard, updateSetting, useSetting } from '../support/switchboard';

const { Global } = vscode.ConfigurationTarget;
const decoder = new TextDecoder();
const encoder = new TextEncoder();

const json = (value: unknown): FakeBehaviour => {
  const text = JSON.stringify(value);
  return { kind: 'text', chunks: [text.slice(0, 10), text.slice(10)], usage: { input: 200, output: 80 } };
};
const text = (t: string): FakeBehaviour => ({ kind: 'text', chunks: [t], usage: { input: 100, output: 20 } });

const uriOf = (path: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, ...path.split('/'));
async function disk(path: string): Promise<string | undefined> {
  try {
    return decoder.decode(await vscode.workspace.fs.readFile(uriOf(path)));
  } catch {
    return undefined;
  }
}

const PLAN = { summary: 'Discount codes.', steps: [{ title: 'Add codeRate in a new module', files: ['src/discountCodes.ts'] }, { title: 'Use it from discount.ts', files: ['src/discount.ts'] }] };
const codesFile = (fallback: string) => `export const CODES: Record<string, number> = { SAVE10: 0.1 };\n\nexport function codeRate(code: string): number {\n  const rate: number = code.length > 0 ? CODES[code] : ${fallback};\n  return rate;\n}\n`;
/** The draft: line 4 of the new module assigns `number | string` to a number (TS2322). */
const draft = (fallback: string) => ({
  summary: 'Discount codes',
  changes: [
    { action: 'create', path: 'src/discountCodes.ts', newPath: null, code: codesFile(fallback) },
    {
      action: 'edit',
      path: 'src/discount.ts',
      newPath: null,
      code: "import { codeRate } from './discountCodes.js';\n\n/** The discount with a code on top. */\nexport function discountWithCode(items: readonly LineItem[], loyaltyYears: number, code: string): number {\n  return discountRate(items, loyaltyYears) + codeRate(code);\n}\n",
    },
  ],
});

describe('Tasks (host side)', function () {
  this.timeout(90_000);
  let api: SwitchboardApi;
  let chat: ChatTestHandle;
  let main: FakeOpenAIServer;
  let reviewer: FakeOpenAIServer;
  let messages: HostToWebview[];
  let recording: { readonly messages: HostToWebview[]; dispose(): void };

  before(async () => {
    api = await switchboard();
    chat = await vscode.commands.executeCommand<ChatTestHandle>('switchboard.chat.testHandle');
    assert.ok(chat?.tasks, 'the chat test handle has the task controller');
    main = await startFakeOpenAI();
    reviewer = await startFakeOpenAI();
    await updateSetting(
      api,
      'models',
      [
        { id: 'planner', provider: 'openai-compatible', model: 'planner-model', baseUrl: main.baseURL, price: { input: 1, output: 2 } },
        { id: 'coder', provider: 'openai-compatible', model: 'coder-model', baseUrl: main.baseURL, price: { input: 0.5, output: 1 } },
        { id: 'reviewer', provider: 'openai-compatible', model: 'reviewer-model', baseUrl: reviewer.baseURL, price: { input: 0.2, output: 0.4 } },
      ],
      Global,
    );
    await updateSetting(api, 'tiers', { plan: ['planner'], understand: ['planner'], generate: ['coder'], review: ['reviewer'] }, Global);
  });

  beforeEach(async () => {
    // The built-in profiles, whatever profiles the test before defined in settings.
    await useSetting(api, 'tasks', undefined, Global);
    // A view that is showing: the plan is approved on the card, not in a modal. The real chat view
    // is set up first (being set up marks the view not ready until its page loads, which would send
    // the plan to a dialog nobody answers), then said ready, before every test.
    await chat.showView();
    await chat.receive({ type: 'ready', protocolVersion: CHAT_PROTOCOL_VERSION });
    recording = chat.record();
    messages = recording.messages;
    main.setHandler(undefined);
    reviewer.setHandler(undefined);
  });

  afterEach(async () => {
    recording.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    // The chat view this suite said was showing is not, for the suites after it.
    chat.controller.setViewReady(false);
    await vscode.workspace.getConfiguration('switchboard').update('tasks', undefined, Global);
    await resetSettings(api);
    await main?.close();
    await reviewer?.close();
  });

  const requestsOf = (server: FakeOpenAIServer, kind: PromptKind) => server.chatRequests.filter((r) => kindOf(r) === kind);
  /** The coder's task signals of one kind as the metrics export reports them (the store is shared: compare before and after). */
  const coderSignals = (kind: 'task-validation' | 'task-change') => {
    const report = JSON.parse(api.metrics.exportJson()) as { signals?: { modelId: string; capability?: string; byKind: Record<string, { accepted: number; rejected: number }> }[] };
    const counts = report.signals?.find((f) => f.modelId === 'coder' && f.capability === 'generate')?.byKind[kind];
    return { kept: counts?.accepted ?? 0, not: counts?.rejected ?? 0 };
  };

  it('implement: the plan is approved on the card, a draft with a type error is refined into code that type-checks, Accept writes every file and one Undo restores them; the checks and the Accept are quality signals', async () => {
    const problems: string[] = [];
    // The servers are the suite's: count this test's refine requests from what they saw before.
    const refinesBefore = requestsOf(main, 'refine').length;
    const checksBefore = coderSignals('task-validation');
    const changesBefore = coderSignals('task-change');
    main.setHandler((request) => {
      switch (kindOf(request)) {
        case 'plan':
          return json(PLAN);
        case 'research':
          return text('discountRate lives in src/discount.ts; LineItem comes from invoice.ts.');
        case 'generate':
          if (!PLAN.steps.every((s) => bodyText(request).includes(s.title))) problems.push('generate did not receive every plan step');
          return json(draft("'none'"));
        case 'refine':
          if (!/TS2322/.test(bodyText(request))) problems.push('refine did not receive TS2322');
          if (!/src\/discountCodes\.ts:4/.test(bodyText(request))) problems.push('refine did not receive src/discountCodes.ts:4');
          return json(draft('0'));
        default:
          problems.push(`unexpected request to the main server: ${kindOf(request) ?? 'unknown'}`);
          return text('?');
      }
    });
    reviewer.setHandler(() => json({ findings: [] }));
    const discountBefore = await disk('src/discount.ts');

    await chat.receive({ type: 'task/start', requestId: 'r_implement', profileId: 'implement', text: 'Add discount codes to the discount', chips: [] });
    const done = chat.tasks!.done('r_implement');
    await eventually(() => messages.some((m) => m.type === 'task/event' && m.requestId === 'r_implement' && m.event.kind === 'plan'), Boolean, 'the plan shown for approval on the card', { ms: 30_000 });
    await chat.receive({ type: 'task/plan', requestId: 'r_implement', answer: 'accept' });
    const result = (await done) as TaskResult;

    assert.deepEqual(problems, []);
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.ok(result.phases.some((p) => p.key.startsWith('refine') && p.status === 'succeeded'), 'a refine round ran');
    assert.equal(result.validation?.status, 'passed', JSON.stringify(result.validation));
    assert.equal(requestsOf(main, 'refine').length, refinesBefore + 1);
    assert.ok(result.final?.kind === 'change-set');
    assert.deepEqual(result.final.changeSet.changes.map((c) => `${c.kind} ${c.path}`).sort(), ['create src/discountCodes.ts', 'edit src/discount.ts']);
    // The card is stored with the conversation, finished, its totals the phases' sums.
    const card = chat.controller.snapshot().messages.find((m) => m.role === 'task' && m.requestId === 'r_implement');
    assert.ok(card?.role === 'task');
    assert.equal(card.status, 'succeeded');
    assert.deepEqual(card.final?.changeSet?.files.map((f) => f.path).sort(), ['src/discount.ts', 'src/discountCodes.ts']);
    assert.equal(await disk('src/discountCodes.ts'), undefined, 'nothing is written before Accept');
    // The draft's failed check and the refined draft's pass, each against the coder's attempt.
    assert.deepEqual(coderSignals('task-validation'), { kept: checksBefore.kept + 1, not: checksBefore.not + 1 });

    await chat.receive({ type: 'task/accept', requestId: 'r_implement' });
    await eventually(() => disk('src/discountCodes.ts'), (t) => t === codesFile('0'), 'the new module written');
    assert.match((await disk('src/discount.ts')) ?? '', /export function discountWithCode/);
    await eventually(() => messages.some((m) => m.type === 'task/event' && m.requestId === 'r_implement' && m.event.kind === 'note' && /Accepted: 2 file/.test(m.event.text)), Boolean, 'the card says what was accepted');
    assert.deepEqual(coderSignals('task-change'), { kept: changesBefore.kept + 1, not: changesBefore.not }, 'the accepted change counts for the coder');

    const document = await vscode.workspace.openTextDocument(uriOf('src/discount.ts'));
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    await eventually(() => document.getText(), (t) => t === discountBefore, 'one Undo restores the edited file');
    await eventually(() => disk('src/discountCodes.ts'), (t) => t === undefined, 'and removes the created one');
    await document.save();
  });

  it('a draft that changes an exported signature fails validation through the importer it did not touch', async () => {
    main.setHandler((request) =>
      kindOf(request) === 'generate'
        ? json({
            summary: 'A currency for the total',
            changes: [
              {
                action: 'edit',
                path: 'src/invoice.ts',
                newPath: null,
                code: 'export function invoiceTotalCents(items: readonly LineItem[], taxRate: number, currency: string): number {\n  const subtotal = items.reduce((sum, item) => sum + lineTotalCents(item), 0);\n  return currency === "EUR" ? Math.round(subtotal * (1 + taxRate)) : subtotal;\n}\n',
              },
            ],
          })
        : text('?'),
    );
    const result = await api.runTask({ instruction: 'Give invoiceTotalCents a currency', profile: 'fix', files: [] });
    assert.equal(result.validation?.status, 'failed', JSON.stringify(result.validation));
    const broken = result.validation?.diagnostics.find((d) => d.path === 'src/index.ts');
    assert.ok(broken, `the unchanged importer breaks: ${JSON.stringify(result.validation?.diagnostics)}`);
    assert.equal(broken.code, 'TS2554');
    assert.ok(result.final?.kind === 'change-set' && result.final.changeSet.changes.every((c) => c.path !== 'src/index.ts'));
  });

  it('a draft that creates a module an unchanged file already imports is checked through that file, and what that file passes on', async () => {
    // Written first by the person, the module asked for next: on disk the import finds nothing.
    const waiting = 'src/waitsForRates.ts';
    const passesOn = 'src/showsRates.ts';
    const created = 'src/ratesToCome.ts';
    await vscode.workspace.fs.writeFile(uriOf(waiting), encoder.encode("import { rate } from './ratesToCome.js';\n\nexport const shownRate = rate;\n"));
    await vscode.workspace.fs.writeFile(uriOf(passesOn), encoder.encode("import { shownRate } from './waitsForRates.js';\n\nexport const percent: number = shownRate * 100;\n"));
    try {
      const wrong = "export const rate = '0.9';\n";
      const tasks = await vscode.commands.executeCommand<TasksTestHandle>('switchboard.tasks.testHandle');
      // The validator has seen both files on disk (its watcher is asynchronous).
      await eventually(() => tasks.validators.forFolder(undefined)!.validate([{ kind: 'create', path: created, after: wrong }]), (r) => r.status === 'failed', 'the validator sees the importers on disk', { ms: 30_000 });
      main.setHandler((request) => (kindOf(request) === 'generate' ? json({ summary: 'The rates', changes: [{ action: 'create', path: created, newPath: null, code: wrong }] }) : text('?')));
      const result = await api.runTask({ instruction: 'Create the rates module that waitsForRates.ts imports', profile: 'fix', files: [] });
      assert.equal(result.validation?.status, 'failed', JSON.stringify(result.validation));
      assert.deepEqual(result.validation?.diagnostics.map((d) => `${d.path}:${d.line} ${d.code}`), [`${passesOn}:3 TS2362`]);
      assert.equal(await disk(created), undefined, 'nothing is written');
    } finally {
      await vscode.workspace.fs.delete(uriOf(waiting));
      await vscode.workspace.fs.delete(uriOf(passesOn));
    }
  });

  it('a review tier whose models all fail leaves the task finished with "review skipped" and the draft', async () => {
    main.setHandler((request) => (kindOf(request) === 'generate' ? json(draft('0')) : text('Notes: discount.ts holds discountRate.')));
    reviewer.setHandler(() => ({ kind: 'auth', status: 401 }));
    const result = await api.runTask({ instruction: 'Document the discount', profile: 'document' });
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    const review = result.phases.find((p) => p.phase === 'review');
    assert.ok(review && review.status !== 'succeeded', JSON.stringify(review));
    assert.match(review.error ?? '', /review skipped/);
    assert.ok(result.final?.kind === 'change-set', 'the draft is kept');
    assert.equal(await disk('src/discountCodes.ts'), undefined, 'nothing is written');
  });

  it('a generate tier whose models all fail stops the task with nothing applied; Resume re-runs only from generate', async () => {
    let generateFails = true;
    main.setHandler((request) => {
      const kind = kindOf(request);
      if (kind === 'plan') return json(PLAN);
      if (kind === 'generate') return generateFails ? { kind: 'auth', status: 401 } : json(draft('0'));
      return text('?');
    });
    await chat.receive({ type: 'task/start', requestId: 'r_resume', profileId: 'tests', text: 'Tests for discount codes', chips: [] });
    const failed = (await chat.tasks!.done('r_resume')) as TaskResult;
    assert.equal(failed.status, 'failed');
    assert.equal(failed.resumeFrom, 'generate');
    assert.equal(failed.final?.kind === 'change-set', false, 'no change set to apply');
    assert.equal(await disk('src/discountCodes.ts'), undefined);
    const plans = requestsOf(main, 'plan').length;

    generateFails = false;
    await chat.receive({ type: 'task/resume', requestId: 'r_resume' });
    const resumed = (await chat.tasks!.done('r_resume')) as TaskResult;
    assert.equal(resumed.status, 'succeeded', resumed.stoppedReason);
    assert.equal(requestsOf(main, 'plan').length, plans, 'the plan is not asked again');
    assert.equal(resumed.taskId, failed.taskId);
    assert.ok(resumed.final?.kind === 'change-set');
  });

  it('feedback on the change set runs a refine round of its own with the person’s words and the draft, and validates it', async () => {
    let refine = '';
    main.setHandler((request) => {
      const kind = kindOf(request);
      if (kind === 'generate') return json(draft('0'));
      if (kind === 'refine') {
        refine = bodyText(request);
        return json({ ...draft('0'), summary: 'Codes in a Map' });
      }
      return text('?');
    });
    await chat.receive({ type: 'task/start', requestId: 'r_feedback', profileId: 'fix', text: 'Discount codes, then feedback', chips: [] });
    const first = (await chat.tasks!.done('r_feedback')) as TaskResult;
    assert.equal(first.status, 'succeeded', first.stoppedReason);
    const generates = requestsOf(main, 'generate').length;

    await chat.receive({ type: 'task/feedback', requestId: 'r_feedback', text: 'Keep the codes in a Map, please' });
    const card = await eventually(
      () => chat.controller.snapshot().messages.find((m) => m.role === 'task' && m.requestId !== 'r_feedback' && m.instruction === 'Discount codes, then feedback'),
      (m) => m !== undefined,
      'a new card for the feedback round',
    );
    assert.ok(card?.role === 'task');
    const second = (await chat.tasks!.done(card.requestId)) as TaskResult;
    assert.equal(second.status, 'succeeded', second.stoppedReason);
    assert.match(refine, /Keep the codes in a Map, please/, 'refine receives the feedback');
    assert.match(refine, /discountWithCode/, 'and the draft it revises');
    assert.equal(requestsOf(main, 'generate').length, generates, 'nothing is generated again');
    assert.ok(second.phases.some((p) => p.phase === 'validate'), 'the revision is validated');
    assert.ok(second.final?.kind === 'change-set' && second.final.changeSet.summary === 'Codes in a Map');
  });

  it('Stop during generate: the server sees the connection close and no later phase sends a request', async () => {
    main.setHandler((request) => (kindOf(request) === 'generate' ? { kind: 'text', chunks: ['{"summary":', ...Array.from({ length: 300 }, () => ' ')], chunkDelayMs: 100 } : text('?')));
    const before = main.chatRequests.length + reviewer.chatRequests.length;
    const generates = requestsOf(main, 'generate').length;
    await chat.receive({ type: 'task/start', requestId: 'r_stop', profileId: 'fix', text: 'Fix the discount', chips: [] });
    await eventually(() => requestsOf(main, 'generate').length, (n) => n > generates, 'the generate request arrives', { ms: 20_000 });
    const generate = requestsOf(main, 'generate').at(-1)!;
    await chat.receive({ type: 'task/stop', requestId: 'r_stop' });
    assert.equal(await generate.ended, 'client-closed');
    const result = (await chat.tasks!.done('r_stop')) as TaskResult;
    assert.equal(result.status, 'cancelled');
    assert.equal(main.chatRequests.length + reviewer.chatRequests.length, before + 1, 'nothing after generate was asked');
  });

  it('runs a profile the person defined in settings, on the tier it names', async () => {
    await updateSetting(api, 'tasks', [{ id: 'quick', label: 'Quick draft', phases: ['generate'], phaseSettings: { generate: { tier: 'review' } } }], Global);
    assert.ok(api.taskProfiles().some((p) => p.id === 'quick' && !p.builtIn));
    reviewer.setHandler((request) => (kindOf(request) === 'generate' ? json(draft('0')) : text('?')));
    const events: string[] = [];
    const result = await api.runTask({ instruction: 'Draft discount codes', profile: 'quick' }, { onEvent: (e) => events.push(e.type) });
    assert.equal(result.profileId, 'quick');
    assert.equal(result.status, 'succeeded', result.stoppedReason);
    assert.deepEqual(result.modelsUsed, ['reviewer']);
    assert.equal(events[0], 'task-start');
    assert.equal(events.at(-1), 'task-end');
    await assert.rejects(api.runTask({ instruction: 'x', profile: 'nope' }), /no task profile "nope"/);
  });

  it('@switchboard /task runs the named profile, streams its timeline and offers the change set as a Preview button', async () => {
    main.setHandler((request) => (kindOf(request) === 'generate' ? json(draft('0')) : text('?')));
    const parts: string[] = [];
    const progress: string[] = [];
    const buttons: vscode.Command[] = [];
    const stream = { markdown: (v: string | vscode.MarkdownString) => parts.push(typeof v === 'string' ? v : v.value), progress: (v: string) => progress.push(v), button: (c: vscode.Command) => buttons.push(c) } as unknown as vscode.ChatResponseStream;
    const request = { prompt: 'fix the discount codes', command: 'task', references: [], toolReferences: [] } as unknown as vscode.ChatRequest;
    const source = new vscode.CancellationTokenSource();
    const result = await chat.participant(request, { history: [] }, stream, source.token);
    source.dispose();
    assert.equal(result.errorDetails, undefined, JSON.stringify(result));
    assert.equal((result.metadata as { profileId?: string }).profileId, 'fix');
    const markdown = parts.join('');
    assert.match(markdown, /\*\*Generate\*\* · `coder` · succeeded/);
    assert.match(markdown, /\*\*Validate\*\*/);
    assert.match(markdown, /- create `src\/discountCodes\.ts`/);
    assert.ok(progress.some((p) => /Running the Fix Problems task/.test(p)), progress.join(' | '));
    assert.equal(buttons[0]?.command, 'switchboard.task.previewChangeSet');
    assert.equal(await disk('src/discountCodes.ts'), undefined, 'the participant writes nothing');
  });

  it("@switchboard's Preview Changes, clicked after a module the change set imports changed, is refused with the type error and opens nothing", async () => {
    const base = 'src/participantBase.ts';
    const created = 'src/participantCodes.ts';
    await vscode.workspace.fs.writeFile(uriOf(base), encoder.encode('export const BASE: string = "SAVE10";\n'));
    try {
      const importing = `import { BASE } from './participantBase.js';\n\nexport const PARTICIPANT_CODES: readonly string[] = [BASE];\n`;
      main.setHandler((request) => (kindOf(request) === 'generate' ? json({ summary: 'Participant codes', changes: [{ action: 'create', path: created, newPath: null, code: importing }] }) : text('?')));
      const buttons: vscode.Command[] = [];
      const stream = { markdown: () => undefined, progress: () => undefined, button: (c: vscode.Command) => buttons.push(c) } as unknown as vscode.ChatResponseStream;
      const request = { prompt: 'fix the participant codes from the base', command: 'task', references: [], toolReferences: [] } as unknown as vscode.ChatRequest;
      const source = new vscode.CancellationTokenSource();
      await chat.participant(request, { history: [] }, stream, source.token);
      source.dispose();
      const button = buttons[0];
      assert.equal(button?.command, 'switchboard.task.previewChangeSet');
      assert.equal((button?.arguments?.[1] as { status?: string } | undefined)?.status, 'passed', 'the validation travels with the button');

      // The imported module changes after the task: the change set now has a type error in its own file.
      await vscode.workspace.fs.writeFile(uriOf(base), encoder.encode('export const BASE: number = 10;\n'));
      const tasks = await vscode.commands.executeCommand<TasksTestHandle>('switchboard.tasks.testHandle');
      const changes = [{ kind: 'create' as const, path: created, after: importing }];
      await eventually(() => tasks.validators.forFolder(undefined)!.validate(changes), (r) => r.status === 'failed', 'the validator sees the changed module', { ms: 30_000 });

      const outcome = await vscode.commands.executeCommand<{ kind: string; reason?: string } | undefined>(button!.command, ...(button!.arguments ?? []));
      assert.equal(outcome?.kind, 'unchanged', JSON.stringify(outcome));
      assert.match(outcome?.reason ?? '', /no longer type-checks against the files as they are now \(src\/participantCodes\.ts:3 TS2322 /);
      assert.ok(!vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => /participantCodes/.test(t.label))), 'no preview opened');
      assert.equal(await disk(created), undefined, 'nothing was written');
    } finally {
      await vscode.workspace.fs.delete(uriOf(base));
    }
  });

  it('Implement… runs the implement profile from the editor with the selection as context', async () => {
    await updateSetting(api, 'tasks', [{ id: 'implement', approvePlan: false, phases: ['generate', 'validate'] }], Global);
    try {
      let generate = '';
      main.setHandler((request) => {
        if (kindOf(request) !== 'generate') return text('?');
        generate = bodyText(request);
        return json(draft('0'));
      });
      const document = await vscode.workspace.openTextDocument(uriOf('src/discount.ts'));
      const editor = await vscode.window.showTextDocument(document);
      editor.selection = new vscode.Selection(3, 0, 8, 0);
      const result = (await vscode.commands.executeCommand('switchboard.implement', { instruction: 'Add discount codes', wait: true })) as TaskResult | undefined;
      assert.equal(result?.status, 'succeeded', result?.stoppedReason);
      assert.equal(result?.profileId, 'implement');
      assert.match(generate, /Add discount codes/);
      assert.match(generate, /export function discountRate/, 'the selection went with the task');
    } finally {
      await updateSetting(api, 'tasks', undefined, Global);
    }
  });

  it('research tool calls stop at their bound and never return an ignored file or a secret', async () => {
    try {
      await vscode.workspace.fs.writeFile(uriOf('.gitignore'), encoder.encode('private/\n'));
      await vscode.workspace.fs.writeFile(uriOf('private/notes.ts'), encoder.encode('export const HIDDEN = "IGNORED-MARKER";\n'));
      await vscode.workspace.fs.writeFile(uriOf('.env'), encoder.encode('API_KEY=SECRET-MARKER\n'));
      const handle = await vscode.commands.executeCommand<TasksTestHandle>('switchboard.tasks.testHandle');
      const research = handle.research();
      assert.ok(research, 'the research source exists for the open folder');
      let calls = 0;
      main.setHandler((request) => {
        const body = request.body as { tools?: unknown[]; tool_choice?: unknown };
        // The loop's last call, with tools refused, asks for the summary.
        if (!body.tools?.length || body.tool_choice === 'none') return text('Summary of what I found.');
        calls++;
        return { kind: 'text', chunks: [], toolCalls: [{ id: `c${calls}a`, name: 'read_file', arguments: JSON.stringify({ path: 'private/notes.ts' }) }, { id: `c${calls}b`, name: 'read_file', arguments: JSON.stringify({ path: '.env' }) }] };
      });
      const router: TaskRouter = {
        route: (capability, request, options) => api.route(capability, request, options) as AsyncIterable<RouteEvent>,
        complete: (capability, request, options) => api.complete(capability, request, options),
        explain: (capability) => api.explain(capability),
      };
      const before = main.chatRequests.length;
      const outcome = await runResearchTools(new PhaseRouter(router, {}, () => undefined), 'understand', { messages: [{ role: 'user', content: 'What does the workspace hide?' }] }, research.tools(), { maxSteps: 2 });
      assert.equal(calls, 2, 'two tool rounds, then the bound');
      assert.equal(outcome.toolCalls, 4);
      const sent = main.chatRequests.slice(before).map(bodyText).join('\n');
      assert.ok(!sent.includes('IGNORED-MARKER'), 'the ignored file never reached a model');
      assert.ok(!sent.includes('SECRET-MARKER'), 'the secret never reached a model');
      assert.ok(!outcome.transcript.includes('IGNORED-MARKER') && !outcome.transcript.includes('SECRET-MARKER'));
    } finally {
      // Files of its own: the analyzer's and the other suites' view of the fixture stays as it was.
      for (const path of ['.gitignore', 'private', '.env']) await vscode.workspace.fs.delete(uriOf(path), { recursive: true }).then(undefined, () => undefined);
    }
  });

  it('research started while the index is being rebuilt waits for it and reads it (before, it found no definitions)', async function () {
    this.timeout(180_000);
    // Enough files that Analyze Workspace takes a moment to analyse them all again (well under a second here:
    // too short for research to say it is waiting, which the unit tests of indexWait.ts cover).
    const bulk = Array.from({ length: 300 }, (_, i) => i);
    const module = (i: number) =>
      Array.from({ length: 12 }, (_, f) => `/** Part ${f} of module ${i}. */\nexport function bulk${i}Part${f}(value: number): number {\n  return value * ${f + 1} + ${i};\n}\n`).join('\n');
    try {
      for (const i of bulk) await vscode.workspace.fs.writeFile(uriOf(`bulk/module${i}.ts`), encoder.encode(module(i)));
      await waitForIndex(api);
      const handle = await vscode.commands.executeCommand<TasksTestHandle>('switchboard.tasks.testHandle');
      const research = handle.research();
      assert.ok(research, 'the research source exists for the open folder');
      const analysis = vscode.commands.executeCommand('switchboard.analyzeWorkspace');
      await eventually(() => handle.indexState().kind, (kind) => kind === 'indexing', 'Analyze Workspace to rebuild the index', { ms: 30_000, intervalMs: 1 });
      const heard: { text: string; level: string }[] = [];
      const found = await research.gather({ instruction: 'Let `discountRate` take a coupon too.', files: [], planFiles: [] }, 4000, undefined, (note) => heard.push(note));
      assert.equal(handle.indexState().kind, 'ready', 'research went on only once the index was built');
      // A wait of a second or more is told (waiting, then how long); it never went on without the index.
      assert.ok(heard.every((n) => n.level === 'info' && /^Research (is waiting|waited [\d.]+ s) for the workspace index/.test(n.text)), JSON.stringify(heard));
      assert.ok(found.sources.some((s) => /^src\/discount\.ts:\d+-\d+ \(discountRate\)$/.test(s)), `the definition was found in the index: ${found.sources.join(', ')}`);
      assert.match(found.context, /export function discountRate\(items: readonly LineItem\[\], loyaltyYears: number\): number/);
      await analysis;
    } finally {
      await vscode.workspace.fs.delete(uriOf('bulk'), { recursive: true }).then(undefined, () => undefined);
    }
  });
});
