// A multi-model task as a person runs it: Task mode in the composer with the Implement profile, the
// plan approved on the card, the timeline filling in phase by phase, one preview of every changed
// file, Accept All, and the change on disk. Each model is a local OpenAI-compatible server that
// answers per request from what the request asks (its system prompt names the phase) and notes
// anything the request should have carried but did not. The test reads the card as a person does:
// each phase's model, status and cost, and totals that add up.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { kindOf } from '../support/taskRequests';
import { CODES_FILE, RESEARCH_NOTES, TASK_PLAN, taskDraft } from './taskScript';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAIServer } from '../support/fakeProviders';
import { eventually } from '../support/eventually';
import { chatFrame, modernTheme, newChat, openWorkbench, phaseRows, placement, removeWorkspaceSettings, runFromPalette, screenshot, screenshotFailures, showChat, workspaceFolder, writeWorkspaceSettings, type Workbench } from './workbench';


/*
 * Usage per answer, chosen with the prices below so that every phase's cost is exact in the two
 * significant digits the card shows: the test can then add the card's figures and compare.
 * planner $2/$8 per million; coder $1/$2; reviewer $0.5/$1.
 */
const PLAN_USAGE = { input: 1000, output: 250 }; // $0.0040
const RESEARCH_USAGE = { input: 1000, output: 125 }; // $0.0030
const GENERATE_USAGE = { input: 2000, output: 1000 }; // $0.0040
const REVIEW_USAGE = { input: 2000, output: 1000 }; // $0.0020
const REFINE_USAGE = { input: 2000, output: 500 }; // $0.0030

const answer = (value: unknown, usage: { input: number; output: number }, extra: Partial<Extract<FakeBehaviour, { kind: 'text' }>> = {}): FakeBehaviour => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return { kind: 'text', chunks: [text.slice(0, 12), text.slice(12)], usage, ...extra };
};

const PLAN = TASK_PLAN;
const draft = taskDraft;
const FINDING = { file: 'src/invoice.ts', startLine: 18, endLine: 19, severity: 'warning', message: 'The discounted total is not rounded to whole cents.', suggestedFix: 'Return Math.round(total).' };

describe('Tasks in the chat', function () {
  let workbench: Workbench;
  let page: Page;
  let planner: FakeOpenAIServer;
  let coder: FakeOpenAIServer;
  let reviewer: FakeOpenAIServer;
  const invoiceFile = () => path.join(workspaceFolder(), 'src', 'invoice.ts');
  const codesFile = () => path.join(workspaceFolder(), 'src', 'discountCodes.ts');
  let invoiceBefore = '';
  /** What a request lacked that it should have carried, or a request no server expected. */
  const problems: string[] = [];

  before(async function () {
    this.timeout(180_000);
    planner = await startFakeOpenAI();
    coder = await startFakeOpenAI();
    reviewer = await startFakeOpenAI();
    planner.setHandler((request) => {
      const kind = kindOf(request);
      if (kind === 'plan') return answer(PLAN, PLAN_USAGE);
      if (kind === 'research') return answer(RESEARCH_NOTES, RESEARCH_USAGE);
      problems.push(`planner: unexpected ${kind ?? 'unknown'} request`);
      return { kind: 'server-error', status: 500 };
    });
    coder.setHandler((request) => {
      const kind = kindOf(request);
      const body = JSON.stringify(request.body);
      if (kind === 'generate') {
        for (const step of PLAN.steps) if (!body.includes(step.title)) problems.push(`generate lacked the plan step "${step.title}"`);
        // Slow enough that the timeline shows Generate running before it succeeds, then streaming
        // in pieces of 24 characters a tenth of a second apart (about 4 s), as a model writes.
        const text = JSON.stringify(draft(false));
        const pieces = Array.from({ length: Math.ceil(text.length / 24) }, (_, i) => text.slice(i * 24, (i + 1) * 24));
        return { kind: 'text', chunks: pieces, usage: GENERATE_USAGE, firstChunkDelayMs: 1500, chunkDelayMs: 100 };
      }
      if (kind === 'refine') {
        if (!body.includes(FINDING.message)) problems.push('refine lacked the review finding');
        return answer(draft(true), REFINE_USAGE);
      }
      problems.push(`coder: unexpected ${kind ?? 'unknown'} request`);
      return { kind: 'server-error', status: 500 };
    });
    reviewer.setHandler((request) => {
      if (kindOf(request) === 'review') return answer({ findings: [FINDING] }, REVIEW_USAGE);
      problems.push(`reviewer: unexpected ${kindOf(request) ?? 'unknown'} request`);
      return { kind: 'server-error', status: 500 };
    });

    invoiceBefore = readFileSync(invoiceFile(), 'utf8');
    writeWorkspaceSettings({
      'workbench.colorTheme': modernTheme('dark'),
      'switchboard.models': [
        { id: 'planner', provider: 'openai-compatible', model: 'planner-model', baseUrl: planner.baseURL, price: { input: 2, output: 8 } },
        { id: 'coder', provider: 'openai-compatible', model: 'coder-model', baseUrl: coder.baseURL, price: { input: 1, output: 2 } },
        { id: 'reviewer', provider: 'openai-compatible', model: 'reviewer-model', baseUrl: reviewer.baseURL, price: { input: 0.5, output: 1 } },
      ],
      'switchboard.tiers': { plan: ['planner'], understand: ['planner'], generate: ['coder'], review: ['reviewer'], classify: [] },
    });
    workbench = await openWorkbench();
    page = workbench.page;
  });

  screenshotFailures(() => page, 'tasks-');

  after(async () => {
    await workbench?.browser.close();
    // Later suites, and a second run, read the fixture as it was.
    removeWorkspaceSettings();
    if (invoiceBefore) writeFileSync(invoiceFile(), invoiceBefore);
    if (existsSync(codesFile())) rmSync(codesFile());
    await planner?.close();
    await coder?.close();
    await reviewer?.close();
  });

  const cards = (): Locator => chatFrame(page).locator('sb-task-card');
  const card = (): Locator => cards().last();
  const phase = (key: string): Locator => card().locator(`li.phase[data-key="${key}"]`);

  // One scenario, as a person lives it: the card read while the task runs, then once it has finished
  // (each phase's figures), then its changes previewed and accepted. Each step reads what the one
  // before it did, so they are one test, not three that lean on their order.
  it('runs an Implement task from the composer: the plan approved on the card, the timeline filling in, each phase with its model, status and cost and totals that add up, every changed file previewed in one multi-diff editor and written on Accept All', async function () {
    this.timeout(330_000);
    // Room for the card: the chat open, the Models view folded below it.
    await showChat(page);
    // A chat of its own, whatever an earlier test left in the view.
    await newChat(page);
    const chat = chatFrame(page);
    await chat.getByText('Ask anything about your code').waitFor({ timeout: 60_000 });

    // Task mode, Implement profile, from the composer's mode picker.
    const mode = chat.locator('sb-composer vscode-single-select.mode');
    await mode.waitFor({ timeout: 30_000 });
    await mode.click();
    await mode.getByRole('option', { name: 'Task: Implement' }).click();
    await eventually(() => mode.evaluate((el) => (el as HTMLSelectElement).value), (v) => v === 'implement', 'the mode picker to show Task: Implement', { ms: 10_000 });
    // The picker shows the whole name of the chosen profile, not "Task: Implem…".
    const face = await mode.evaluate((el) => {
      const text = el.shadowRoot?.querySelector<HTMLElement>('.select-face .text');
      return text ? { text: text.textContent?.trim() ?? '', fits: text.scrollWidth <= text.clientWidth } : undefined;
    });
    assert.deepEqual(face, { text: 'Task: Implement', fits: true });
    const input = chat.locator('sb-composer textarea');
    await input.click();
    await input.fill('Add discount codes to the invoice total');
    await page.keyboard.press('Enter');

    // The plan waits for approval on the card, as an editable checklist.
    await card().locator('.card-status', { hasText: 'Waiting for your approval of the plan' }).waitFor({ timeout: 60_000 });
    const steps = card().locator('sb-plan-editor textarea.title');
    assert.deepEqual(await steps.evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value)), PLAN.steps.map((s) => s.title));
    // Each step reads whole in the narrow side bar: its field wraps and grows instead of cutting it off.
    const clipped = await card()
      .locator('sb-plan-editor textarea')
      .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth || e.scrollHeight > e.clientHeight + 1).map((e) => (e as HTMLTextAreaElement).value));
    assert.deepEqual(clipped, [], 'no plan field cuts its text off');
    await screenshot(page, 'tasks-plan-approval');
    await card().locator('sb-plan-editor vscode-button', { hasText: 'Accept Plan' }).click();

    // The timeline fills in: Generate is seen running (its model starts after 1.5 s), saying how long
    // it has been running and about how many tokens it has received while its draft streams, then done.
    await card().locator('li.phase.running[data-key="generate"]').waitFor({ timeout: 60_000 });
    // Done, saying what it gave.
    assert.match(await phase('plan').locator('.status').innerText(), /^\d+ steps?$/);
    const receiving = card().locator('li.phase.running[data-key="generate"] .figures', { hasText: /^coder · \d+ s · ~\d[\d,]* tokens received$/ });
    await receiving.waitFor({ timeout: 60_000 });
    const firstCount = Number(/~([\d,]+) tokens received/.exec(await receiving.innerText())?.[1]?.replace(/,/g, ''));
    await screenshot(page, 'tasks-card-running');
    // The count grows while the phase runs (read before the phase ends, or it is gone).
    await card()
      .locator('li.phase.running[data-key="generate"] .figures', { hasText: /tokens received/ })
      .filter({ hasNotText: new RegExp(`~${firstCount.toLocaleString('en-US')} tokens`) })
      .waitFor({ timeout: 30_000 });
    await card().locator('.card-status', { hasText: 'Finished' }).waitFor({ timeout: 90_000 });
    // The card grew past the message list as its phases filled in: the list followed it, so what to
    // do with the result shows without scrolling, and nothing offers to jump to the latest.
    const list = chatFrame(page).locator('sb-message-list');
    const endButtons = card().locator('.buttons[aria-label="What to do with the result"]');
    await eventually(() => placement(endButtons, list), (p) => p.inside, 'the end of the finished card to show in the message list', { ms: 2_500, show: (p) => p.detail });
    const jumpToLatest = list.getByRole('button', { name: 'Jump to latest message' });
    assert.equal(await jumpToLatest.count(), 0);
    // A turn of the wheel up over the list is the person's own: the list stays where they put it and
    // offers the way back to the end.
    const box = await list.boundingBox();
    assert.ok(box, 'the message list is on screen');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -400);
    await jumpToLatest.waitFor({ timeout: 10_000 });
    await jumpToLatest.click();
    await eventually(() => placement(endButtons, list), (p) => p.inside, 'Jump to latest to bring the end of the card back', { ms: 5_000, show: (p) => p.detail });
    // The plan was accepted as shown: the card does not say it was edited.
    assert.equal(await card().getByText('The plan was edited before generation.').count(), 0);
    assert.deepEqual(problems, []);

    // Each phase with its model, status and cost, and totals that add up.
    const rows = await phaseRows(card());
    const byKey = new Map(rows.map((r) => [r.key, r]));
    // In the order the phases ran: the draft's check beside the review, then the refine round it led to
    // and its own check (the draft's check once read below "Refine (round 1)").
    assert.deepEqual(
      rows.map((r) => r.key),
      ['plan', 'research', 'generate', 'review', 'validate', 'refine#1', 'validate#1'],
    );
    const expected: [string, string, string, string][] = [
      ['plan', 'Plan', 'planner', '$0.0040'],
      ['research', 'Research', 'planner', '$0.0030'],
      ['generate', 'Generate', 'coder', '$0.0040'],
      ['review', 'Review', 'reviewer', '$0.0020'],
      ['refine#1', 'Refine (round 1)', 'coder', '$0.0030'],
    ];
    for (const [key, name, model, cost] of expected) {
      const row = byKey.get(key);
      assert.ok(row, `the card shows ${name}: ${JSON.stringify(rows)}`);
      assert.equal(row.name, name);
      assert.equal(row.state, 'succeeded', `${name}: ${JSON.stringify(row)}`);
      assert.match(row.figures, new RegExp(`^${model} \\(`), `${name} names its model: ${row.figures}`);
      assert.equal(costOf(row.figures), cost, `${name}'s cost: ${row.figures}`);
    }
    // Validation calls no model: it has a status and no cost.
    for (const key of ['validate', 'validate#1']) {
      const row = byKey.get(key);
      assert.ok(row, `the card shows ${key}`);
    }
    // The check passed: its line says so ("succeeded" said only that it ran).
    assert.equal(byKey.get('validate#1')?.status, 'passed');

    const totals = await card().locator('p.totals').innerText();
    const shown = rows.map((r) => costOf(r.figures)).filter((c): c is string => c !== undefined);
    const sum = shown.reduce((s, c) => s + dollars(c), 0);
    const total = costOf(totals);
    assert.ok(total, `the totals show a cost: ${totals}`);
    assert.ok(Math.abs(dollars(total) - sum) < 1e-9, `the total ${total} is the sum of the phases' ${shown.join(' + ')}`);
    assert.equal(total, '$0.016');
    assert.match(totals, /8,000 in \/ 2,875 out tokens/);
    assert.match(totals, /models: .*planner/);
    await card().scrollIntoViewIfNeeded();
    await screenshot(page, 'tasks-card-finished');

    // Every changed file previewed in one multi-diff editor, written on Accept All.
    await card().locator('vscode-button.preview', { hasText: 'Preview Changes' }).click();
    const tab = page.locator('.tabs-container .tab').filter({ hasText: 'Proposed by Switchboard' });
    await tab.waitFor({ timeout: 30_000 });
    // The editor adds "(2 files)" itself: the tab says the count once ("2 files: … (2 files)" before).
    const tabText = (await tab.innerText()).replace(/\s+/g, ' ');
    assert.match(tabText, /Proposed by Switchboard: 1 edited, 1 created/, tabText);
    assert.doesNotMatch(tabText, /files:/, tabText);
    const editor = page.locator('.multiDiffEditor, .multi-diff-editor').first();
    await editor.waitFor({ timeout: 30_000 });
    for (const name of ['invoice.ts', 'discountCodes.ts']) await editor.getByText(name, { exact: false }).first().waitFor({ timeout: 30_000 });
    assert.equal(readFileSync(invoiceFile(), 'utf8'), invoiceBefore, 'previewing writes nothing');
    assert.equal(existsSync(codesFile()), false, 'previewing creates nothing');
    const toast = page.locator('.notification-toast').filter({ hasText: 'Switchboard proposes changes to' });
    await toast.waitFor({ timeout: 30_000 });
    // The preview's own title bar offers both decisions, where a person reviewing the diff looks.
    for (const label of ['Accept All Proposed Task Changes', 'Reject All Proposed Task Changes']) {
      await page.locator(`.editor-group-container.active .editor-actions .action-label[aria-label^="${label}"]`).first().waitFor({ timeout: 30_000 });
    }
    await screenshot(page, 'tasks-preview');

    await card().locator('vscode-button.accept', { hasText: 'Accept All' }).click();
    await eventually(() => (existsSync(codesFile()) ? readFileSync(codesFile(), 'utf8') : ''), (t) => t === CODES_FILE, 'Accept All to create src/discountCodes.ts', { ms: 30_000 });
    await eventually(() => readFileSync(invoiceFile(), 'utf8'), (t) => t.includes('return Math.round(total);') && t.includes("import { codeRate } from './discountCodes.js';"), 'Accept All to write the refined src/invoice.ts', { ms: 30_000 });
    await tab.waitFor({ state: 'detached', timeout: 30_000 });
    // The card's Accept answered the preview: its notification goes with it.
    await toast.waitFor({ state: 'detached', timeout: 30_000 });
    await card().getByText(/Accepted: 2 files written/).first().waitFor({ timeout: 30_000 });
    await screenshot(page, 'tasks-accepted');
  });

  it('runs a task from the Command Palette: Run Task… lists the profiles, asks what to do, and the chat shows the task with its plan', async function () {
    this.timeout(180_000);
    // The fixture as it was, whichever test ran before (the composer's Accept All writes both files):
    // the plan's Implement task then drafts against the same files as alone.
    writeFileSync(invoiceFile(), invoiceBefore);
    if (existsSync(codesFile())) rmSync(codesFile());
    await showChat(page);
    const widget = page.locator('.quick-input-widget');
    await runFromPalette(page, 'Switchboard: Run Task…', { asks: true });
    await widget.locator('input[placeholder="Which kind of task?"]').waitFor({ timeout: 30_000 });
    const rows = widget.locator('.monaco-list-row');
    // Each profile by its name (a row's first label; what it does is a second line below it).
    const names = () => rows.evaluateAll((els) => els.map((r) => r.querySelector('.label-name')?.textContent?.trim() ?? ''));
    await eventually(names, (n) => n.length === 5, 'the list of task profiles', { ms: 10_000, show: (n) => n.join(', ') });
    assert.deepEqual(await names(), ['Implement', 'Fix Problems', 'Generate Tests', 'Add Documentation', 'Plan Task']);
    assert.match(await rows.first().innerText(), /Plan, gather context, draft, review, refine and type-check a change\./);
    await screenshot(page, 'tasks-run-task-profiles');
    await rows.filter({ has: page.locator('.label-name', { hasText: 'Plan Task' }) }).first().click();

    // The box names the profile once, in its title.
    await widget.locator('.quick-input-title', { hasText: 'Switchboard: Plan Task' }).waitFor({ timeout: 30_000 });
    // (VS Code adds "(Press 'Enter' to confirm or 'Escape' to cancel)" after it.)
    assert.match(await widget.locator('.quick-input-message').innerText(), /^What should the task do\?( \(|$)/);
    await widget.locator('.quick-input-box input').fill('Let customers pay an invoice in two parts');
    await screenshot(page, 'tasks-run-task-instruction');
    await page.keyboard.press('Enter');

    // The task runs in the chat: the plan, from the plan tier's model.
    const last = card().filter({ hasText: 'Let customers pay an invoice in two parts' });
    await last.locator('.card-status', { hasText: 'Finished' }).waitFor({ timeout: 60_000 });
    // Held by its place: once Implement This Plan adds a card below it, "the last card" is that one.
    const planned = cards().nth((await cards().count()) - 1);
    for (const step of PLAN.steps) await planned.getByText(step.title).first().waitFor({ timeout: 10_000 });
    const [plan] = await phaseRows(planned);
    assert.equal(plan?.name, 'Plan');
    assert.equal(plan?.state, 'succeeded');
    assert.match(plan?.figures ?? '', /^planner \(/);
    assert.equal(costOf(plan?.figures ?? ''), '$0.0040');
    await planned.scrollIntoViewIfNeeded();
    await screenshot(page, 'tasks-run-task-card');
    assert.deepEqual(problems, []);

    // Implement This Plan: an Implement task below, from that plan. No model plans again and the plan
    // is not shown for approval again (Implement asks for it otherwise); generate receives its steps.
    const plansAsked = planner.chatRequests.filter((r) => kindOf(r) === 'plan').length;
    const before = await cards().count();
    await planned.locator('vscode-button.implement', { hasText: 'Implement This Plan' }).click();
    await planned.getByText('Implementing the plan: an Implement task is starting below.').waitFor({ timeout: 10_000 });
    // The new card, below the plan's.
    const implementing = cards().nth(before);
    await implementing.waitFor({ timeout: 30_000 });
    await implementing.locator('.card-status', { hasText: 'Finished' }).waitFor({ timeout: 120_000 });
    assert.equal((await implementing.locator('header .title').innerText()).trim(), 'Task · Implement');
    assert.equal((await implementing.locator('p.instruction').innerText()).trim(), 'Let customers pay an invoice in two parts');
    assert.equal(await implementing.getByText('Waiting for your approval of the plan').count(), 0);
    const implemented = await phaseRows(implementing);
    assert.deepEqual(implemented.map((r) => [r.key, r.state]).slice(0, 3), [['plan', 'succeeded'], ['research', 'succeeded'], ['generate', 'succeeded']]);
    assert.equal(costOf(implemented[0]?.figures ?? ''), undefined, 'the chosen plan cost nothing again');
    await implementing.getByText('The plan you chose to implement.').waitFor({ timeout: 10_000 });
    assert.equal(planner.chatRequests.filter((r) => kindOf(r) === 'plan').length, plansAsked, 'no model planned again');
    await implementing.locator('vscode-button.accept', { hasText: 'Accept All' }).waitFor({ timeout: 10_000 });
    await implementing.scrollIntoViewIfNeeded();
    await screenshot(page, 'tasks-implement-this-plan');
    assert.deepEqual(problems, []);
  });
});

/** The last dollar figure in a line of figures ("coder (openai-compatible) · 12 ms · … · $0.0040"). */
function costOf(figures: string): string | undefined {
  return figures.match(/\$\d[\d,]*(?:\.\d+)?/g)?.at(-1);
}

function dollars(figure: string): number {
  return Number(figure.replace(/[$,]/g, ''));
}
