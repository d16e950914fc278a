// Starting up as a person meets it (issue 16): Switchboard activates once a fresh window has started
// (onStartupFinished), and Explain Selection answers there; a window reload activates it again. The
// extension's own "activated in" lines (first start and after the reload, with each step's share) and
// the first answer's figures are read from the Switchboard log and the chat, checked to be there and
// plausible, and printed for the closing note. No timed thresholds: benches measure (bench/activation,
// bench/firstAnswer).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import { startFakeOpenAI, type FakeOpenAIServer } from '../support/fakeProviders';
import { chatFrame, openFile, openWorkbench, removeWorkspaceSettings, runFromPalette, screenshot, screenshotFailures, switchboardLogFiles, switchboardLogLines, writeWorkspaceSettings, type Workbench } from './workbench';

interface Activation {
  readonly ms: number;
  readonly steps: string;
  readonly line: string;
}

function activations(userData: string): Activation[] {
  const out: Activation[] = [];
  for (const file of switchboardLogFiles(userData)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /activated in ([\d.]+) ms \(([^)]*)\)/.exec(line);
      if (m) out.push({ ms: Number(m[1]), steps: m[2] as string, line: line.trim() });
    }
  }
  return out;
}


describe('Starting up', function () {
  let workbench: Workbench;
  let page: Page;
  let server: FakeOpenAIServer;
  const userData = process.env.SWITCHBOARD_E2E_USER_DATA ?? '';
  const printed: string[] = [];

  before(async function () {
    this.timeout(180_000);
    assert.ok(userData, 'SWITCHBOARD_E2E_USER_DATA is set (scripts/runE2E.mjs)');
    server = await startFakeOpenAI();
    writeWorkspaceSettings({
      'switchboard.models': [{ id: 'primary', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: server.baseURL, price: { input: 0.15, output: 0.6 } }],
      'switchboard.tiers': { understand: ['primary'], generate: ['primary'], review: ['primary'], plan: ['primary'], classify: [] },
    });
    workbench = await openWorkbench();
    page = workbench.page;
  });

  screenshotFailures(() => page, 'startup-');

  after(async () => {
    console.log(`\n    Startup figures (issue 16):\n${printed.map((l) => `      ${l}`).join('\n')}\n`);
    await workbench?.browser.close();
    removeWorkspaceSettings();
    await server?.close();
  });

  it('answers the first Explain Selection of a fresh window, and reports its activation and first-answer times', async function () {
    this.timeout(180_000);
    server.enqueue({ kind: 'text', chunks: ['`formatCount` formats ', 'a number for display.'], usage: { input: 120, output: 12 } });
    await openFile(page, 'format.ts');
    const editor = page.locator('.editor-instance .monaco-editor').first();
    await editor.locator('.view-lines .view-line').first().click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
    await runFromPalette(page, 'Switchboard: Explain Selection');

    const chat = chatFrame(page);
    await chat.locator('.answer[aria-busy="false"]').getByText('a number for display.').first().waitFor({ timeout: 60_000 });
    const figures = chat.locator('ul.figures').last();
    await figures.waitFor({ timeout: 30_000 });
    const footer = (await figures.innerText()).replace(/\s+/g, ' ');
    const firstToken = /First token:?\s*([\d.,]+\s*(?:ms|s))/i.exec(footer);
    assert.ok(firstToken, `the answer shows its first-token time: ${footer}`);
    printed.push(`first answer (a fresh window): ${footer}`);
    await screenshot(page, 'startup-first-answer');

    const started = await eventually(() => activations(userData), (a) => a.length >= 1, 'the Switchboard log to say it activated', { ms: 30_000 });
    const first = started[0] as Activation;
    assert.ok(first.ms > 0 && first.ms < 60_000, `a plausible activation time: ${first.line}`);
    assert.match(first.steps, /settings \d+, engine \d+/, 'each step of activation is reported');
    printed.push(`first start: activated in ${first.ms} ms (${first.steps})`);
    const opened = await eventually(() => switchboardLogLines(userData, /Metrics store opened|Warmed up|API key|First request/), (l) => l.some((x) => /Metrics store opened/.test(x)), 'the metrics store to open after activation', { ms: 30_000 });
    printed.push(...opened.map((l) => l.replace(/^\S+ \S+ /, '')));
  });

  it('activates again after a window reload and reports how long it took', async function () {
    this.timeout(180_000);
    const before = activations(userData).length;
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // Switchboard activates once the reloaded window has started; Show Log also brings its log into view.
    await runFromPalette(page, 'Switchboard: Show Log');
    const after = await eventually(() => activations(userData), (a) => a.length > before, 'the Switchboard log to say it activated after the reload', { ms: 60_000 });
    const reload = after[after.length - 1] as Activation;
    assert.ok(reload.ms > 0 && reload.ms < 60_000, `a plausible activation time: ${reload.line}`);
    assert.match(reload.steps, /settings \d+, engine \d+/);
    printed.push(`after reload: activated in ${reload.ms} ms (${reload.steps})`);
  });

  it('warms up after activation, loading the tokenizer in pieces from the ranks file the .vsix ships', async function () {
    this.timeout(60_000);
    // The host's warm-up starts 1.5 s after an activation, once no answer is under way.
    const warmed = await eventually(() => switchboardLogLines(userData, /Warm(ed)? up/), (l) => l.length > 0, 'the warm-up line in the Switchboard log', { ms: 45_000 });
    const line = warmed[warmed.length - 1] as string;
    assert.match(line, /Warmed up for the first request in \d+ ms \(tokenizer loaded in pieces, the longest \d+ ms\)/, line);
    printed.push(line.replace(/^\S+ \S+ /, ''));
  });
});
