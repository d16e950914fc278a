import assert from 'node:assert/strict';
import { extractFeatures } from '../../../src/core/classify/features';
import { Lexicon, withinOneEdit } from '../../../src/core/classify/lexicon';

const words = (s: string): { w: string[] } => ({ w: s.split(' ') });

describe('Lexicon', () => {
  it('matches words, stems and phrases', () => {
    const lex = new Lexicon(['bug', 'review*', 'walk me through']);
    const a = words('can you walk me through it');
    assert.deepEqual(lex.match(a.w)?.found, ['walk me through']);
    const b = words('reviewing the bugs');
    assert.deepEqual(lex.match(b.w)?.found, ['reviewing']);
    const c = words('a bug here');
    assert.deepEqual(lex.match(c.w)?.found, ['bug']);
    const d = words('debugger output');
    assert.equal(lex.match(d.w), undefined);
  });

  it('matches long words one typo away, but not exact-only words', () => {
    const lex = new Lexicon(['implement', 'review*', '=escribe']);
    for (const typo of ['implment', 'impelment', 'implemnet', 'reveiw', 'revew']) {
      const x = words(typo);
      assert.ok(lex.match(x.w), typo);
    }
    const y = words('describe this');
    assert.equal(lex.match(y.w), undefined);
  });

  it('withinOneEdit covers insertion, deletion, substitution and adjacent swaps only', () => {
    assert.ok(withinOneEdit('plan', 'plan'));
    assert.ok(withinOneEdit('plna', 'plan'));
    assert.ok(withinOneEdit('plans', 'plan'));
    assert.ok(withinOneEdit('pan', 'plan'));
    assert.ok(withinOneEdit('plen', 'plan'));
    assert.ok(!withinOneEdit('panl', 'plan'));
    assert.ok(!withinOneEdit('planned', 'plan'));
  });
});

describe('extractFeatures', () => {
  it('normalizes accents and apostrophes, drops code, and finds clause verbs after politeness', () => {
    const f = extractFeatures({ text: "Qué hace? pls can you just write `foo()` then add tests, what's next", context: {} });
    assert.deepEqual(f.words.slice(0, 2), ['que', 'hace']);
    assert.ok(!f.words.includes('foo'));
    assert.ok(f.words.includes('whats'));
    assert.deepEqual(f.clauseHeads, ['que', 'write', 'add', 'whats']);
    assert.equal(f.hasInlineCode, true);
    assert.equal(f.endsWithQuestion, false);
  });

  it('reads the editor context', () => {
    const f = extractFeatures({
      text: 'x?',
      context: { selection: { text: 'a\nb', languageId: 'go', lineCount: 2 }, diff: { files: 4 }, diagnostics: 3 },
    });
    assert.deepEqual(
      [f.hasSelection, f.selectionLines, f.hasDiff, f.diffFiles, f.diagnostics, f.hasActiveFile, f.endsWithQuestion],
      [true, 2, true, 4, 3, false, true],
    );
  });

  it('treats a whitespace-only selection and an empty diff as absent', () => {
    const f = extractFeatures({ text: 'x', context: { selection: { text: '  \n', languageId: 'go', lineCount: 2 }, diff: { files: 0 } } });
    assert.equal(f.hasSelection, false);
    assert.equal(f.hasDiff, false);
  });
});
