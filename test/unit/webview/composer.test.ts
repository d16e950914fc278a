import assert from 'node:assert/strict';
import type { ChipView, CompletionItem, ModelsAvailable } from '../../../src/protocol/chatProtocol';
import { eventually } from '../../support/eventually';
import { type BrowserGlobals, installBrowserGlobals } from './support/browserGlobals';

interface CompleteRequest {
  type: 'complete';
  queryId: string;
  kind: string;
  query: string;
}

/** The component is required at run time (see answerView.test.ts); this is the part the tests use. */
interface ComposerElement extends HTMLElement {
  readonly updateComplete: Promise<unknown>;
  models: ModelsAvailable | undefined;
  busy: boolean;
  disabled: boolean;
  showCompletion(queryId: string, items: readonly CompletionItem[]): void;
  prefill(text: string, capability: undefined, chips: readonly ChipView[] | undefined): void;
  snapshot(): { draft: string; chips: readonly ChipView[] };
}

describe('composer (jsdom)', function () {
  this.timeout(20_000);
  let env: BrowserGlobals;
  let composer: ComposerElement;
  let events: { type: string; detail: unknown }[];

  before(() => {
    env = installBrowserGlobals();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../../src/webview/chat/composer');
  });
  after(() => env.uninstall());

  beforeEach(async () => {
    composer = document.createElement('sb-composer') as ComposerElement;
    composer.models = { all: [{ id: 'fast', label: 'fast', provider: 'openai', local: false, usable: true }], byCapability: { understand: ['fast'], generate: [], review: [], plan: [] } };
    events = [];
    for (const type of ['sb-send', 'sb-stop', 'sb-composer-change']) composer.addEventListener(type, (e) => events.push({ type, detail: (e as CustomEvent).detail }));
    document.body.replaceChildren(composer);
    await composer.updateComplete;
    env.posted.length = 0;
  });

  const area = () => {
    const el = composer.shadowRoot?.querySelector('textarea');
    assert.ok(el, 'textarea rendered');
    return el;
  };

  async function type(text: string): Promise<void> {
    const el = area();
    el.value += text;
    el.setSelectionRange(el.value.length, el.value.length);
    el.dispatchEvent(new window.Event('input', { bubbles: true }));
    await composer.updateComplete;
  }

  async function key(name: string, init: KeyboardEventInit = {}): Promise<KeyboardEvent> {
    const event = new window.KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true, ...init });
    area().dispatchEvent(event);
    await composer.updateComplete;
    return event;
  }

  it('sends on Enter and clears the draft; Shift+Enter is left to the textarea as a new line', async () => {
    await type('line one');
    const shifted = await key('Enter', { shiftKey: true });
    assert.equal(shifted.defaultPrevented, false);
    assert.equal(events.filter((e) => e.type === 'sb-send').length, 0);
    const enter = await key('Enter');
    assert.equal(enter.defaultPrevented, true);
    const sends = events.filter((e) => e.type === 'sb-send');
    assert.deepEqual(sends[0]?.detail, { text: 'line one', capability: 'auto', chips: [] });
    assert.equal(area().value, '');
  });

  it('does not send an empty or whitespace draft, nor while busy', async () => {
    await type('   ');
    await key('Enter');
    composer.busy = true;
    await composer.updateComplete;
    await type('real text');
    await key('Enter');
    assert.equal(events.filter((e) => e.type === 'sb-send').length, 0);
  });

  it('stops on Escape while busy', async () => {
    composer.busy = true;
    await composer.updateComplete;
    await key('Escape');
    assert.equal(events.filter((e) => e.type === 'sb-stop').length, 1);
  });

  it('asks the host for @file: completions and turns the chosen item into a chip', async () => {
    await type('Explain @file:pars');
    // The composer waits for a pause in typing before it asks: wait for the request itself.
    const request = await eventually(
      () => env.posted.find((m): m is CompleteRequest => (m as { type: string }).type === 'complete'),
      (m): m is CompleteRequest => m !== undefined,
      'a completion request to be posted',
      { ms: 5_000, intervalMs: 10 },
    );
    assert.equal(request.kind, 'file');
    assert.equal(request.query, 'pars');
    composer.showCompletion('stale-query', [{ kind: 'file', label: 'wrong.ts', path: 'wrong.ts' }]);
    composer.showCompletion(request.queryId, [
      { kind: 'file', label: 'src/a/parse.ts', path: 'src/a/parse.ts' },
      { kind: 'file', label: 'src/b/parser.ts', path: 'src/b/parser.ts' },
    ]);
    await composer.updateComplete;
    const options = composer.shadowRoot?.querySelectorAll('[role="option"]') ?? [];
    assert.equal(options.length, 2, 'the stale answer was ignored');
    assert.equal(area().getAttribute('aria-expanded'), 'true');
    await key('ArrowDown');
    assert.equal(area().getAttribute('aria-activedescendant'), 'mention-1');
    await key('Enter');
    assert.equal(events.filter((e) => e.type === 'sb-send').length, 0, 'Enter picked the item instead of sending');
    assert.equal(area().value, 'Explain ');
    assert.deepEqual(composer.snapshot().chips, [{ kind: 'file', path: 'src/b/parser.ts', label: 'src/b/parser.ts' }]);
    await type('this');
    await key('Enter');
    const send = events.find((e) => e.type === 'sb-send');
    assert.deepEqual(send?.detail, { text: 'Explain this', capability: 'auto', chips: [{ kind: 'file', path: 'src/b/parser.ts' }] });
  });

  it('offers a remove button per chip, labelled for screen readers', async () => {
    composer.prefill('Review this', undefined, [{ kind: 'selection', label: 'Selection a.ts:1-4' }]);
    await composer.updateComplete;
    const remove = composer.shadowRoot?.querySelector('button[aria-label="Remove Selection a.ts:1-4 from the context"]') as HTMLButtonElement | null;
    assert.ok(remove);
    remove.click();
    await composer.updateComplete;
    assert.deepEqual(composer.snapshot().chips, []);
    assert.equal(composer.snapshot().draft, 'Review this');
  });
});
