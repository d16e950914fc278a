import assert from 'node:assert/strict';
import type { AssistantMessageView, MessageView } from '../../../src/protocol/chatProtocol';
import { rovingTarget } from '../../../src/webview/chat/rovingKeys';
import type { BrowserGlobals } from './support/browserGlobals';
import { type ChatAppElement, type LitLike, chatState, useChatView } from './support/chatView';

const meta = (modelId: string): AssistantMessageView['meta'] => ({
  capability: 'generate',
  capabilitySource: 'rules',
  explanation: 'generate → strong (primary)',
  modelId,
  fallbacks: [],
  tokens: { input: 1, output: 2, estimated: false },
  costUsd: 0.001,
  totalMs: 10,
  cached: false,
  partial: false,
});

const user = (id: string, text: string): MessageView => ({ role: 'user', id, text, capability: 'auto', chips: [], createdAt: 1 });
const answer = (id: string, text: string, modelId: string): MessageView => ({ role: 'assistant', id, requestId: `r-${id}`, text, status: 'done', createdAt: 2, meta: meta(modelId) });

const CONVERSATION: readonly MessageView[] = [
  user('u1', 'first question'),
  answer('a1', 'Here:\n\n```ts src/a.ts\nexport const a = 1;\n```\n', 'strong'),
  user('u2', 'second question'),
  answer('a2', 'Plain words.', 'fast'),
];

describe('rovingTarget', () => {
  it('moves one step with the arrows of its axis, to the ends with Home and End, and stops at the ends', () => {
    assert.equal(rovingTarget('ArrowDown', 1, 4, 'vertical'), 2);
    assert.equal(rovingTarget('ArrowUp', 1, 4, 'vertical'), 0);
    assert.equal(rovingTarget('ArrowUp', 0, 4, 'vertical'), 0);
    assert.equal(rovingTarget('ArrowDown', 3, 4, 'vertical'), 3);
    assert.equal(rovingTarget('Home', 2, 4, 'vertical'), 0);
    assert.equal(rovingTarget('End', 0, 4, 'horizontal'), 3);
    assert.equal(rovingTarget('ArrowRight', 0, 3, 'horizontal'), 1);
    assert.equal(rovingTarget('ArrowLeft', 0, 3, 'horizontal'), 0);
    assert.equal(rovingTarget('ArrowRight', 0, 3, 'vertical'), undefined, 'the other axis is left to the control');
    assert.equal(rovingTarget('Enter', 0, 3, 'vertical'), undefined);
    assert.equal(rovingTarget('Home', 0, 0, 'vertical'), undefined);
  });
});

/**
 * The message list and the code bar as a keyboard uses them (issue 17 item 8): one Tab stop for the
 * list, arrows between messages, one Tab stop per code bar with Left/Right between its buttons.
 * jsdom has no Tab navigation; the e2e walks it in the workbench (a Chromium shadow host with
 * tabindex -1 leaves its controls out of the Tab sequence), so here the tabindex values are checked.
 */
describe('keyboard path through the conversation (jsdom)', function () {
  this.timeout(20_000);
  let env: BrowserGlobals | undefined;
  useChatView((installed) => (env = installed));

  async function settle(app: ChatAppElement): Promise<void> {
    await app.updateComplete;
    for (let round = 0; round < 3; round++) {
      for (const el of deepElements(app)) await (el as Partial<LitLike>).updateComplete;
    }
  }

  function deepElements(root: Element): Element[] {
    const out: Element[] = [];
    const walk = (node: Element | ShadowRoot) => {
      for (const child of Array.from(node.children)) {
        out.push(child);
        walk(child);
        if (child.shadowRoot) walk(child.shadowRoot);
      }
    };
    walk(root.shadowRoot ?? root);
    return out;
  }

  async function mount(messages: readonly MessageView[] = CONVERSATION): Promise<{ app: ChatAppElement; messages: () => HTMLElement[] }> {
    const app = document.createElement('sb-chat-app') as ChatAppElement;
    document.body.replaceChildren(app);
    await app.updateComplete;
    app.receive(chatState({ messages: [...messages], currentConversationId: 'c1', conversations: [{ id: 'c1', title: 'c', updatedAt: 1 }] } as never));
    await settle(app);
    const root = app.shadowRoot?.querySelector('sb-message-list')?.shadowRoot;
    assert.ok(root, 'the message list rendered');
    return { app, messages: () => Array.from(root.querySelectorAll<HTMLElement>('[role="log"] > [role="article"]')) };
  }

  /** The element that has focus, looked up through the shadow roots. */
  function focused(): Element | null {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el;
  }

  const press = (target: Element, key: string, extra: KeyboardEventInit = {}) =>
    target.dispatchEvent(new window.KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true, ...extra }));

  const stops = (elements: readonly HTMLElement[]) => elements.map((e) => e.getAttribute('tabindex'));

  it('names each message and gives the list one Tab stop, on the newest message', async () => {
    const { messages } = await mount();
    const all = messages();
    assert.deepEqual(
      all.map((e) => e.getAttribute('aria-label')),
      ['Your message', 'Answer from strong', 'Your message', 'Answer from fast'],
    );
    assert.deepEqual(stops(all), ['-1', '-1', '-1', '0']);
  });

  it('moves between messages with Up, Down, Home and End, taking the Tab stop along', async () => {
    const { app, messages } = await mount();
    messages()[3]?.focus();
    assert.equal(focused(), messages()[3]);
    press(messages()[3] as HTMLElement, 'ArrowUp');
    await settle(app);
    assert.equal(focused(), messages()[2]);
    assert.deepEqual(stops(messages()), ['-1', '-1', '0', '-1']);
    press(messages()[2] as HTMLElement, 'Home');
    await settle(app);
    assert.equal(focused(), messages()[0]);
    press(messages()[0] as HTMLElement, 'ArrowUp');
    await settle(app);
    assert.equal(focused(), messages()[0], 'Up on the first message stays there');
    press(messages()[0] as HTMLElement, 'ArrowDown');
    await settle(app);
    assert.equal(focused(), messages()[1]);
    press(messages()[1] as HTMLElement, 'End');
    await settle(app);
    assert.equal(focused(), messages()[3]);
    assert.deepEqual(stops(messages()), ['-1', '-1', '-1', '0']);
  });

  it("leaves the arrows to a message's own controls, and makes a message the stop when focus goes into it", async () => {
    const { app, messages } = await mount();
    const first = messages()[1];
    const copy = first?.shadowRoot?.querySelector<HTMLButtonElement>('.actions button');
    assert.ok(copy, 'the first answer has its actions');
    copy.focus();
    await settle(app);
    assert.deepEqual(stops(messages()), ['-1', '0', '-1', '-1'], 'a click or Tab into the first answer makes it the stop');
    assert.equal(press(copy, 'ArrowDown'), true, 'the arrow is not taken from the button');
    await settle(app);
    assert.equal(focused(), copy);
  });

  it('gives the code bar one Tab stop, moved by Left, Right, Home and End', async () => {
    const { app, messages } = await mount();
    const bar = messages()[1]?.shadowRoot?.querySelector<HTMLElement>('.code-bar[role="toolbar"]');
    assert.ok(bar, 'the code block has its toolbar');
    const buttons = Array.from(bar.querySelectorAll<HTMLButtonElement>('button'));
    assert.deepEqual(buttons.map((b) => b.textContent), ['Copy', 'Insert', 'Apply…']);
    assert.deepEqual(buttons.map((b) => b.tabIndex), [0, -1, -1]);
    buttons[0]?.focus();
    press(buttons[0] as HTMLElement, 'ArrowRight');
    assert.equal(focused(), buttons[1]);
    assert.deepEqual(buttons.map((b) => b.tabIndex), [-1, 0, -1]);
    press(buttons[1] as HTMLElement, 'End');
    assert.equal(focused(), buttons[2]);
    press(buttons[2] as HTMLElement, 'ArrowRight');
    assert.equal(focused(), buttons[2], 'Right on the last button stays there');
    press(buttons[2] as HTMLElement, 'Home');
    assert.equal(focused(), buttons[0]);
    press(buttons[0] as HTMLElement, 'ArrowLeft');
    assert.equal(focused(), buttons[0]);
    assert.deepEqual(buttons.map((b) => b.tabIndex), [0, -1, -1]);
    await settle(app);
    assert.equal(press(buttons[0] as HTMLElement, 'ArrowDown'), true, "Up and Down in the bar are not the list's: the bar is not the message");
  });

  it('gives the stop back to the newest message when the person sends', async () => {
    const { app, messages } = await mount();
    messages()[0]?.focus();
    await settle(app);
    assert.deepEqual(stops(messages()), ['0', '-1', '-1', '-1']);
    const area = app.shadowRoot?.querySelector('sb-composer')?.shadowRoot?.querySelector('textarea');
    assert.ok(area);
    area.value = 'third question';
    area.dispatchEvent(new window.Event('input', { bubbles: true }));
    press(area, 'Enter');
    await settle(app);
    assert.deepEqual(stops(messages()), ['-1', '-1', '-1', '0']);
  });

  /** Chromium clears a frame's focused element when focus leaves the frame: coming back, the view finds <body>. */
  it('gives focus back to the Apply… that opened a diff when the view is focused again, once; then to the composer', async () => {
    const { app, messages } = await mount();
    const apply = Array.from(messages()[1]?.shadowRoot?.querySelectorAll<HTMLButtonElement>('.code-bar button') ?? []).find((b) => b.textContent === 'Apply…');
    assert.ok(apply, 'the code bar offers Apply…');
    apply.focus();
    apply.click();
    assert.equal((env?.posted.at(-1) as { type?: string } | undefined)?.type, 'code/apply');
    const comeBack = () => {
      // The diff took focus; the person comes back to the view (Focus on Chat View).
      (focused() as HTMLElement | null)?.blur();
      window.dispatchEvent(new window.FocusEvent('focus'));
      env?.flushFrames();
    };
    comeBack();
    assert.equal(focused(), apply);
    comeBack();
    assert.equal(focused(), app.shadowRoot?.querySelector('sb-composer')?.shadowRoot?.querySelector('textarea'));
  });

  /** Escape on a quick pick the welcome opened (issue 17 item 6): the host asks, the opener gets focus back. */
  it('focuses the welcome button that opened a cancelled pick, and the composer when that button is gone', async () => {
    const app = document.createElement('sb-chat-app') as ChatAppElement;
    document.body.replaceChildren(app);
    await app.updateComplete;
    app.receive({ type: 'setup', summary: { models: 0, tiersFilled: 0, tiersTotal: 5, keysMissing: [], localModelsDown: [], problems: 0, restricted: false } });
    await settle(app);
    const welcome = app.shadowRoot?.querySelector('sb-welcome');
    const setKey = Array.from(welcome?.shadowRoot?.querySelectorAll<HTMLElement>('vscode-button') ?? []).find((b) => b.textContent?.includes('Set API Key'));
    assert.ok(setKey, 'the welcome offers Set API Key…');
    setKey.focus();
    setKey.click();
    assert.deepEqual(env?.posted.at(-1), { type: 'run', action: 'setApiKey' });
    // The pick took focus away from the view.
    setKey.blur();
    app.receive({ type: 'focus/return' });
    assert.equal(focused(), setKey);
    setKey.click();
    // Meanwhile a model became usable: the welcome gave way to the chat.
    app.receive(chatState());
    await settle(app);
    app.receive({ type: 'focus/return' });
    assert.equal(focused(), app.shadowRoot?.querySelector('sb-composer')?.shadowRoot?.querySelector('textarea'));
  });
});
