// The chat as a person uses it: select code, run Explain Selection from the editor's context menu,
// read the streamed answer with its model and cost, see a failing primary explained, and trust that
// HTML in a model's answer stays inert. Answers come from local OpenAI-compatible servers; the
// models are set in the workspace's .vscode/settings.json, which VS Code picks up live.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { startFakeOpenAI, type FakeOpenAIServer } from '../support/fakeProviders';
import { eventually } from '../support/eventually';
import { chatFrame, fromEditorMenu, modernTheme, newChat, openFile, openWorkbench, placement, removeWorkspaceSettings, required, screenshot, screenshotFailures, setViewExpanded, showChat, switchboardLogLines, viewPane, workspaceFolder, writeWorkspaceSettings, type Workbench } from './workbench';

const HOSTILE = 'Here it is. <img src=x onerror="window.__pwned=\'img\';document.title=\'pwned\'"> <script>window.__pwned=\'script\'</script>';

describe('Chat in the workbench', function () {
  let workbench: Workbench;
  let page: Page;
  let primary: FakeOpenAIServer;
  let backup: FakeOpenAIServer;

  const writeSettings = (extra: Record<string, unknown> = {}) => {
    writeWorkspaceSettings({
      'switchboard.models': [
        { id: 'primary', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: primary.baseURL, price: { input: 0.15, output: 0.6 } },
        { id: 'backup', provider: 'openai-compatible', model: 'gpt-4o', baseUrl: backup.baseURL, price: { input: 2.5, output: 10 } },
      ],
      'switchboard.tiers': { understand: ['primary', 'backup'], generate: ['primary', 'backup'], review: ['primary', 'backup'], plan: ['primary', 'backup'], classify: [] },
      ...extra,
    });
  };

  before(async function () {
    this.timeout(180_000);
    primary = await startFakeOpenAI();
    backup = await startFakeOpenAI();
    writeSettings({ 'workbench.colorTheme': modernTheme('dark') });
    workbench = await openWorkbench();
    page = workbench.page;
  });

  screenshotFailures(() => page, 'chat-');

  after(async () => {
    await workbench?.browser.close();
    // Later suites read the fixture's own settings.
    removeWorkspaceSettings();
    await primary?.close();
    await backup?.close();
  });

  /** Asks `question` in the chat's composer and waits for `answer`. */
  async function ask(question: string, answer: string): Promise<void> {
    const input = chatFrame(page).locator('sb-composer textarea');
    await input.click();
    await input.fill(question);
    await page.keyboard.press('Enter');
    await chatFrame(page).getByText(answer).first().waitFor({ timeout: 30_000 });
  }

  it('opens the chat, ready to answer, from the activity bar, with the Models view folded below it', async () => {
    // A click on the icon while Switchboard shows (an earlier test opened it) would close it: from
    // the Explorer, as a person comes to it.
    if ((await page.locator('.activitybar .action-item.checked a.action-label[aria-label="Switchboard"]').count()) > 0) {
      await page.locator('.activitybar a.action-label[aria-label^="Explorer"]').click();
      await page.locator('.sidebar .composite.title').filter({ hasText: /explorer/i }).waitFor();
    }
    await page.locator('.activitybar a.action-label[aria-label="Switchboard"]').click();
    // The conversation gets the side bar by default (issue 14 item 2): the Models view starts folded.
    const modelsHeader = page.locator('.sidebar .pane-header[aria-label="Models Section"]');
    await modelsHeader.waitFor();
    assert.equal(await modelsHeader.getAttribute('aria-expanded'), 'false', 'the Models view starts folded');
    // Ready to answer: an empty conversation (what earlier tests said stays in the list).
    await newChat(page);
    await chatFrame(page).getByText('Ask anything about your code').waitFor({ timeout: 60_000 });
  });

  it('explains a selection from the editor context menu, streaming the answer with model and cost, and renders model HTML inert', async function () {
    this.timeout(120_000);
    primary.enqueue({
      kind: 'text',
      chunks: ['`lineTotalCents` multiplies ', 'the quantity by the unit price.\n\n', HOSTILE, '\n\n```ts\nconst total = lineTotalCents(item);\n```\n'],
      usage: { input: 180, output: 40 },
      chunkDelayMs: 1000,
    });
    const requestsBefore = primary.chatRequests.length;
    await openFile(page, 'invoice.ts', 'export function lineTotalCents');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    // Select lines 7-9 as a person would: click into line 7, then extend the selection down.
    await editor.locator('.view-lines').getByText('export function lineTotalCents').click();
    await page.keyboard.press('Home');
    await page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowDown');
    // The status bar shows the selection a person made: from line 7 to the start of line 10.
    const selected = readFileSync(path.join(workspaceFolder(), 'src', 'invoice.ts'), 'utf8').split('\n').slice(6, 9).join('\n').length + 1;
    await page.locator('.statusbar').getByText(`Ln 10, Col 1 (${selected} selected)`).first().waitFor({ timeout: 10_000 });
    // A right-click inside the selection keeps it.
    // Into the submenu with the pointer, moving straight across as a person's hand would.
    await fromEditorMenu(page, 'return item.quantity', 'Explain Selection', 'chat-context-menu');

    const chat = chatFrame(page);
    // Streaming: the first words show while the answer is still busy (a second passes between chunks).
    await chat.locator('.answer[aria-busy="true"]').getByText('multiplies the quantity', { exact: false }).first().waitFor({ timeout: 30_000 });
    await chat.locator('.answer[aria-busy="false"]').getByText('Here it is.').first().waitFor({ timeout: 30_000 });
    await chat.getByText('src/invoice.ts:7-9').first().waitFor();
    const figures = chat.locator('ul.figures').last();
    await figures.waitFor({ timeout: 30_000 });
    const footer = await figures.innerText();
    assert.match(footer, /primary/);
    assert.match(footer, /\$0\.00005/, footer);
    assert.match(footer, /180 in · 40 out/);
    await screenshot(page, 'chat-dark');

    const answer = chat.locator('sb-answer').last();
    assert.equal(await answer.locator('img[onerror], script').count(), 0, 'the sanitizer removed the hostile elements');
    assert.equal(await answer.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined, 'no model-written script ran');
    assert.notEqual(await page.title(), 'pwned');
    await answer.getByText('Here it is.').waitFor();
    assert.equal(primary.chatRequests.length - requestsBefore, 1);
    const body = primary.chatRequests[requestsBefore]?.body as { messages: { content: string }[] };
    assert.match(body.messages.at(-1)?.content ?? '', /Selected lines 7-9 of src\/invoice\.ts/);
  });

  it('gives the conversation the room of the side bar in the default layout', async () => {
    // 1400×900 window: about 570 px for the messages; with the Models view taking half the side bar
    // (the old default) they had about 190 px (issue 14 item 2).
    await showChat(page);
    primary.enqueue({ kind: 'text', chunks: ['In cents, ', 'rounded once.'] });
    await ask('What unit are the totals in?', 'In cents, rounded once.');
    const box = await chatFrame(page).locator('sb-message-list').boundingBox();
    assert.ok(box, 'the message list is on screen');
    assert.ok(box.height >= 400, `the message list is ${Math.round(box.height)} px tall`);
  });

  it('asks about the selection with the keybinding: the composer gets the selection and the caret', async function () {
    this.timeout(60_000);
    primary.enqueue({ kind: 'text', reasoningChunks: ['The person asks which unit. ', 'quantity times unitPriceCents is in cents.'], chunks: ['It returns cents.'] });
    await showChat(page);
    await openFile(page, 'invoice.ts', 'return item.quantity');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines').getByText('return item.quantity').click();
    // Home twice: first to the indentation, then to column 1; the selection then covers line 8 only.
    await page.keyboard.press('Home');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+Shift+Alt+Slash');
    const chat = chatFrame(page);
    await chat.locator('sb-composer').getByText('src/invoice.ts:8-8').first().waitFor({ timeout: 30_000 });
    // The caret is in the composer: typing goes straight to the prompt.
    await page.keyboard.type('What unit is the result in?');
    await page.keyboard.press('Enter');
    await chat.getByText('It returns cents.').waitFor({ timeout: 30_000 });
    // The model reasoned first: its reasoning sits folded above the answer, opened from the keyboard.
    const fold = chat.locator('sb-answer').last().locator('details.reasoning');
    const summary = fold.locator('summary');
    await summary.getByText('Reasoning (primary)').waitFor({ timeout: 10_000 });
    assert.equal(await fold.evaluate((d) => (d as HTMLDetailsElement).open), false, 'folded until the person opens it');
    await summary.focus();
    await page.keyboard.press('Enter');
    await fold.getByText('quantity times unitPriceCents is in cents.', { exact: false }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'chat-reasoning');
    const body = primary.chatRequests.at(-1)?.body as { messages: { content: string }[] };
    assert.match(body.messages.at(-1)?.content ?? '', /Selected lines 8-8 of src\/invoice\.ts[\s\S]*What unit is the result in\?$/);
  });

  it('shows the fallback and why when the primary fails', async function () {
    this.timeout(60_000);
    primary.enqueue({ kind: 'server-error', status: 503 });
    backup.enqueue({ kind: 'text', chunks: ['From the backup model.'] });
    await showChat(page);
    // A conversation of its own: what it reads is this answer's, not an earlier one's.
    await newChat(page);
    const chat = chatFrame(page);
    const input = chat.locator('sb-composer textarea');
    await input.click();
    await input.fill('What does invoiceTotalCents round to?');
    await page.keyboard.press('Enter');
    await chat.getByText('From the backup model.').waitFor({ timeout: 30_000 });
    // The footer says which model failed, which one answered instead, and why.
    await chat.getByText(/primary → backup: .*HTTP 503/).first().waitFor({ timeout: 10_000 });
    await chat.getByText('Model: backup').first().waitFor();
    await screenshot(page, 'chat-fallback');
  });

  it('says once why every model failed when they failed alike, and the footer points to it', async function () {
    this.timeout(60_000);
    primary.enqueue({ kind: 'server-error', status: 503 });
    backup.enqueue({ kind: 'server-error', status: 503 });
    await showChat(page);
    await newChat(page);
    const chat = chatFrame(page);
    const input = chat.locator('sb-composer textarea');
    await input.click();
    await input.fill('Which rounding mode does invoiceTotalCents use?');
    await page.keyboard.press('Enter');
    const answer = chat.locator('sb-answer').last();
    const box = answer.locator('.error');
    await box.waitFor({ timeout: 30_000 });
    const said = await box.locator('p').innerText();
    assert.match(said, /^No model could answer understand: primary, backup: server error \(HTTP 503\): /, said);
    assert.equal(said.match(/HTTP 503/g)?.length, 1, `the reason once, not once per model: ${said}`);
    const footer = await answer.locator('footer').innerText();
    assert.match(footer, /Fallbacks: primary → backup → no model left: see the error above\n/, footer);
    // Both failed before a token: nothing was used (it once read "Tokens: unknown" beside "Cost: $0.00").
    assert.match(footer, /Tokens: none\s+Cost: \$0\.00/, footer);
    await screenshot(page, 'chat-every-model-failed');
  });

  it('follows a new question and its answer with the Models view open (issue 14 item 1)', async function () {
    this.timeout(90_000);
    // The Models view open below the chat leaves the conversation short: it overflows the list.
    await showChat(page);
    await setViewExpanded(page, 'Models', true);
    await viewPane(page, 'Models').locator('.monaco-list-row').first().waitFor();
    const chat = chatFrame(page);
    const list = chat.locator('sb-message-list');
    // The answer waits three seconds before its first word: time to see the question alone.
    primary.enqueue({ kind: 'text', chunks: Array.from({ length: 6 }, (_, i) => `Rounding, step ${i + 1}.\n\n`), firstChunkDelayMs: 3000, chunkDelayMs: 200 });
    const input = chat.locator('sb-composer textarea');
    await input.click();
    await input.fill('How are the cents rounded, step by step?');
    await page.keyboard.press('Enter');
    const question = chat.locator('sb-user-message').last();
    await question.getByText('How are the cents rounded, step by step?').waitFor({ timeout: 10_000 });
    await eventually(() => placement(question, list), (p) => p.inside, 'the new question to show in the message list', { ms: 2_500, show: (p) => p.detail });
    const answer = chat.locator('sb-answer').last();
    await answer.locator('.answer[aria-busy="false"]').getByText('Rounding, step 6.').waitFor({ timeout: 30_000 });
    // The end of the answer: the buttons under its footer.
    await eventually(() => placement(answer.locator('.actions'), list), (p) => p.inside, 'the end of the answer to show in the message list', { ms: 2_500, show: (p) => p.detail });
    await screenshot(page, 'chat-follows-with-models-open');
    // Back to the default layout, which other tests read.
    await setViewExpanded(page, 'Models', false);
  });

  it('stops an answer from the Stop button: the server sees the connection close', async function () {
    this.timeout(60_000);
    primary.enqueue({ kind: 'text', chunks: ['Step one. ', ...Array.from({ length: 60 }, (_, i) => `Step ${i + 2}. `)], chunkDelayMs: 500 });
    const before = primary.chatRequests.length;
    await showChat(page);
    const chat = chatFrame(page);
    const input = chat.locator('sb-composer textarea');
    await input.click();
    await input.fill('Walk me through every step slowly');
    await page.keyboard.press('Enter');
    await chat.getByText('Step one.').first().waitFor({ timeout: 30_000 });
    await chat.locator('sb-composer vscode-button', { hasText: 'Stop' }).click();
    const exchange = primary.chatRequests[before];
    assert.ok(exchange, 'the request reached the server');
    assert.equal(await exchange.ended, 'client-closed');
    await chat.getByText('Stopped', { exact: false }).first().waitFor({ timeout: 10_000 });
  });

  it('applies a code block through a diff preview, writing the file only on Accept', async function () {
    this.timeout(90_000);
    const file = path.join(workspaceFolder(), 'src', 'format.ts');
    const original = readFileSync(file, 'utf8');
    await showChat(page);
    await newChat(page);
    primary.enqueue({ kind: 'text', chunks: ['```ts src/format.ts\n', "export function formatCents(cents: number, currency = 'EUR', locale = 'en-GB'): string {\n", '  return new Intl.NumberFormat(locale, { style: \'currency\', currency }).format(cents / 100);\n}\n', '```\nThe locale is now a parameter.'] });
    const chat = chatFrame(page);
    const input = chat.locator('sb-composer textarea');
    await input.click();
    await input.fill('Make the locale of formatCents a parameter');
    await page.keyboard.press('Enter');
    await chat.getByText('The locale is now a parameter.').waitFor({ timeout: 30_000 });
    await chat.locator('sb-answer').last().getByRole('button', { name: /^Apply code block 1/ }).click();

    const diffTab = page.locator('.tabs-container .tab').filter({ hasText: 'proposed by Switchboard' });
    await diffTab.waitFor({ timeout: 30_000 });
    await page.locator('.monaco-diff-editor').first().waitFor();
    const toast = page.locator('.notification-toast').filter({ hasText: 'Apply the proposed change to src/format.ts?' });
    await toast.waitFor({ timeout: 30_000 });
    // The block is merged by declaration, and the question says so before anything is accepted.
    assert.match(await toast.innerText(), /It replaces function formatCents \(lines 1–3\)\./);
    await screenshot(page, 'chat-apply-diff');
    assert.equal(readFileSync(file, 'utf8'), original, 'previewing does not write');

    await toast.getByRole('button', { name: 'Accept' }).click();
    await diffTab.waitFor({ state: 'detached', timeout: 30_000 });
    await eventually(() => readFileSync(file, 'utf8'), (text) => /locale = 'en-GB'/.test(text), 'Accept to write src/format.ts', { ms: 10_000 });
    // Later tests and suites read the fixture as it was.
    writeFileSync(file, original);
  });

  it('reads well in a light theme too', async function () {
    this.timeout(60_000);
    await showChat(page);
    primary.enqueue({ kind: 'text', chunks: ['```ts src/format.ts\n', 'export const CENTS_PER_EURO = 100;\n', '```\nThe divisor has a name now.'] });
    await ask('Name the divisor of formatCents', 'The divisor has a name now.');
    writeSettings({ 'workbench.colorTheme': modernTheme('light') });
    await page.locator('.monaco-workbench.vs').waitFor({ timeout: 30_000 });
    await chatFrame(page).getByText('The divisor has a name now.').waitFor();
    await screenshot(page, 'chat-light');
    // Back to the dark theme the other tests' screenshots are named for.
    writeSettings({ 'workbench.colorTheme': modernTheme('dark') });
    await page.locator('.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
  });

  it('names a new conversation with the classify tier’s model once it has answered, and the list shows that name', async function () {
    this.timeout(120_000);
    const userData = required('SWITCHBOARD_E2E_USER_DATA');
    const reloads = (): number => switchboardLogLines(userData, /Settings reloaded/).length;
    const reloadsBefore = reloads();
    const tiers = { understand: ['primary', 'backup'], generate: ['primary', 'backup'], review: ['primary', 'backup'], plan: ['primary', 'backup'] };
    writeSettings({ 'workbench.colorTheme': modernTheme('dark'), 'switchboard.tiers': { ...tiers, classify: ['backup'] } });
    // The backup model classifies and names: each request says which by the schema it asks for.
    const schemaOf = (request: { body: unknown }): string | undefined => (request.body as { response_format?: { json_schema?: { name?: string } } }).response_format?.json_schema?.name;
    backup.setHandler((request) =>
      schemaOf(request) === 'conversation_title'
        ? { kind: 'text', chunks: ['{"title":"', 'Refund rounding rules"}'] }
        : { kind: 'text', chunks: ['{"capability":"understand","complexity":"low","confidence":0.95}'] },
    );
    try {
      await eventually(reloads, (n) => n > reloadsBefore, 'Switchboard to read the classify tier', { ms: 20_000 });
      await showChat(page);
      await newChat(page);
      const question = 'How are refunds rounded when the order had a discount?';
      primary.enqueue({ kind: 'text', chunks: ['Refunds are rounded ', 'per line, half to even.'] });
      await ask(question, 'Refunds are rounded per line, half to even.');
      const select = chatFrame(page).locator('sb-conversation-bar vscode-single-select');
      // What the list shows for the conversation on screen: first the question, then the model's name for it.
      await eventually(() => select.locator('.select-face .text').innerText(), (shown) => shown.trim() === 'Refund rounding rules', 'the list to show the model-written name', { ms: 30_000, show: (shown) => shown });
      const titleRequest = backup.chatRequests.find((r) => schemaOf(r) === 'conversation_title');
      assert.ok(titleRequest, 'the name was asked of the classify tier');
      assert.match(JSON.stringify(titleRequest.body), /How are refunds rounded when the order had a discount\?/);
      assert.ok(switchboardLogLines(userData, /named a conversation/).some((l) => l.endsWith('Chat: backup named a conversation "Refund rounding rules".')), 'the log says which model named it');
      await screenshot(page, 'chat-named-conversation');
    } finally {
      backup.setHandler(undefined);
      // The next test's backup answers must not be taken for a classification: wait until the tier is gone.
      const reloadsAfter = reloads();
      writeSettings({ 'workbench.colorTheme': modernTheme('dark') });
      await eventually(reloads, (n) => n > reloadsAfter, 'Switchboard to read the tiers without classify', { ms: 20_000 });
    }
  });

  it('brings the conversation back after the window reloads', async function () {
    this.timeout(120_000);
    // A conversation to bring back: an answer from the fallback, and one with its reasoning.
    await showChat(page);
    primary.enqueue({ kind: 'server-error', status: 503 });
    backup.enqueue({ kind: 'text', chunks: ['The tax is applied ', 'from the backup model.'] });
    await ask('Where is the tax applied?', 'The tax is applied from the backup model.');
    primary.enqueue({ kind: 'text', reasoningChunks: ['The person asks about the locale. ', 'formatCents hard-codes it.'], chunks: ['The locale comes back ', 'after the reload.'] });
    await ask('Can formatCents take a locale?', 'The locale comes back after the reload.');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The reload may restore the side bar with Switchboard already showing, or not, and clicking
    // its icon toggles it: open it only while its icon is not the checked one, until the chat shows.
    const icon = page.locator('.activitybar a.action-label[aria-label="Switchboard"]');
    await icon.waitFor({ timeout: 60_000 });
    const checked = page.locator('.activitybar .action-item.checked a.action-label[aria-label="Switchboard"]');
    const chat = chatFrame(page);
    const conversation = chat.getByText('The locale comes back after the reload.').first();
    await eventually(
      async () => {
        if (await conversation.isVisible()) return true;
        if ((await checked.count()) === 0) await icon.click();
        return false;
      },
      (shown) => shown,
      'the conversation to come back after the reload',
      { ms: 60_000, intervalMs: 1000, show: () => 'not shown' },
    );
    await chat.getByText('The tax is applied from the backup model.').first().waitFor();
    // Reasoning is stored with its answer: still there, folded, after the reload.
    await chat.locator('details.reasoning:not([hidden]):not([open]) summary').getByText('Reasoning (primary)').first().waitFor({ timeout: 10_000 });
  });
});
