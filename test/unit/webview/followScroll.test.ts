import assert from 'node:assert/strict';
import type { ChatStateSnapshot, MessageView, UserMessageView } from '../../../src/protocol/chatProtocol';
import { INTENT_MS, ScrollIntent, atBottom, followAfterScroll } from '../../../src/webview/chat/followScroll';
import { LiveAnswers } from '../../../src/webview/chat/liveAnswers';
import type { BrowserGlobals } from './support/browserGlobals';
import { type ChatAppElement, type LitLike, useChatView } from './support/chatView';

interface MessageList extends LitLike {
  messages: readonly MessageView[];
  live: LiveAnswers;
  conversationId: string | undefined;
}

/** The layout jsdom lacks, for one scrolling element: a test sets the heights and scrolls as a person would. */
interface Layout {
  scrollHeight: number;
  clientHeight: number;
  top: number;
}

function stubLayout(scroller: HTMLElement, scrollHeight: number, clientHeight: number): Layout {
  const layout: Layout = { scrollHeight, clientHeight, top: 0 };
  Object.defineProperty(scroller, 'scrollHeight', { configurable: true, get: () => layout.scrollHeight });
  Object.defineProperty(scroller, 'clientHeight', { configurable: true, get: () => layout.clientHeight });
  // The browser clamps scrollTop to what there is to scroll.
  Object.defineProperty(scroller, 'scrollTop', {
    configurable: true,
    get: () => layout.top,
    set: (value: number) => {
      layout.top = Math.max(0, Math.min(value, layout.scrollHeight - layout.clientHeight));
    },
  });
  return layout;
}

const user = (id: string, text: string): UserMessageView => ({ role: 'user', id, text, capability: 'auto', chips: [], createdAt: 1 });

describe('following the newest text (pure)', () => {
  it('counts the last 40 px as the bottom', () => {
    assert.equal(atBottom({ scrollTop: 700, scrollHeight: 1000, clientHeight: 300 }), true);
    assert.equal(atBottom({ scrollTop: 661, scrollHeight: 1000, clientHeight: 300 }), true);
    assert.equal(atBottom({ scrollTop: 660, scrollHeight: 1000, clientHeight: 300 }), false);
  });

  it('keeps following when its own scroll event arrives after more text: scrollTop did not go down', () => {
    assert.equal(followAfterScroll(true, 700, { scrollTop: 700, scrollHeight: 1100, clientHeight: 300 }, true), true);
  });

  it('stops when the person scrolls up, and follows again back at the bottom', () => {
    assert.equal(followAfterScroll(true, 700, { scrollTop: 500, scrollHeight: 1000, clientHeight: 300 }, true), false);
    assert.equal(followAfterScroll(false, 500, { scrollTop: 600, scrollHeight: 1000, clientHeight: 300 }, true), false, 'scrolling down part of the way');
    assert.equal(followAfterScroll(false, 600, { scrollTop: 700, scrollHeight: 1000, clientHeight: 300 }, true), true);
  });

  it('keeps following when shorter content pulls scrollTop down with it', () => {
    assert.equal(followAfterScroll(true, 700, { scrollTop: 600, scrollHeight: 900, clientHeight: 300 }, false), true);
  });

  it('keeps following when content shrank and grew again before the scroll event: a lower scrollTop the person did not cause', () => {
    // At the end of 1000 (top 700); 15 px went (clamped to 685), then 200 came before the event.
    assert.equal(followAfterScroll(true, 700, { scrollTop: 685, scrollHeight: 1185, clientHeight: 300 }, false), true);
    assert.equal(followAfterScroll(true, 700, { scrollTop: 685, scrollHeight: 1185, clientHeight: 300 }, true), false, 'the same scroll right after a wheel turn is the person’s');
  });

  it('counts a scroll as the person’s during a drag and for a moment after a wheel turn, touch or key', () => {
    const intent = new ScrollIntent();
    assert.equal(intent.isPersonAt(5_000), false, 'nothing done yet');
    intent.acted(5_000);
    assert.equal(intent.isPersonAt(5_000 + INTENT_MS), true);
    assert.equal(intent.isPersonAt(5_001 + INTENT_MS), false);
    intent.pressed();
    assert.equal(intent.isPersonAt(60_000), true, 'the scrollbar held down, however long');
    intent.released(60_000);
    assert.equal(intent.isPersonAt(60_000 + INTENT_MS), true);
    assert.equal(intent.isPersonAt(60_001 + INTENT_MS), false);
    intent.released(90_000);
    assert.equal(intent.isPersonAt(90_001), false, 'a release without a press (a click elsewhere) is no act on the list');
  });
});

/** The message list and the chat view in jsdom, with the scroll heights stubbed (issue 14 item 1). */
describe('following the newest text (jsdom)', function () {
  this.timeout(20_000);
  let env: BrowserGlobals;
  useChatView((installed) => (env = installed));

  async function mountList(): Promise<{ list: MessageList; layout: Layout; scroller: HTMLElement }> {
    const list = document.createElement('sb-message-list') as MessageList;
    list.messages = [user('u1', 'first')];
    list.live = new LiveAnswers();
    list.conversationId = 'c1';
    document.body.replaceChildren(list);
    await list.updateComplete;
    const scroller = list.shadowRoot?.querySelector<HTMLElement>('.scroller');
    assert.ok(scroller, 'the list scrolls inside itself');
    return { list, scroller, layout: stubLayout(scroller, 1000, 300) };
  }

  const jump = (list: MessageList) => list.shadowRoot?.querySelector<HTMLButtonElement>('button.jump') ?? null;

  /** As a person scrolls: a wheel turn on the list, then the scroll it causes. */
  function personScrollsTo(scroller: HTMLElement, layout: Layout, top: number): void {
    scroller.dispatchEvent(new window.Event('wheel', { bubbles: true }));
    layout.top = top;
    scroller.dispatchEvent(new window.Event('scroll'));
  }

  it('follows content that grows after the list rendered: messages drawn later, an answer streaming', async () => {
    const { layout } = await mountList();
    env.resize();
    assert.equal(layout.top, 700, 'at the end once the messages have their height');
    layout.scrollHeight = 1250;
    env.resize();
    assert.equal(layout.top, 950);
  });

  it('keeps following when the scroll event of its own scrolling arrives after more text', async () => {
    const { list, layout, scroller } = await mountList();
    env.resize();
    layout.scrollHeight = 1100; // the next chunk, drawn before the event of the last scroll arrives
    scroller.dispatchEvent(new window.Event('scroll'));
    await list.updateComplete;
    env.resize();
    assert.equal(layout.top, 800);
    assert.equal(jump(list), null);
  });

  it('keeps following a message that shrank and grew again before the scroll event (a task card trading Stop for its result)', async () => {
    const { list, layout, scroller } = await mountList();
    env.resize();
    assert.equal(layout.top, 700);
    layout.scrollHeight = 985; // 15 px go: the browser clamps scrollTop
    scroller.scrollTop = layout.top;
    assert.equal(layout.top, 685);
    layout.scrollHeight = 1185; // then the result is drawn, before the scroll event arrives
    scroller.dispatchEvent(new window.Event('scroll'));
    await list.updateComplete;
    env.resize();
    assert.equal(layout.top, 885, 'still at the end');
    assert.equal(jump(list), null, 'nothing offers to jump: the person did not scroll');
  });

  it('stays where the person scrolled up to, offers "Jump to latest", which goes to the end and follows again', async () => {
    const { list, layout, scroller } = await mountList();
    env.resize();
    personScrollsTo(scroller, layout, 300);
    await list.updateComplete;
    layout.scrollHeight = 1500;
    env.resize();
    list.dispatchEvent(new window.CustomEvent('sb-grew', { bubbles: true, composed: true }));
    assert.equal(layout.top, 300, 'new text does not pull the person away from what they read');
    const button = jump(list);
    assert.ok(button, 'a way back to the newest text');
    assert.match(button.textContent ?? '', /Jump to latest/);
    button.click();
    assert.equal(layout.top, 1200);
    await list.updateComplete;
    assert.equal(jump(list), null);
    layout.scrollHeight = 1600;
    env.resize();
    assert.equal(layout.top, 1300, 'following again');
  });

  it('follows again once the person scrolls back to the bottom themselves', async () => {
    const { list, layout, scroller } = await mountList();
    env.resize();
    personScrollsTo(scroller, layout, 200);
    await list.updateComplete;
    assert.ok(jump(list));
    personScrollsTo(scroller, layout, 690);
    await list.updateComplete;
    assert.equal(jump(list), null);
    layout.scrollHeight = 1400;
    env.resize();
    assert.equal(layout.top, 1100);
  });

  it('opens another conversation at its newest message, though the person had scrolled up in this one', async () => {
    const { list, layout, scroller } = await mountList();
    env.resize();
    personScrollsTo(scroller, layout, 100);
    await list.updateComplete;
    list.conversationId = 'c2';
    list.messages = [user('u9', 'other')];
    layout.scrollHeight = 800;
    await list.updateComplete;
    assert.equal(layout.top, 500);
    assert.equal(jump(list), null);
  });

  it('shows the question on send even when the person had scrolled up, and follows its answer', async () => {
    env.posted.length = 0;
    const app = document.createElement('sb-chat-app') as ChatAppElement;
    document.body.replaceChildren(app);
    await app.updateComplete;
    const snapshot: ChatStateSnapshot = {
      conversations: [{ id: 'c1', title: 'First', updatedAt: 1, messageCount: 1 }],
      currentConversationId: 'c1',
      messages: [user('u1', 'first')],
      models: { all: [{ id: 'fast', label: 'fast', provider: 'openai', local: false, usable: true }], byCapability: { understand: ['fast'], generate: ['fast'], review: ['fast'], plan: ['fast'] } },
      setup: { models: 1, tiersFilled: 4, tiersTotal: 5, keysMissing: [], localModelsDown: [], problems: 0, restricted: false },
      usable: true,
      indexReady: true,
    };
    app.receive({ type: 'state', state: snapshot });
    await app.updateComplete;
    const list = app.shadowRoot?.querySelector('sb-message-list') as MessageList | null;
    assert.ok(list);
    await list.updateComplete;
    const scroller = list.shadowRoot?.querySelector<HTMLElement>('.scroller');
    assert.ok(scroller);
    const layout = stubLayout(scroller, 1000, 300);
    env.resize();
    personScrollsTo(scroller, layout, 100);
    await list.updateComplete;

    const composer = app.shadowRoot?.querySelector('sb-composer');
    const area = composer?.shadowRoot?.querySelector('textarea');
    assert.ok(area);
    area.value = 'and then?';
    area.dispatchEvent(new window.Event('input', { bubbles: true }));
    area.dispatchEvent(new window.KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    const send = env.posted.find((m) => (m as { type: string }).type === 'send') as { requestId: string } | undefined;
    assert.ok(send, 'sent');
    assert.equal(layout.top, 700, 'back at the end as soon as the person sends');

    app.receive({ type: 'message/user', conversationId: 'c1', message: user('u2', 'and then?') });
    app.receive({ type: 'answer/start', conversationId: 'c1', requestId: send.requestId, messageId: 'a2', createdAt: 3 });
    await app.updateComplete;
    await list.updateComplete;
    layout.scrollHeight = 1180; // the question and the answer's first line, drawn
    env.resize();
    assert.equal(layout.top, 880, 'the question and its answer in view');
    assert.equal(jump(list), null);
  });
});
