import assert from 'node:assert/strict';
import type { AssistantMessageView, MessageView } from '../../../src/protocol/chatProtocol';
import { LiveAnswers } from '../../../src/webview/chat/liveAnswers';
import { type BrowserGlobals, installBrowserGlobals } from './support/browserGlobals';

/**
 * The components' own modules are ESM-only at the type level (lit), so the root tsconfig (Node16,
 * CommonJS) must not see them: they are required at run time and described by these shapes.
 */
interface LitLike extends HTMLElement {
  readonly updateComplete: Promise<unknown>;
  render(): unknown;
}
interface MessageList extends LitLike {
  messages: readonly MessageView[];
  models?: unknown;
  live: LiveAnswers;
  conversationId: string | undefined;
}
type AnswerView = LitLike;

/**
 * The answer element and the message list in a jsdom window: streaming draws only the answer's
 * own text, the finished answer gets code-block actions that post the block's source, and
 * hostile output stays inert in the real component too.
 */
describe('chat view components (jsdom)', function () {
  this.timeout(20_000);
  let env: BrowserGlobals;

  before(() => {
    env = installBrowserGlobals();
    // Loaded only now, with the jsdom globals in place: the components define custom elements at
    // import time. require (not import()) so tsx compiles them like the rest of the suite.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../../src/webview/chat/messageList');
  });

  after(() => env.uninstall());

  const nextRender = async (el: LitLike) => {
    await el.updateComplete;
  };

  function answer(partial: Partial<AssistantMessageView> = {}): AssistantMessageView {
    return { role: 'assistant', id: 'a1', requestId: 'r1', text: '', status: 'streaming', createdAt: 1, ...partial };
  }

  async function mountList(messages: readonly MessageView[], live: LiveAnswers): Promise<MessageList> {
    const list = document.createElement('sb-message-list') as MessageList;
    list.messages = messages;
    list.live = live;
    list.conversationId = 'c1';
    document.body.replaceChildren(list);
    await nextRender(list);
    return list;
  }

  function answerOf(list: MessageList): AnswerView {
    const el = list.shadowRoot?.querySelector('sb-answer') as AnswerView | null;
    assert.ok(el, 'answer element rendered');
    return el;
  }

  const text = (el: AnswerView) => el.shadowRoot?.querySelector('.markdown')?.textContent ?? '';

  it('streams deltas into the answer without re-rendering the list, once per frame', async () => {
    const live = new LiveAnswers();
    live.start('r1');
    const list = await mountList([{ role: 'user', id: 'u1', text: 'q', capability: 'auto', chips: [], createdAt: 0 }, answer()], live);
    const el = answerOf(list);
    await nextRender(el);
    let listRenders = 0;
    const originalRender = list.render.bind(list);
    list.render = () => {
      listRenders++;
      return originalRender();
    };
    let answerRenders = 0;
    const originalAnswerRender = el.render.bind(el);
    el.render = () => {
      answerRenders++;
      return originalAnswerRender();
    };
    const structure = new MutationObserver(() => undefined);
    structure.observe(list.shadowRoot as unknown as Node, { childList: true, subtree: true });

    for (const piece of ['Hello ', 'streaming ', 'world.\n\nSecond ', 'paragraph']) live.append('r1', piece);
    assert.equal(text(el), '', 'nothing is drawn until the frame');
    env.flushFrames();
    assert.match(text(el), /Hello streaming world\.\s*Second paragraph/);
    live.append('r1', ' grows');
    env.flushFrames();
    assert.match(text(el), /Second paragraph grows/);
    const firstParagraph = el.shadowRoot?.querySelector('.stable p');
    assert.equal(firstParagraph?.textContent, 'Hello streaming world.');
    live.append('r1', '.\n\nThird.\n\nFourth');
    env.flushFrames();
    assert.ok(firstParagraph?.isConnected, 'finished paragraphs are kept, not re-rendered, as later ones complete');
    assert.deepEqual(
      Array.from(el.shadowRoot?.querySelectorAll('p') ?? []).map((p) => p.textContent),
      ['Hello streaming world.', 'Second paragraph grows.', 'Third.', 'Fourth'],
    );
    await nextRender(list);
    assert.equal(listRenders, 0, 'the message list did not render for any delta');
    assert.equal(answerRenders, 0, "lit did not re-render the answer's frame for any delta");
    assert.deepEqual(structure.takeRecords(), [], 'no element was added to or removed from the list');
    structure.disconnect();
  });

  it('renders the finished answer whole, with copy/insert/apply posting the block source', async () => {
    const live = new LiveAnswers();
    const source = 'export const x = 1;\n';
    const final = `Done:\n\n\`\`\`ts src/x.ts\n${source}\`\`\`\n`;
    const list = await mountList([answer({ status: 'done', text: final, meta: { capability: 'generate', capabilitySource: 'user', explanation: 'generate → strong (primary)', modelId: 'strong', fallbacks: [], tokens: { input: 1, output: 2, estimated: false }, costUsd: null, totalMs: 10, cached: true, partial: false } })], live);
    const el = answerOf(list);
    await nextRender(el);
    const root = el.shadowRoot;
    assert.ok(root);
    const bar = root.querySelector('.code-bar[role="toolbar"]');
    assert.ok(bar, 'code block has a toolbar');
    const buttons = Array.from(bar.querySelectorAll('button')).map((b) => b.textContent);
    assert.deepEqual(buttons, ['Copy', 'Insert', 'Apply…']);
    env.posted.length = 0;
    for (const b of Array.from(bar.querySelectorAll('button'))) b.click();
    assert.deepEqual(env.posted, [
      { type: 'code/copy', code: source },
      { type: 'code/insert', code: source, language: 'typescript' },
      { type: 'code/apply', conversationId: 'c1', messageId: 'a1', blockIndex: 0, code: source, language: 'typescript', pathHint: 'src/x.ts' },
    ]);
    const footer = root.querySelector('footer')?.textContent ?? '';
    assert.match(footer, /Cached/);
    assert.match(footer, /Cost: unknown/);
    assert.match(footer, /generate \(you chose it\)/);
  });

  it('keeps hostile model output inert inside the real component', async () => {
    const live = new LiveAnswers();
    live.start('r1');
    const list = await mountList([answer()], live);
    const el = answerOf(list);
    await nextRender(el);
    live.append('r1', 'x <img src=x onerror="globalThis.__pwned=1"> <script>globalThis.__pwned=1</script> [a](javascript:globalThis.__pwned=1)\n\n<iframe src="javascript:1"></iframe>');
    env.flushFrames();
    const root = el.shadowRoot;
    assert.ok(root);
    assert.equal(root.querySelector('img, script, iframe'), null);
    assert.equal(root.querySelector('a[href^="javascript"]'), null);
    assert.equal((globalThis as { __pwned?: number }).__pwned, undefined);
  });

  const fold = (el: AnswerView) => {
    const details = el.shadowRoot?.querySelector<HTMLDetailsElement>('details.reasoning');
    assert.ok(details, 'the reasoning fold is in the template');
    return { details, summary: details.querySelector('summary')?.textContent?.trim(), body: details.querySelector('.reasoning-text') };
  };
  const meta = { capability: 'understand' as const, capabilitySource: 'user' as const, explanation: 'understand → deep (primary)', modelId: 'deep', fallbacks: [], tokens: { estimated: false }, costUsd: null, totalMs: 10, cached: false, partial: false };

  it('shows streamed reasoning folded above the answer, as text, without announcing each chunk', async () => {
    const live = new LiveAnswers();
    live.start('r1');
    const list = await mountList([answer()], live);
    const el = answerOf(list);
    await nextRender(el);
    assert.equal(el.shadowRoot?.querySelector('details.reasoning'), null, 'no fold in the markup before any reasoning');

    const hostile = 'Plan: <script>globalThis.__pwned=1</script> <img src=x onerror="globalThis.__pwned=1">\n**not bold**';
    live.appendReasoning('r1', hostile.slice(0, 20));
    live.appendReasoning('r1', hostile.slice(20));
    env.flushFrames();
    await nextRender(el);
    const thinking = fold(el);
    assert.equal(thinking.details.hidden, false);
    assert.equal(thinking.details.open, false, 'folded by default');
    assert.equal(thinking.summary, 'Thinking…');
    assert.equal(thinking.details.getAttribute('aria-live'), 'off');
    assert.equal(thinking.body?.textContent, hostile, 'the reasoning is shown as the text it is');
    assert.equal(el.shadowRoot?.querySelector('script, img, strong'), null);
    assert.equal((globalThis as { __pwned?: number }).__pwned, undefined);
    assert.ok(
      (el.shadowRoot?.querySelector('details.reasoning')?.compareDocumentPosition(el.shadowRoot.querySelector('.markdown') as Node) ?? 0) & 4,
      'the fold comes before the answer text',
    );

    live.appendReasoning('r1', ' more');
    live.append('r1', 'Answer.');
    env.flushFrames();
    await nextRender(el);
    assert.equal(fold(el).summary, 'Reasoning', 'answer text started');
    assert.equal(fold(el).body?.textContent, `${hostile} more`);
    assert.equal(text(el).trim(), 'Answer.', 'reasoning is not part of the answer text');

    fold(el).details.open = true;
    live.end('r1');
    list.messages = [answer({ status: 'done', text: 'Answer.', reasoning: `${hostile} more`, meta })];
    await nextRender(list);
    await nextRender(el);
    const finished = fold(el);
    assert.equal(finished.summary, 'Reasoning (deep)');
    assert.equal(finished.details.open, true, 'the person opened it: it stays open');
    assert.equal(finished.body?.textContent, `${hostile} more`);
  });

  it('shows a stored answer’s reasoning collapsed, and no fold for an answer without any', async () => {
    const list = await mountList(
      [answer({ id: 'a1', requestId: 'r1', status: 'done', text: 'One.', reasoning: 'Because <b>x</b>.', meta }), answer({ id: 'a2', requestId: 'r2', status: 'done', text: 'Two.', meta })],
      new LiveAnswers(),
    );
    const [first, second] = Array.from(list.shadowRoot?.querySelectorAll('sb-answer') ?? []) as AnswerView[];
    assert.ok(first && second);
    await nextRender(first);
    await nextRender(second);
    const withReasoning = fold(first);
    assert.equal(withReasoning.details.hidden, false);
    assert.equal(withReasoning.details.open, false);
    assert.equal(withReasoning.summary, 'Reasoning (deep)');
    assert.equal(withReasoning.body?.textContent, 'Because <b>x</b>.');
    assert.equal(withReasoning.body?.querySelector('b'), null);
    assert.equal(second.shadowRoot?.querySelector('details.reasoning, .reasoning-text'), null, 'no hidden, empty fold in an answer without reasoning');
  });

  it('shows an auth error that arrives while watching, with "Set API Key" that runs the command', async () => {
    const live = new LiveAnswers();
    live.start('r1');
    const list = await mountList([answer()], live);
    const el = answerOf(list);
    await nextRender(el);
    live.end('r1');
    list.messages = [answer({ status: 'error', error: { kind: 'auth', message: 'OpenAI rejected the key (401).', actions: [] } })];
    await nextRender(list);
    await nextRender(el);
    // The app announces the error once (answerAnnouncement); the block itself is no live region.
    const alert = el.shadowRoot?.querySelector('.error');
    assert.ok(alert);
    assert.equal(alert.getAttribute('role'), null);
    assert.match(alert.textContent ?? '', /rejected the API key/);
    const button = Array.from(alert.querySelectorAll('vscode-button')).find((b) => b.textContent?.trim() === 'Set API Key');
    assert.ok(button, 'Set API Key offered');
    env.posted.length = 0;
    (button as HTMLElement).click();
    assert.deepEqual(env.posted, [{ type: 'run', action: 'setApiKey' }]);
  });

  it('opens the refused model\'s key slot directly: its Set API Key button posts the slot', async () => {
    const slot = 'endpoint:https://gateway.example.com';
    const list = await mountList([answer({ status: 'error', error: { kind: 'auth', message: 'Anthropic rejected the API key (HTTP 401). Set the key for gateway.example.com with \'Switchboard: Set API Key…\'.', actions: [{ kind: 'command', action: 'setApiKey', label: 'Set API Key for gateway.example.com', slot }] } })], new LiveAnswers());
    const el = answerOf(list);
    await nextRender(el);
    const buttons = Array.from(el.shadowRoot?.querySelectorAll('vscode-button') ?? []).filter((b) => /Set API Key/.test(b.textContent ?? ''));
    assert.deepEqual(buttons.map((b) => b.textContent?.trim()), ['Set API Key for gateway.example.com'], 'one Set API Key button, for the slot');
    env.posted.length = 0;
    (buttons[0] as HTMLElement).click();
    assert.deepEqual(env.posted, [{ type: 'run', action: 'setApiKey', slot }]);
  });

  it('shows a long provider error once: the footer’s Fallbacks line refers to the error box (issue 14 item 7)', async () => {
    const provider = 'The Anthropic API rejected the key (401): invalid x-api-key. Check the key of the endpoint and try again.';
    const meta = { capability: 'understand' as const, capabilitySource: 'rules' as const, explanation: 'understand → fast (primary)', modelId: 'fast', fallbacks: [{ from: 'fast', reason: `auth: ${provider}` }], tokens: { estimated: false }, costUsd: null, totalMs: 10, cached: false, partial: false };
    const list = await mountList([answer({ status: 'error', meta, error: { kind: 'auth', message: `No model could answer understand: fast: ${provider}.`, actions: [] } })], new LiveAnswers());
    const el = answerOf(list);
    await nextRender(el);
    const article = el.shadowRoot?.querySelector('.answer')?.textContent ?? '';
    assert.equal(article.split(provider).length - 1, 1, `the provider's message shows once:\n${article}`);
    assert.match(el.shadowRoot?.querySelector('.error')?.textContent ?? '', /invalid x-api-key/, 'in full in the error box');
    assert.match(el.shadowRoot?.querySelector('footer')?.textContent ?? '', /Fallbacks: fast → no model left: see the error above/);
  });

  it('does not re-announce old errors when a conversation is reopened', async () => {
    const list = await mountList([answer({ status: 'error', error: { kind: 'server', message: '503', actions: [] } })], new LiveAnswers());
    const el = answerOf(list);
    await nextRender(el);
    assert.equal(el.shadowRoot?.querySelector('[role="alert"], [role="status"], [aria-live]'), null);
    assert.ok(el.shadowRoot?.querySelector('.error'));
  });

  it('rates a finished answer with thumbs up or down in its footer: one rating, changeable, taken back by pressing it again', async () => {
    const meta = { capability: 'generate' as const, capabilitySource: 'user' as const, explanation: 'generate → cheap (primary)', modelId: 'cheap', fallbacks: [], tokens: { estimated: false }, costUsd: 0.001, totalMs: 10, cached: false, partial: false };
    const list = await mountList([answer({ status: 'done', text: 'Done.', meta, rating: 'down' })], new LiveAnswers());
    const el = answerOf(list);
    await nextRender(el);
    const rating = el.shadowRoot?.querySelector('footer sb-answer-rating') as LitLike | null;
    assert.ok(rating, 'the footer has the rating buttons');
    await rating.updateComplete;
    const buttons = () => Array.from(rating.shadowRoot?.querySelectorAll('[role="group"][aria-label="Rate this answer"] button') ?? []) as HTMLButtonElement[];
    const state = () => buttons().map((b) => `${b.textContent?.trim()}|${b.getAttribute('aria-label')}|${b.getAttribute('aria-pressed')}`);
    // The accessible names start with the visible words (the icon is hidden from assistive tech).
    assert.deepEqual(state(), ['Good|Good answer: rate it up|false', 'Poor|Poor answer: rate it down|true'], 'the stored rating shows pressed');
    // Each icon is a drawn thumb (VS Code's codicon), not an emoji that needs an emoji font to show.
    for (const b of buttons()) {
      const icon = b.querySelector('svg[aria-hidden="true"]');
      assert.ok(icon?.querySelector('path')?.getAttribute('d'), 'an inline icon with its path');
      assert.doesNotMatch(b.textContent ?? '', /\p{Extended_Pictographic}/u);
    }

    env.posted.length = 0;
    const [up, down] = buttons();
    up?.click();
    await rating.updateComplete;
    assert.deepEqual(state().map((s) => s.split('|')[2]), ['true', 'false'], 'up replaces down');
    up?.click();
    await rating.updateComplete;
    assert.deepEqual(state().map((s) => s.split('|')[2]), ['false', 'false'], 'pressing it again takes it back');
    down?.click();
    await rating.updateComplete;
    assert.deepEqual(env.posted, [
      { type: 'answer/rate', conversationId: 'c1', messageId: 'a1', rating: 'up' },
      { type: 'answer/rate', conversationId: 'c1', messageId: 'a1', rating: 'none' },
      { type: 'answer/rate', conversationId: 'c1', messageId: 'a1', rating: 'down' },
    ]);
  });

  it('offers no rating while an answer streams, nor on an answer no model gave', async () => {
    const meta = { capability: 'generate' as const, capabilitySource: 'user' as const, explanation: 'generate → no model', fallbacks: [], tokens: { estimated: false }, costUsd: null, totalMs: 10, cached: false, partial: false };
    const live = new LiveAnswers();
    live.start('r1');
    const list = await mountList([answer({ meta: { ...meta, modelId: 'cheap' } }), answer({ id: 'a2', requestId: 'r2', status: 'error', meta, error: { kind: 'no-candidate', message: 'none', actions: [] } })], live);
    const answers = Array.from(list.shadowRoot?.querySelectorAll('sb-answer') ?? []) as AnswerView[];
    assert.equal(answers.length, 2);
    for (const el of answers) {
      await nextRender(el);
      assert.equal(el.shadowRoot?.querySelector('sb-answer-rating'), null);
    }
  });
  it('closes the model choice once "Retry on it" has asked again: the old answer is left with its plain actions', async () => {
    const meta = { capability: 'understand' as const, capabilitySource: 'rules' as const, explanation: 'understand → writer (primary)', modelId: 'writer', fallbacks: [], tokens: { estimated: false }, costUsd: 0.001, totalMs: 10, cached: false, partial: false };
    const list = document.createElement('sb-message-list') as MessageList;
    list.messages = [answer({ status: 'done', text: 'From the writer.', meta })];
    list.live = new LiveAnswers();
    list.conversationId = 'c1';
    list.models = { all: [{ id: 'critic', label: 'critic', provider: 'openai-compatible', local: true, usable: true }], byCapability: { understand: [], generate: [], review: [], plan: [] } };
    document.body.replaceChildren(list);
    await nextRender(list);
    const el = answerOf(list) as AnswerView & { retryModel: string };
    await nextRender(el);
    const button = (label: string) => el.shadowRoot?.querySelector<HTMLButtonElement>(`.actions button[aria-label="${label}"]`) ?? null;
    button('Retry with another model…')?.click();
    await nextRender(el);
    assert.ok(el.shadowRoot?.querySelector('.actions vscode-single-select'), 'the model choice is open');
    el.retryModel = 'critic';
    await nextRender(el);
    const retries: unknown[] = [];
    el.addEventListener('sb-retry', (e) => retries.push((e as CustomEvent<{ modelId?: string }>).detail.modelId));
    button('Retry on it: the chosen model')?.click();
    await nextRender(el);
    assert.deepEqual(retries, ['critic']);
    assert.equal(el.shadowRoot?.querySelector('.actions vscode-single-select'), null, 'the choice is closed');
    assert.equal(button('Retry on it: the chosen model'), null, 'no second "Retry on it" left behind');
    assert.ok(button('Retry with another model…'), 'Retry with… is offered again');
  });
});
