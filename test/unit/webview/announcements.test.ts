import assert from 'node:assert/strict';
import type { ChatStateSnapshot, HostToWebview } from '../../../src/protocol/chatProtocol';
import type { BrowserGlobals } from './support/browserGlobals';
import { type ChatAppElement, type LitLike, chatState, useChatView } from './support/chatView';

const meta = { capability: 'understand' as const, capabilitySource: 'user' as const, explanation: 'understand → primary', modelId: 'primary', fallbacks: [], tokens: { input: 5, output: 9, estimated: false }, costUsd: 0.0001, totalMs: 200, cached: false, partial: false };

const state = (partial: Partial<ChatStateSnapshot> = {}): HostToWebview => chatState(partial, 'primary', 1);

const LIVE_ROLES: Readonly<Record<string, string>> = { log: 'polite', status: 'polite', alert: 'assertive', marquee: 'off', timer: 'off' };

/** The shadow-including parent: a shadow root's host, or the parent node. */
function parentOf(node: Node): Node | null {
  return node.parentNode instanceof window.ShadowRoot ? node.parentNode.host : node.parentNode;
}

/**
 * The live region a change at `node` belongs to, as a screen reader decides it: the nearest
 * element with aria-live or a live role; undefined when that says "off" or there is none.
 */
function liveRegionOf(node: Node): Element | undefined {
  for (let n: Node | null = node; n; n = parentOf(n)) {
    if (!(n instanceof window.Element)) continue;
    const politeness = n.getAttribute('aria-live') ?? LIVE_ROLES[n.getAttribute('role') ?? ''];
    if (politeness !== undefined) return politeness === 'off' ? undefined : n;
  }
  return undefined;
}

/**
 * Records every DOM change in the document and every shadow root (those that appear later too),
 * keeping the ones a screen reader would announce: inside a live region whose own element is not
 * aria-busy (Chromium honours aria-busy only there).
 */
function watchAnnouncements(root: Node): { readonly announced: string[]; stop(): void } {
  const announced: string[] = [];
  const observed = new Set<Node>();
  const observer = new window.MutationObserver((records) => {
    for (const record of records) {
      for (const added of Array.from(record.addedNodes)) observeShadows(added);
      const region = liveRegionOf(record.target);
      if (region && region.getAttribute('aria-busy') !== 'true') announced.push((region.textContent ?? '').trim());
    }
  });
  const observeShadows = (node: Node): void => {
    const all = node instanceof window.Element ? [node, ...Array.from(node.querySelectorAll('*'))] : [];
    for (const el of all) {
      const shadow = el.shadowRoot;
      if (shadow && !observed.has(shadow)) {
        observed.add(shadow);
        observer.observe(shadow, { childList: true, subtree: true, characterData: true, attributes: true });
        for (const child of Array.from(shadow.children)) observeShadows(child);
      }
    }
  };
  observer.observe(root, { childList: true, subtree: true, characterData: true, attributes: true });
  observeShadows(root);
  return { announced, stop: () => observer.disconnect() };
}

describe('chat announcements (jsdom)', function () {
  this.timeout(20_000);
  let env: BrowserGlobals;
  useChatView((installed) => (env = installed));

  async function settle(app: ChatAppElement): Promise<void> {
    for (let round = 0; round < 3; round++) {
      await app.updateComplete;
      const all: Element[] = [];
      const walk = (root: ParentNode) => {
        for (const el of Array.from(root.querySelectorAll('*'))) {
          all.push(el);
          if (el.shadowRoot) walk(el.shadowRoot);
        }
      };
      walk(app.shadowRoot as ShadowRoot);
      for (const el of all) await (el as Partial<LitLike>).updateComplete;
    }
  }

  async function mountConversation(): Promise<ChatAppElement> {
    const app = document.createElement('sb-chat-app') as ChatAppElement;
    document.body.replaceChildren(app);
    await app.updateComplete;
    const user = { role: 'user' as const, id: 'u1', text: 'explain', capability: 'auto' as const, chips: [], createdAt: 1 };
    app.receive(state({ currentConversationId: 'c1', conversations: [{ id: 'c1', title: 'c', updatedAt: 1, messageCount: 1 }], messages: [user] }));
    await settle(app);
    return app;
  }

  it('announces one streamed answer once, when it is complete, not chunk by chunk', async () => {
    const app = await mountConversation();
    const watch = watchAnnouncements(app);
    app.receive({ type: 'answer/start', conversationId: 'c1', requestId: 'r1', messageId: 'a1', createdAt: 2 });
    await settle(app);
    const chunks = ['`total` adds ', 'the line totals.\n\n', 'It rounds once, ', 'at the end.\n\n', '```ts\nconst t = total(lines);\n```\n'];
    for (const chunk of chunks) {
      app.receive({ type: 'answer/delta', requestId: 'r1', text: chunk });
      env.flushFrames();
      await settle(app);
    }
    app.receive({ type: 'answer/progress', requestId: 'r1', note: 'primary is slow' });
    await settle(app);
    app.receive({ type: 'answer/end', requestId: 'r1', status: 'done', text: chunks.join(''), meta });
    await settle(app);
    watch.stop();
    assert.deepEqual(watch.announced, ['Answer from primary complete']);
  });

  it('announces a failed answer once, as an alert that names the error', async () => {
    const app = await mountConversation();
    const watch = watchAnnouncements(app);
    app.receive({ type: 'answer/start', conversationId: 'c1', requestId: 'r2', messageId: 'a2', createdAt: 2 });
    await settle(app);
    app.receive({ type: 'answer/end', requestId: 'r2', status: 'error', text: '', error: { kind: 'auth', message: 'OpenAI rejected the key (401).', actions: [] } });
    await settle(app);
    watch.stop();
    assert.equal(watch.announced.length, 1, watch.announced.join(' | '));
    assert.match(watch.announced[0] ?? '', /API key.*OpenAI rejected the key \(401\)\./);
    assert.ok(app.shadowRoot?.querySelector('[role="alert"]')?.textContent?.includes('OpenAI rejected the key'));
  });

  it('says where Insert put the code, and says it again for a second insert into the same file', async () => {
    const app = await mountConversation();
    const watch = watchAnnouncements(app);
    app.receive({ type: 'announce', text: 'Inserted into src/invoice.ts' });
    await settle(app);
    app.receive({ type: 'announce', text: 'Inserted into src/invoice.ts' });
    await settle(app);
    watch.stop();
    assert.equal(watch.announced.length, 2);
    assert.ok(watch.announced.every((t) => t.startsWith('Inserted into src/invoice.ts')));
  });

  it('keeps focus in the composer after Send and after Stop, which replace each other', async () => {
    const app = await mountConversation();
    const composer = app.shadowRoot?.querySelector('sb-composer') as LitLike;
    const area = composer.shadowRoot?.querySelector('textarea');
    assert.ok(area);
    area.value = 'why?';
    area.dispatchEvent(new window.Event('input', { bubbles: true }));
    await settle(app);
    const button = (label: string) => Array.from(composer.shadowRoot?.querySelectorAll('vscode-button') ?? []).find((b) => b.textContent?.trim() === label) as HTMLElement | undefined;
    const send = button('Send');
    assert.ok(send);
    send.focus();
    send.click();
    await settle(app);
    assert.ok(button('Stop'), 'Stop replaced Send');
    assert.equal(composer.shadowRoot?.activeElement, area, 'focus is in the message box after Send');
    button('Stop')?.focus();
    button('Stop')?.click();
    await settle(app);
    assert.equal(composer.shadowRoot?.activeElement, area, 'focus is in the message box after Stop');
  });

  it('closes an open capability list when Tab moves on, instead of leaving it over the composer', async () => {
    const app = await mountConversation();
    const composer = app.shadowRoot?.querySelector('sb-composer') as LitLike;
    const select = composer.shadowRoot?.querySelector('vscode-single-select') as (HTMLElement & { open: boolean }) | null;
    const area = composer.shadowRoot?.querySelector('textarea');
    assert.ok(select && area);
    select.open = true;
    select.dispatchEvent(new window.FocusEvent('focusout', { bubbles: true, composed: true, relatedTarget: area }));
    assert.equal(select.open, false);
  });
});
