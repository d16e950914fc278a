import assert from 'node:assert/strict';
import { DisposableBase, DisposableStore, MutableDisposable, toDisposable } from '../../../src/core/lifecycle/disposable';

class Owner extends DisposableBase {
  own(dispose: () => void) {
    return this.register(toDisposable(dispose));
  }

  get disposed() {
    return this.isDisposed;
  }
}

describe('DisposableBase', () => {
  it('disposes what it registered, last first, once', () => {
    const owner = new Owner();
    const order: string[] = [];
    owner.own(() => order.push('first'));
    owner.own(() => order.push('second'));
    owner.dispose();
    owner.dispose();
    assert.deepEqual(order, ['second', 'first']);
    assert.equal(owner.disposed, true);
  });

  it('disposes at once anything registered after it was disposed', () => {
    const owner = new Owner();
    owner.dispose();
    let late = false;
    owner.own(() => (late = true));
    assert.equal(late, true);
  });

  it('disposes the rest when one throws, then reports the error', () => {
    const owner = new Owner();
    let other = false;
    owner.own(() => (other = true));
    owner.own(() => {
      throw new Error('boom');
    });
    assert.throws(() => owner.dispose(), /boom/);
    assert.equal(other, true);
  });
});

describe('DisposableStore', () => {
  it('returns what it adds, so a registration reads as one expression', () => {
    const store = new DisposableStore();
    const item = toDisposable(() => undefined);
    assert.equal(store.add(item), item);
  });
});

describe('MutableDisposable', () => {
  it('disposes the value it held when given another, and on clear()', () => {
    const holder = new MutableDisposable();
    const disposed: string[] = [];
    holder.value = toDisposable(() => disposed.push('first'));
    holder.value = toDisposable(() => disposed.push('second'));
    assert.deepEqual(disposed, ['first']);
    holder.clear();
    assert.deepEqual(disposed, ['first', 'second']);
    assert.equal(holder.value, undefined);
  });

  it('disposes at once a value set after it was disposed', () => {
    const holder = new MutableDisposable();
    let held = false;
    holder.value = toDisposable(() => (held = true));
    holder.dispose();
    assert.equal(held, true);
    let late = false;
    holder.value = toDisposable(() => (late = true));
    assert.equal(late, true);
    assert.equal(holder.value, undefined);
  });
});
