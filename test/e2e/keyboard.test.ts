// The chat and the dashboard with the keyboard only, in the real workbench (issue 17): open the
// chat, cancel a pick the welcome opened and land back on its button, send, reach an answer's
// controls, copy and apply a code block, move between messages with the arrows, open and leave the
// capability list, run a task (Task mode in the mode picker, the plan approved on its card, its
// preview opened, its changes accepted), and move the dashboard's range. At every step the test reads where focus is
// inside the webview frame (through the shadow roots), and no step may need the mouse.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { contrastRatio } from '../../src/webview/shared/color';
import { startFakeOpenAI, type FakeOpenAIServer } from '../support/fakeProviders';
import { eventually } from '../support/eventually';
import { answerWholeTask, CODES_FILE } from './taskScript';
import { type FocusAt, commandByKeyboard, describeFocus, focusBecomes, focusIn, pressUntil } from './focus';
import { frameWith, harnessVersion, modernTheme, openWorkbench, removeWorkspaceSettings, screenshot, screenshotFailures, workspaceFolder, writeWorkspaceSettings, type Workbench } from './workbench';

/** VS Code 1.139's multi-diff editor takes focus when it opens; 1.100's does not (see the task test). */
function multiDiffTakesFocus(): boolean {
  const [major, minor] = harnessVersion();
  return major > 1 || minor >= 139;
}

const CODE = "export function formatCents(cents: number): string {\n  return `€${(cents / 100).toFixed(2)}`;\n}\n";

describe('Keyboard only', function () {
  let workbench: Workbench;
  let page: Page;
  let server: FakeOpenAIServer;
  const formatFile = () => path.join(workspaceFolder(), 'src', 'format.ts');
  const invoiceFile = () => path.join(workspaceFolder(), 'src', 'invoice.ts');
  const codesFile = () => path.join(workspaceFolder(), 'src', 'discountCodes.ts');
  let formatBefore = '';
  let invoiceBefore = '';

  const writeSettings = (withModels: boolean) =>
    writeWorkspaceSettings({
      'workbench.colorTheme': modernTheme('dark'),
      'switchboard.models': withModels ? [{ id: 'primary', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: server.baseURL, price: { input: 0.15, output: 0.6 } }] : [],
      ...(withModels ? { 'switchboard.tiers': { understand: ['primary'], generate: ['primary'], review: ['primary'], plan: ['primary'], classify: [] } } : {}),
    });

  const chat = (): Promise<Frame> => frameWith(page, 'sb-chat-app', 'the chat webview to load');

  before(async function () {
    this.timeout(180_000);
    server = await startFakeOpenAI();
    formatBefore = readFileSync(formatFile(), 'utf8');
    invoiceBefore = readFileSync(invoiceFile(), 'utf8');
    // No models at first: the chat shows its welcome, whose buttons open quick picks.
    writeSettings(false);
    workbench = await openWorkbench();
    page = workbench.page;
  });

  screenshotFailures(() => page, 'keyboard-');

  after(async () => {
    // Later suites start from an empty conversation.
    if (page) await commandByKeyboard(page, 'Switchboard: New Chat').catch(() => undefined);
    await workbench?.browser.close();
    removeWorkspaceSettings();
    if (formatBefore) writeFileSync(formatFile(), formatBefore);
    if (invoiceBefore) writeFileSync(invoiceFile(), invoiceBefore);
    rmSync(codesFile(), { force: true });
    await server?.close();
  });

  it('opens the chat from the palette, and Escape on the pick Add a Model… opened returns focus to that button', async function () {
    this.timeout(120_000);
    // No models: the chat shows its welcome, whose buttons open quick picks.
    writeSettings(false);
    // A conversation an earlier suite left would stand in for the welcome.
    await commandByKeyboard(page, 'Switchboard: New Chat');
    await commandByKeyboard(page, 'Switchboard: Focus on Chat View');
    const frame = await chat();
    await frame.getByText('No models configured yet.').waitFor({ timeout: 60_000 });
    const isAddModel = (f: FocusAt) => f.tag === 'vscode-button' && f.name.startsWith('Add a Model');
    // Forward with Tab, as from a fresh chat. After an earlier conversation the chat's place in the
    // Tab order is still its composer, below the welcome: Tab then leaves the chat, and a person
    // comes back to it and goes back up with Shift+Tab.
    const forward = await pressUntil(page, frame, 'Tab', isAddModel, 8, 'the welcome’s Add a Model… button').then(() => true, () => false);
    if (!forward) {
      await commandByKeyboard(page, 'Switchboard: Focus on Chat View');
      await pressUntil(page, frame, 'Shift+Tab', isAddModel, 15, 'the welcome’s Add a Model… button');
    }
    await page.keyboard.press('Enter');
    const pick = page.locator('.quick-input-widget');
    await pick.getByText('Add Model: provider').waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await pick.waitFor({ state: 'hidden' });
    const back = await focusBecomes(frame, (f) => f.inFrame && isAddModel(f), 'focus back on Add a Model… in the chat');
    assert.ok(back.inFrame);
    await screenshot(page, 'keyboard-pick-cancelled');
  });

  const inComposer = (f: FocusAt) => f.tag === 'textarea' && f.hosts.includes('sb-composer');

  /**
   * A new conversation held from the keyboard, with a model to answer: two questions sent from the
   * composer, the first answered with a code block for src/format.ts. `afterSend` reads each send.
   * Each test that reads a conversation starts here, so none leans on what the one before it said.
   */
  async function holdConversation(afterSend: (frame: Frame) => Promise<void> = async () => undefined): Promise<Frame> {
    writeSettings(true);
    server.setHandler(undefined);
    await commandByKeyboard(page, 'Switchboard: New Chat');
    await commandByKeyboard(page, 'Switchboard: Focus on Chat View');
    const frame = await chat();
    await frame.getByText('Ask anything about your code').waitFor({ timeout: 60_000 });
    if (!inComposer(await focusIn(frame))) await pressUntil(page, frame, 'Tab', inComposer, 25, 'the composer');
    // The composer keeps its mode across conversations: a task run earlier left Task mode on. Back to
    // Answer from the keyboard: Down opens the picker on the mode it holds, Up to the first, Enter.
    const mode = () => frame.evaluate(() => document.querySelector('sb-chat-app')?.shadowRoot?.querySelector('sb-composer')?.shadowRoot?.querySelector<HTMLSelectElement>('vscode-single-select.mode')?.value ?? '');
    if ((await mode()) !== '') {
      await pressUntil(page, frame, 'Tab', (f) => f.role === 'combobox' && f.name === 'Mode' && f.hosts.includes('sb-composer'), 10, 'the mode picker');
      await page.keyboard.press('ArrowDown');
      for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowUp');
      await page.keyboard.press('Enter');
      await eventually(mode, (v) => v === '', 'the mode picker to hold Answer', { ms: 5_000 });
      await pressUntil(page, frame, 'Shift+Tab', inComposer, 10, 'the composer');
    }
    const ask = async (prompt: string, chunks: string[], shown: string) => {
      server.enqueue({ kind: 'text', chunks });
      await page.keyboard.type(prompt);
      await page.keyboard.press('Enter');
      await frame.getByText(shown).first().waitFor({ timeout: 30_000 });
      await afterSend(frame);
    };
    await ask('How do I format cents?', ['Use this:\n\n', `\`\`\`ts src/format.ts\n${CODE}\`\`\`\n`, 'Then call it.'], 'Then call it.');
    await ask('And in another currency?', ['Pass the currency ', 'as a parameter.'], 'as a parameter.');
    return frame;
  }

  it('sends from the composer, and focus stays in the composer while the answer streams and after', async function () {
    this.timeout(120_000);
    const frame = await holdConversation(async (sent) => {
      const at = await focusIn(sent);
      assert.ok(inComposer(at) && at.inFrame, `after sending, focus is ${describeFocus(at)}`);
    });

    // The text boxes' edge and the focus ring stand 3:1 apart from the page (WCAG 1.4.11), as drawn.
    const colours = await frame.evaluate(() => {
      const area = document.querySelector('sb-chat-app')?.shadowRoot?.querySelector('sb-composer')?.shadowRoot?.querySelector('textarea');
      const style = area ? getComputedStyle(area) : undefined;
      return { page: getComputedStyle(document.body).backgroundColor, edge: style?.borderTopColor ?? '', fill: style?.backgroundColor ?? '', ring: getComputedStyle(document.body).getPropertyValue('--vscode-focusBorder').trim() };
    });
    for (const [what, colour, against] of [['edge', colours.edge, colours.page], ['ring', colours.ring, colours.page], ['ring', colours.ring, colours.fill]] as const) {
      const ratio = contrastRatio(colour, against) ?? 0;
      assert.ok(ratio >= 3, `the composer's ${what} ${colour} is ${ratio.toFixed(2)}:1 on ${against}`);
    }
  });

  it('reaches the newest answer with Shift+Tab through its own controls only, and moves between messages with the arrows', async function () {
    this.timeout(120_000);
    // From the composer, where a person is after sending.
    const frame = await holdConversation();
    const path = await pressUntil(page, frame, 'Shift+Tab', (f) => f.onMessage, 15, 'a message of the conversation');
    const landed = path.at(-1) as FocusAt;
    assert.equal(landed.message, 3, `the list's stop is the newest message: ${describeFocus(landed)}`);
    assert.equal(landed.messageName, 'Answer from primary');
    // Every stop on the way was the composer's or that answer's: no other message adds stops.
    const strays = path.filter((f) => f.message !== 3 && f.message !== -1);
    assert.deepEqual(strays.map(describeFocus), []);
    assert.ok(path.every((f) => f.inFrame), 'focus never left the webview');

    const expectOn = async (key: string, index: number, name: string) => {
      await page.keyboard.press(key);
      const at = await focusIn(frame);
      assert.ok(at.onMessage && at.message === index && at.messageName === name, `${key}: focus is ${describeFocus(at)}, not message ${index} (${name})`);
    };
    await expectOn('ArrowUp', 2, 'Your message');
    await expectOn('ArrowUp', 1, 'Answer from primary');
    await expectOn('Home', 0, 'Your message');
    await expectOn('ArrowUp', 0, 'Your message');
    await expectOn('End', 3, 'Answer from primary');
    await expectOn('Home', 0, 'Your message');
    await expectOn('ArrowDown', 1, 'Answer from primary');
    await screenshot(page, 'keyboard-message-focused');
  });

  it("copies and applies the answer's code from its toolbar: one Tab stop, Left and Right between Copy, Insert and Apply", async function () {
    this.timeout(120_000);
    const frame = await holdConversation();
    // On the answer with the code: the list's stop is the newest message, then Home and Down to it.
    await pressUntil(page, frame, 'Shift+Tab', (f) => f.onMessage, 15, 'a message of the conversation');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await focusBecomes(frame, (f) => f.onMessage && f.message === 1, 'focus on the answer with the code');
    await page.keyboard.press('Tab');
    let at = await focusIn(frame);
    assert.ok(at.inToolbar && at.name === 'Copy code block 1' && at.message === 1, `Tab into the answer: ${describeFocus(at)}`);
    await page.keyboard.press('ArrowRight');
    assert.equal((await focusIn(frame)).name, 'Insert code block 1 at the cursor');
    await page.keyboard.press('ArrowRight');
    assert.equal((await focusIn(frame)).name, 'Apply code block 1: preview as a diff');
    await page.keyboard.press('Home');
    assert.equal((await focusIn(frame)).name, 'Copy code block 1');
    await page.keyboard.press('Enter');
    // The status region sits in the app's shadow root, visually hidden: read its words.
    const said = () => frame.evaluate(() => document.querySelector('sb-chat-app')?.shadowRoot?.querySelector('[role="status"][aria-live="polite"]')?.textContent ?? '');
    await eventually(said, (t) => t.includes('Code block 1 copied'), 'Copy to be announced', { ms: 10_000 });
    at = await focusIn(frame);
    assert.ok(at.inToolbar && at.message === 1, `after Copy, focus stays on the bar: ${describeFocus(at)}`);

    // Tab leaves the bar in one step (to the code, which scrolls sideways), not through each button.
    await page.keyboard.press('Tab');
    at = await focusIn(frame);
    assert.ok(at.tag === 'pre' && at.message === 1, `Tab after the bar: ${describeFocus(at)}`);
    // On through this answer's controls and out of the list, never into another message.
    const out = await pressUntil(page, frame, 'Tab', (f) => f.message === -1, 15, 'the way out of the answer');
    assert.deepEqual(out.filter((f) => f.message !== 1 && f.message !== -1).map(describeFocus), []);
    assert.ok((out.at(-1) as FocusAt).hosts.includes('sb-composer'), `after the list comes the composer: ${describeFocus(out.at(-1) as FocusAt)}`);

    // Back to the bar (the list keeps the answer moved to as its stop) and Apply from the keyboard.
    await pressUntil(page, frame, 'Shift+Tab', (f) => f.inToolbar && f.message === 1, 15, "the answer's code bar");
    assert.equal((await focusIn(frame)).name, 'Copy code block 1', 'the bar remembers its last button');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const diffTab = page.locator('.tabs-container .tab').filter({ hasText: 'proposed by Switchboard' });
    await diffTab.waitFor({ timeout: 30_000 });
    await screenshot(page, 'keyboard-apply-diff');
    await commandByKeyboard(page, 'Switchboard: Reject Proposed Change');
    await diffTab.waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(readFileSync(formatFile(), 'utf8'), formatBefore, 'Reject leaves the file as it was');
    await commandByKeyboard(page, 'Switchboard: Focus on Chat View');
    // Back on the Apply… that opened the diff, where the person left the chat.
    at = await focusBecomes(frame, (f) => f.inFrame, 'the chat to have focus again');
    assert.ok(at.inToolbar && at.message === 1 && at.name.startsWith('Apply code block 1'), `back in the chat, focus is ${describeFocus(at)}`);
  });

  it('opens the capability list from the keyboard and leaves it with Escape and with Tab', async function () {
    this.timeout(120_000);
    const frame = await holdConversation();
    // The capability picker is the composer's select labelled Capability.
    const capability = async () => frame.evaluate(() => {
      const select = document.querySelector('sb-chat-app')?.shadowRoot?.querySelector('sb-composer')?.shadowRoot?.querySelector<HTMLElement & { open: boolean }>('vscode-single-select[label="Capability"]');
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return { open: select?.open ?? false, focused: Boolean(select && (select === el || select.shadowRoot?.contains(el) || select.contains(el))) };
    });
    for (let i = 0; i < 20 && !(await capability()).focused; i++) await page.keyboard.press('Tab');
    assert.equal((await capability()).focused, true, `Tab reaches the capability list: ${describeFocus(await focusIn(frame))}`);
    await page.keyboard.press('Alt+ArrowDown');
    await eventually(capability, (c) => c.open, 'the capability list to open', { ms: 5_000 });
    await page.keyboard.press('Escape');
    await eventually(capability, (c) => !c.open && c.focused, 'Escape to close the list and keep focus on it', { ms: 5_000 });
    await page.keyboard.press('Alt+ArrowDown');
    await eventually(capability, (c) => c.open, 'the capability list to open again', { ms: 5_000 });
    await page.keyboard.press('Tab');
    await eventually(capability, (c) => !c.open && !c.focused, 'Tab to close the list and move on', { ms: 5_000 });
    const next = await focusIn(frame);
    assert.ok(next.inFrame && next.hosts.includes('sb-composer'), `after the list, focus is ${describeFocus(next)}`);
  });

  it('stops a streaming answer with Escape and retries it from its Retry button, focus kept in the chat', async function () {
    this.timeout(120_000);
    // A conversation of four messages; the stopped answer comes fifth.
    const frame = await holdConversation();
    if (!inComposer(await focusIn(frame))) await pressUntil(page, frame, 'Shift+Tab', inComposer, 10, 'the composer');
    server.enqueue({ kind: 'text', chunks: ['Rounding goes ', 'half up, ', 'then ', 'to cents.'], chunkDelayMs: 1500 });
    await page.keyboard.type('How does it round?');
    await page.keyboard.press('Enter');
    await frame.getByText('Rounding goes', { exact: false }).first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await frame.getByText('Stopped', { exact: false }).first().waitFor({ timeout: 15_000 });
    let at = await focusIn(frame);
    assert.ok(inComposer(at) && at.inFrame, `after Stop, focus is ${describeFocus(at)}`);

    // The stopped answer is the newest message: the list's stop. Into its controls, to Retry.
    const onAnswer = await pressUntil(page, frame, 'Shift+Tab', (f) => f.onMessage, 15, 'the stopped answer');
    assert.equal((onAnswer.at(-1) as FocusAt).message, 5);
    await pressUntil(page, frame, 'Tab', (f) => f.message === 5 && f.tag === 'button' && /^Retry this prompt/.test(f.name), 15, "the answer's Retry button");
    server.enqueue({ kind: 'text', chunks: ['It rounds ', 'half up to whole cents.'] });
    await page.keyboard.press('Enter');
    await frame.getByText('half up to whole cents.').first().waitFor({ timeout: 30_000 });
    at = await focusBecomes(frame, (f) => f.inFrame && f.tag !== 'body', 'focus to stay in the chat after Retry');
    assert.ok(at.message >= 0 || at.hosts.includes('sb-composer'), `after Retry, focus is ${describeFocus(at)}`);
  });

  it('runs a task from the keyboard: Task mode in the picker, the plan approved and the preview opened from its card, the changes accepted', async function () {
    this.timeout(300_000);
    writeSettings(true);
    // One model answers every phase: the plan, the notes, a draft, a review with no finding.
    server.setHandler(answerWholeTask);
    await commandByKeyboard(page, 'Switchboard: New Chat');
    await commandByKeyboard(page, 'Switchboard: Focus on Chat View');
    const frame = await chat();
    await frame.getByText('Ask anything about your code').waitFor({ timeout: 60_000 });
    if (!inComposer(await focusIn(frame))) await pressUntil(page, frame, 'Tab', inComposer, 25, 'the composer');

    // The mode picker: Down opens it on Answer, Down again to Task: Implement, Enter picks it.
    await pressUntil(page, frame, 'Tab', (f) => f.role === 'combobox' && f.name === 'Mode' && f.hosts.includes('sb-composer'), 10, 'the mode picker');
    const mode = () => frame.evaluate(() => document.querySelector('sb-chat-app')?.shadowRoot?.querySelector('sb-composer')?.shadowRoot?.querySelector<HTMLSelectElement>('vscode-single-select.mode')?.value ?? '');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await eventually(mode, (v) => v === 'implement', 'the mode picker to hold Task: Implement', { ms: 5_000 });
    await pressUntil(page, frame, 'Shift+Tab', inComposer, 10, 'the composer');
    await page.keyboard.type('Add discount codes to the invoice total');
    await page.keyboard.press('Enter');
    const card = frame.locator('sb-task-card').last();
    await card.locator('.card-status', { hasText: 'Waiting for your approval of the plan' }).waitFor({ timeout: 60_000 });
    let at = await focusIn(frame);
    assert.ok(inComposer(at) && at.inFrame, `after starting the task, focus is ${describeFocus(at)}`);

    // The card is the newest message, so the list's stop; Tab goes into it, through the plan, to Accept Plan.
    const toCard = await pressUntil(page, frame, 'Shift+Tab', (f) => f.onMessage, 15, 'the task card');
    const onCard = toCard.at(-1) as FocusAt;
    assert.equal(onCard.messageName, 'Task: Implement');
    const cardIndex = onCard.message;
    await pressUntil(page, frame, 'Tab', (f) => f.tag === 'vscode-button' && f.name === 'Accept Plan' && f.message === cardIndex, 25, "the plan's Accept Plan");
    await page.keyboard.press('Enter');
    await card.locator('sb-plan-editor').waitFor({ state: 'detached', timeout: 30_000 });
    // The approval (and the button pressed) goes away: focus stays on the card, not on the page's <body>.
    await focusBecomes(frame, (f) => f.inFrame && f.message === cardIndex, 'focus to stay on the task card after Accept Plan');
    await card.locator('.card-status', { hasText: 'Finished' }).waitFor({ timeout: 120_000 });
    at = await focusIn(frame);
    assert.ok(at.inFrame && at.message === cardIndex, `when the task ends, focus is ${describeFocus(at)}`);

    // Preview Changes opens one multi-diff editor of every file. On 1.139 it takes focus: it is what
    // the person reads next. 1.100's multi-diff editor takes none (its focus goes to the diff of the
    // file last clicked in it, and none is yet; nor does View: Focus Active Editor Group reach it), so
    // there focus stays on Preview Changes: not lost, and Tab goes on to Accept All.
    const onPreview = (f: FocusAt) => f.tag === 'vscode-button' && f.name === 'Preview Changes' && f.message === cardIndex;
    if (!onPreview(at)) await pressUntil(page, frame, 'Tab', onPreview, 30, "the card's Preview Changes");
    await page.keyboard.press('Enter');
    const tab = page.locator('.tabs-container .tab').filter({ hasText: 'Proposed by Switchboard' });
    await tab.waitFor({ timeout: 30_000 });
    assert.equal(existsSync(codesFile()), false, 'previewing creates nothing');
    if (multiDiffTakesFocus()) {
      const workbenchFocus = () => page.evaluate(() => {
        const el = document.activeElement;
        const where = el?.closest('.multiDiffEditor, .multi-diff-editor') ? 'preview' : el?.closest('.part.editor') ? 'editor' : el?.closest('.part.sidebar, .part.auxiliarybar') ? 'side bar' : 'elsewhere';
        return { where, element: `${el?.tagName.toLowerCase() ?? ''}.${el?.className ?? ''}`.slice(0, 80), activeTab: document.querySelector('.tabs-container .tab.active')?.textContent?.trim() ?? '' };
      });
      const inPreview = await eventually(workbenchFocus, (w) => w.where === 'preview', 'the preview to take focus', { ms: 15_000, show: (w) => JSON.stringify(w) });
      assert.match(inPreview.activeTab, /^Proposed by Switchboard/);
      await screenshot(page, 'keyboard-task-preview');
      // Chromium clears the chat's focused element when focus leaves its frame (said below if it matters).
      const left = await focusIn(frame);
      // Back to the chat from the keyboard: focus is where the person left it, on Preview Changes.
      await commandByKeyboard(page, 'Switchboard: Focus on Chat View');
      at = await focusBecomes(frame, (f) => f.inFrame, 'the chat to have focus again');
      assert.ok(onPreview(at), `back in the chat, focus is ${describeFocus(at)}; while the preview had focus, the chat's focused element was ${describeFocus(left)}`);
    } else {
      await screenshot(page, 'keyboard-task-preview');
      at = await focusIn(frame);
      assert.ok(onPreview(at) && at.inFrame, `after Preview Changes, focus is ${describeFocus(at)}`);
    }
    await pressUntil(page, frame, 'Tab', (f) => f.tag === 'vscode-button' && f.name === 'Accept All' && f.message === cardIndex, 5, "the card's Accept All");
    await page.keyboard.press('Enter');
    await eventually(() => (existsSync(codesFile()) ? readFileSync(codesFile(), 'utf8') : ''), (t) => t === CODES_FILE, 'Accept All to create src/discountCodes.ts', { ms: 30_000 });
    await tab.waitFor({ state: 'detached', timeout: 30_000 });
    await card.getByText(/Accepted: 2 files written/).first().waitFor({ timeout: 30_000 });
    // The preview closed without taking focus from the chat, and focus is still on the card.
    at = await focusIn(frame);
    assert.ok(at.inFrame && at.message === cardIndex, `after Accept All, focus is ${describeFocus(at)}`);
    server.setHandler(undefined);
  });

  it("moves the dashboard's range with the arrow keys, with a focus ring that shows", async function () {
    this.timeout(120_000);
    await commandByKeyboard(page, 'Switchboard: Open Metrics Dashboard');
    const frame = await frameWith(page, 'h1:has-text("Switchboard metrics")', 'the metrics dashboard to render');
    const onRange = (f: FocusAt) => f.tag === 'input' && f.hosts.includes('sb-dashboard-app');
    const range = async () => frame.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      const input = el as HTMLInputElement | null;
      const label = input?.closest('label');
      const style = label ? getComputedStyle(label) : undefined;
      return { type: input?.type ?? '', value: input?.value ?? '', checked: input?.checked ?? false, outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '', ring: style?.outlineColor ?? '', fill: style?.backgroundColor ?? '', page: getComputedStyle(document.body).backgroundColor };
    });
    await pressUntil(page, frame, 'Tab', onRange, 20, 'the range control');
    const first = await range();
    assert.equal(first.type, 'radio');
    await page.keyboard.press('ArrowRight');
    const moved = await eventually(range, (r) => r.value !== first.value && r.checked, 'the range to move with the arrow', { ms: 5_000 });
    assert.match(moved.outline, /^solid [1-9]/, `the focused segment shows a ring: ${moved.outline}`);
    const against = moved.fill === 'rgba(0, 0, 0, 0)' ? moved.page : moved.fill;
    const ratio = contrastRatio(moved.ring, against) ?? 0;
    assert.ok(ratio >= 3, `the ring ${moved.ring} is ${ratio.toFixed(2)}:1 on ${against}`);
    await screenshot(page, 'keyboard-dashboard-range');
  });
});
