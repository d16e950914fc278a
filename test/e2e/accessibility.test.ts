// The chat and the dashboard as an accessibility audit sees them: axe-core injected into the real
// webview frames, for the welcome, a conversation (answers with code, a reasoning fold, an error, a
// rated answer), a task card waiting for its plan's approval, the same card finished with its result
// and its buttons, and the dashboard, in both Modern themes; any violation fails. Each scan's
// violations are kept in test-results/screenshots/axe-<view>-<theme>.json. And what a screen reader
// is told while one answer streams: one announcement, when it is complete.
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import { startFakeOpenAI, type FakeOpenAIServer } from '../support/fakeProviders';
import { eventually } from '../support/eventually';
import { contrastRatio } from '../../src/webview/shared/color';
import { describeViolations, recordScan, runAxe } from './axe';
import { liveRegionLog, watchLiveRegions } from './liveRegions';
import { commandByKeyboard } from './focus';
import { answerWholeTask } from './taskScript';
import { frameWith, modernTheme, openMetricsDashboard, openWorkbench, removeWorkspaceSettings, runFromPalette, screenshot, screenshotFailures, writeWorkspaceSettings, type Workbench } from './workbench';

type Theme = 'dark' | 'light';
const THEMES: Record<Theme, string> = { dark: modernTheme('dark'), light: modernTheme('light') };

describe('Accessibility of the chat and the dashboard (axe-core)', function () {
  let workbench: Workbench;
  let page: Page;
  let primary: FakeOpenAIServer;
  let backup: FakeOpenAIServer;
  let models: unknown[] = [];
  let theme: Theme = 'dark';

  const writeSettings = () => {
    writeWorkspaceSettings({
      'switchboard.models': models,
      // Tiers only with their models: tiers naming absent models would add settings problems to the welcome.
      ...(models.length > 0 ? { 'switchboard.tiers': { understand: ['primary', 'backup'], generate: ['primary', 'backup'], review: ['primary', 'backup'], plan: ['primary', 'backup'], classify: [] } } : {}),
      'workbench.colorTheme': THEMES[theme],
    });
  };

  /** Switches the theme and waits until the workbench and the webview frame both wear it. */
  const useTheme = async (next: Theme, frame?: Frame) => {
    theme = next;
    writeSettings();
    await page.locator(next === 'light' ? '.monaco-workbench.vs' : '.monaco-workbench.vs-dark').waitFor({ timeout: 30_000 });
    if (frame) await frame.locator(next === 'light' ? 'body.vscode-light' : 'body.vscode-dark').waitFor({ timeout: 30_000 });
  };

  const scan = async (frame: Frame, view: string) => {
    const violations = await runAxe(frame);
    recordScan(`${view}-${theme}`, violations);
    await screenshot(page, `axe-${view}-${theme}`);
    assert.equal(violations.length, 0, `axe found violations in the ${view} (${theme}):\n${describeViolations(violations)}`);
  };

  /** WCAG 1.4.11 as drawn: the composer's edge and the focus ring stand 3:1 apart from the page and the box's fill. */
  const nonTextContrast = async (frame: Frame) => {
    const colours = await frame.evaluate(() => {
      const area = document.querySelector('sb-chat-app')?.shadowRoot?.querySelector('sb-composer')?.shadowRoot?.querySelector('textarea');
      const style = area ? getComputedStyle(area) : undefined;
      return { page: getComputedStyle(document.body).backgroundColor, edge: style?.borderTopColor ?? '', fill: style?.backgroundColor ?? '', ring: getComputedStyle(document.body).getPropertyValue('--vscode-focusBorder').trim() };
    });
    const pairs = [['edge', colours.edge, colours.page], ['ring', colours.ring, colours.page], ['ring', colours.ring, colours.fill]] as const;
    const measured = pairs.map(([what, colour, against]) => ({ what, colour, against, ratio: contrastRatio(colour, against) ?? 0 }));
    console.log(`      non-text contrast (${theme}): ${measured.map((m) => `${m.what} ${m.colour} on ${m.against} ${m.ratio.toFixed(2)}:1`).join('; ')}`);
    for (const m of measured) assert.ok(m.ratio >= 3, `the composer's ${m.what} ${m.colour} is ${m.ratio.toFixed(2)}:1 on ${m.against} (${theme})`);
  };

  const chatFrame = () => frameWith(page, 'sb-chat-app', 'the chat webview to load');

  before(async function () {
    this.timeout(180_000);
    primary = await startFakeOpenAI();
    backup = await startFakeOpenAI();
    // No models at first: the chat shows its welcome with what is missing.
    writeSettings();
    workbench = await openWorkbench();
    page = workbench.page;
    await page.locator('.activitybar a.action-label[aria-label="Switchboard"]').click();
    const modelsHeader = page.locator('.sidebar .pane-header[aria-label="Models Section"]');
    await modelsHeader.waitFor();
    // On its title, left of the header's action buttons (Add Model, Set API Key…).
    if ((await modelsHeader.getAttribute('aria-expanded')) === 'true') await modelsHeader.click({ position: { x: 12, y: 10 } });
  });

  screenshotFailures(() => page, 'axe-');

  after(async () => {
    // Later suites start from an empty conversation and the fixture's own settings.
    if (page) await runFromPalette(page, 'Switchboard: New Chat').catch(() => undefined);
    await workbench?.browser.close();
    removeWorkspaceSettings();
    await primary?.close();
    await backup?.close();
  });

  const primaryAndBackup = () => [
    { id: 'primary', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: primary.baseURL, price: { input: 0.15, output: 0.6 } },
    { id: 'backup', provider: 'openai-compatible', model: 'gpt-4o', baseUrl: backup.baseURL, price: { input: 2.5, output: 10 } },
  ];

  /**
   * An empty conversation in the chat under `withModels` (none: the welcome; else primary and backup,
   * answering from their queues), in the light theme: what each group of scans below starts from.
   */
  const startChat = async (withModels: unknown[]): Promise<Frame> => {
    models = withModels;
    primary.setHandler(undefined);
    backup.setHandler(undefined);
    await useTheme('light');
    // From the keyboard: on 1.100 the chat New Chat focuses takes the focus back from a palette
    // opened just after it, whose input then never took the text filled in.
    await commandByKeyboard(page, 'Switchboard: New Chat');
    await commandByKeyboard(page, 'Switchboard: Focus on Chat View');
    const frame = await chatFrame();
    await frame.getByText(withModels.length > 0 ? 'Ask anything about your code' : 'No models configured yet.').waitFor({ timeout: 60_000 });
    // The composer keeps its mode across conversations: a task started earlier left Task mode on.
    const mode = frame.locator('sb-composer vscode-single-select.mode');
    if (withModels.length > 0 && (await mode.evaluate((el) => (el as HTMLSelectElement).value)) !== '') {
      await mode.click();
      await mode.getByRole('option', { name: 'Answer', exact: true }).click();
      await eventually(() => mode.evaluate((el) => (el as HTMLSelectElement).value), (v) => v === '', 'the mode picker to show Answer', { ms: 10_000 });
    }
    return frame;
  };

  /** A task against the fake servers, started from the composer: every phase answers, and the card stops first at the plan's approval. */
  const startTask = async (frame: Frame): Promise<void> => {
    primary.setHandler(answerWholeTask);
    backup.setHandler(answerWholeTask);
    const mode = frame.locator('sb-composer vscode-single-select.mode');
    await mode.click();
    await mode.getByRole('option', { name: 'Task: Implement' }).click();
    const input = frame.locator('sb-composer textarea');
    await input.click();
    await input.fill('Add discount codes to the invoice total');
    await page.keyboard.press('Enter');
    await frame.locator('sb-task-card .card-status', { hasText: 'Waiting for your approval of the plan' }).waitFor({ timeout: 60_000 });
  };

  /** Accepts the waiting plan and waits for the task to finish with its result and what to do with it. */
  const finishTask = async (frame: Frame): Promise<void> => {
    await frame.locator('sb-task-card sb-plan-editor vscode-button', { hasText: 'Accept Plan' }).click();
    await frame.locator('sb-task-card .card-status', { hasText: 'Finished' }).waitFor({ timeout: 120_000 });
    await frame.locator('sb-task-card vscode-button.preview', { hasText: 'Preview Changes' }).waitFor();
  };

  // Each group's `before` brings the chat to the state its scans read, so no group leans on another.
  describe('the welcome', function () {
    before(async function () {
      this.timeout(120_000);
      await startChat([]);
    });

    for (const t of ['dark', 'light'] as const) {
      it(`the welcome has no axe violation (${t})`, async function () {
        this.timeout(90_000);
        const frame = await chatFrame();
        await useTheme(t, frame);
        await frame.getByText('No models configured yet.').waitFor({ timeout: 60_000 });
        await scan(frame, 'welcome');
      });
    }
  });

  describe('a conversation', function () {
    let frame: Frame;

    // Answers with code, a reasoning fold opened, an error, and a rated answer.
    before(async function () {
      this.timeout(180_000);
      frame = await startChat(primaryAndBackup());
      const input = frame.locator('sb-composer textarea');
      const ask = async (prompt: string, shown: string | RegExp) => {
        await input.click();
        await input.fill(prompt);
        await page.keyboard.press('Enter');
        await frame.getByText(shown).first().waitFor({ timeout: 30_000 });
      };
      primary.enqueue({
        kind: 'text',
        chunks: ['Use `formatCents`:\n\n', "```ts src/format.ts\nexport function formatCents(cents: number): string {\n  const euros = cents / 100; // 2 decimals\n  return `€${euros.toFixed(2)}`;\n}\n```\n\n", 'Then call it.\n\n```js\nconsole.log(formatCents(1999), true, null);\n```\n'],
      });
      await ask('How do I format cents?', 'Then call it.');
      primary.enqueue({ kind: 'text', reasoningChunks: ['The person asks about units. ', 'Cents are integers.'], chunks: ['It returns cents.'] });
      await ask('What unit is the result in?', 'It returns cents.');
      await frame.locator('sb-answer').last().locator('details.reasoning summary').click();
      await frame.getByText('Cents are integers.', { exact: false }).waitFor();
      primary.enqueue({ kind: 'auth', status: 401 });
      backup.enqueue({ kind: 'auth', status: 401 });
      await ask('And the rounding?', /API key/);
      await frame.locator('sb-answer').first().getByRole('button', { name: /^Good/ }).click();
    });

    it('holds a conversation with code, a reasoning fold and an error', async function () {
      this.timeout(60_000);
      await frame.getByText('Then call it.').first().waitFor();
      await frame.getByText('Cents are integers.', { exact: false }).waitFor();
      await frame.locator('sb-answer').last().locator('.error').waitFor({ timeout: 30_000 });
      // A rated answer: its footer's Good button pressed.
      const good = frame.locator('sb-answer').first().getByRole('button', { name: /^Good/ });
      await eventually(() => good.getAttribute('aria-pressed'), (v) => v === 'true', 'the rating to show as pressed', { ms: 10_000 });
    });

    for (const t of ['light', 'dark'] as const) {
      it(`the conversation has no axe violation (${t})`, async function () {
        this.timeout(90_000);
        await useTheme(t, frame);
        await frame.getByText('Then call it.').waitFor();
        await scan(frame, 'chat');
        await nonTextContrast(frame);
      });
    }
  });

  it('announces a streamed answer once, when it is complete, and not chunk by chunk', async function () {
    this.timeout(120_000);
    const frame = await startChat(primaryAndBackup());
    const answers = frame.locator('sb-answer');
    const before = await answers.count();
    // Watching from before the question: everything the send, the stream and the end change counts.
    await watchLiveRegions(frame);
    const chunks = ['The total ', 'adds the line totals, ', 'applies the tax ', 'and rounds once, ', 'at the end, to whole cents.'];
    primary.enqueue({ kind: 'text', chunks, chunkDelayMs: 250 });
    const input = frame.locator('sb-composer textarea');
    await input.click();
    await input.fill('When is the total rounded?');
    await page.keyboard.press('Enter');
    await frame.getByText('to whole cents.').first().waitFor({ timeout: 30_000 });
    // The end of the answer has been drawn once its footer offers the rating.
    await answers.nth(before).getByRole('button', { name: /^Good/ }).waitFor({ timeout: 30_000 });
    const log = await eventually(() => liveRegionLog(frame), (l) => l.announcements.length > 0, 'the answer to be announced', { ms: 10_000 });
    console.log(`      live regions for one answer of ${chunks.length} chunks: ${log.announcements.length} announcement(s) from ${log.records} mutation record(s) while the conversation changed in ${log.conversationSteps} step(s): ${log.announcements.map((a) => `${a.region} "${a.text}"`).join('; ')}`);
    assert.deepEqual(log.announcements, [{ region: 'div[role=status][aria-live=polite]', text: 'Answer from primary complete' }]);
    // The answer did stream in steps (the silent log changed each time), so one announcement is not an answer drawn at once.
    assert.ok(log.conversationSteps >= 3, `the conversation changed in only ${log.conversationSteps} step(s)`);
  });

  describe('a task card waiting for its plan', function () {
    before(async function () {
      this.timeout(180_000);
      await startTask(await startChat(primaryAndBackup()));
    });

    it('holds a task card waiting for its plan to be approved', async function () {
      const frame = await chatFrame();
      await frame.locator('sb-task-card .card-status', { hasText: 'Waiting for your approval of the plan' }).waitFor({ timeout: 60_000 });
    });

    for (const t of ['dark', 'light'] as const) {
      it(`the task card has no axe violation (${t})`, async function () {
        this.timeout(90_000);
        const frame = await chatFrame();
        await useTheme(t, frame);
        await frame.locator('sb-task-card sb-plan-editor').waitFor();
        await scan(frame, 'task');
      });
    }
  });

  describe('the finished task card', function () {
    before(async function () {
      this.timeout(300_000);
      const frame = await startChat(primaryAndBackup());
      await startTask(frame);
      await finishTask(frame);
    });

    it('holds the task card finished, with its result and what to do with it', async function () {
      const frame = await chatFrame();
      await frame.locator('sb-task-card .card-status', { hasText: 'Finished' }).waitFor({ timeout: 60_000 });
      await frame.locator('sb-task-card vscode-button.preview', { hasText: 'Preview Changes' }).waitFor();
    });

    for (const t of ['dark', 'light'] as const) {
      it(`the finished task card has no axe violation (${t})`, async function () {
        this.timeout(90_000);
        const frame = await chatFrame();
        await useTheme(t, frame);
        await frame.locator('sb-task-card vscode-button.accept').waitFor();
        await scan(frame, 'task-finished');
      });
    }
  });

  for (const t of ['dark', 'light'] as const) {
    it(`the dashboard has no axe violation (${t})`, async function () {
      this.timeout(120_000);
      await openMetricsDashboard(page);
      const frame = await frameWith(page, 'h1:has-text("Switchboard metrics")', 'the metrics dashboard to render');
      await useTheme(t, frame);
      await frame.locator('canvas').first().waitFor({ timeout: 30_000 });
      await scan(frame, 'dashboard');
    });
  }
});
