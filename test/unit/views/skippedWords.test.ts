import assert from 'node:assert/strict';
import { skippedWords } from '../../../src/core/views/indexStatus';

describe("the index build's log line: what was skipped", () => {
  it('says "none", or the total with each reason that left files out, not the counts as JSON', () => {
    const none = { ignored: 0, excluded: 0, oversized: 0, binary: 0, minified: 0, generated: 0, unreadable: 0, failed: 0 };
    assert.equal(skippedWords(none), 'none');
    assert.equal(skippedWords({}), 'none');
    assert.equal(skippedWords({ ...none, oversized: 3, minified: 1_209 }), '1,212 (3 oversized, 1,209 minified)');
  });
});
