// An A/B experiment as a person runs one: `switchboard.experiments` sends a capability's requests to
// a variant's models instead of the tier, the answer's footer names the experiment and variant, and
// the dashboard compares the variants. The split is by conversation (a hash of its id), so the test
// gives one variant all the weight: which variant a conversation lands in is the unit tier's subject.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { startFakeOpenAI, type FakeOpenAIServer } from '../support/fakeProviders';
import { eventually } from '../support/eventually';
import { chatFrame, dashboardFrame, modernTheme, selectWholeFile, openMetricsDashboard, openWorkbench, removeWorkspaceSettings, runFromPalette, screenshot, screenshotFailures, showChat, writeWorkspaceSettings, type Workbench } from './workbench';

describe('An A/B experiment as a person runs one', function () {
  let workbench: Workbench;
  let page: Page;
  let tierModel: FakeOpenAIServer;
  let variantModel: FakeOpenAIServer;

  before(async function () {
    this.timeout(180_000);
    tierModel = await startFakeOpenAI();
    variantModel = await startFakeOpenAI();
    tierModel.setDefault({ kind: 'text', chunks: ['The tier model explains it.'] });
    variantModel.setDefault({ kind: 'text', chunks: ['The variant model ', 'explains it.'], usage: { input: 700, output: 40 } });
    writeWorkspaceSettings({
      'workbench.colorTheme': modernTheme('dark'),
      'switchboard.models': [
        { id: 'usual', provider: 'openai-compatible', model: 'usual-model', baseUrl: tierModel.baseURL, price: { input: 1, output: 2 } },
        { id: 'candidate', provider: 'openai-compatible', model: 'candidate-model', baseUrl: variantModel.baseURL, price: { input: 0.5, output: 1 } },
      ],
      'switchboard.tiers': { understand: ['usual'], generate: ['usual'], review: ['usual'], plan: ['usual'], classify: [] },
      'switchboard.experiments': [
        {
          id: 'explain-ab',
          capability: 'understand',
          variants: [
            { name: 'usual', models: ['usual'], weight: 0 },
            { name: 'candidate', models: ['candidate', 'usual'], weight: 1 },
          ],
        },
      ],
    });
    workbench = await openWorkbench();
    page = workbench.page;
  });

  screenshotFailures(() => page, 'experiment-');

  after(async () => {
    await workbench?.browser.close();
    removeWorkspaceSettings();
    await tierModel?.close();
    await variantModel?.close();
  });

  it("routes Explain Selection to the variant's model, names the variant in the footer, and compares the variants in the dashboard", async function () {
    this.timeout(180_000);
    await showChat(page);
    const before = { tier: tierModel.chatRequests.length, variant: variantModel.chatRequests.length };
    await selectWholeFile(page, 'invoice.ts');
    await runFromPalette(page, 'Switchboard: Explain Selection');
    const answer = chatFrame(page).locator('sb-answer').last();
    await answer.getByText('The variant model explains it.').waitFor({ timeout: 60_000 });
    const footer = await answer.locator('ul.figures').innerText();
    assert.match(footer, /Experiment: explain-ab \(candidate\)/, footer);
    assert.match(footer, /Model: candidate/, footer);
    assert.equal(variantModel.chatRequests.length - before.variant, 1);
    assert.equal(tierModel.chatRequests.length - before.tier, 0, "the tier's model was not asked");
    // Why this model: the explanation names the experiment too.
    await answer.getByText('Why this model').click();
    await answer.getByText(/experiment explain-ab: variant candidate/).waitFor({ timeout: 10_000 });
    await screenshot(page, 'experiment-answer');

    await openMetricsDashboard(page);
    const frame = await dashboardFrame(page);
    const section = frame.locator('section.experiment[aria-label="Experiment explain-ab"]');
    await eventually(
      () => section.locator('p').first().innerText().catch(() => ''),
      (text) => /candidate: 100(\.0)?% success/.test(text),
      'the dashboard to compare the experiment’s variants',
      { ms: 30_000, intervalMs: 250, show: (text) => text },
    );
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'experiment-dashboard');
  });
});
