// The opt-in response cache as a person meets it: the same question asked twice answers from the
// cache the second time (the footer says so, nothing reaches the model), Retry asks the model again,
// the dashboard counts the cached answer, and Clear Response Cache empties it.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startFakeOpenAI, type FakeOpenAIServer } from '../support/fakeProviders';
import { eventually } from '../support/eventually';
import { chatFrame, dashboardFrame, modernTheme, newChat, openMetricsDashboard, openWorkbench, removeWorkspaceSettings, runFromPalette, screenshot, screenshotFailures, showChat, writeWorkspaceSettings, type Workbench } from './workbench';

const QUESTION = 'Which module rounds the refund totals?';

describe('The response cache as a person uses it', function () {
  let workbench: Workbench;
  let page: Page;
  let model: FakeOpenAIServer;
  let answered = 0;
  const asked = (): number => model.chatRequests.filter((r) => JSON.stringify(r.body).includes(QUESTION)).length;

  before(async function () {
    this.timeout(180_000);
    model = await startFakeOpenAI();
    // Each answer says which it is, so a cached one shows as the earlier text.
    model.setHandler(() => ({ kind: 'text', chunks: [`Answer number ${++answered}: `, 'src/refunds.ts rounds them.'], usage: { input: 500, output: 12 } }));
    writeWorkspaceSettings({
      'workbench.colorTheme': modernTheme('dark'),
      'switchboard.models': [{ id: 'helper', provider: 'openai-compatible', model: 'helper-model', baseUrl: model.baseURL, price: { input: 1, output: 2 } }],
      'switchboard.tiers': { understand: ['helper'], generate: ['helper'], review: ['helper'], plan: ['helper'], classify: [] },
      'switchboard.cache.enabled': true,
    });
    workbench = await openWorkbench();
    page = workbench.page;
  });

  screenshotFailures(() => page, 'cache-');

  after(async () => {
    await workbench?.browser.close();
    removeWorkspaceSettings();
    await model?.close();
  });

  const chat = () => chatFrame(page);

  async function ask(): Promise<void> {
    const input = chat().locator('sb-composer textarea');
    await input.click();
    await input.fill(QUESTION);
    await page.keyboard.press('Enter');
  }

  it('answers a repeated question from the cache, asks the model again on Retry, counts it in the dashboard, and clears it', async function () {
    this.timeout(180_000);
    await showChat(page);
    // Whatever an earlier suite left in this workspace's cache goes first, as a person would start clean.
    await runFromPalette(page, 'Switchboard: Clear Response Cache');
    await newChat(page);
    await ask();
    const first = chat().locator('sb-answer').last();
    await first.getByText('Answer number 1: src/refunds.ts rounds them.').waitFor({ timeout: 30_000 });
    assert.equal(asked(), 1);

    // The same question in a new conversation: the cache's answer, marked, at no cost.
    await newChat(page);
    await ask();
    const again = chat().locator('sb-answer').last();
    await again.getByText('Answer number 1: src/refunds.ts rounds them.').waitFor({ timeout: 30_000 });
    const footer = await again.locator('ul.figures').innerText();
    assert.match(footer, /Cached: answer from the response cache/, footer);
    assert.equal(asked(), 1, 'the cached answer reached no model');
    await screenshot(page, 'cache-answered-from-cache');

    // Retry on that answer: the model answers again.
    await again.getByRole('button', { name: 'Retry this prompt; the router picks the model' }).click();
    await chat().getByText('Answer number 2: src/refunds.ts rounds them.').waitFor({ timeout: 30_000 });
    assert.equal(asked(), 2, 'Retry asked the model');
    const retried = await chat().locator('sb-answer').last().locator('ul.figures').innerText();
    assert.doesNotMatch(retried, /Cached/, retried);
    await screenshot(page, 'cache-retried');

    // The dashboard counts the one answer the cache gave.
    await openMetricsDashboard(page);
    const frame = await dashboardFrame(page);
    const tile = frame.locator('dl.tiles div').filter({ has: frame.locator('dt', { hasText: 'From the cache' }) }).locator('dd');
    await eventually(() => tile.innerText().catch(() => ''), (text) => /^1\s/.test(text), 'the dashboard to count the cached answer', { ms: 30_000, intervalMs: 250, show: (text) => text });
    // Of every call recorded in the last 24 hours (earlier suites' too): a share, and no model asked.
    assert.match(await tile.innerText(), /^1\s+[\d.]+% of calls, no model asked$/);
    await screenshot(page, 'cache-dashboard');
    // Closed again, so the chat's is the one webview on screen.
    await runFromPalette(page, 'View: Close All Editors');
    await eventually(() => page.locator('iframe.webview.ready').count(), (n) => n === 1, 'the dashboard to close', { ms: 15_000 });

    // Cleared: a notification says what went, and the question reaches the model again. (One answer
    // or two: the Retry's prompt carries the ranked repo context as it is then, which an index still
    // being built after the suites before this one can change, and then it is another question.)
    await runFromPalette(page, 'Switchboard: Clear Response Cache');
    await page.locator('.notification-toast').getByText(/removed [12] cached answers? from this workspace's response cache/).first().waitFor({ timeout: 15_000 });
    await showChat(page);
    await newChat(page);
    await ask();
    await chat().getByText('Answer number 3: src/refunds.ts rounds them.').waitFor({ timeout: 30_000 });
    assert.equal(asked(), 3);
  });
});

