import { ensureContrast, ensureContrastAll } from '../shared/color';

/**
 * Chart colours from the VS Code theme. Canvas cannot use CSS variables, so the computed values
 * are read at runtime and read again when the theme changes: VS Code switches the body class
 * (`vscode-light`, `vscode-dark`, `vscode-high-contrast`, `vscode-high-contrast-light`) and
 * rewrites the variables on <html>'s style.
 */
export interface ChartTheme {
  readonly foreground: string;
  readonly muted: string;
  readonly grid: string;
  readonly background: string;
  /** Canvas font shorthand for axis labels. */
  readonly font: string;
  /** Series colours, the theme's chart colours first, each at least 3:1 against the chart's background. */
  readonly palette: readonly string[];
  readonly highContrast: boolean;
}

/** VS Code's chart colours (the ones its own charts use), with the dark theme's values as fallbacks. */
const PALETTE: readonly (readonly [variable: string, fallback: string])[] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-yellow', '#cca700'],
];

export function readTheme(): ChartTheme {
  const root = getComputedStyle(document.documentElement);
  const body = getComputedStyle(document.body);
  const read = (name: string, fallback: string): string => root.getPropertyValue(name).trim() || body.getPropertyValue(name).trim() || fallback;
  const foreground = read('--vscode-charts-foreground', read('--vscode-foreground', body.color || '#cccccc'));
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const base = PALETTE.map(([name, fallback]) => read(name, fallback));
  // Charts sit on a widget-coloured card (chartView.ts); its colour is what the marks must stand out from.
  const background = read('--vscode-editorWidget-background', read('--vscode-editor-background', 'transparent'));
  const fontSize = Number.parseFloat(read('--vscode-font-size', '13px')) || 13;
  const family = read('--vscode-font-family', 'system-ui, sans-serif');
  return {
    foreground,
    muted: read('--vscode-descriptionForeground', foreground),
    // High-contrast themes draw edges in contrastBorder; elsewhere the charts' own line colour.
    grid: highContrast ? read('--vscode-contrastBorder', foreground) : gridColor(read('--vscode-charts-lines', 'rgba(128,128,128,0.35)'), background),
    background,
    font: `${Math.max(10, fontSize - 1)}px ${family}`,
    palette: chartPalette(base, background),
    highContrast,
  };
}

/**
 * Gridlines and ticks at 3:1 against the card (WCAG 1.4.11): the theme's charts.lines is its text
 * colour at half opacity, which Light Modern shows at 2.7:1.
 */
export function gridColor(lines: string, background: string): string {
  return ensureContrastAll(lines, [background], 3) ?? lines;
}

/**
 * The six theme colours, each raised to 3:1 against the background, then the same six again: past
 * six series the colours repeat and the second cue (a dashed line, an outlined swatch: see
 * `isRepeatColor`) tells them apart, rather than colours the theme lacks or lighter ones that fade.
 */
export function chartPalette(base: readonly string[], background: string): string[] {
  const readable = base.map((c) => ensureContrast(c, background, 3));
  return [...readable, ...readable];
}

/** Whether a palette index is a repeat of an earlier colour, drawn with the second cue. */
export function isRepeatColor(index: number, paletteSize = PALETTE.length * 2): boolean {
  return index % paletteSize >= PALETTE.length;
}

export function paletteColor(theme: ChartTheme, index: number): string {
  return theme.palette[index % theme.palette.length] ?? theme.foreground;
}

/**
 * How a bar of palette colour `index` is painted: filled, or for a repeated colour (the p95 beside
 * its p50, a seventh model) outlined on the card's background, as its legend swatch is. Filled with
 * the same colour, two series side by side read as one wide bar.
 */
export function barPaint(theme: ChartTheme, index: number): { readonly fill: string; readonly stroke: string; readonly width: number } {
  const color = paletteColor(theme, index);
  return isRepeatColor(index) ? { fill: theme.background, stroke: color, width: 2 } : { fill: color, stroke: color, width: 0 };
}

/** Calls `onChange` after the theme changes; returns the function that stops watching. */
export function watchTheme(onChange: () => void): () => void {
  let pending = false;
  const observer = new MutationObserver(() => {
    // The class and the variables change in separate mutations; read once after both.
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      onChange();
    });
  });
  observer.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
