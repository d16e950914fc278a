// The editor's Switchboard menu as a person uses it on a selection, beyond Explain: Review Selection
// answers in the chat from the review tier; Add Documentation and Generate Tests each run a task
// (the `document` and `tests` profiles) whose card shows its phases and whose change is written only
// on Accept All. Two local OpenAI-compatible servers answer per request from what it asks: `writer`
// serves the plan, understand and generate tiers, `critic` the review tier.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { bodyText, kindOf } from '../support/taskRequests';
import type { FakeBehaviour, FakeOpenAIServer, RecordedRequest } from '../support/fakeProviders';
import { startWriterAndCritic } from './writerAndCritic';
import { eventually } from '../support/eventually';
import { chatFrame, fromEditorMenu, newChat, openFile, openWorkbench, phaseRows, removeWorkspaceSettings, required, screenshot, screenshotFailures, selectLines, showChat, switchboardLogLines, workspaceFolder, type Workbench } from './workbench';

const said = (value: unknown, usage = { input: 600, output: 200 }): FakeBehaviour => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return { kind: 'text', chunks: [text.slice(0, 12), text.slice(12)], usage };
};

const REVIEW_ANSWER = '`lineTotalCents` is correct for whole quantities. **Consider** rejecting a negative quantity: it gives a negative total.';
const DOC_COMMENT = '/** The line\'s total in cents: quantity times unit price (both already whole numbers of cents). */\n';
/** The tests as first drafted: NodeNext (the fixture's tsconfig) wants the import's `.js`, TS2835. */
const testsSource = (specifier: string): string =>
  `import { lineTotalCents } from '${specifier}';\n\n` +
  "const cases: [number, number, number][] = [[2, 150, 300], [0, 999, 0]];\nfor (const [quantity, unitPriceCents, expected] of cases) {\n  const got = lineTotalCents({ description: 'item', quantity, unitPriceCents });\n  if (got !== expected) throw new Error(`lineTotalCents(${quantity} × ${unitPriceCents}) gave ${got}, expected ${expected}`);\n}\n";

const FEEDBACK = 'Import it as ./invoice.js: this project resolves modules as NodeNext.';

describe('Actions on selected code', function () {
  let workbench: Workbench;
  let page: Page;
  let writer: FakeOpenAIServer;
  let critic: FakeOpenAIServer;
  const invoiceFile = () => path.join(workspaceFolder(), 'src', 'invoice.ts');
  const testFile = () => path.join(workspaceFolder(), 'src', 'invoice.test.ts');
  let invoiceBefore = '';
  const problems: string[] = [];

  /** The document profile's draft: the comment above lineTotalCents, nothing else changed. */
  const documented = (): string => invoiceBefore.replace('export function lineTotalCents', `${DOC_COMMENT}export function lineTotalCents`);

  function answerWriter(request: RecordedRequest): FakeBehaviour {
    const body = bodyText(request);
    switch (kindOf(request)) {
      case 'plan':
        return said({ summary: 'Tests for lineTotalCents.', steps: [{ title: 'Cover whole and zero quantities', files: ['src/invoice.test.ts'] }] });
      case 'research':
        return said('lineTotalCents multiplies quantity by unitPriceCents; amounts are integer cents.');
      case 'generate':
        if (body.includes('Add documentation comments')) {
          return said({ summary: 'A comment for lineTotalCents.', changes: [{ action: 'edit', path: 'src/invoice.ts', newPath: null, code: documented() }] });
        }
        if (body.includes('Write unit tests')) {
          return said({ summary: 'Tests for lineTotalCents.', changes: [{ action: 'create', path: 'src/invoice.test.ts', newPath: null, code: testsSource('./invoice') }] });
        }
        break;
      case 'refine':
        // The feedback round: it must carry what the person wrote and the error the check found.
        if (!body.includes(FEEDBACK)) problems.push('the refine round lacked the feedback');
        if (!body.includes('TS2835')) problems.push('the refine round lacked the type error');
        return said({ summary: 'Tests for lineTotalCents, importing invoice.js.', changes: [{ action: 'create', path: 'src/invoice.test.ts', newPath: null, code: testsSource('./invoice.js') }] });
      default:
        break;
    }
    problems.push(`writer: unexpected ${kindOf(request) ?? 'chat'} request`);
    return { kind: 'server-error', status: 500 };
  }

  function answerCritic(request: RecordedRequest): FakeBehaviour {
    const kind = kindOf(request);
    if (kind === 'review') return said({ findings: [] });
    // Review Selection: a chat answer on the review tier, with the selected lines in the request.
    if (kind === undefined && bodyText(request).includes('Review ')) {
      if (!bodyText(request).includes('lineTotalCents')) problems.push('Review Selection did not send the selected code');
      return said(REVIEW_ANSWER, { input: 400, output: 60 });
    }
    problems.push(`critic: unexpected ${kind ?? 'chat'} request`);
    return { kind: 'server-error', status: 500 };
  }

  before(async function () {
    this.timeout(180_000);
    invoiceBefore = readFileSync(invoiceFile(), 'utf8');
    ({ writer, critic } = await startWriterAndCritic(answerWriter, answerCritic));
    workbench = await openWorkbench();
    page = workbench.page;
  });

  screenshotFailures(() => page, 'actions-');

  // Each test starts from the fixture as it is: what an Accept All wrote goes back.
  afterEach(() => {
    if (invoiceBefore) writeFileSync(invoiceFile(), invoiceBefore);
    rmSync(testFile(), { force: true });
  });

  after(async () => {
    await workbench?.browser.close();
    removeWorkspaceSettings();
    if (invoiceBefore) writeFileSync(invoiceFile(), invoiceBefore);
    if (existsSync(testFile())) rmSync(testFile());
    await writer?.close();
    await critic?.close();
  });

  /** Selects lineTotalCents (lines 7-9) in src/invoice.ts and runs `item` from the editor's Switchboard menu. */
  async function runOnLineTotal(item: string): Promise<void> {
    await openFile(page, 'invoice.ts', 'export function lineTotalCents');
    await selectLines(page, 'export function lineTotalCents', 3);
    // A right-click inside the selection keeps it.
    await fromEditorMenu(page, 'return item.quantity', item);
  }

  const cards = (): Locator => chatFrame(page).locator('sb-task-card');
  let cardIndex = -1;
  /** The card of the task started last (its index set by awaitNewCard). */
  const card = (): Locator => cards().nth(cardIndex);
  /**
   * Waits for the card of a task just started: the one after the `before` cards already in the chat.
   * Read as the last card at once, the previous task's finished card answered before the new one came.
   */
  async function awaitNewCard(before: number): Promise<void> {
    await eventually(() => cards().count(), (n) => n > before, 'the new task’s card to appear', { ms: 60_000 });
    cardIndex = before;
  }

  /** The card's phases as the person reads them. */
  const phases = () => phaseRows(card());

  it('reviews a selection from the editor menu: the review tier answers in the chat', async function () {
    this.timeout(120_000);
    await showChat(page);
    await newChat(page);
    await chatFrame(page).getByText('Ask anything about your code').waitFor({ timeout: 60_000 });
    const [criticBefore, writerBefore] = [critic.chatRequests.length, writer.chatRequests.length];
    await runOnLineTotal('Review Selection');
    const chat = chatFrame(page);
    await chat.locator('.answer[aria-busy="false"]').getByText('rejecting a negative quantity', { exact: false }).first().waitFor({ timeout: 60_000 });
    const footer = await chat.locator('ul.figures').last().innerText();
    assert.match(footer, /critic/, footer);
    assert.equal(critic.chatRequests.length - criticBefore, 1);
    assert.equal(writer.chatRequests.length - writerBefore, 0, 'the review went to the review tier only');
    await screenshot(page, 'actions-review');
    assert.deepEqual(problems, []);
  });

  it('documents a selection as a Document task: its card, then Accept All writes the comment', async function () {
    this.timeout(180_000);
    const before = await cards().count();
    await runOnLineTotal('Add Documentation');
    await awaitNewCard(before);
    await card().locator('.card-status', { hasText: 'Finished' }).waitFor({ timeout: 90_000 });
    const rows = await phases();
    assert.deepEqual(
      rows.map((r) => [r.key, r.state]),
      [
        ['research', 'succeeded'],
        ['generate', 'succeeded'],
        ['review', 'succeeded'],
      ],
      JSON.stringify(rows),
    );
    assert.equal(rows.find((r) => r.key === 'generate')?.status, '1 file', 'a phase says what it gave');
    assert.match(rows.find((r) => r.key === 'review')?.figures ?? '', /^critic/);
    await card().scrollIntoViewIfNeeded();
    await screenshot(page, 'actions-document-card');
    assert.equal(readFileSync(invoiceFile(), 'utf8'), invoiceBefore, 'nothing is written before Accept All');
    await card().locator('vscode-button.accept', { hasText: 'Accept All' }).click();
    await eventually(() => readFileSync(invoiceFile(), 'utf8'), (t) => t === documented(), 'Accept All to write the comment', { ms: 30_000 });
    await card().getByText(/Accepted: 1 file written/).first().waitFor({ timeout: 30_000 });
    assert.deepEqual(problems, []);
  });

  it('writes tests for a selection as a Tests task: the type error its check found is listed, and feedback fixes it before Accept All', async function () {
    this.timeout(180_000);
    const before = await cards().count();
    await runOnLineTotal('Generate Tests');
    await awaitNewCard(before);
    await card().locator('.card-status', { hasText: 'Finished' }).waitFor({ timeout: 90_000 });
    const rows = await phases();
    // The check ran (the phase succeeded) and found an error: its line says so, not "succeeded".
    assert.deepEqual(
      rows.map((r) => [r.key, r.state, r.status]),
      [
        ['plan', 'succeeded', rows[0]?.status],
        ['generate', 'succeeded', '1 file'],
        ['validate', 'succeeded', 'found 1 new error'],
      ],
      JSON.stringify(rows),
    );
    assert.match(rows[0]?.status ?? '', /^\d+ steps?$/);
    // Beside Accept All, the error itself and where it is, not only how many.
    const result = card().locator('section.final');
    await result.getByText('TS2835').waitFor({ timeout: 10_000 });
    assert.match(await result.innerText(), /src\/invoice\.test\.ts:1/);
    // The log says it too, with the error's code and place (a person who reads the log finds it).
    const userData = required('SWITCHBOARD_E2E_USER_DATA');
    await eventually(() => switchboardLogLines(userData, /validate: the check found/), (l) => l.some((x) => /found 1 new error: TS2835 src\/invoice\.test\.ts:1 /.test(x)), 'the log line of the check', { ms: 10_000, show: (l) => l.join(' | ') });
    await card().scrollIntoViewIfNeeded();
    await screenshot(page, 'actions-tests-type-error');
    assert.equal(existsSync(testFile()), false, 'nothing is created before Accept All');

    // The person answers with feedback: one refine round, checked again.
    await card().locator('vscode-button.feedback', { hasText: 'Send Feedback' }).click();
    const feedback = card().locator('.feedback-form textarea');
    await feedback.fill(FEEDBACK);
    const beforeFeedback = await cards().count();
    await card().locator('vscode-button.send-feedback').click();
    // The round is a task of its own, with its own card.
    await awaitNewCard(beforeFeedback);
    await card().locator('.card-status', { hasText: 'Finished' }).waitFor({ timeout: 90_000 });
    // The round starts from the draft's check (the refine request carried TS2835): it refines, then
    // checks the revision, without checking the draft again first.
    assert.deepEqual(
      (await phases()).map((r) => [r.key, r.state, r.status]),
      [
        ['refine#1', 'succeeded', '1 file'],
        ['validate#1', 'succeeded', 'passed'],
      ],
    );
    await card().scrollIntoViewIfNeeded();
    await screenshot(page, 'actions-tests-refined');
    await card().locator('vscode-button.accept', { hasText: 'Accept All' }).click();
    await eventually(() => (existsSync(testFile()) ? readFileSync(testFile(), 'utf8') : ''), (t) => t === testsSource('./invoice.js'), 'Accept All to create src/invoice.test.ts', { ms: 30_000 });
    assert.deepEqual(problems, []);
  });
});
