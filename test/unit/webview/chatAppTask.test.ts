import assert from 'node:assert/strict';
import type { ChatStateSnapshot, HostToWebview } from '../../../src/protocol/chatProtocol';
import { finishedTaskCard } from '../chat/taskCards';
import type { BrowserGlobals } from './support/browserGlobals';
import { type ChatAppElement, type LitLike, chatState, useChatView } from './support/chatView';

const state = (partial: Partial<ChatStateSnapshot> = {}): HostToWebview => chatState(partial);

/** A task from the composer to its card, against a scripted host. */
describe('chat app runs a task (jsdom)', function () {
  this.timeout(20_000);
  let env: BrowserGlobals;
  useChatView((installed) => (env = installed));

  async function settle(root: ParentNode | null | undefined): Promise<void> {
    for (const el of Array.from(root?.querySelectorAll('*') ?? [])) {
      await (el as Partial<LitLike>).updateComplete;
      if (el.shadowRoot) await settle(el.shadowRoot);
    }
  }

  it('Task mode posts task/start; the card the host streams shows in the conversation and stops by request id', async () => {
    const app = document.createElement('sb-chat-app') as ChatAppElement;
    document.body.replaceChildren(app);
    await app.updateComplete;
    app.receive(state({ currentConversationId: 'c1', conversations: [{ id: 'c1', title: 'T', updatedAt: 1, messageCount: 0 }], taskProfiles: [{ id: 'implement', label: 'Implement' }] }));
    await settle(app.shadowRoot);
    const composer = app.shadowRoot?.querySelector('sb-composer') as LitLike | null;
    const picker = composer?.shadowRoot?.querySelector<HTMLElement>('vscode-single-select.mode');
    assert.ok(picker, 'the mode picker is offered');
    // jsdom assigns no slots (see composerTaskMode.test.ts): the choice arrives as the element reports it.
    Object.defineProperty(picker, 'value', { configurable: true, get: () => 'implement', set: () => undefined });
    picker.dispatchEvent(new window.Event('change', { bubbles: true }));
    await composer?.updateComplete;
    const area = composer?.shadowRoot?.querySelector('textarea');
    assert.ok(area);
    area.value = 'add a discount code';
    area.dispatchEvent(new window.Event('input', { bubbles: true }));
    env.posted.length = 0;
    area.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    const start = env.posted[0] as { type: string; requestId: string; profileId: string; conversationId: string; text: string } | undefined;
    assert.equal(start?.type, 'task/start');
    assert.equal(start.profileId, 'implement');
    assert.equal(start.conversationId, 'c1');
    assert.equal(start.text, 'add a discount code');
    assert.equal(env.posted.length, 1, 'no answer is sent beside the task');

    const card = finishedTaskCard({ requestId: start.requestId, status: 'running', final: undefined });
    app.receive({ type: 'task/event', conversationId: 'c1', requestId: start.requestId, event: { kind: 'started', card } });
    await settle(app.shadowRoot);
    const list = app.shadowRoot?.querySelector('sb-message-list');
    const cardEl = list?.shadowRoot?.querySelector('sb-task-card');
    assert.ok(cardEl, 'the card is in the conversation');
    assert.match(cardEl.shadowRoot?.querySelector('li.phase[data-key="generate"]')?.textContent ?? '', /gpt-4o/);
    env.posted.length = 0;
    cardEl.shadowRoot?.querySelector<HTMLElement>('vscode-button.stop')?.click();
    assert.deepEqual(env.posted, [{ type: 'task/stop', requestId: start.requestId }]);
  });
});
