// What a screen reader would be told while the chat works, read in the real webview frame: a
// MutationObserver injected into the frame's page (and every shadow root in it, those that appear
// later too) keeps the DOM changes that fall inside a live region.
//
// What counts as an announcement, as Chromium decides it:
// - a change belongs to the nearest element, up through shadow roots, with aria-live or a live role
//   (log and status: polite; alert: assertive; marquee and timer: off); aria-live="off" there, or no
//   such element, means nothing is said;
// - the change adds a node with text, or changes a text node to non-empty text (the default
//   aria-relevant, "additions text"); removals and attribute changes are not read;
// - it is said unless that live region's own element is aria-busy="true" at the time. Chromium
//   honours aria-busy only there, not on an element inside the region (issue 17 item 1: an answer
//   marking itself busy inside an aria-live log was read chunk by chunk), so a busy element inside
//   a live region does not silence it;
// - the changes to one region that one observer callback delivers (one task's DOM work, which the
//   accessibility tree takes in one update) are one announcement, with the region's text after them.
import type { Frame } from 'playwright-core';

export interface Announcement {
  /** The live region's element: tag, role and aria-live. */
  readonly region: string;
  readonly text: string;
}

export interface LiveRegionLog {
  readonly announcements: readonly Announcement[];
  /** The counted mutation records behind those announcements. */
  readonly records: number;
  /** Observer callbacks that changed the text of a message in the conversation (a silent log): the answer's visible steps. */
  readonly conversationSteps: number;
}

// Plain JavaScript, evaluated as a string: a function handed to evaluate() would carry the test
// compiler's helpers (keepNames' __name) into a page that lacks them.
const WATCH = `(() => {
  const LIVE = { log: 'polite', status: 'polite', alert: 'assertive', marquee: 'off', timer: 'off' };
  const parentOf = (node) => (node.parentNode instanceof ShadowRoot ? node.parentNode.host : node.parentNode);
  const regionOf = (node) => {
    for (let n = node; n; n = parentOf(n)) {
      if (!(n instanceof Element)) continue;
      const politeness = n.getAttribute('aria-live') ?? LIVE[n.getAttribute('role') ?? ''];
      if (politeness !== undefined) return { element: n, off: politeness === 'off' };
    }
    return undefined;
  };
  const hasText = (node) => (node.textContent ?? '').trim() !== '';
  const log = { announcements: [], records: 0, conversationSteps: 0 };
  const observed = new Set();
  window.__switchboardLiveRegionsObserver?.disconnect();
  const observer = new MutationObserver((records) => {
    const batch = new Map();
    let conversation = false;
    for (const record of records) {
      for (const added of record.addedNodes) watchShadows(added);
      const region = regionOf(record.target);
      if (!region) continue;
      if (region.off) {
        if (region.element.getAttribute('role') === 'log' && record.type !== 'attributes') conversation = true;
        continue;
      }
      const said = record.type === 'characterData' ? hasText(record.target) : record.type === 'childList' && [...record.addedNodes].some(hasText);
      if (!said || region.element.getAttribute('aria-busy') === 'true') continue;
      log.records++;
      batch.set(region.element, true);
    }
    if (conversation) log.conversationSteps++;
    for (const element of batch.keys()) {
      const name = element.tagName.toLowerCase() + '[role=' + (element.getAttribute('role') ?? '') + '][aria-live=' + (element.getAttribute('aria-live') ?? '') + ']';
      log.announcements.push({ region: name, text: (element.textContent ?? '').replace(/\\s+/g, ' ').trim() });
    }
  });
  const watchShadows = (node) => {
    if (!(node instanceof Element)) return;
    for (const el of [node, ...node.querySelectorAll('*')]) {
      const shadow = el.shadowRoot;
      if (shadow && !observed.has(shadow)) {
        observed.add(shadow);
        observer.observe(shadow, { childList: true, subtree: true, characterData: true, attributes: true });
        for (const child of shadow.children) watchShadows(child);
      }
    }
  };
  observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  watchShadows(document.documentElement);
  window.__switchboardLiveRegions = log;
  window.__switchboardLiveRegionsObserver = observer;
})()`;

/** Starts counting in `frame` (again from zero when called again). */
export async function watchLiveRegions(frame: Frame): Promise<void> {
  await frame.evaluate(WATCH);
}

export async function liveRegionLog(frame: Frame): Promise<LiveRegionLog> {
  return (await frame.evaluate('JSON.parse(JSON.stringify(window.__switchboardLiveRegions))')) as LiveRegionLog;
}
