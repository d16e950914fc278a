import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { contrastRatio, flatten } from '../../../src/webview/shared/color';
import { NON_TEXT_COLORS, raisedColors } from '../../../src/webview/shared/nonTextContrast';
import { gridColor } from '../../../src/webview/dashboard/theme';

/**
 * WCAG 1.4.11 (3:1 for what shows a control's edge, its focus and a chart's lines), measured with
 * VS Code 1.100's Modern theme values (theme-defaults dark_modern.json / light_modern.json; charts.lines
 * is the workbench default, the foreground at half opacity). The e2e reads the same in the real workbench.
 */
const MODERN = {
  'Dark Modern': {
    pages: { chat: '#181818', dashboard: '#1f1f1f' },
    card: '#202020',
    vars: {
      '--vscode-focusBorder': '#0078d4',
      '--vscode-input-border': '#3c3c3c',
      '--vscode-input-background': '#313131',
      '--vscode-dropdown-border': '#3c3c3c',
      '--vscode-dropdown-background': '#313131',
      '--vscode-settings-dropdownBorder': '#3c3c3c',
      '--vscode-settings-dropdownBackground': '#313131',
      '--vscode-checkbox-border': '#3c3c3c',
      '--vscode-checkbox-background': '#313131',
      '--vscode-charts-lines': '#cccccc80',
    } as Record<string, string>,
  },
  'Light Modern': {
    pages: { chat: '#f8f8f8', dashboard: '#ffffff' },
    card: '#f8f8f8',
    vars: {
      '--vscode-focusBorder': '#005fb8',
      '--vscode-input-border': '#cecece',
      '--vscode-input-background': '#ffffff',
      '--vscode-dropdown-border': '#cecece',
      '--vscode-dropdown-background': '#ffffff',
      '--vscode-settings-dropdownBorder': '#cecece',
      '--vscode-settings-dropdownBackground': '#ffffff',
      '--vscode-checkbox-border': '#cecece',
      '--vscode-checkbox-background': '#f8f8f8',
      '--vscode-charts-lines': '#3b3b3b80',
    } as Record<string, string>,
  },
} as const;

/** Focus rings drawn in a colour checked elsewhere: on the range control's selected fill (chartContrast.test.ts), or only in high-contrast themes. */
const RINGS_CHECKED_ELSEWHERE = new Set(['--vscode-button-foreground', '--vscode-contrastActiveBorder']);

function webviewSources(dir = path.join(__dirname, '../../../src/webview')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? webviewSources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [readFileSync(path.join(dir, e.name), 'utf8')] : []));
}

describe('non-text contrast of controls, focus rings and gridlines (WCAG 1.4.11)', () => {
  it('reads translucent colours as they show over their background', () => {
    assert.equal(flatten('#3b3b3b80', '#f8f8f8'), '#999999');
    assert.equal(flatten('rgba(0, 0, 0, 0.5)', '#ffffff'), '#808080');
    assert.equal(flatten('#cccccc', '#000000'), '#cccccc');
    assert.equal(flatten('transparent', '#ffffff'), undefined);
  });

  for (const [name, theme] of Object.entries(MODERN)) {
    for (const [view, page] of Object.entries(theme.pages)) {
      it(`gives input borders, dropdown and checkbox edges and the focus ring 3:1 in the ${view} (${name})`, () => {
        const raised = raisedColors((v) => theme.vars[v] ?? '', page);
        for (const { variable, against } of NON_TEXT_COLORS) {
          const shown = raised.get(variable) ?? theme.vars[variable] ?? '';
          for (const background of [page, ...against.map((v) => theme.vars[v] ?? '')]) {
            const ratio = contrastRatio(shown, background) ?? 0;
            assert.ok(ratio >= 3, `${name} ${view}: ${variable} shows ${shown}, ${ratio.toFixed(2)}:1 on ${background}`);
          }
          // Raised only as far as needed: the hue stays, the step past 3:1 is small.
          if (raised.has(variable)) assert.ok((contrastRatio(shown, page) ?? 0) < 4.5, `${variable} raised too far: ${shown}`);
        }
      });
    }

    it(`draws chart gridlines and ticks at 3:1 against the chart card (${name})`, () => {
      const lines = theme.vars['--vscode-charts-lines'] ?? '';
      const grid = gridColor(lines, theme.card);
      const ratio = contrastRatio(grid, theme.card) ?? 0;
      assert.ok(ratio >= 3, `${name}: gridlines ${grid} are ${ratio.toFixed(2)}:1 on ${theme.card}`);
    });
  }

  it('leaves colours that pass alone, and unreadable ones to the theme', () => {
    const raised = raisedColors((v) => ({ '--vscode-focusBorder': '#ffffff', '--vscode-input-border': 'transparent' })[v] ?? '', '#000000');
    assert.equal(raised.size, 0);
  });

  it('draws every focus ring of the webviews in a colour measured here or in the range control test', () => {
    const rings = new Set<string>();
    for (const source of webviewSources()) {
      for (const match of source.matchAll(/outline(?:-color)?:[^;`]*?var\((--vscode-[\w-]+)/g)) rings.add(match[1] ?? '');
    }
    const measured = new Set(NON_TEXT_COLORS.map((c) => c.variable));
    const unmeasured = [...rings].filter((v) => !measured.has(v) && !RINGS_CHECKED_ELSEWHERE.has(v));
    assert.deepEqual(unmeasured, []);
    assert.ok(rings.has('--vscode-focusBorder'));
  });

  it('draws the composer and edit boxes with the input border that is raised', () => {
    const borders = webviewSources().flatMap((s) => [...s.matchAll(/textarea[^{]*\{[^}]*border: 1px solid var\((--vscode-[\w-]+)/g)].map((m) => m[1]));
    assert.ok(borders.length > 0, 'the text boxes have a border');
    for (const b of borders) assert.equal(b, '--vscode-input-border');
  });
});
