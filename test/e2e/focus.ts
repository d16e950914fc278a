// Where keyboard focus is, as a keyboard user would need to know it: the focused element inside a
// webview frame, looked up through the shadow roots, with the message of the conversation that
// holds it; and the keys a person presses to move it.
import type { Frame, Page } from 'playwright-core';
import { eventually } from '../support/eventually';

export interface FocusAt {
  /** The frame's document has focus (the webview, not the workbench around it, gets the keys). */
  readonly inFrame: boolean;
  readonly tag: string;
  /** aria-label, else label, else the visible text (first 60 characters). */
  readonly name: string;
  readonly role: string;
  /** The shadow hosts on the way down, outermost first (e.g. sb-chat-app, sb-message-list, sb-answer). */
  readonly hosts: readonly string[];
  /** Index of the conversation's message that holds focus (-1: none), its name, and whether the message itself is focused. */
  readonly message: number;
  readonly messageName: string;
  readonly onMessage: boolean;
  /** The focused element sits in a role="toolbar". */
  readonly inToolbar: boolean;
}

export function focusIn(frame: Frame): Promise<FocusAt> {
  return frame.evaluate(() => {
    let el: Element | null = document.activeElement;
    const chain: Element[] = [];
    while (el) {
      chain.push(el);
      const inner: Element | null = el.shadowRoot?.activeElement ?? null;
      if (!inner) break;
      el = inner;
    }
    const last = chain.at(-1);
    const article = chain.find((e) => e.getAttribute('role') === 'article' && e.parentElement?.getAttribute('role') === 'log');
    const messages = article ? Array.from(article.parentElement?.children ?? []).filter((c) => c.getAttribute('role') === 'article') : [];
    const name = last?.getAttribute('aria-label') ?? last?.getAttribute('label') ?? (last?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);
    return {
      inFrame: document.hasFocus(),
      tag: last?.tagName.toLowerCase() ?? '',
      name,
      role: last?.getAttribute('role') ?? '',
      hosts: chain.slice(0, -1).map((e) => e.tagName.toLowerCase()),
      message: article ? messages.indexOf(article) : -1,
      messageName: article?.getAttribute('aria-label') ?? '',
      onMessage: article !== undefined && article === last,
      inToolbar: Boolean(last?.closest('[role="toolbar"]')),
    };
  });
}

export const describeFocus = (f: FocusAt): string =>
  `${f.tag}${f.role ? `[role=${f.role}]` : ''} "${f.name}"${f.message >= 0 ? ` in message ${f.message} (${f.messageName})` : ''}${f.inFrame ? '' : ' (frame not focused)'}`;

/**
 * Presses `key` until focus satisfies `wanted`, at most `max` times; returns the places focus went
 * through (the last one wanted). Fails with that path when focus never gets there: a trap or a gap.
 */
export async function pressUntil(page: Page, frame: Frame, key: string, wanted: (f: FocusAt) => boolean, max: number, what: string): Promise<FocusAt[]> {
  const path: FocusAt[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const at = await focusIn(frame);
    path.push(at);
    if (wanted(at)) return path;
  }
  throw new Error(`${key} ×${max} never reached ${what}; focus went:\n  ${path.map(describeFocus).join('\n  ')}`);
}

/** Waits until focus satisfies `wanted` (after a key whose effect comes from the host, e.g. Escape on a pick). */
export function focusBecomes(frame: Frame, wanted: (f: FocusAt) => boolean, what: string, ms = 15_000): Promise<FocusAt> {
  return eventually(() => focusIn(frame), wanted, what, { ms, intervalMs: 100, show: describeFocus });
}

/** Runs a command from the palette by keyboard only: F1, its title typed, the row moved to with arrows, Enter. */
export async function commandByKeyboard(page: Page, title: string, attempt = 1): Promise<void> {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: title });
  await eventually(
    async () => {
      await page.keyboard.press('F1');
      // An editor taking focus just then (a diff that is opening) closes the palette: press F1 again,
      // as a person would (CI, session 11: the palette never showed and the test waited out its 30 s).
      if (!(await input.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false))) return false;
      await page.keyboard.type(`${title}`, { delay: 0 });
      const listed = await row.first().waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false);
      if (!listed) await page.keyboard.press('Escape');
      return listed;
    },
    (listed) => listed,
    `the command palette to list "${title}"`,
    { ms: 60_000, intervalMs: 500, show: () => 'not listed' },
  );
  const focusedRow = page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused');
  for (let i = 0; i < 10 && !((await focusedRow.innerText().catch(() => '')).includes(title)); i++) await page.keyboard.press('ArrowDown');
  // A view taking focus just then (the chat after New Chat) closes the palette: Enter would go to it
  // (CI, session 21: "on Chat View" was sent to the chat as a question). Start again instead.
  if (!(await input.isVisible()) && attempt < 3) return commandByKeyboard(page, title, attempt + 1);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}
