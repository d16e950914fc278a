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

/**
 * Whether the list keeps following the newest text after a scroll event. Only the person moves the
 * view up: growing content leaves scrollTop where it is and the list's own scrolling only raises
 * it, so a scrollTop below the one last seen is the person scrolling up, and the list stops
 * following. Back at the bottom it follows again. A scroll event is delivered a frame late, when
 * more text may have arrived: reading "not at the bottom" then must not count as scrolling away.
 */
export function followAfterScroll(following: boolean, lastTop: number, m: ScrollMetrics): boolean {
  if (atBottom(m)) return true;
  if (m.scrollTop < lastTop) return false;
  return following;
}
