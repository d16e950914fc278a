import { ensureContrastAll } from './color';

/**
 * WCAG 1.4.11 asks 3:1 of what shows a control's edge and its focus. The Modern themes give input
 * and dropdown borders about 1.5:1 against the side bar (#3c3c3c on #181818, #cecece on #f8f8f8),
 * and the focus ring 2.9:1 on Dark Modern's input fill. These theme colours are raised, keeping
 * their hue, just enough for 3:1 against the page and the control's own fill; colours that pass
 * already are left alone.
 */
export const NON_TEXT_COLORS: readonly { readonly variable: string; readonly against: readonly string[] }[] = [
  { variable: '--vscode-focusBorder', against: ['--vscode-input-background'] },
  { variable: '--vscode-input-border', against: ['--vscode-input-background'] },
  { variable: '--vscode-dropdown-border', against: ['--vscode-dropdown-background'] },
  { variable: '--vscode-settings-dropdownBorder', against: ['--vscode-settings-dropdownBackground'] },
  { variable: '--vscode-checkbox-border', against: ['--vscode-checkbox-background'] },
];

/**
 * The raised value of each variable that needs one: `read` gives the theme's value of a variable,
 * `page` the page's background. A variable that is unset or unreadable (transparent) is skipped.
 */
export function raisedColors(read: (variable: string) => string, page: string): Map<string, string> {
  const raised = new Map<string, string>();
  for (const { variable, against } of NON_TEXT_COLORS) {
    const value = read(variable);
    if (!value) continue;
    const backgrounds = [page, ...against.map(read).filter((c) => c !== '')];
    const next = ensureContrastAll(value, backgrounds, 3);
    if (next !== undefined && next.toLowerCase() !== value.toLowerCase()) raised.set(variable, next);
  }
  return raised;
}

/**
 * Sets the raised colours on <body>, where they override the theme's (VS Code writes its variables
 * on <html>) for every element and shadow root below, and again whenever the theme changes.
 */
export function keepNonTextContrast(): void {
  const apply = (): void => {
    const theme = getComputedStyle(document.documentElement);
    const page = getComputedStyle(document.body).backgroundColor;
    const raised = raisedColors((v) => theme.getPropertyValue(v).trim(), page);
    for (const { variable } of NON_TEXT_COLORS) {
      const value = raised.get(variable);
      if (value) document.body.style.setProperty(variable, value);
      else document.body.style.removeProperty(variable);
    }
  };
  apply();
  // Not <body>'s style: that is written here.
  const observer = new MutationObserver(apply);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
