/**
 * Where an arrow, Home or End key moves the one Tab stop of a composite (a toolbar, the message
 * list): the index to focus next, or undefined when the key is not one of them. It stops at the
 * ends rather than wrapping, as VS Code's own lists and toolbars do.
 */
export type RovingAxis = 'vertical' | 'horizontal';

const STEP: Readonly<Record<RovingAxis, Readonly<Record<string, -1 | 1>>>> = {
  vertical: { ArrowUp: -1, ArrowDown: 1 },
  horizontal: { ArrowLeft: -1, ArrowRight: 1 },
};

export function rovingTarget(key: string, current: number, count: number, axis: RovingAxis): number | undefined {
  if (count === 0) return undefined;
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  const step = STEP[axis][key];
  if (step === undefined) return undefined;
  return Math.min(count - 1, Math.max(0, current + step));
}

/**
 * Makes `container`'s `items` one Tab stop moved by arrow keys (the WAI-ARIA roving tabindex):
 * the item last focused keeps tabindex 0, the others -1. For plain DOM built by hand (the code
 * bar); lit views bind the tabindex in their templates instead.
 */
export function rovingToolbar(container: HTMLElement, items: readonly HTMLElement[]): void {
  const stopAt = (index: number): void => items.forEach((item, i) => (item.tabIndex = i === index ? 0 : -1));
  stopAt(0);
  container.addEventListener('focusin', (event) => {
    const index = items.indexOf(event.target as HTMLElement);
    if (index >= 0) stopAt(index);
  });
  container.addEventListener('keydown', (event) => {
    const current = items.indexOf(event.target as HTMLElement);
    if (current < 0) return;
    const next = rovingTarget(event.key, current, items.length, 'horizontal');
    if (next === undefined) return;
    event.preventDefault();
    stopAt(next);
    items[next]?.focus();
  });
}
