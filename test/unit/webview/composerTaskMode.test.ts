import assert from 'node:assert/strict';
import type { TaskProfileOption } from '../../../src/protocol/chatProtocol';
import { type BrowserGlobals, installBrowserGlobals } from './support/browserGlobals';

interface ComposerElement extends HTMLElement {
  readonly updateComplete: Promise<unknown>;
  taskProfiles: readonly TaskProfileOption[];
  send(): void;
}

describe('composer mode picker (jsdom)', function () {
  this.timeout(20_000);
  let env: BrowserGlobals;
  let composer: ComposerElement;
  let sends: unknown[];

  before(() => {
    env = installBrowserGlobals();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../../src/webview/chat/composer');
  });
  after(() => env.uninstall());

  beforeEach(async () => {
    composer = document.createElement('sb-composer') as ComposerElement;
    sends = [];
    composer.addEventListener('sb-send', (e) => sends.push((e as CustomEvent).detail));
    document.body.replaceChildren(composer);
    await composer.updateComplete;
  });

  const shadow = () => {
    assert.ok(composer.shadowRoot);
    return composer.shadowRoot;
  };

  async function typeAndSend(text: string): Promise<void> {
    const area = shadow().querySelector('textarea');
    assert.ok(area);
    area.value = text;
    area.dispatchEvent(new window.Event('input', { bubbles: true }));
    await composer.updateComplete;
    composer.send();
    await composer.updateComplete;
  }

  /**
   * jsdom assigns no slots, so vscode-single-select never learns its options and keeps its value
   * empty; the choice is made as the element reports it, through its value and a change event.
   */
  async function choose(picker: HTMLElement, value: string): Promise<void> {
    Object.defineProperty(picker, 'value', { configurable: true, get: () => value, set: () => undefined });
    picker.dispatchEvent(new window.Event('change', { bubbles: true }));
    await composer.updateComplete;
  }

  it('offers no mode picker when the host offers no task profiles', () => {
    assert.equal(shadow().querySelector('vscode-single-select.mode'), null);
  });

  it('in Task mode sends with the chosen profile and hides the capability picker', async () => {
    composer.taskProfiles = [
      { id: 'implement', label: 'Implement', description: 'plan, generate, review, validate' },
      { id: 'fix', label: 'Fix' },
    ];
    await composer.updateComplete;
    const picker = shadow().querySelector<HTMLSelectElement>('vscode-single-select.mode');
    assert.ok(picker, 'mode picker shown');
    assert.match(picker.textContent ?? '', /Answer[\s\S]*Task: Implement[\s\S]*Task: Fix/);
    await choose(picker, 'implement');
    await composer.updateComplete;
    assert.equal(shadow().querySelector('vscode-single-select[label="Capability"]'), null, 'capability is the profile’s business in Task mode');
    await typeAndSend('add a discount code');
    assert.deepEqual(sends, [{ text: 'add a discount code', capability: 'auto', chips: [], taskProfileId: 'implement' }]);

    await choose(picker, '');
    await typeAndSend('explain this');
    assert.deepEqual(sends[1], { text: 'explain this', capability: 'auto', chips: [] }, 'Answer mode sends as before');
  });
});
