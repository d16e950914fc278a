// The generate patterns as a person meets them in the chat (issue 12, "Patterns for generate"): an
// Implement task whose profile sets `cascade` starts at the cheap model, the judge accepts, and the
// card says where the cascade stopped and what it saved; one whose profile sets `critique` has the
// draft critiqued by two review models side by side and revised by the model that drafted it, each
// critique on its own row named by its model. Each model is a local OpenAI-compatible server that
// answers from what the request asks (its system prompt names the phase).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAIServer, type RecordedRequest } from '../support/fakeProviders';
import { kindOf } from '../support/taskRequests';
import { eventually } from '../support/eventually';
import { RESEARCH_NOTES, TASK_PLAN, taskDraft } from './taskScript';
import { chatFrame, modernTheme, openWorkbench, phaseRows, removeWorkspaceSettings, required, screenshot, screenshotFailures, showChat, switchboardLogLines, workspaceFolder, writeWorkspaceSettings, type Workbench } from './workbench';

const said = (value: unknown, usage = { input: 1000, output: 500 }): FakeBehaviour => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return { kind: 'text', chunks: [text.slice(0, 12), text.slice(12)], usage };
};

const CRITIQUE_A = { file: 'src/invoice.ts', startLine: 6, endLine: 6, severity: 'warning', message: 'Round the discounted total to whole cents.', suggestedFix: 'Return Math.round(total).' };
const CRITIQUE_B = { file: 'src/discountCodes.ts', startLine: 4, endLine: 4, severity: 'info', message: 'Codes are matched without regard to case: say so in the comment.' };

describe('Task patterns in the chat', function () {
  let workbench: Workbench;
  let page: Page;
  let strong: FakeOpenAIServer;
  let cheap: FakeOpenAIServer;
  let judge: FakeOpenAIServer;
  let critic: FakeOpenAIServer;
  const invoiceFile = () => path.join(workspaceFolder(), 'src', 'invoice.ts');
  const codesFile = () => path.join(workspaceFolder(), 'src', 'discountCodes.ts');
  let invoiceBefore = '';
  /** Every request, as "<server>:<phase>", in the order the servers saw them. */
  const asked: string[] = [];

  const userData = (): string => required('SWITCHBOARD_E2E_USER_DATA');

  const answering = (name: string, answer: (request: RecordedRequest) => FakeBehaviour | undefined) => (request: RecordedRequest): FakeBehaviour => {
    const kind = kindOf(request) ?? 'unknown';
    asked.push(`${name}:${kind}`);
    return answer(request) ?? { kind: 'server-error', status: 500 };
  };

  before(async function () {
    this.timeout(180_000);
    [strong, cheap, judge, critic] = await Promise.all([startFakeOpenAI(), startFakeOpenAI(), startFakeOpenAI(), startFakeOpenAI()]);
    strong.setHandler(
      answering('strong', (r) => {
        const kind = kindOf(r);
        if (kind === 'plan') return said(TASK_PLAN);
        if (kind === 'generate') return said(taskDraft(false), { input: 2000, output: 1000 });
        if (kind === 'revise') return said(taskDraft(true), { input: 2500, output: 1000 });
        return undefined;
      }),
    );
    cheap.setHandler(
      answering('cheap', (r) => {
        const kind = kindOf(r);
        if (kind === 'research') return said(RESEARCH_NOTES);
        if (kind === 'generate') return said(taskDraft(true), { input: 2000, output: 1000 });
        return undefined;
      }),
    );
    const reviewer = (findings: unknown[]) => (r: RecordedRequest): FakeBehaviour | undefined => {
      const kind = kindOf(r);
      if (kind === 'judge') return said({ accept: true, reason: 'The draft applies the code and rounds the total.' }, { input: 1500, output: 40 });
      if (kind === 'review') return said({ findings: JSON.stringify(r.body).includes('You drafted the change set below') ? [] : findings }, { input: 1500, output: 200 });
      return undefined;
    };
    judge.setHandler(answering('judge', reviewer([CRITIQUE_A])));
    critic.setHandler(answering('critic', reviewer([CRITIQUE_B])));

    invoiceBefore = readFileSync(invoiceFile(), 'utf8');
    // writeSettings waits for Switchboard to say it read a change: written before Switchboard has
    // activated in the new window, the settings are read at activation and no change is ever
    // reported (CI, session 18: the new window's Switchboard activated with the cascade's settings, and the test waited 30 s for a change).
    const activations = () => switchboardLogLines(userData(), /Switchboard [\d.]+ activated in /).length;
    const activated = activations();
    workbench = await openWorkbench();
    page = workbench.page;
    await eventually(activations, (n) => n > activated, 'Switchboard to activate in the new window', { ms: 60_000 });
  });

  screenshotFailures(() => page, 'task-patterns-');

  after(async () => {
    await workbench?.browser.close();
    removeWorkspaceSettings();
    if (invoiceBefore) writeFileSync(invoiceFile(), invoiceBefore);
    if (existsSync(codesFile())) rmSync(codesFile());
    await Promise.all([strong, cheap, judge, critic].map((s) => s?.close()));
  });

  /**
   * The four models, and the Implement profile with `pattern`, no stop for the plan and no refine
   * round; waits until Switchboard has read them (its log says so), as a task started before would
   * run with the profile as it was (the critique test once ran a cascade).
   */
  const writeSettings = async (pattern: 'cascade' | 'critique'): Promise<void> => {
    const reloads = () => switchboardLogLines(userData(), /Settings reloaded \(settings changed\)/).length;
    const before = reloads();
    writeWorkspaceSettings({
      'workbench.colorTheme': modernTheme('dark'),
      'switchboard.models': [
        { id: 'strong', provider: 'openai-compatible', model: 'strong-model', baseUrl: strong.baseURL, price: { input: 5, output: 15 } },
        { id: 'cheap', provider: 'openai-compatible', model: 'cheap-model', baseUrl: cheap.baseURL, price: { input: 0.1, output: 0.4 } },
        { id: 'judge', provider: 'openai-compatible', model: 'judge-model', baseUrl: judge.baseURL, price: { input: 0.5, output: 1 } },
        { id: 'critic', provider: 'openai-compatible', model: 'critic-model', baseUrl: critic.baseURL, price: { input: 0.5, output: 1 } },
      ],
      'switchboard.tiers': { plan: ['strong'], understand: ['cheap'], generate: ['strong', 'cheap'], review: ['judge', 'critic'], classify: [] },
      'switchboard.tasks': [{ id: 'implement', pattern, approvePlan: false, maxRefineRounds: 0 }],
    });
    await eventually(reloads, (n) => n > before, 'Switchboard to read the new settings', { ms: 30_000 });
  };

  const card = (): Locator => chatFrame(page).locator('sb-task-card').last();

  /** The spend today the status bar shows ("$0.083 · all models up"), once its figures have loaded. */
  async function spentToday(): Promise<number> {
    const item = page.locator('.statusbar-item').filter({ hasText: /\$[\d.,]+ · / }).first();
    const text = await eventually(() => item.innerText().catch(() => ''), (t) => /\$[\d.,]+ · /.test(t), 'the status bar to show the spend today', { ms: 30_000 });
    return Number(/\$([\d.,]+) · /.exec(text)?.[1]?.replace(/,/g, ''));
  }

  /** Runs an Implement task from the composer, as a person does, and waits for its card to finish. */
  async function runImplement(instruction: string): Promise<void> {
    await showChat(page);
    const chat = chatFrame(page);
    const mode = chat.locator('sb-composer vscode-single-select.mode');
    await mode.waitFor({ timeout: 60_000 });
    await eventually(
      async () => {
        if ((await mode.evaluate((el) => (el as HTMLSelectElement).value)) === 'implement') return true;
        await mode.click();
        await mode.getByRole('option', { name: 'Task: Implement' }).click({ timeout: 5_000 }).catch(() => undefined);
        return false;
      },
      (chosen) => chosen,
      'the mode picker to show Task: Implement',
      { ms: 30_000, intervalMs: 300, show: () => 'not chosen' },
    );
    const cards = chat.locator('sb-task-card');
    const before = await cards.count();
    const input = chat.locator('sb-composer textarea');
    await input.click();
    await input.fill(instruction);
    await page.keyboard.press('Enter');
    // This task's card, not the one an earlier test finished.
    await eventually(() => cards.count(), (n) => n > before, 'the task\'s card to show', { ms: 60_000 });
    await card().locator('.card-status', { hasText: 'Finished' }).waitFor({ timeout: 120_000 });
    await card().scrollIntoViewIfNeeded();
  }

  it('cascade: starts the draft at the cheap model, the judge accepts it, and the card says where the cascade stopped and what it saved', async function () {
    this.timeout(240_000);
    await writeSettings('cascade');
    asked.length = 0;
    await runImplement('Add discount codes to the invoice total (cascade)');
    await screenshot(page, 'task-patterns-cascade');
    const rows = await phaseRows(card());
    const byKey = new Map(rows.map((r) => [r.key, r]));
    // The cheap model drafted first, its draft was checked, then judged and accepted: the strong
    // model never drafted. The timeline reads in that order, the task's own review and validation
    // after it; Refine is not listed (the profile allows no refine round).
    // Research waited for the index the window builds (it ran without it in the first seconds: "0 sources").
    assert.deepEqual(
      rows.map((r) => [r.key, r.name, r.status]),
      [
        ['plan', 'Plan', '2 steps'],
        ['research', 'Research', '1 source'],
        ['generate#1', 'Generate (round 1)', '2 files'],
        ['validate:cascade#1', 'Validate (round 1)', 'passed'],
        ['judge#1', 'Judge (round 1)', 'accepted'],
        ['review', 'Review', '1 finding'],
        ['validate', 'Validate', 'passed'],
      ],
      JSON.stringify(rows),
    );
    assert.match(byKey.get('generate#1')?.figures ?? '', /^cheap \(/);
    assert.match(byKey.get('judge#1')?.figures ?? '', /^judge \(/);
    assert.equal(asked.filter((a) => a === 'strong:generate').length, 0, `asked: ${asked.join(', ')}`);
    // The strong model for the same prompt and a draft as long (1,000 tokens at $15/M: $0.015, plus
    // the prompt) against what the cheap draft and its judge cost ($0.00060 + $0.00079).
    const cascade = await card().locator('p.cascade').innerText();
    const saved = Number(/^Cascade stopped at cheap, saved about \$([\d.]+) against the top model$/.exec(cascade)?.[1]);
    assert.ok(saved > 0.015 - 0.0014 && saved < 0.02, cascade);
    await card().getByText('Not refined; what remains: 1 review finding', { exact: false }).waitFor({ timeout: 10_000 });
  });

  it('critique: two review models critique the draft side by side, and the model that drafted revises it with both critiques', async function () {
    this.timeout(240_000);
    await writeSettings('critique');
    asked.length = 0;
    const spentBefore = await spentToday();
    await runImplement('Add discount codes to the invoice total (critique)');
    await screenshot(page, 'task-patterns-critique');
    const rows = await phaseRows(card());
    const byKey = new Map(rows.map((r) => [r.key, r]));
    assert.match(byKey.get('generate')?.figures ?? '', /^strong \(/, JSON.stringify(rows));
    for (const critic of ['judge', 'critic']) {
      const row = byKey.get(`critique:${critic}`);
      assert.ok(row, `a critique by ${critic}: ${JSON.stringify(rows)}`);
      assert.equal(row.name, `Review (${critic})`);
      assert.match(row.figures, new RegExp(`^${critic} \\(`));
    }
    // The timeline in the order the phases ran: the draft, its two critiques, the revision, then
    // the task's own review and validation.
    assert.deepEqual(
      rows.map((r) => [r.key, r.name]),
      [
        ['plan', 'Plan'],
        ['research', 'Research'],
        ['generate', 'Generate'],
        ['critique:judge', 'Review (judge)'],
        ['critique:critic', 'Review (critic)'],
        ['generate:revise', 'Revise'],
        ['review', 'Review'],
        ['validate', 'Validate'],
      ],
    );
    const revise = byKey.get('generate:revise');
    assert.ok(revise, `the revision's row: ${JSON.stringify(rows)}`);
    assert.match(revise.figures, /^strong \(/);
    assert.equal(revise.state, 'succeeded');
    // The revision was asked with both critiques, by the model that drafted.
    const reviseRequest = strong.chatRequests.map((r) => JSON.stringify(r.body)).find((b) => b.includes('reviewers critiqued it'));
    assert.ok(reviseRequest?.includes(CRITIQUE_A.message) && reviseRequest.includes(CRITIQUE_B.message), 'the revision request carries both critiques');
    // The status bar's spend today grew by the card's total: what the person was shown they paid
    // (each figure is rounded to a cent or two significant digits, hence the margin).
    const paid = Number(/\$([\d.]+)/.exec(await card().locator('p.totals').innerText())?.[1]);
    assert.ok(paid > 0.06, `the card's total: ${paid}`);
    await eventually(spentToday, (now) => Math.abs(now - spentBefore - paid) < 0.011, `the status bar's spend to grow by $${paid} from $${spentBefore}`, { ms: 10_000 });
  });
});
