import assert from 'node:assert/strict';
import { requestIds } from '../../../src/core/router/requestIds';

describe('request ids', () => {
  it('never repeat within one router, nor between two routers (two windows, two sessions)', () => {
    const first = requestIds();
    const second = requestIds();
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      seen.add(first());
      seen.add(second());
    }
    assert.equal(seen.size, 10000);
  });

  it('share one random prefix per router, so a log reader can tell which router an id came from', () => {
    const ids = requestIds();
    const [a, b] = [ids(), ids()];
    const prefix = (id: string): string => id.slice(0, id.lastIndexOf('-'));
    assert.equal(prefix(a), prefix(b));
    assert.match(prefix(a), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.notEqual(prefix(a), prefix(requestIds()()));
  });
});
