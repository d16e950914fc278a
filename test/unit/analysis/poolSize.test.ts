import assert from 'node:assert/strict';
import { poolSizeFor } from '../../../src/core/analysis/poolSize';

const GB = 1024 * 1024 * 1024;

describe('poolSizeFor (analysis threads from cores and memory)', () => {
  it('with ample memory, every core but one; with one or two cores, every core', () => {
    assert.deepEqual(
      [1, 2, 8, 16, 64].map((cores) => poolSizeFor({ cores, memoryBytes: 256 * GB })),
      [1, 2, 7, 15, 63],
    );
  });

  it('with little memory, as many threads as a quarter of it holds at 256 MB each', () => {
    // 2 GB: 512 MB for the pool, two threads; 4 GB: four.
    assert.deepEqual(
      [2, 8, 16, 64].map((cores) => poolSizeFor({ cores, memoryBytes: 2 * GB })),
      [2, 2, 2, 2],
    );
    assert.deepEqual(
      [2, 8, 16, 64].map((cores) => poolSizeFor({ cores, memoryBytes: 4 * GB })),
      [2, 4, 4, 4],
    );
  });

  it('a large machine is limited by whichever runs out first, not by a fixed cap', () => {
    // 64 cores with 16 GB: a quarter is 4 GB, sixteen threads; with 64 GB, the cores decide.
    assert.equal(poolSizeFor({ cores: 64, memoryBytes: 16 * GB }), 16);
    assert.equal(poolSizeFor({ cores: 64, memoryBytes: 64 * GB }), 63);
    assert.equal(poolSizeFor({ cores: 16, memoryBytes: 8 * GB }), 8);
  });

  it('always at least one thread, whatever it is told', () => {
    assert.equal(poolSizeFor({ cores: 0, memoryBytes: 0 }), 1);
    assert.equal(poolSizeFor({ cores: 8, memoryBytes: 512 * 1024 * 1024 }), 1);
  });
});
