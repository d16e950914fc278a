// A person with no model yet opens the Models view: VS Code draws the setup steps and the workspace
// index as tree rows (welcome content would only show in an empty tree), and the index's actions run
// from its row. The workspace's .vscode/settings.json empties the models the user profile sets.
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { closedPort } from '../support/closedPort';
import { eventually } from '../support/eventually';
import { openWorkbench, removeWorkspaceSettings, screenshot, screenshotFailures, setViewExpanded, showSwitchboard, treeRows, viewPane, writeWorkspaceSettings, type Workbench } from './workbench';

type Rows = Awaited<ReturnType<typeof treeRows>>;

function rowsUntil(pane: Locator, check: (rows: Rows) => boolean, what: string): Promise<Rows> {
  const show = (rows: Rows) => rows.map((r) => `${r.label} [${r.description}]`).join(' | ');
  return eventually(() => treeRows(pane), check, what, { ms: 60_000, intervalMs: 250, show });
}

describe('Models view for a person with no model', function () {
  let workbench: Workbench;
  let page: Page;
  let port: number;

  before(async function () {
    this.timeout(180_000);
    port = await closedPort();
    writeWorkspaceSettings({
      'switchboard.models': [],
      // Objects merge across scopes: each tier of the user profile has to be emptied by name.
      'switchboard.tiers': { understand: [], generate: [], review: [], plan: [], classify: [] },
      'switchboard.discovery.ollamaBaseUrl': `http://127.0.0.1:${port}`,
    });
    workbench = await openWorkbench();
    page = workbench.page;
  });

  screenshotFailures(() => page, 'models-');

  after(async () => {
    await page?.keyboard.press('Escape').catch(() => undefined);
    await workbench?.browser.close();
    // Later suites read the models of the user profile again.
    removeWorkspaceSettings();
  });

  /** The Models view with the side bar to itself: it starts folded below the chat, so open it and fold the chat. */
  async function showModelsView(): Promise<Locator> {
    await showSwitchboard(page);
    await setViewExpanded(page, 'Models', true);
    await setViewExpanded(page, 'Chat', false);
    return viewPane(page, 'Models');
  }

  it('shows why nothing was found, the steps to add a model, and the workspace index', async () => {
    const pane = await showModelsView();
    // The pane grows as the chat folds, and the tree may draw while it does (CI, stop 21: a read in
    // between saw the rows below "Get started" only): wait for every row, as a person's eye would.
    const expected = ['Get started', 'No Ollama or VS Code language models were found.', 'Add Model…', 'Set API Key…', 'Open Settings', 'Workspace index'];
    const rows = await rowsUntil(
      pane,
      (r) => r.some((row) => row.label.includes(`127.0.0.1:${port}`)) && expected.every((label) => r.some((row) => row.label === label)),
      'the setup steps with the discovery result and the index',
    );
    const labels = rows.map((r) => r.label);
    assert.ok(labels.indexOf('Get started') < labels.indexOf('Workspace index'), 'the setup steps come first');
    assert.equal(await pane.locator('.welcome-view-content').count(), 0, 'no welcome content over the tree');
  });

  it('shows the built index with files, symbols and skipped, and opens the complexity hotspots from its row', async () => {
    const pane = await showModelsView();
    const rows = await rowsUntil(pane, (r) => /files? · [\d,]+ symbols? · [\d,]+ skipped/.test(r.find((row) => row.label === 'Workspace index')?.description ?? ''), 'the index to be ready (autoIndex builds it at start-up)');
    assert.ok(rows.some((r) => r.label === 'Show Complexity Hotspots'), `rows: ${rows.map((r) => r.label).join(' | ')}`);
    await screenshot(page, 'models-view-no-models');
    const hotspots = pane.locator('.monaco-list-row').filter({ hasText: 'Show Complexity Hotspots' }).first();
    await hotspots.scrollIntoViewIfNeeded();
    await hotspots.click();
    const picker = page.locator('.quick-input-widget');
    await picker.getByText('Switchboard: complexity hotspots').waitFor({ state: 'visible', timeout: 30_000 });
    // discount.ts holds the fixture's one branching function (complexity 4).
    await picker.getByText('discountRate').first().waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Escape');
    await picker.waitFor({ state: 'hidden' });
  });

  it('opens the repo map from the index row, its tokens counted by the packaged tokenizer', async () => {
    const pane = await showModelsView();
    // The index's actions show once it is built (autoIndex builds it at start-up).
    await rowsUntil(pane, (r) => r.some((row) => row.label === 'Show Repo Map'), 'the index to offer Show Repo Map');
    const repoMap = pane.locator('.monaco-list-row').filter({ hasText: 'Show Repo Map' }).first();
    await repoMap.scrollIntoViewIfNeeded();
    await repoMap.click();
    // The header counts the map's tokens with o200k, which the .vsix ships apart as dist/tokenizer.js.
    // Monaco draws spaces as no-break spaces: compare the text with plain ones.
    const lines = page.locator('.monaco-editor .view-lines').first();
    const text = await eventually(
      async () => ((await lines.count()) > 0 ? (await lines.innerText()).replace(/\u00a0/g, ' ') : ''),
      (shown) => /ranked symbols, \d+ \/ \d+ tokens/.test(shown),
      'a repo map with a token count',
      { ms: 30_000, intervalMs: 250, show: (shown) => `editor shows:\n${shown}` },
    );
    assert.match(text, /# Repo map for the workspace/, text);
    assert.match(text, /export function discountRate\(items: readonly/, text);
  });
});
