// Local-only privacy as a person relies on it: with `switchboard.privacy.localOnly` on, a model that
// is not on this machine receives nothing. The answer comes from the local model and says why the
// cloud one was passed over; a capability with only cloud models says so instead of answering; the
// status bar and the log say it too.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startFakeOpenAI, type FakeOpenAIServer } from '../support/fakeProviders';
import { eventually } from '../support/eventually';
import { chatFrame, selectWholeFile, openWorkbench, removeWorkspaceSettings, required, runFromPalette, screenshot, screenshotFailures, showChat, switchboardLogLines, writeWorkspaceSettings, modernTheme, type Workbench } from './workbench';

describe('Local-only privacy as a person relies on it', function () {
  let workbench: Workbench;
  let page: Page;
  let cloud: FakeOpenAIServer;
  let onMachine: FakeOpenAIServer;

  before(async function () {
    this.timeout(180_000);
    cloud = await startFakeOpenAI();
    onMachine = await startFakeOpenAI();
    cloud.setDefault({ kind: 'text', chunks: ['The cloud model saw your code.'] });
    onMachine.setDefault({ kind: 'text', chunks: ['The local model ', 'explains it.'] });
    writeWorkspaceSettings({
      'workbench.colorTheme': modernTheme('dark'),
      'switchboard.models': [
        // Served from this machine in the test; `local: false` makes it the cloud model a person would have.
        { id: 'cloud', provider: 'openai-compatible', model: 'cloud-model', baseUrl: cloud.baseURL, local: false, price: { input: 1, output: 2 } },
        { id: 'private', provider: 'openai-compatible', model: 'private-model', baseUrl: onMachine.baseURL },
      ],
      'switchboard.tiers': { understand: ['cloud', 'private'], review: ['cloud'], generate: ['private'], plan: ['private'], classify: [] },
      'switchboard.privacy.localOnly': true,
    });
    workbench = await openWorkbench();
    page = workbench.page;
  });

  screenshotFailures(() => page, 'privacy-');

  after(async () => {
    await workbench?.browser.close();
    removeWorkspaceSettings();
    await cloud?.close();
    await onMachine?.close();
  });

  it('answers from the local model and says why the cloud model was passed over; a review tier of cloud models only says it cannot answer; the cloud model receives nothing', async function () {
    this.timeout(180_000);
    await showChat(page);
    // The status bar says the mode is on before anything is asked.
    await page.locator('.statusbar').getByText(/local only/).first().waitFor({ timeout: 30_000 });

    await selectWholeFile(page, 'invoice.ts');
    await runFromPalette(page, 'Switchboard: Explain Selection');
    const answer = chatFrame(page).locator('sb-answer').last();
    await answer.getByText('The local model explains it.').waitFor({ timeout: 60_000 });
    assert.match(await answer.locator('ul.figures').innerText(), /Model: private/);
    await answer.getByText('Why this model').click();
    await answer.getByText(/cloud skipped: not local \(privacy\.localOnly is on\)/).waitFor({ timeout: 10_000 });
    await screenshot(page, 'privacy-local-answer');

    await selectWholeFile(page, 'invoice.ts');
    await runFromPalette(page, 'Switchboard: Review Selection');
    const refused = chatFrame(page).locator('sb-answer').last();
    // What went wrong and what to change, on the answer itself (not only in its folded explanation).
    await refused.getByText('No model can answer this').waitFor({ timeout: 60_000 });
    const said = (await refused.locator('.error, [role="alert"]').first().innerText()).replace(/\s+/g, ' ');
    assert.match(said, /Every review model was skipped: cloud: not local \(privacy\.localOnly is on\)\. Add a local model to switchboard\.tiers\.review, or turn off switchboard\.privacy\.localOnly\./, said);
    await screenshot(page, 'privacy-review-refused');

    assert.equal(cloud.chatRequests.length, 0, 'the cloud model received nothing');
    const userData = required('SWITCHBOARD_E2E_USER_DATA');
    await eventually(() => switchboardLogLines(userData, /excluded by privacy/), (lines) => lines.some((l) => /cloud excluded by privacy: not local/.test(l)), 'the log line of the privacy exclusion', { ms: 10_000, show: (l) => l.join(' | ') });
  });
});
