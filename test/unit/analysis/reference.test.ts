import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../../../src/core/analysis/analyzeSource';
import { isAnalyzable } from '../../../src/core/analysis/fileKinds';
import { NavigationReference, compareFile, emptyCounts, precision, recall, type FileComparison } from '../../../bench/lib/analysisReference';

const SAMPLE = join(__dirname, '..', '..', 'fixtures', 'analysis', 'reference');

function sampleFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return sampleFiles(path);
      return isAnalyzable(path) ? [path] : [];
    });
}

describe('analyzer vs the TypeScript navigation tree (committed real-code sample)', () => {
  it('agrees on top-level declarations with precision and recall ≥ 99%', function () {
    this.timeout(60_000);
    const files = sampleFiles(SAMPLE);
    assert.ok(files.length >= 10, 'the sample is present');
    const reference = new NavigationReference();
    const counts = emptyCounts();
    const differing: FileComparison[] = [];
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const analysis = analyzeSource(path, text, { hash: '0'.repeat(40), size: text.length, mtimeMs: 0 });
      const r = compareFile(reference, analysis, text, counts);
      if (r.extra.length || r.missed.length) differing.push(r);
    }
    reference.dispose();
    const detail = differing.map((d) => `${d.path}: extra [${d.extra.join(', ')}] missed [${d.missed.join(', ')}]`).join('\n');
    assert.ok(counts.matched > 500, `compared ${counts.matched} declarations`);
    assert.ok(precision(counts) >= 0.99, `precision ${precision(counts)}\n${detail}`);
    assert.ok(recall(counts) >= 0.99, `recall ${recall(counts)}\n${detail}`);
  });
});
