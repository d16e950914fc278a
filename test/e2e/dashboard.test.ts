// The metrics dashboard as a person sees it: after real routed calls to a local OpenAI-compatible
// server (one answered, one that falls back), open it from the command palette and read its charts.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startFakeOpenAI, type FakeOpenAIServer } from '../support/fakeProviders';
import { eventually } from '../support/eventually';
import { dashboardFrame, modernTheme, selectWholeFile, openMetricsDashboard, openWorkbench, removeWorkspaceSettings, runFromPalette, screenshot, writeWorkspaceSettings, type Workbench } from './workbench';


const LONG_IDS = ['gpt-4o-mini-2024-07-18-eastus', 'claude-sonnet-4-5-20250929-proxy', 'qwen2.5-coder-32b-instruct-local', 'llama-3.3-70b-versatile-groq'];

interface DrawnLabel {
  readonly text: string;
  readonly left: number;
  readonly right: number;
}

describe('Metrics dashboard in the workbench', function () {
  let workbench: Workbench;
  let page: Page;
  let fast: FakeOpenAIServer;
  let strong: FakeOpenAIServer;

  before(async function () {
    this.timeout(180_000);
    fast = await startFakeOpenAI();
    strong = await startFakeOpenAI();
    writeWorkspaceSettings({
      'switchboard.models': [
        { id: 'fast', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: fast.baseURL, price: { input: 0.15, output: 0.6 } },
        // Served by the same fake as fast: long ids, so that the latency chart has several models to label.
        ...LONG_IDS.map((id) => ({ id, provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: fast.baseURL, price: { input: 0.15, output: 0.6 } })),
        { id: 'strong', provider: 'openai-compatible', model: 'gpt-4o', baseUrl: strong.baseURL, price: { input: 2.5, output: 10 } },
      ],
      'switchboard.tiers': { understand: ['fast', ...LONG_IDS, 'strong'], generate: ['strong'], review: ['strong'], plan: ['strong'], classify: [] },
      'workbench.colorTheme': modernTheme('light'),
    });
    workbench = await openWorkbench();
    page = workbench.page;
  });

  after(async () => {
    await workbench?.browser.close();
    removeWorkspaceSettings();
    await fast?.close();
    await strong?.close();
  });

  // The calls both tests read, made once: the suites before this one made calls in the same
  // workspace, so from no recorded calls, as a person would to read one session's figures.
  before(async function () {
    this.timeout(180_000);
    await runFromPalette(page, 'Switchboard: Reset Metrics…');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.getByRole('button', { name: 'Reset' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.statusbar').getByText(/\$0\.00 · /).first().waitFor({ timeout: 10_000 });
    fast.enqueue({ kind: 'text', chunks: ['It adds ', 'the line totals.'], usage: { input: 900, output: 120 } });
    // The second call fails on fast and on each long-named model (all on the fast server), then strong answers.
    for (let i = 0; i <= LONG_IDS.length; i++) fast.enqueue({ kind: 'server-error', status: 503 });
    strong.enqueue({ kind: 'text', chunks: ['It multiplies quantity by price.'], usage: { input: 900, output: 80 } });

    for (let call = 0; call < 2; call++) {
      await selectWholeFile(page, 'invoice.ts');
      await runFromPalette(page, 'Switchboard: Explain Selection');
      const expected = call + 1;
      await eventually(() => fast.chatRequests.length, (n) => n >= expected, `call ${expected} to reach the server`, { ms: 60_000, intervalMs: 200 });
    }
    // The second call fell back to "strong" after the 503s of fast and the long-named models.
    await eventually(() => strong.chatRequests.length, (n) => n >= 1, 'the fallback to reach the second server', { ms: 60_000, intervalMs: 200 });
  });

  it('charts the calls just made, per model', async function () {
    this.timeout(120_000);
    // Opened now, the dashboard shows what is recorded and follows the calls still being recorded:
    // wait until its totals count the seven attempts (two answers, five failures) on six models.
    await openMetricsDashboard(page);
    const frame = await dashboardFrame(page);
    const tiles = frame.locator('dl.tiles');
    const tile = (name: string) => tiles.locator('div').filter({ has: frame.locator('dt', { hasText: name }) }).locator('dd');
    await eventually(
      async () => (await tiles.count()) > 0 ? (await tiles.innerText()).replace(/\s+/g, ' ') : '',
      (text) => /Calls 7 ?6 models/.test(text),
      'the dashboard to count the seven attempts',
      { ms: 30_000, intervalMs: 250 },
    );
    assert.match(await tile('Success rate').innerText(), /28\.6%\s*2 of 7/);
    assert.match(await tile('Tokens in / out').innerText(), /1,800\s*out 200/);
    // fast: 900 in, 120 out at $0.15 / $0.60 per million; strong: 900 in, 80 out at $2.50 / $10.
    assert.match(await tile('Spend').innerText(), /\$0\.0033/);
    await frame.locator('canvas').first().waitFor({ timeout: 30_000 });
    const canvases = await frame.locator('canvas').count();
    assert.ok(canvases >= 3, `the dashboard draws its charts (${canvases} canvases)`);
    // Text in the charts' legends and tables (Playwright's locators reach into the components' shadow roots).
    await frame.getByText('fast', { exact: true }).first().waitFor({ timeout: 10_000 });
    await frame.getByText('strong', { exact: true }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'metrics-dashboard');
  });

  it('labels each model under the latency chart without two labels overlapping (issue 14 item 22)', async function () {
    this.timeout(120_000);
    await openMetricsDashboard(page);
    const frame = await dashboardFrame(page);
    const plot = frame.locator('sb-chart').filter({ has: frame.locator('h2', { hasText: 'Latency per model' }) }).locator('.plot');
    // Where the chart drew its x labels (CSS px from the plot's left), measured in the axis font.
    const drawn = await eventually(
      async () => JSON.parse((await plot.getAttribute('data-x-labels')) ?? '[]') as DrawnLabel[],
      (labels) => labels.length === 2 + LONG_IDS.length,
      'the latency chart to label its six models',
      { ms: 30_000, intervalMs: 250, show: (labels) => JSON.stringify(labels) },
    );
    const ids = ['fast', ...LONG_IDS, 'strong'];
    for (const label of drawn) {
      const prefix = label.text.replace(/…$/, '');
      assert.ok(prefix.length >= 4 && ids.some((id) => id.startsWith(prefix)), `"${label.text}" names a model`);
    }
    for (let k = 1; k < drawn.length; k++) {
      const [a, b] = [drawn[k - 1] as DrawnLabel, drawn[k] as DrawnLabel];
      assert.ok(a.right <= b.left, `"${a.text}" (${a.left.toFixed(1)}–${a.right.toFixed(1)}) overlaps "${b.text}" (${b.left.toFixed(1)}–${b.right.toFixed(1)})`);
    }
    await plot.scrollIntoViewIfNeeded();
    await screenshot(page, 'metrics-dashboard-latency');
  });
});
