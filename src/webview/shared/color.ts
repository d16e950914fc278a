/** Colour arithmetic for the canvas (pure, so plain Node tests cover it). */

/** `#rgb`, `#rrggbb` or `#rrggbbaa` with a new alpha; other colour syntaxes are returned as they are. */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(color.trim())?.[1];
  if (!hex) return color;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex.slice(0, 6);
  const [r, g, b] = [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16));
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

type Rgb = readonly [number, number, number];

/** `#rgb`, `#rrggbb`, `#rrggbbaa` (alpha ignored) or `rgb()`/`rgba()`; undefined for anything else. */
export function parseColor(color: string): Rgb | undefined {
  const text = color.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(text)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex.slice(0, 6);
    return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as unknown as Rgb;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(text);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : undefined;
}

function luminance([r, g, b]: Rgb): number {
  const channel = (v: number) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio of two colours (1 to 21); undefined when either cannot be read. */
export function contrastRatio(a: string, b: string): number | undefined {
  const x = parseColor(a);
  const y = parseColor(b);
  if (!x || !y) return undefined;
  const [hi, lo] = [luminance(x), luminance(y)].sort((m, n) => n - m) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const toHex = (rgb: Rgb) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/**
 * `color`, darkened (on a light background) or lightened (on a dark one) just enough to reach
 * `ratio` against `background`, keeping its hue: WCAG 1.4.11 asks 3:1 of the marks in a chart.
 * Colours that cannot be read are returned as they are.
 */
export function ensureContrast(color: string, background: string, ratio: number): string {
  const fg = parseColor(color);
  const bg = parseColor(background);
  if (!fg || !bg || (contrastRatio(color, background) ?? 0) >= ratio) return color;
  const target: Rgb = luminance(bg) > 0.18 ? [0, 0, 0] : [255, 255, 255];
  for (let step = 1; step <= 20; step++) {
    const t = step / 20;
    const mixed = toHex(fg.map((v, i) => v + (target[i]! - v) * t) as unknown as Rgb);
    if ((contrastRatio(mixed, background) ?? 0) >= ratio) return mixed;
  }
  return toHex(target);
}

/** The alpha of `#rgb`, `#rrggbb`, `#rrggbbaa` or `rgb()`/`rgba()` (1 when it has none); undefined for other syntaxes. */
function alphaOf(color: string): number | undefined {
  const text = color.trim();
  const hex = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})([0-9a-f]{2})?$/i.exec(text);
  if (hex) return hex[1] ? Number.parseInt(hex[1], 16) / 255 : 1;
  if (!/^rgba?\(/i.test(text)) return undefined;
  const fourth = text.replace(/^rgba?\(|\)$/gi, '').split(/[\s,/]+/).filter(Boolean)[3];
  if (fourth === undefined) return 1;
  return fourth.endsWith('%') ? Number.parseFloat(fourth) / 100 : Number.parseFloat(fourth);
}

/**
 * The opaque colour a translucent `color` shows over `background` (VS Code gives many borders and
 * lines as `#rrggbbaa`; their contrast is that of what is seen). Undefined when either cannot be read.
 */
export function flatten(color: string, background: string): string | undefined {
  const fg = parseColor(color);
  const bg = parseColor(background);
  const alpha = alphaOf(color);
  if (!fg || !bg || alpha === undefined) return undefined;
  return toHex(fg.map((v, i) => v * alpha + bg[i]! * (1 - alpha)) as unknown as Rgb);
}

/**
 * `color` flattened over the first background and raised until it stands `ratio` apart from every
 * one of `backgrounds` (all light or all dark, as a control's fill and the page around it are).
 * Undefined when the colour cannot be read (a `transparent` border stays the theme's choice).
 */
export function ensureContrastAll(color: string, backgrounds: readonly string[], ratio: number): string | undefined {
  const [first] = backgrounds;
  if (first === undefined) return undefined;
  let result = flatten(color, first);
  if (result === undefined) return undefined;
  for (const background of backgrounds) result = ensureContrast(result, background, ratio);
  return result;
}
