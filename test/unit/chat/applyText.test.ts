import assert from 'node:assert/strict';
import { eolOf, replaceSelection, replaceWholeFile } from '../../../src/core/chat/applyText';

describe('applyText (Apply without parsing)', () => {
  it('replaces the selected lines in the file’s line endings and keeps the line break after them', () => {
    const file = 'a\r\nb\r\nc\r\nd\r\n';
    const plan = replaceSelection({ fileText: file, code: 'B1\nB2\n', path: 'x.md', selection: { start: 1, end: 2 } });
    assert.equal(plan.text, 'a\r\nB1\r\nB2\r\nd\r\n');
    assert.equal(plan.description, 'replaces the selection (lines 2–3)');
  });

  it('treats the empty line after a final line break as a line, as an editor does, and clamps past the end', () => {
    assert.equal(replaceSelection({ fileText: 'a\nb\n', code: 'c', path: 'x.ts', selection: { start: 2, end: 2 } }).text, 'a\nb\nc');
    assert.equal(replaceSelection({ fileText: 'a\nb', code: 'c', path: 'x.ts', selection: { start: 5, end: 9 } }).text, 'a\nc');
    assert.equal(replaceSelection({ fileText: 'a\nb\n', code: 'z', path: 'x.ts', selection: { start: 0, end: 0 } }).description, 'replaces the selection (line 1)');
  });

  it('writes a whole-file block in the file’s line endings, ending the way the file ends', () => {
    assert.equal(replaceWholeFile({ fileText: 'x\r\ny\r\n', code: 'p\nq', path: 'x.ts' }).text, 'p\r\nq\r\n');
    assert.equal(replaceWholeFile({ fileText: 'x\ny', code: 'p\nq\n\n', path: 'x.ts' }).text, 'p\nq');
    assert.equal(replaceWholeFile({ fileText: '', code: 'p\r\nq\r\n', path: 'x.ts' }).text, 'p\nq\n', 'an empty file takes the block as it is, in LF');
  });

  it('reads the line ending from the first line break', () => {
    assert.equal(eolOf('a\r\nb\n'), '\r\n');
    assert.equal(eolOf('a\nb\r\n'), '\n');
    assert.equal(eolOf('no break'), '\n');
  });
});
