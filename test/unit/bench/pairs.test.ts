import assert from 'node:assert/strict';
import { alternatingPairs } from '../../../bench/lib/pairs';

describe('alternatingPairs', () => {
  it('runs each pair back to back, alternating which side goes first, and returns the times in pair order', async () => {
    const ran: string[] = [];
    let n = 0;
    const side = (name: string) => async (): Promise<number> => {
      ran.push(name);
      return ++n;
    };
    const { a, b } = await alternatingPairs(3, side('a'), side('b'));
    assert.deepEqual(ran, ['a', 'b', 'b', 'a', 'a', 'b']);
    assert.deepEqual(a, [1, 4, 5]);
    assert.deepEqual(b, [2, 3, 6]);
  });

  it('takes sides that time themselves synchronously', async () => {
    const { a, b } = await alternatingPairs(2, () => 1, () => 2);
    assert.deepEqual([a, b], [[1, 1], [2, 2]]);
  });
});
