import assert from 'node:assert/strict';
import type { ConversationSummary } from '../../../src/protocol/chatProtocol';
import { type BrowserGlobals, installBrowserGlobals } from './support/browserGlobals';

interface BarElement extends HTMLElement {
  readonly updateComplete: Promise<unknown>;
  conversations: readonly ConversationSummary[];
  currentId: string | undefined;
}

/** The conversation bar: its buttons are icons with names, so the list keeps the row's width. */
describe('conversation bar (jsdom)', function () {
  this.timeout(20_000);
  let env: BrowserGlobals;
  before(() => {
    env = installBrowserGlobals();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../../src/webview/chat/conversationBar');
  });
  after(() => env.uninstall());

  it('offers New, Export and Delete as named icon buttons, with no words beside the list', async () => {
    const el = document.createElement('sb-conversation-bar') as BarElement;
    el.conversations = [{ id: 'c1', title: 'What does invoiceTotalCents return?', messageCount: 2, updatedAt: Date.UTC(2026, 11, 6) }];
    el.currentId = 'c1';
    document.body.replaceChildren(el);
    await el.updateComplete;
    const buttons = [...(el.shadowRoot?.querySelectorAll('button') ?? [])];
    assert.deepEqual(
      buttons.map((b) => [b.getAttribute('aria-label'), b.getAttribute('title'), (b.textContent ?? '').trim(), b.querySelectorAll('svg').length]),
      [
        ['New chat', 'New chat', '', 1],
        ['Export What does invoiceTotalCents return? to Markdown', 'Export to Markdown', '', 1],
        ['Delete What does invoiceTotalCents return?', 'Delete conversation', '', 1],
      ],
    );
    buttons[1]?.click();
    assert.deepEqual(env.posted.at(-1), { type: 'conversation/export', conversationId: 'c1' });
  });

  it('shows a renamed conversation by its new name, in the list and on its face', async () => {
    const el = document.createElement('sb-conversation-bar') as BarElement;
    el.conversations = [
      { id: 'c1', title: 'What does invoiceTotalCents return?', messageCount: 2, updatedAt: Date.UTC(2026, 11, 6) },
      { id: 'c2', title: 'Which file formats the cents?', messageCount: 2, updatedAt: Date.UTC(2026, 11, 5) },
    ];
    el.currentId = 'c1';
    document.body.replaceChildren(el);
    await el.updateComplete;
    const select = el.shadowRoot?.querySelector('vscode-single-select') as (HTMLElement & { updateComplete: Promise<unknown> }) | null;
    assert.ok(select);
    const face = (): string => select.shadowRoot?.querySelector('.select-face .text')?.textContent?.trim() ?? '';
    // The list hears of its options on slotchange events, a task or two after they change.
    const faceBecomes = async (wanted: string): Promise<string> => {
      for (let turn = 0; turn < 50 && face() !== wanted; turn++) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        await select.updateComplete;
      }
      return face();
    };
    assert.equal(await faceBecomes('What does invoiceTotalCents return?'), 'What does invoiceTotalCents return?');
    el.conversations = [{ ...el.conversations[0]!, title: 'Invoice totals' }, el.conversations[1]!];
    await el.updateComplete;
    assert.equal(await faceBecomes('Invoice totals'), 'Invoice totals');
    assert.deepEqual([...select.querySelectorAll('vscode-option')].map((o) => o.textContent), ['Invoice totals', 'Which file formats the cents?']);
  });
});
