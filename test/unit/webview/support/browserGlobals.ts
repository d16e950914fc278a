import { JSDOM } from 'jsdom';

export interface BrowserGlobals {
  readonly dom: JSDOM;
  /** Messages the webview posted through the stubbed acquireVsCodeApi (cleared on install). */
  readonly posted: unknown[];
  /** The stubbed webview state store. */
  readonly viewState: { current: unknown };
  /** Runs queued animation frames now (no timing luck). */
  flushFrames(): void;
  /** Tells every ResizeObserver that what it observes changed size (jsdom has no layout to notice). */
  resize(): void;
  /** Removes the globals again so other suites see plain Node. */
  uninstall(): void;
}

interface Shared {
  readonly dom: JSDOM;
  readonly posted: unknown[];
  readonly viewState: { current: unknown };
  readonly frames: Map<number, FrameRequestCallback>;
  readonly observers: Set<StubResizeObserver>;
  readonly globals: Map<string, unknown>;
}

/** Stands in for ResizeObserver: records what it observes, and calls back when a test says so. */
class StubResizeObserver {
  readonly targets = new Set<Element>();
  constructor(
    private readonly callback: (entries: unknown[], observer: unknown) => void,
    private readonly registry: Set<StubResizeObserver>,
  ) {}
  observe(target: Element): void {
    this.targets.add(target);
    this.registry.add(this);
  }
  unobserve(target: Element): void {
    this.targets.delete(target);
  }
  disconnect(): void {
    this.targets.clear();
    this.registry.delete(this);
  }
  fire(): void {
    if (this.targets.size > 0) this.callback([...this.targets].map((target) => ({ target })), this);
  }
}

let shared: Shared | undefined;

/**
 * One jsdom window for every component suite: the components' modules (lit, custom element
 * classes) bind to the window they were first loaded in, so the window outlives each suite and only
 * its globals come and go.
 */
function createShared(): Shared {
  const dom = new JSDOM('<!DOCTYPE html><html><body></body></html>', { url: 'https://webview.invalid/', pretendToBeVisual: true });
  const win = dom.window as unknown as Record<string, unknown>;
  const globals = new Map<string, unknown>();
  for (const key of Object.getOwnPropertyNames(win)) {
    if (key in globalThis || key.startsWith('_')) continue;
    globals.set(key, win[key]);
  }
  // Node has its own Event classes; DOM nodes only accept jsdom's, so these are swapped in too.
  for (const key of ['Event', 'CustomEvent', 'EventTarget', 'MessageEvent', 'navigator']) globals.set(key, win[key]);
  globals.set('window', win);

  // jsdom's ElementInternals has no form participation; vscode-elements' form controls call it.
  const internals = (win.ElementInternals as { prototype: Record<string, unknown> } | undefined)?.prototype;
  if (internals) {
    for (const name of ['setFormValue', 'setValidity']) if (typeof internals[name] !== 'function') internals[name] = () => undefined;
    for (const name of ['checkValidity', 'reportValidity']) if (typeof internals[name] !== 'function') internals[name] = () => true;
  }
  // jsdom has no innerText (it depends on layout); vscode-elements reads option labels with it.
  const htmlElement = (win.HTMLElement as { prototype: object }).prototype;
  if (!('innerText' in htmlElement)) {
    Object.defineProperty(htmlElement, 'innerText', {
      configurable: true,
      get(this: { textContent: string | null }) {
        return this.textContent ?? '';
      },
      set(this: { textContent: string | null }, value: string) {
        this.textContent = value;
      },
    });
  }
  const element = (win.Element as { prototype: Record<string, unknown> }).prototype;
  if (typeof element.scrollIntoView !== 'function') element.scrollIntoView = () => undefined;
  // jsdom has no layout, hence no ResizeObserver; vscode-elements' popups and the message list
  // observe sizes, and tests fire the observers themselves (resize()).
  const observers = new Set<StubResizeObserver>();
  if (!('ResizeObserver' in win)) {
    globals.set(
      'ResizeObserver',
      class extends StubResizeObserver {
        constructor(callback: (entries: unknown[], observer: unknown) => void) {
          super(callback, observers);
        }
      },
    );
  }

  const frames = new Map<number, FrameRequestCallback>();
  let nextFrame = 1;
  globals.set('requestAnimationFrame', (cb: FrameRequestCallback) => {
    frames.set(nextFrame, cb);
    return nextFrame++;
  });
  globals.set('cancelAnimationFrame', (id: number) => frames.delete(id));

  const posted: unknown[] = [];
  const viewState = { current: undefined as unknown };
  globals.set('acquireVsCodeApi', () => ({
    postMessage: (m: unknown) => posted.push(m),
    getState: () => viewState.current,
    setState: (s: unknown) => (viewState.current = s),
  }));
  return { dom, posted, viewState, frames, observers, globals };
}

/**
 * Makes the shared jsdom window the global environment so lit components can be required in Node,
 * with a stubbed `acquireVsCodeApi` and a manual animation-frame queue. Require the components only
 * after installing, and uninstall in `after`.
 */
export function installBrowserGlobals(): BrowserGlobals {
  shared ??= createShared();
  const s = shared;
  const g = globalThis as Record<string, unknown>;
  const previous = new Map<string, PropertyDescriptor | undefined>();
  for (const [key, value] of s.globals) {
    previous.set(key, Object.getOwnPropertyDescriptor(g, key));
    Object.defineProperty(g, key, { value, configurable: true, writable: true });
  }
  s.posted.length = 0;
  s.viewState.current = undefined;
  s.frames.clear();
  s.observers.clear();
  s.dom.window.document.body.replaceChildren();
  return {
    dom: s.dom,
    posted: s.posted,
    viewState: s.viewState,
    flushFrames() {
      const due = [...s.frames.values()];
      s.frames.clear();
      for (const cb of due) cb(0);
    },
    resize() {
      for (const observer of [...s.observers]) observer.fire();
    },
    uninstall() {
      s.dom.window.document.body.replaceChildren();
      for (const [key, descriptor] of previous) {
        if (descriptor) Object.defineProperty(g, key, descriptor);
        else delete g[key];
      }
    },
  };
}
