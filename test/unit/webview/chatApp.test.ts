import assert from 'node:assert/strict';
import type { ChatStateSnapshot, HostToWebview, MessageView } from '../../../src/protocol/chatProtocol';
import type { BrowserGlobals } from './support/browserGlobals';
import { type ChatAppElement, type LitLike, chatSetup, chatState, useChatView } from './support/chatView';

const setup = chatSetup();

const state = (partial: Partial<ChatStateSnapshot> = {}): HostToWebview => chatState(partial);

/** The whole view against a scripted host: what it posts, what it shows, what it keeps. */
describe('chat app (jsdom)', function () {
  this.timeout(20_000);
  let env: BrowserGlobals;
  useChatView((installed) => (env = installed));

  async function mount(saved?: unknown): Promise<ChatAppElement> {
    env.posted.length = 0;
    env.viewState.current = saved;
    const app = document.createElement('sb-chat-app') as ChatAppElement;
    document.body.replaceChildren(app);
    await app.updateComplete;
    return app;
  }

  async function settle(app: ChatAppElement): Promise<void> {
    await app.updateComplete;
    for (const el of Array.from(app.shadowRoot?.querySelectorAll('*') ?? [])) await (el as Partial<LitLike>).updateComplete;
  }

  const shadow = (app: ChatAppElement, selector: string) => app.shadowRoot?.querySelector(selector) as (HTMLElement & Partial<LitLike>) | null;

  it('says ready with its protocol version and the conversation it showed before', async () => {
    await mount({ version: 1, conversationId: 'c7', draft: '', capability: 'auto', chips: [] });
    assert.deepEqual(env.posted[0], { type: 'ready', protocolVersion: 2, conversationId: 'c7' });
  });

  it('shows the welcome until a usable state arrives, with the composer disabled', async () => {
    const app = await mount();
    app.receive({ type: 'setup', summary: { ...setup, models: 0 } });
    await settle(app);
    assert.ok(shadow(app, 'sb-welcome'));
    const composer = shadow(app, 'sb-composer');
    assert.equal(composer?.shadowRoot?.querySelector('textarea')?.disabled, true);
    app.receive(state({ usable: false }));
    await settle(app);
    assert.ok(shadow(app, 'sb-welcome'), 'no usable model: still the welcome');
    app.receive(state());
    await settle(app);
    assert.equal(shadow(app, 'sb-welcome'), null);
    assert.equal(composer?.shadowRoot?.querySelector('textarea')?.disabled, false);
  });

  it('says local-only mode excludes every model, with the way out, instead of "check your keys" (issue 14 item 12)', async () => {
    const app = await mount();
    const message: MessageView = { role: 'user', id: 'm1', text: 'hi', capability: 'auto', chips: [], createdAt: 1 };
    app.receive(state({ usable: false, messages: [message], setup: { ...setup, localOnlyExcludesAll: true } }));
    await settle(app);
    const banner = shadow(app, '.banner');
    assert.match(banner?.textContent ?? '', /Local-only mode is on, and it excludes every configured model/);
    assert.doesNotMatch(banner?.textContent ?? '', /Check your API keys/);
    const open = Array.from(banner?.querySelectorAll('vscode-button') ?? []).find((b) => b.textContent?.includes('Open the Setting')) as HTMLElement | undefined;
    assert.ok(open, 'a button to the setting');
    open.click();
    assert.deepEqual(env.posted.at(-1), { type: 'run', action: 'openLocalOnlySetting' });
  });

  it('restores the draft after the view was hidden, and keeps saving it', async () => {
    const app = await mount({ version: 1, draft: 'half a question', capability: 'review', chips: [] });
    app.receive(state());
    await settle(app);
    const area = shadow(app, 'sb-composer')?.shadowRoot?.querySelector('textarea');
    assert.equal(area?.value, 'half a question');
    assert.ok(area);
    area.value = 'half a question, more';
    area.dispatchEvent(new window.Event('input', { bubbles: true }));
    assert.deepEqual(env.viewState.current, { version: 1, draft: 'half a question, more', capability: 'review', chips: [] });
  });

  it('sends into the current conversation, streams the answer, and stops by request id', async () => {
    const app = await mount();
    const user: MessageView = { role: 'user', id: 'u1', text: 'first', capability: 'auto', chips: [], createdAt: 1 };
    app.receive(state({ currentConversationId: 'c1', conversations: [{ id: 'c1', title: 'First', updatedAt: 1, messageCount: 1 }], messages: [user] }));
    await settle(app);
    const composer = shadow(app, 'sb-composer');
    const area = composer?.shadowRoot?.querySelector('textarea');
    assert.ok(area);
    area.value = 'why?';
    area.dispatchEvent(new window.Event('input', { bubbles: true }));
    area.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    const send = env.posted.find((m) => (m as { type: string }).type === 'send') as { requestId: string; conversationId: string; text: string } | undefined;
    assert.ok(send);
    assert.equal(send.conversationId, 'c1');
    assert.equal(send.text, 'why?');
    await settle(app);
    const stop = Array.from(composer?.shadowRoot?.querySelectorAll('vscode-button') ?? []).find((b) => b.textContent?.trim() === 'Stop') as HTMLElement | undefined;
    assert.ok(stop, 'Stop replaces Send as soon as the prompt is sent');

    app.receive({ type: 'message/user', conversationId: 'c1', message: { role: 'user', id: 'u2', text: 'why?', capability: 'auto', chips: [], createdAt: 2 } });
    app.receive({ type: 'answer/start', conversationId: 'c1', requestId: send.requestId, messageId: 'a2', createdAt: 3 });
    await settle(app);
    app.receive({ type: 'answer/delta', requestId: send.requestId, text: 'Because ' });
    app.receive({ type: 'answer/delta', requestId: send.requestId, text: 'of **this**.' });
    env.flushFrames();
    const list = shadow(app, 'sb-message-list');
    const answer = list?.shadowRoot?.querySelectorAll('sb-answer')[0];
    assert.equal(answer?.shadowRoot?.querySelector('.markdown')?.textContent?.trim(), 'Because of this.');
    assert.equal(answer?.shadowRoot?.querySelector('strong')?.textContent, 'this');

    env.posted.length = 0;
    stop.click();
    assert.deepEqual(env.posted, [{ type: 'stop', requestId: send.requestId }]);
    app.receive({ type: 'answer/end', requestId: send.requestId, status: 'cancelled', text: 'Because of **this**.', error: { kind: 'cancelled', message: 'Stopped', actions: [] } });
    await settle(app);
    const sendAgain = Array.from(composer?.shadowRoot?.querySelectorAll('vscode-button') ?? []).find((b) => b.textContent?.trim() === 'Send');
    assert.ok(sendAgain, 'Send is back once the answer ended');
    app.receive({ type: 'answer/delta', requestId: send.requestId, text: ' late token' });
    env.flushFrames();
    assert.equal(answer?.shadowRoot?.querySelector('.markdown')?.textContent?.trim(), 'Because of this.', 'a delta after the end is dropped');
  });

  it('shows the reasoning the host streams, folded, and keeps it when the answer ends', async () => {
    const app = await mount();
    app.receive(state({ currentConversationId: 'c1', conversations: [{ id: 'c1', title: 'First', updatedAt: 1, messageCount: 1 }], messages: [] }));
    app.receive({ type: 'message/user', conversationId: 'c1', message: { role: 'user', id: 'u1', text: 'hi', capability: 'auto', chips: [], createdAt: 1 } });
    app.receive({ type: 'answer/start', conversationId: 'c1', requestId: 'r_think', messageId: 'a1', createdAt: 2 });
    await settle(app);
    app.receive({ type: 'answer/reasoning', requestId: 'r_think', text: 'They said hi. ' });
    app.receive({ type: 'answer/reasoning', requestId: 'r_think', text: '<script>globalThis.__pwned=1</script>' });
    env.flushFrames();
    await settle(app);
    const answer = shadow(app, 'sb-message-list')?.shadowRoot?.querySelector('sb-answer') as (HTMLElement & LitLike) | null;
    await answer?.updateComplete;
    const details = () => answer?.shadowRoot?.querySelector<HTMLDetailsElement>('details.reasoning');
    assert.equal(details()?.hidden, false);
    assert.equal(details()?.open, false);
    assert.equal(details()?.querySelector('summary')?.textContent?.trim(), 'Thinking…');
    assert.equal(details()?.querySelector('.reasoning-text')?.textContent, 'They said hi. <script>globalThis.__pwned=1</script>');
    assert.equal(answer?.shadowRoot?.querySelector('script'), null);

    app.receive({ type: 'answer/delta', requestId: 'r_think', text: 'Hello!' });
    app.receive({ type: 'answer/end', requestId: 'r_think', status: 'done', text: 'Hello!', reasoning: 'They said hi. <script>globalThis.__pwned=1</script>' });
    await settle(app);
    await answer?.updateComplete;
    assert.equal(details()?.querySelector('summary')?.textContent?.trim(), 'Reasoning');
    assert.equal(details()?.open, false, 'stays folded unless the person opened it');
    assert.equal(details()?.querySelector('.reasoning-text')?.textContent, 'They said hi. <script>globalThis.__pwned=1</script>');
    assert.equal(answer?.shadowRoot?.querySelector('.markdown')?.textContent?.trim(), 'Hello!');
    assert.equal((globalThis as { __pwned?: number }).__pwned, undefined);
  });

  it('fills the composer from a command and can send at once', async () => {
    const app = await mount();
    app.receive(state({ currentConversationId: 'c1' }));
    await settle(app);
    env.posted.length = 0;
    app.receive({ type: 'composer/prefill', text: 'Explain the selection', capability: 'understand', chips: [{ kind: 'selection', label: 'Selection a.ts:1-3' }], send: true });
    const send = env.posted.find((m) => (m as { type: string }).type === 'send') as Record<string, unknown> | undefined;
    assert.ok(send);
    assert.equal(send.text, 'Explain the selection');
    assert.equal(send.capability, 'understand');
    assert.deepEqual(send.chips, [{ kind: 'selection' }]);
  });

  it('shows a host error as an alert banner with its actions', async () => {
    const app = await mount();
    app.receive(state());
    app.receive({ type: 'error', message: 'Export failed: disk full', actions: [{ kind: 'command', action: 'showLog', label: 'Show Log' }] });
    await settle(app);
    const banner = shadow(app, '.banner[role="alert"]');
    assert.match(banner?.textContent ?? '', /Export failed: disk full/);
    env.posted.length = 0;
    const button = Array.from(banner?.querySelectorAll('vscode-button') ?? []).find((b) => b.textContent?.trim() === 'Show Log') as HTMLElement | undefined;
    button?.click();
    assert.deepEqual(env.posted, [{ type: 'run', action: 'showLog' }]);
  });
});
