// A person's view of VS Code for the end-to-end tests: one Chromium page on the workbench that
// scripts/runE2E.mjs serves, with helpers for the things a person does (click, palette, read).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Frame, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { eventually } from '../support/eventually';

export interface Workbench {
  readonly browser: Browser;
  readonly page: Page;
}

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the end-to-end tests through scripts/runE2E.mjs (npm run test:e2e)`);
  return value;
}

export const screenshotDir = process.env.SWITCHBOARD_E2E_SCREENSHOTS ?? path.resolve('test-results', 'screenshots');

/** The folder the workbench has open (scripts/runE2E.mjs names it in the URL); suites write its .vscode/settings.json. */
export function workspaceFolder(): string {
  const folder = new URL(required('SWITCHBOARD_E2E_URL')).searchParams.get('folder');
  if (!folder) throw new Error('the workbench URL names no folder');
  return folder;
}

/**
 * Every Switchboard log code-server wrote under `userData` (one per extension host: a reload starts
 * another), oldest first. scripts/runE2E.mjs names the folder in SWITCHBOARD_E2E_USER_DATA.
 */
export function switchboardLogFiles(userData: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(userData, 'logs'), { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === 'Switchboard.log') found.push(path.join(entry.parentPath, entry.name));
  }
  return found.sort((a, b) => statSync(a).birthtimeMs - statSync(b).birthtimeMs || a.localeCompare(b));
}

/** The lines of every Switchboard log that match `pattern`, trimmed, oldest first. */
export function switchboardLogLines(userData: string, pattern: RegExp): string[] {
  return switchboardLogFiles(userData).flatMap((f) => readFileSync(f, 'utf8').split('\n').filter((l) => pattern.test(l)).map((l) => l.trim()));
}

/** The harness's VS Code version (scripts/runE2E.mjs sets SWITCHBOARD_E2E_VSCODE), as [major, minor]. */
export function harnessVersion(): readonly [number, number] {
  const [major = 0, minor = 0] = (process.env.SWITCHBOARD_E2E_VSCODE ?? '').split('.').map(Number);
  return [major, minor];
}

/**
 * The setting ids of VS Code's Modern themes on the harness's version. 1.139 renamed them ("Default
 * Dark Modern" is "Dark Modern") and rewrites an old id wherever it finds one, the workspace's
 * .vscode/settings.json included: that write raced the suites' own writes and removals of the file,
 * and a save that lost left a dirty settings.json, restored in every later window, whose "Failed to
 * save" toast took the clicks of eight tests in five suites (CI, session 11). The versions between
 * 1.100 and 1.139 were not checked: there the old ids are written.
 */
export function modernTheme(kind: 'dark' | 'light'): string {
  const [major, minor] = harnessVersion();
  const renamed = major > 1 || minor >= 139;
  return `${renamed ? '' : 'Default '}${kind === 'dark' ? 'Dark' : 'Light'} Modern`;
}

/** Writes the workspace's .vscode/settings.json, which VS Code reads live, as `settings` whole. */
export function writeWorkspaceSettings(settings: Record<string, unknown>): void {
  const folder = path.join(workspaceFolder(), '.vscode');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Takes the workspace's .vscode folder away: later suites, and a second run, read the user profile's settings again. */
export function removeWorkspaceSettings(): void {
  rmSync(path.join(workspaceFolder(), '.vscode'), { recursive: true, force: true });
}

/** The document of the webview shown in the side bar (Switchboard's chat, as the e2e suites open it): a frame inside VS Code's webview frame. */
export function chatFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/** The extension's id as VS Code names its storage folders: `<publisher>.<name>`. */
function extensionId(): string {
  const manifest = JSON.parse(readFileSync(path.resolve('package.json'), 'utf8')) as { publisher: string; name: string };
  return `${manifest.publisher}.${manifest.name}`;
}

/**
 * Forgets the Switchboard conversations (and task cards) every earlier window of this run kept.
 * All suites open the same folder, and VS Code gives a new window the first workspace-storage
 * folder whose lock is free: whether that is a fresh one or the one an earlier suite wrote depends
 * on whether that suite's extension host is still within code-server's reconnection grace (5 min).
 * On a slow run an earlier suite's conversation came back, and a suite that expects the welcome saw
 * an old task card instead (CI, stop 20). Each suite starts as a person's first window does.
 */
export async function forgetEarlierConversations(): Promise<void> {
  const userData = process.env.SWITCHBOARD_E2E_USER_DATA;
  if (!userData) return;
  const storage = path.join(userData, 'User', 'workspaceStorage');
  if (!existsSync(storage)) return;
  for (const entry of readdirSync(storage, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const chat = path.join(storage, entry.name, extensionId(), 'chat');
    // The window an earlier suite closed may still be writing its conversation as its extension host
    // exits (CI, stop 27 and again in session 17: ENOTEMPTY, a file written between the listing and
    // the rmdir, though Node's own retries were on): remove it again until it is gone.
    await eventually(
      () => {
        try {
          rmSync(chat, { recursive: true, force: true });
          return '';
        } catch (error) {
          return (error as Error).message;
        }
      },
      (problem) => problem === '',
      `the earlier windows' conversations in ${chat} to be removed`,
      { ms: 20_000, intervalMs: 200 },
    );
  }
}

/**
 * Opens the workbench the run started (its folder), or `url` (another window of the same server, e.g.
 * a multi-root workspace). `beforeOpening` gets the page before it loads (to listen to its console).
 */
export async function openWorkbench(url = required('SWITCHBOARD_E2E_URL'), beforeOpening?: (page: Page) => void): Promise<Workbench> {
  await forgetEarlierConversations();
  const browser = await chromium.launch({
    executablePath: process.env.SWITCHBOARD_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    beforeOpening?.(page);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    // The activity bar fills in once the extension host has registered the contributed containers.
    await page.locator('.activitybar').waitFor({ timeout: 60_000 });
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * Call inside a `describe`: after each failed test, keeps a screenshot of the page named
 * `failed-<prefix><test title>`, so a failure shows what a person would have seen.
 */
export function screenshotFailures(page: () => Page | undefined, prefix = ''): void {
  afterEach(async function () {
    const current = page();
    if (this.currentTest?.state === 'failed' && current) {
      const name = this.currentTest.title.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
      await screenshot(current, `failed-${prefix}${name}`).catch(() => undefined);
    }
  });
}

/**
 * Runs a command the way a person does: F1, type its title, pick it; then waits for the palette to
 * close, unless the command `asks` (its input box takes the palette's place at once). With `shows`,
 * waits for what the command shows, and runs it again when that does not come, as a person would:
 * just after a window opens, the workbench restoring its layout hid the log panel Show Log had just
 * opened (CI, 1.139, the first test of a suite run backwards).
 */
export async function runFromPalette(page: Page, title: string, options: { readonly asks?: boolean; readonly shows?: Locator } = {}): Promise<void> {
  const { shows } = options;
  if (!shows) return runFromPaletteOnce(page, title, options);
  await eventually(
    async () => {
      await runFromPaletteOnce(page, title, options);
      return shows.waitFor({ state: 'visible', timeout: 10_000 }).then(() => true, () => false);
    },
    (shown) => shown,
    `"${title}" to show what it opens`,
    { ms: 90_000, intervalMs: 500, show: () => 'not shown' },
  );
}

async function runFromPaletteOnce(page: Page, title: string, options: { readonly asks?: boolean }): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: title }).first();
  // Just after the workbench loads, the palette may not list the extension's commands yet: as a
  // person would, close it and look again until the command is there.
  // What the last look found, for the failure's message: a palette that never opened (a modal over
  // the window takes F1) reads differently from one that did not list the command.
  type Look = 'listed' | 'palette did not open' | 'palette closed before typing' | 'not listed';
  await eventually(
    async (): Promise<Look> => {
      await page.keyboard.press('F1');
      // A view taking focus just then closes the palette: press F1 again (see commandByKeyboard).
      if (!(await input.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false))) return 'palette did not open';
      // It can close between showing and being typed in, too (the workbench still settling after
      // a start): then the palette is opened again rather than waited on.
      if (!(await input.fill(`>${title}`, { timeout: 5_000 }).then(() => true, () => false))) return 'palette closed before typing';
      const listed = await row.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
      if (!listed) await page.keyboard.press('Escape');
      return listed ? 'listed' : 'not listed';
    },
    (look) => look === 'listed',
    `the command palette to list "${title}"`,
    { ms: 60_000, intervalMs: 500, show: (look) => look },
  );
  await row.click();
  if (!options.asks) await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * Shows the Switchboard log (Switchboard: Show Log) and goes to its top, as a person does to read how
 * it started: the panel is short (1.139's), and the editor draws only the lines in view, so the first
 * lines (activation, what VS Code lacks) have scrolled away once the log has grown. Returns the view.
 */
export async function showSwitchboardLogFromTop(page: Page): Promise<Locator> {
  const output = page.locator('.part.panel .output-view, .part.panel [id="workbench.panel.output"]').first();
  await runFromPalette(page, 'Switchboard: Show Log', { shows: output });
  await output.locator('.view-lines').first().click();
  await page.keyboard.press('Control+Home');
  return output;
}

/**
 * The text an editor (the Output view's) shows, its screen rows in the order they appear, whitespace
 * made one space. Not the DOM's order: Monaco places each row by its `top` and reuses row nodes, so
 * after some scrolling the first row's node may come after the second's (CI, session 20: the text
 * read "engine 7, … on VS Code 1.139.1" with the row "… Switchboard 0.1.0 activated in 16.0 ms
 * (settings 7," on screen above it, and a text locator missed the line).
 */
export async function shownText(editor: Locator): Promise<string> {
  const rows = await editor.locator('.view-lines').first().evaluate((lines) =>
    [...lines.querySelectorAll<HTMLElement>('.view-line')].map((row) => ({ top: Number.parseFloat(row.style.top) || row.offsetTop, text: row.textContent ?? '' })),
  );
  return rows
    .sort((a, b) => a.top - b.top)
    .map((row) => row.text)
    .join(' ')
    .replace(/\s+/g, ' ');
}

/**
 * Closes a modal editor (1.139 opens the settings and Chat: Manage Language Models as one) with
 * Escape, as a person does, until its block is gone: while open it keeps the keyboard, F1 included.
 * Where nothing modal is open (1.100 opens a tab), presses nothing.
 */
export async function closeModalEditor(page: Page): Promise<void> {
  const block = page.locator('.monaco-modal-editor-block');
  await eventually(
    async () => {
      if ((await block.count()) === 0) return true;
      await page.keyboard.press('Escape');
      return block.waitFor({ state: 'detached', timeout: 5_000 }).then(() => true, () => false);
    },
    (closed) => closed,
    'the modal editor to close',
    { ms: 30_000, intervalMs: 500, show: () => 'still open' },
  );
}

/** Opens the metrics dashboard from the palette, run again until its editor tab shows (see runFromPalette). */
export async function openMetricsDashboard(page: Page): Promise<void> {
  await runFromPalette(page, 'Switchboard: Open Metrics Dashboard', { shows: page.locator('.part.editor .tab').filter({ hasText: 'Switchboard Metrics' }) });
}

/** The webview frame whose document has the metrics dashboard's heading. */
export function dashboardFrame(page: Page): Promise<Frame> {
  const find = async (): Promise<Frame | undefined> => {
    for (const frame of page.frames()) {
      if ((await frame.locator('h1', { hasText: 'Switchboard metrics' }).count().catch(() => 0)) > 0) return frame;
    }
    return undefined;
  };
  return eventually(find, (frame) => frame !== undefined, 'the metrics dashboard to render', { ms: 60_000, intervalMs: 250, show: () => 'no frame has its heading' });
}

/** A view's pane in the side bar, found by its header title (e.g. "Models"). */
export function viewPane(page: Page, title: string): Locator {
  return page.locator('.sidebar .pane').filter({ has: page.locator(`.pane-header[aria-label="${title} Section"]`) });
}

/**
 * Opens or folds a view of the side bar by clicking its header, as a person does. The Models view
 * starts folded, and opened below the chat it is short: a suite that reads many of its rows folds
 * the Chat view, as a person would to read them (its list draws only the rows in view).
 */
export async function setViewExpanded(page: Page, title: string, expanded: boolean): Promise<void> {
  const header = page.locator(`.sidebar .pane-header[aria-label="${title} Section"]`);
  await header.waitFor({ state: 'visible', timeout: 60_000 });
  const want = String(expanded);
  const shown = () => header.getAttribute('aria-expanded');
  // Clicked at its title: the middle of an open view's header holds its actions (Add Model, New Chat…).
  // A click while the pane above still opens or folds can miss the header as it moves (CI, 1.139
  // backwards: the Models view stayed open after Chat was opened above it): as a person would, look
  // again and click again, after giving the click its time to take effect.
  await eventually(
    async () => {
      if ((await shown()) === want) return true;
      await header.click({ position: { x: 40, y: 11 } });
      return eventually(shown, (state) => state === want, 'the click to take effect', { ms: 3_000 }).then(
        () => true,
        () => false,
      );
    },
    (done) => done,
    `the ${title} view to be ${expanded ? 'open' : 'folded'}`,
    { ms: 20_000, intervalMs: 300, show: () => `aria-expanded is not ${want}` },
  );
}

/**
 * Shows Switchboard's views in the side bar, whatever an earlier test left there: its activity-bar
 * icon toggles the side bar, so it is clicked only while it is not the checked one (another
 * container, or none, showing), until the Chat view's header shows.
 */
export async function showSwitchboard(page: Page): Promise<void> {
  const icon = page.locator('.activitybar a.action-label[aria-label="Switchboard"]');
  const checked = page.locator('.activitybar .action-item.checked a.action-label[aria-label="Switchboard"]');
  const header = page.locator('.sidebar .pane-header[aria-label="Chat Section"]');
  await icon.waitFor({ state: 'visible', timeout: 60_000 });
  await eventually(
    async () => {
      if (await header.isVisible()) return true;
      if ((await checked.count()) === 0) await icon.click();
      return header.isVisible();
    },
    (shown) => shown,
    'the Switchboard views to show in the side bar',
    { ms: 60_000, intervalMs: 500, show: () => 'not shown' },
  );
}

/**
 * Shows the chat in the side bar, open (an earlier test may have folded it to read the Models view),
 * with the Models view folded below it as in the default layout.
 */
export async function showChat(page: Page): Promise<void> {
  await showSwitchboard(page);
  await setViewExpanded(page, 'Chat', true);
  await setViewExpanded(page, 'Models', false);
}

/** Starts an empty conversation from the palette (what an earlier test said stays in the chat's list of conversations). */
export async function newChat(page: Page): Promise<void> {
  await runFromPalette(page, 'Switchboard: New Chat');
}

/**
 * The row of model `modelId` in the Models view, shown: the view opened with the side bar to
 * itself (the chat folded), its "Models" group opened if folded, the row scrolled into view.
 */
export async function modelRow(page: Page, modelId: string): Promise<Locator> {
  await showSwitchboard(page);
  await setViewExpanded(page, 'Models', true);
  await setViewExpanded(page, 'Chat', false);
  const pane = viewPane(page, 'Models');
  // The tree keeps its groups folded or open as an earlier suite left them: open "Models" if folded.
  const group = pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^Models$/ }) }).first();
  await group.waitFor({ timeout: 30_000 });
  if ((await group.getAttribute('aria-expanded')) === 'false') await group.click();
  const listed = (rows: { label: string }[]): boolean => rows.some((r) => r.label === modelId);
  // VS Code 1.100 once showed the group open without its rows (CI): a person folds and opens it again.
  if (!listed(await eventually(() => treeRows(pane), listed, `the ${modelId} row`, { ms: 10_000 }).catch(() => []))) {
    await group.click();
    await group.click();
  }
  await eventually(() => treeRows(pane), listed, `the ${modelId} row`, { ms: 30_000, show: (rows) => rows.map((r) => r.label).join(' | ') });
  const exactly = new RegExp(`^${modelId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactly }) }).first();
  await row.scrollIntoViewIfNeeded();
  return row;
}

/** What the rows of a tree view show, as a person reads them: label and description. */
export async function treeRows(pane: Locator): Promise<{ label: string; description: string; ariaLabel: string }[]> {
  const rows = pane.locator('.monaco-list-row');
  await rows.first().waitFor({ state: 'visible' });
  return rows.evaluateAll((elements) =>
    elements.map((element) => ({
      label: element.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: element.querySelector('.label-description')?.textContent?.trim() ?? '',
      ariaLabel: element.getAttribute('aria-label') ?? '',
    })),
  );
}

/** The webview frame whose document holds `selector` (each webview is an iframe inside an iframe). */
export function frameWith(page: Page, selector: string, what: string): Promise<Frame> {
  const find = async (): Promise<Frame | undefined> => {
    for (const frame of page.frames()) {
      if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
    }
    return undefined;
  };
  return eventually(find, (frame) => frame !== undefined, what, { ms: 60_000, intervalMs: 250, show: () => 'no frame has it' });
}

/** Whether `element` lies wholly within the visible area of `area` (page pixels, rounded). */
export async function placement(element: Locator, area: Locator): Promise<{ inside: boolean; detail: string }> {
  const [e, a] = await Promise.all([element.boundingBox(), area.boundingBox()]);
  if (!e || !a) return { inside: false, detail: `element ${JSON.stringify(e)}, area ${JSON.stringify(a)}` };
  const inside = e.y >= a.y - 1 && e.y + e.height <= a.y + a.height + 1;
  return { inside, detail: `element ${Math.round(e.y)}–${Math.round(e.y + e.height)} px, visible area ${Math.round(a.y)}–${Math.round(a.y + a.height)} px` };
}

/** The editor a person is looking at (the first editor group's). */
export function activeEditor(page: Page): Locator {
  return page.locator('.editor-instance .monaco-editor').first();
}

/** Quick Open (Ctrl+P) on `name`; a file just written may take a moment to be listed: look again, as a person would. */
/** Opens `name` with Quick Open, as a person does, and waits for its editor to show `waitFor` (or any line). */
export async function openFile(page: Page, name: string, waitFor?: string): Promise<void> {
  const quickOpen = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: name }).first();
  await eventually(
    async () => {
      await page.keyboard.press('Control+P');
      if (!(await quickOpen.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false))) {
        // The chord went to a webview that has focus (on 1.100, the chat a New Chat focused takes
        // Ctrl+P): click into the editor area, as a person would, and press it again.
        await page.locator('.part.editor').click({ position: { x: 10, y: 10 } });
        return false;
      }
      // Closed again between showing and being typed in (a view taking focus): press it again.
      if (!(await quickOpen.fill(name, { timeout: 5_000 }).then(() => true, () => false))) return false;
      const listed = await row.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
      if (!listed) await page.keyboard.press('Escape');
      return listed;
    },
    (listed) => listed,
    `Quick Open to list ${name}`,
    { ms: 60_000, intervalMs: 500, show: () => 'not listed' },
  );
  await row.click();
  const lines = activeEditor(page).locator('.view-lines');
  await (waitFor === undefined ? lines.locator('.view-line') : lines.getByText(waitFor)).first().waitFor();
}

/** Opens `name` and selects all of it, as a person does with a click into the text and Ctrl+A. */
export async function selectWholeFile(page: Page, name: string): Promise<void> {
  await openFile(page, name);
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+A');
}

/** Selects `lines` whole lines from the one showing `from`, as a person does with Shift+Down. */
export async function selectLines(page: Page, from: string, lines: number): Promise<void> {
  await activeEditor(page).locator('.view-lines').getByText(from).first().click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Home');
  for (let i = 0; i < lines; i++) await page.keyboard.press('Shift+ArrowDown');
  await page.locator('.statusbar').getByText(/\(\d+ selected\)/).first().waitFor({ timeout: 10_000 });
}

/** Right-clicks on the text `at` and runs `item` from the editor menu's Switchboard submenu. */
export async function fromEditorMenu(page: Page, at: string, item: string, shot?: string): Promise<void> {
  const menu = page.locator('.monaco-menu');
  const entry = menu.getByRole('menuitem', { name: item });
  await pickFromMenu(page, entry, item, async () => {
    await activeEditor(page).locator('.view-lines').getByText(at).first().click({ button: 'right' });
    await menu.getByRole('menuitem', { name: 'Switchboard' }).hover({ timeout: 5_000 });
    await entry.waitFor({ timeout: 5_000 });
    if (shot) await screenshot(page, shot);
  });
}

/**
 * Opens a menu with `open` and clicks `entry` in it with the pointer moving onto it, as a hand does
 * (a bare click may land before the menu takes it). A menu closes when anything takes focus, which
 * the workbench does while it settles after a start: then it is opened again, as a person would.
 */
export async function pickFromMenu(page: Page, entry: Locator, item: string, open: () => Promise<void>): Promise<void> {
  let tries = 0;
  await eventually(
    async () => {
      if (!(await entry.isVisible())) {
        // What is left of a half-closed menu goes first (not before the first try: Escape in an
        // editor would drop the selection the menu acts on).
        if (tries++ > 0) await page.keyboard.press('Escape');
        if (!(await open().then(() => true, () => false))) return false;
      }
      const box = await entry.boundingBox();
      if (!box) return false;
      await page.mouse.move(box.x + 20, box.y + box.height / 2, { steps: 8 });
      // Closed while the pointer moved: the click would land on what lies beneath.
      if (!(await entry.isVisible())) return false;
      await page.mouse.down();
      await page.mouse.up();
      return true;
    },
    (picked) => picked,
    `${item} picked from its menu`,
    { ms: 60_000, intervalMs: 250, show: () => 'the menu closed each time before the click' },
  );
}

/** One phase line of a task card as a person reads it. */
export interface PhaseRow {
  readonly key: string;
  readonly name: string;
  /** The phase's state (succeeded, failed, skipped…), from its class. */
  readonly state: string;
  /** The words beside its name: what it gave ("4 steps", "1 file", "passed") or its status. */
  readonly status: string;
  readonly figures: string;
}

/** The phase lines of a task card (`sb-task-card`), in order. */
export function phaseRows(card: Locator): Promise<PhaseRow[]> {
  return card.locator('li.phase').evaluateAll((items) =>
    items.map((li) => ({
      key: li.getAttribute('data-key') ?? '',
      name: li.querySelector('.name')?.textContent?.trim() ?? '',
      state: li.className.replace(/\bphase\b/, '').trim(),
      status: li.querySelector('.status')?.textContent?.trim() ?? '',
      figures: li.querySelector('.figures')?.textContent?.trim() ?? '',
    })),
  );
}
