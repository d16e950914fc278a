/** What the message list reads of its scroll position (the DOM properties of the same names). */
export interface ScrollMetrics {
  readonly scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
}

/** Within this distance of the end the list counts as at the bottom (a wheel notch is about 50 px). */
export const AT_BOTTOM_PX = 40;

export function atBottom(m: ScrollMetrics): boolean {
  return m.scrollHeight - m.scrollTop - m.clientHeight < AT_BOTTOM_PX;
}

/** How long after the person's wheel, touch, key or drag a scroll still counts as theirs (a smooth scroll lasts less). */
export const INTENT_MS = 1000;

/**
 * Whether the list keeps following the newest text after a scroll event. Only the person moves the
 * view up, and only by acting on it (wheel, touch, a key, the scrollbar): a scroll event with a
 * scrollTop below the one last seen, shortly after such an act, is the person scrolling up, and the
 * list stops following. Without one it is the browser: content that shrank and grew again before
 * the event was delivered (a task card as it ended: 15 px went, then its result came) left scrollTop
 * clamped lower than the list had set it, and reading that as the person scrolling away left the
 * result below the view. Back at the bottom it follows again. A scroll event is delivered a frame
 * late, when more text may have arrived: reading "not at the bottom" then must not count either.
 */
export function followAfterScroll(following: boolean, lastTop: number, m: ScrollMetrics, personActed: boolean): boolean {
  if (atBottom(m)) return true;
  if (personActed && m.scrollTop < lastTop) return false;
  return following;
}

/** Remembers when the person last acted on a scrolling element, so its scroll events can be told from the browser's. */
export class ScrollIntent {
  private until = Number.NEGATIVE_INFINITY;
  private dragging = false;

  /** A wheel turn, a touch move or a key in the list. */
  acted(timeStamp: number): void {
    this.until = timeStamp + INTENT_MS;
  }

  /** A press on the list (its scrollbar among it) starts a drag that lasts until the release. */
  pressed(): void {
    this.dragging = true;
  }

  released(timeStamp: number): void {
    if (!this.dragging) return;
    this.dragging = false;
    this.acted(timeStamp);
  }

  /** Whether a scroll event at `timeStamp` may be the person's doing. */
  isPersonAt(timeStamp: number): boolean {
    return this.dragging || timeStamp <= this.until;
  }
}
