import assert from 'node:assert/strict';
import { fitAxisLabels, shorten } from '../../../src/webview/dashboard/axisLabels';

/** A monospace font 7 px per character: widths the test can reason about. */
const measure = (text: string): number => Array.from(text).length * 7;
const GAP = 8;

/** The drawn boxes of the labels, as the chart places them: centred in their slot of width / n. */
function boxes(labels: readonly string[], width: number, fit: { indexes: readonly number[]; texts: readonly string[] }) {
  const slot = width / labels.length;
  return fit.indexes.map((i, k) => {
    const centre = (i + 0.5) * slot;
    const half = measure(fit.texts[k] ?? '') / 2;
    return { left: centre - half, right: centre + half };
  });
}

function assertNoOverlap(labels: readonly string[], width: number, fit: { indexes: readonly number[]; texts: readonly string[] }): void {
  const b = boxes(labels, width, fit);
  for (let k = 1; k < b.length; k++) {
    assert.ok((b[k]?.left ?? 0) - (b[k - 1]?.right ?? 0) >= GAP - 1e-9, `labels ${k - 1} and ${k} overlap: ${JSON.stringify(fit)}`);
  }
}

const MODELS = ['gpt-4o-mini-2024-07-18', 'claude-sonnet-4-5-20250929', 'qwen2.5-coder:32b-instruct', 'llama-3.3-70b-versatile', 'deepseek-reasoner', 'gemini-2.5-pro'];

describe('x-axis labels (issue 14 item 22: the latency chart overlapped its labels with several models)', () => {
  it('keeps every label whole when they fit', () => {
    const labels = ['fast', 'strong', 'local'];
    assert.deepEqual(fitAxisLabels(labels, 600, measure, { axis: 'categories', gapPx: GAP }), { indexes: [0, 1, 2], texts: labels });
  });

  it('keeps one label per model, shortened to its slot, when whole ones would overlap', () => {
    const width = 600; // six slots of 100 px; the ids are 119–182 px wide
    const naive = { indexes: MODELS.map((_, i) => i), texts: MODELS };
    assert.throws(() => assertNoOverlap(MODELS, width, naive), /overlap/, 'precondition: drawn whole, they overlap');
    const fit = fitAxisLabels(MODELS, width, measure, { axis: 'categories', gapPx: GAP });
    assert.deepEqual(fit.indexes, [0, 1, 2, 3, 4, 5], 'every model keeps its label');
    assert.ok(fit.texts.every((t, i) => t.endsWith('…') && (MODELS[i] ?? '').startsWith(t.slice(0, -1))), JSON.stringify(fit.texts));
    assertNoOverlap(MODELS, width, fit);
  });

  it('thins the labels when a shortened one would say nothing, never overlapping at any width', () => {
    for (let width = 40; width <= 1400; width += 7) {
      for (const axis of ['categories', 'time'] as const) {
        const fit = fitAxisLabels(MODELS, width, measure, { axis, gapPx: GAP });
        assert.ok(fit.indexes.length >= 1, `${axis} at ${width}px shows a label`);
        assert.equal(fit.indexes.length, fit.texts.length);
        assertNoOverlap(MODELS, width, fit);
      }
    }
    const narrow = fitAxisLabels(MODELS, 150, measure, { axis: 'categories', gapPx: GAP });
    assert.ok(narrow.indexes.length < MODELS.length);
    assert.ok(narrow.texts.every((t) => !t.endsWith('…') || t.length > 4), JSON.stringify(narrow.texts));
  });

  it('thins a time axis to every k-th slot, always keeping the latest', () => {
    const hours = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`);
    const fit = fitAxisLabels(hours, 300, measure, { axis: 'time', gapPx: GAP });
    assert.equal(fit.indexes.at(-1), 23);
    const step = (fit.indexes[1] ?? 0) - (fit.indexes[0] ?? 0);
    assert.ok(step > 1 && fit.indexes.every((i, k) => k === 0 || i - (fit.indexes[k - 1] ?? 0) === step), JSON.stringify(fit.indexes));
    assert.deepEqual(fit.texts, fit.indexes.map((i) => hours[i]), 'time labels are never shortened');
    assertNoOverlap(hours, 300, fit);
    assert.deepEqual(fitAxisLabels([], 300, measure, { axis: 'time' }), { indexes: [], texts: [] });
  });

  it('shortens to the longest start that fits with an ellipsis', () => {
    assert.equal(shorten('claude-sonnet', 1000, measure), 'claude-sonnet');
    assert.equal(shorten('claude-sonnet', 49, measure), 'claude…');
    assert.equal(shorten('claude-sonnet', 3, measure), '…');
  });
});
