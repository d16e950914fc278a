import assert from 'node:assert/strict';
import { Emitter } from '../../../src/core/lifecycle/emitter';

describe('Emitter', () => {
  it('calls every listener in the order they subscribed', () => {
    const emitter = new Emitter<number>();
    const heard: string[] = [];
    emitter.event((n) => heard.push(`a${n}`));
    emitter.event((n) => heard.push(`b${n}`));
    emitter.fire(1);
    assert.deepEqual(heard, ['a1', 'b1']);
  });

  it('still calls the other listeners when one throws, and hands the error to onListenerError', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<number>({ onListenerError: (error) => errors.push(error) });
    const heard: number[] = [];
    const boom = new Error('boom');
    emitter.event(() => {
      throw boom;
    });
    emitter.event((n) => heard.push(n));
    assert.doesNotThrow(() => emitter.fire(7));
    assert.deepEqual(heard, [7]);
    assert.deepEqual(errors, [boom]);
  });

  it('without a handler, rethrows a listener error later so it is not lost', async () => {
    const emitter = new Emitter<void>();
    const boom = new Error('late boom');
    let after = false;
    emitter.event(() => {
      throw boom;
    });
    emitter.event(() => (after = true));
    // Mocha would fail this test on the uncaught error: catch it here to see that it arrives.
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    try {
      const caught = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
      emitter.fire();
      assert.equal(after, true);
      assert.equal(await caught, boom);
    } finally {
      process.removeAllListeners('uncaughtException');
      for (const l of listeners) process.on('uncaughtException', l);
    }
  });

  it('stops calling a listener once its subscription is disposed, and all after dispose()', () => {
    const emitter = new Emitter<number>();
    const heard: number[] = [];
    const sub = emitter.event((n) => heard.push(n));
    emitter.fire(1);
    sub.dispose();
    emitter.fire(2);
    emitter.event((n) => heard.push(n * 10));
    emitter.dispose();
    emitter.fire(3);
    assert.deepEqual(heard, [1]);
  });
});
