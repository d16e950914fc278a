import assert from 'node:assert/strict';
import { newId } from '../../../src/shared/newId';

describe('newId', () => {
  it('gives the prefix and 20 hex digits, new each time, within what the chat protocol accepts as an id', () => {
    const ids = Array.from({ length: 50 }, () => newId('r'));
    for (const id of ids) assert.match(id, /^r_[0-9a-f]{20}$/);
    assert.equal(new Set(ids).size, ids.length);
  });
});
