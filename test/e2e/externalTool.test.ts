// Research with another extension's tool, as a person meets it: a task whose research model calls
// `switchboardTest_echo` (the test-only extension scripts/runE2E.mjs installs beside Switchboard)
// stops at VS Code's modal, which names the tool, the extension's description and the input, and its
// card says what it waits for. Nothing runs until the person answers: "Allow" runs the call and the task finishes with what the tool
// returned; the next task asks again (only "Allow for This Session" would not).
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { eventually } from '../support/eventually';
import { startFakeOpenAI, type FakeBehaviour, type FakeOpenAIServer, type RecordedRequest } from '../support/fakeProviders';
import { chatFrame, newChat, openWorkbench, removeWorkspaceSettings, screenshot, screenshotFailures, showChat, writeWorkspaceSettings, type Workbench } from './workbench';

type ChatBody = { tools?: unknown[]; tool_choice?: unknown; messages?: { role: string; content?: unknown }[] };

const bodyOf = (request: RecordedRequest): ChatBody => request.body as ChatBody;

/** Calls the echo tool until a tool result is in the conversation; then reports it, and sums up when told to stop. */
function explorer(request: RecordedRequest): FakeBehaviour {
  const body = bodyOf(request);
  const toolResult = body.messages?.find((m) => m.role === 'tool');
  if (!body.tools?.length || body.tool_choice === 'none') return { kind: 'text', chunks: ['The echo tool said ', `${String(toolResult?.content ?? 'nothing')}.`] };
  if (toolResult) return { kind: 'text', chunks: ['Explored: ', `${String(toolResult.content)}.`] };
  return { kind: 'text', chunks: [], toolCalls: [{ id: 'echo_1', name: 'switchboardTest_echo', arguments: JSON.stringify({ text: 'checkout totals' }) }] };
}

describe('Research asks before another extension\'s tool', function () {
  let workbench: Workbench;
  let page: Page;
  let server: FakeOpenAIServer;

  before(async function () {
    this.timeout(180_000);
    server = await startFakeOpenAI();
    server.setHandler(explorer);
    writeWorkspaceSettings({
      'switchboard.models': [{ id: 'explorer', provider: 'openai-compatible', model: 'explorer-model', baseUrl: server.baseURL, price: { input: 1, output: 2 } }],
      'switchboard.tiers': { plan: ['explorer'], understand: ['explorer'], generate: ['explorer'], review: ['explorer'], classify: [] },
      'switchboard.research.externalTools': ['switchboardTest_*'],
      'switchboard.tasks': [{ id: 'explore', label: 'Explore', phases: ['research'] }],
    });
    workbench = await openWorkbench();
    page = workbench.page;
  });

  screenshotFailures(() => page, 'external-tool-');

  after(async () => {
    await workbench?.browser.close();
    removeWorkspaceSettings();
    await server?.close();
  });

  const card = (): Locator => chatFrame(page).locator('sb-task-card').last();
  const dialog = (): Locator => page.locator('.monaco-dialog-box').filter({ hasText: 'switchboardTest_echo' });

  async function startExplore(text: string): Promise<void> {
    const chat = chatFrame(page);
    const mode = chat.locator('sb-composer vscode-single-select.mode');
    await mode.waitFor({ timeout: 60_000 });
    if ((await mode.evaluate((el) => (el as HTMLSelectElement).value)) !== 'explore') {
      await mode.click();
      await mode.getByRole('option', { name: 'Task: Explore' }).click();
      await eventually(() => mode.evaluate((el) => (el as HTMLSelectElement).value), (v) => v === 'explore', 'the mode picker to show Task: Explore', { ms: 10_000 });
    }
    const input = chat.locator('sb-composer textarea');
    await input.click();
    await input.fill(text);
    await page.keyboard.press('Enter');
  }

  // One scenario: "asks again" is about the task after a plain "Allow", so both tasks are one test.
  it('shows the tool, its description and the input in a modal, runs nothing before "Allow", and finishes with the tool\'s answer after it; asks again in the next task, where Cancel leaves the tool unrun and the model is told so', async function () {
    this.timeout(360_000);
    await showChat(page);
    await newChat(page);
    await chatFrame(page).getByText('Ask anything about your code').waitFor({ timeout: 60_000 });
    await startExplore('What does the echo tool say about checkout totals?');

    await dialog().waitFor({ timeout: 60_000 });
    const words = (await dialog().innerText()).replace(/\s+/g, ' ');
    assert.match(words, /Switchboard's research wants to call switchboardTest_echo, a tool from another extension\./);
    assert.match(words, /Echoes the text it is given/, 'the tool\'s own description');
    assert.match(words, /"text": "checkout totals"/, 'the input the model gave');
    // The card says what the task waits for, as the dialog may be behind another window.
    await card().getByText('Research wants to call switchboardTest_echo, a tool from another extension: waiting for your answer in the dialog.').waitFor({ timeout: 30_000 });
    await screenshot(page, 'external-tool-consent');
    // Asked, not yet answered: the model has had one request, and no tool result went back.
    assert.equal(server.chatRequests.filter((r) => bodyOf(r).messages?.some((m) => m.role === 'tool')).length, 0);

    await dialog().getByRole('button', { name: 'Allow', exact: true }).click();
    await card().locator('.card-status', { hasText: 'Finished' }).waitFor({ timeout: 90_000 });
    await card().getByText('You allowed this call to switchboardTest_echo.').waitFor({ timeout: 10_000 });
    const toolTurns = server.chatRequests.map((r) => bodyOf(r).messages?.find((m) => m.role === 'tool')?.content).filter((c) => c !== undefined);
    assert.ok(toolTurns.some((c) => String(c).includes('ECHO:checkout totals')), `the tool's answer went back to the model: ${JSON.stringify(toolTurns)}`);
    await screenshot(page, 'external-tool-finished');

    // The next task asks again after a plain "Allow"; Cancel leaves the tool unrun, and the model is told so.
    const before = server.chatRequests.length;
    await startExplore('Ask the echo tool once more.');
    await eventually(() => chatFrame(page).locator('sb-task-card').count(), (n) => n === 2, 'the second task\'s card', { ms: 30_000 });
    await dialog().waitFor({ timeout: 60_000 });
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await eventually(() => card().locator('.card-status').innerText(), (status) => /Finished|Failed/.test(status), 'the second task to end', { ms: 90_000 });
    await card().getByText('You declined switchboardTest_echo; research goes on without it.').waitFor({ timeout: 10_000 });
    const nextToolTurns = server.chatRequests.slice(before).map((r) => bodyOf(r).messages?.find((m) => m.role === 'tool')?.content).filter((c) => c !== undefined).map(String);
    assert.ok(nextToolTurns.some((c) => c.includes('The person declined this call to switchboardTest_echo')), `the model was told its call was declined: ${JSON.stringify(nextToolTurns)}`);
    assert.ok(!nextToolTurns.some((c) => c.includes('ECHO:')), `the denied tool did not run: ${JSON.stringify(nextToolTurns)}`);
  });
});
