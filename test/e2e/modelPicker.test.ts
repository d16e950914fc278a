// Switchboard in VS Code's own model picker (issue 13, "End-to-end on 1.139"): "Chat: Manage
// Language Models" lists its models; the chat's picker offers "Switchboard Auto"; with it picked,
// `@switchboard` answers (from a local OpenAI-compatible server) and says which model answered; and
// over a tiny budget under policy `ask`, the question shows and is answered in the UI. VS Code only
// has the provider API from 1.104: on older versions this file registers a suite that checks the
// provider is absent (the Switchboard log says why) instead.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import { startFakeOpenAI, type FakeOpenAIServer } from '../support/fakeProviders';
import { openWorkbench, runFromPalette, screenshot, screenshotFailures, workspaceFolder, type Workbench } from './workbench';

/** The harness's VS Code version (scripts/runE2E.mjs), as [major, minor]. */
function vscodeVersion(): [number, number] {
  const [major, minor] = (process.env.SWITCHBOARD_E2E_VSCODE ?? '').split('.').map(Number);
  return [major ?? 0, minor ?? 0];
}

const [major, minor] = vscodeVersion();
const hasProviderApi = major > 1 || (major === 1 && minor >= 104);

function switchboardLog(userData: string): string {
  const dir = path.join(userData, 'logs');
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name === 'Switchboard.log')
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
}

/** The chat's input box (VS Code's own chat, not Switchboard's view). */
function chatInput(page: Page): Locator {
  return page.locator('.interactive-input-part .native-edit-context, .interactive-input-part .monaco-editor textarea').first();
}

async function sendToChat(page: Page, text: string): Promise<void> {
  const input = chatInput(page);
  // A decoration over the empty input takes the pointer: focus it as the keyboard would.
  await input.focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Opens the chat's model picker and picks `name` from it. */
async function pickModel(page: Page, name: string): Promise<void> {
  const picker = page.locator('.interactive-input-part .chat-input-picker-item.model-picker-item').first();
  await picker.waitFor({ timeout: 60_000 });
  await eventually(
    async () => {
      await picker.click();
      const item = page.locator('.monaco-menu .action-item, .action-widget .monaco-list-row, .quick-input-widget .monaco-list-row').filter({ hasText: name }).first();
      const shown = await item.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
      if (shown) {
        await screenshot(page, 'model-picker-open');
        await item.click();
      } else await page.keyboard.press('Escape');
      return shown;
    },
    (shown) => shown,
    `the chat's model picker to offer "${name}"`,
    { ms: 60_000, intervalMs: 500, show: () => 'not offered' },
  );
}

if (!hasProviderApi) {
  describe('Model picker (VS Code before 1.104: no provider)', function () {
    it('leaves Switchboard out of the model picker and says why in its log', async function () {
      this.timeout(180_000);
      const userData = process.env.SWITCHBOARD_E2E_USER_DATA ?? '';
      assert.ok(userData, 'SWITCHBOARD_E2E_USER_DATA is set (scripts/runE2E.mjs)');
      const workbench = await openWorkbench();
      try {
        // Showing the log activates Switchboard.
        await runFromPalette(workbench.page, 'Switchboard: Show Log');
        await eventually(() => switchboardLog(userData), (log) => /has no language-model provider API \(it needs 1\.104\+\)/.test(log), 'the Switchboard log to say the provider is absent', { ms: 60_000, show: (log) => log.split('\n').slice(-5).join(' | ') });
        assert.doesNotMatch(switchboardLog(userData), /Language-model provider registered/);
      } finally {
        await workbench.browser.close();
      }
    });
  });
} else {
  describe('Model picker (VS Code 1.104+)', function () {
    let workbench: Workbench;
    let page: Page;
    let server: FakeOpenAIServer;
    let settingsFile: string;

    const writeSettings = (extra: Record<string, unknown> = {}) => {
      writeFileSync(
        settingsFile,
        JSON.stringify(
          {
            'switchboard.models': [{ id: 'primary', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: server.baseURL, price: { input: 0.15, output: 0.6 } }],
            'switchboard.tiers': { understand: ['primary'], generate: ['primary'], review: ['primary'], plan: ['primary'], classify: [] },
            ...extra,
          },
          null,
          2,
        ),
      );
    };

    before(async function () {
      this.timeout(180_000);
      server = await startFakeOpenAI();
      const folder = path.join(workspaceFolder(), '.vscode');
      mkdirSync(folder, { recursive: true });
      settingsFile = path.join(folder, 'settings.json');
      writeSettings();
      workbench = await openWorkbench();
      page = workbench.page;
    });

    screenshotFailures(() => page, 'model-picker-');

    after(async () => {
      await workbench?.browser.close();
      if (settingsFile) rmSync(path.dirname(settingsFile), { recursive: true, force: true });
      await server?.close();
    });

    it('lists Switchboard Auto, a capability and a configured model under Chat: Manage Language Models', async function () {
      this.timeout(120_000);
      await runFromPalette(page, 'Chat: Manage Language Models');
      for (const name of ['Switchboard Auto', 'Switchboard · Generate', 'primary']) {
        await page.getByText(name, { exact: true }).first().waitFor({ timeout: 60_000 });
      }
      await screenshot(page, 'model-picker-manage-models');
      await page.keyboard.press('Escape');
    });

    it('offers Switchboard Auto in the chat\'s model picker; @switchboard answers with it and names the routed model', async function () {
      this.timeout(180_000);
      server.enqueue({ kind: 'text', chunks: ['Totals are rounded ', 'to whole cents.'], usage: { input: 120, output: 12 } });
      await runFromPalette(page, 'Chat: Open Chat');
      await screenshot(page, 'model-picker-chat-open');
      await pickModel(page, 'Switchboard Auto');
      await sendToChat(page, '@switchboard How are totals rounded?');
      const response = page.locator('.interactive-response').last();
      await response.getByText('Totals are rounded to whole cents.').waitFor({ timeout: 60_000 });
      await response.getByText(/Picked in the chat: Switchboard Auto; primary answered/).waitFor({ timeout: 30_000 });
      await screenshot(page, 'model-picker-participant-answer');
    });

    it('asks over a tiny budget under policy ask, and answers once allowed', async function () {
      this.timeout(180_000);
      writeSettings({ 'switchboard.budget.daily': 0.000001, 'switchboard.budget.policy': 'ask' });
      server.enqueue({ kind: 'text', chunks: ['Allowed over budget.'], usage: { input: 120, output: 12 } });
      await sendToChat(page, '@switchboard What does formatCents return?');
      const question = page.locator('.notification-toast, .monaco-dialog-box').filter({ hasText: /budget/i }).first();
      await question.waitFor({ timeout: 60_000 });
      await screenshot(page, 'model-picker-budget-ask');
      await question.getByRole('button', { name: 'Allow this request' }).click();
      const response = page.locator('.interactive-response').last();
      await response.getByText('Allowed over budget.').waitFor({ timeout: 60_000 });
      await screenshot(page, 'model-picker-budget-allowed');
    });
  });
}
