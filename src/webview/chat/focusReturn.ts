/**
 * The control that opened something outside the view (a quick pick, an input box, a diff, the
 * task's preview), so that focus can go back to it when the person cancels with Escape (VS Code
 * gives focus back to the editor, not to the webview button: issue 17 item 6) or comes back to the
 * view. Used once.
 */
let opener: WeakRef<HTMLElement> | undefined;

/** The focused element, looked up through shadow roots (document.activeElement stops at the first host). */
export function deepActiveElement(root: Document | ShadowRoot = document): HTMLElement | undefined {
  let active = root.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : undefined;
}

export function rememberOpener(): void {
  const active = deepActiveElement();
  opener = active ? new WeakRef(active) : undefined;
}

/** Focuses the remembered opener; false when there is none or it left the page (the welcome gave way to the chat). */
export function returnFocus(): boolean {
  const target = opener?.deref();
  opener = undefined;
  if (!target?.isConnected) return false;
  target.focus();
  return true;
}
