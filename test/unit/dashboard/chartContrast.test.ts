import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { contrastRatio, ensureContrast } from '../../../src/webview/shared/color';
import { barPaint, chartPalette, isRepeatColor, type ChartTheme } from '../../../src/webview/dashboard/theme';
import { PALETTE_LIGHTER } from '../../../src/webview/dashboard/chartSpecs';

/**
 * The colours axe cannot check (canvas marks, a ring that shows only on focus), with the values of
 * VS Code 1.100's Modern themes (theme-defaults dark_modern.json / light_modern.json and the
 * workbench's default chart colours).
 */
const MODERN = {
  'Dark Modern': {
    charts: ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'],
    backgrounds: { editor: '#1f1f1f', editorWidget: '#202020' },
    vars: { '--vscode-button-background': '#0078d4', '--vscode-button-foreground': '#ffffff', '--vscode-focusBorder': '#0078d4', '--vscode-editor-background': '#1f1f1f' },
  },
  'Light Modern': {
    charts: ['#1a85ff', '#d18616', '#388a34', '#652d90', '#e51400', '#bf8803'],
    backgrounds: { editor: '#ffffff', editorWidget: '#f8f8f8' },
    vars: { '--vscode-button-background': '#005fb8', '--vscode-button-foreground': '#ffffff', '--vscode-focusBorder': '#005fb8', '--vscode-editor-background': '#ffffff' },
  },
} as const;

describe('chart and focus colours in the Modern themes', () => {
  it('measures contrast as WCAG does', () => {
    assert.equal(Math.round((contrastRatio('#000000', '#ffffff') ?? 0) * 10) / 10, 21);
    assert.equal(Math.round((contrastRatio('#098658', '#f8f8f8') ?? 0) * 100) / 100, 4.33);
    assert.equal(contrastRatio('var(--x)', '#fff'), undefined);
  });

  for (const [name, theme] of Object.entries(MODERN)) {
    it(`gives every series at least 3:1 against ${name}'s chart and editor backgrounds`, () => {
      for (const background of Object.values(theme.backgrounds)) {
        const palette = chartPalette(theme.charts, background);
        assert.equal(palette.length, 12);
        palette.forEach((color, i) => {
          const ratio = contrastRatio(color, background) ?? 0;
          assert.ok(ratio >= 3, `${name}: series ${i} ${color} is ${ratio.toFixed(2)}:1 on ${background}`);
        });
        // Raised colours keep what passed already.
        theme.charts.forEach((c, i) => {
          if ((contrastRatio(c, background) ?? 0) >= 3) assert.equal(palette[i], c);
        });
      }
    });
  }

  it('raises a colour only as far as needed, towards black on light and white on dark', () => {
    const raised = ensureContrast('#d18616', '#f8f8f8', 3);
    const ratio = contrastRatio(raised, '#f8f8f8') ?? 0;
    assert.ok(ratio >= 3 && ratio < 3.6, `${raised}: ${ratio}`);
    assert.ok((contrastRatio(ensureContrast('#0e4c92', '#202020', 3), '#202020') ?? 0) >= 3);
  });

  it('marks a repeated colour (p95 beside p50, a seventh model) for its second cue', () => {
    assert.equal(isRepeatColor(0), false);
    assert.equal(isRepeatColor(5), false);
    assert.equal(isRepeatColor(6), true);
    assert.equal(isRepeatColor(12), false);
  });

  it('outlines a repeated colour’s bars, so a p95 bar beside its p50 reads as a second bar (it read as one wide bar)', () => {
    const theme: ChartTheme = { foreground: '#cccccc', muted: '#999999', grid: '#555555', background: '#1f1f1f', font: '12px sans-serif', palette: chartPalette(['#3794ff', '#f14c4c', '#89d185', '#cca700', '#b180d7', '#d18616'], '#1f1f1f'), highContrast: false };
    const p50 = barPaint(theme, 0);
    const p95 = barPaint(theme, PALETTE_LIGHTER);
    assert.deepEqual(p50, { fill: theme.palette[0], stroke: theme.palette[0], width: 0 });
    assert.deepEqual(p95, { fill: theme.background, stroke: theme.palette[0], width: 2 }, 'the same hue, outlined on the card');
    assert.notEqual(p95.fill, p50.fill);
  });

  it('draws the range control’s focus ring in a colour that differs from the selected fill, at 3:1 in both themes', () => {
    // Read from the source, not imported: loading lit outside the jsdom window here would bind the
    // webview components that later suites load to Node's DOM shim instead.
    const source = readFileSync(path.join(__dirname, '../../../src/webview/dashboard/styles.ts'), 'utf8');
    const text = (/export const rangeStyles = css`([^`]*)`/.exec(source)?.[1] ?? '').replace(/\s+/g, ' ');
    const fill = /label\.checked \{[^}]*background: var\((--vscode-[\w-]+)\)/.exec(text)?.[1];
    const ringOnFill = /label\.checked:has\(input:focus-visible\) \{[^}]*outline-color: var\((--vscode-[\w-]+)\)/.exec(text)?.[1];
    const ring = /label:has\(input:focus-visible\) \{[^}]*outline: \d+px solid var\((--vscode-[\w-]+)\)/.exec(text)?.[1];
    assert.ok(fill && ringOnFill && ring, text);
    for (const [name, theme] of Object.entries(MODERN)) {
      const vars: Record<string, string> = theme.vars;
      const fillColor = vars[fill] ?? '';
      const onFill = contrastRatio(vars[ringOnFill] ?? '', fillColor) ?? 0;
      assert.ok(onFill >= 3, `${name}: the ring on the selected segment is ${onFill.toFixed(2)}:1 against its fill`);
      const onPage = contrastRatio(vars[ring] ?? '', vars['--vscode-editor-background'] ?? '') ?? 0;
      assert.ok(onPage >= 3, `${name}: the ring on an unselected segment is ${onPage.toFixed(2)}:1`);
    }
  });
});
