import assert from 'node:assert/strict';
import { ReadyGate } from '../../../src/presentation/readyGate';

describe('ReadyGate', () => {
  it('is closed until the page says ready, then greets it before sending what was held', () => {
    const sent: string[] = [];
    const gate = new ReadyGate<string>((m) => sent.push(m));
    assert.equal(gate.isReady, false);
    gate.hold('prefill');
    assert.equal(sent.length, 0);
    gate.open(() => sent.push('state'));
    assert.equal(gate.isReady, true);
    assert.deepEqual(sent, ['state', 'prefill']);
  });

  it('keeps only the latest held message, and sends it once', () => {
    const sent: string[] = [];
    const gate = new ReadyGate<string>((m) => sent.push(m));
    gate.hold('first');
    gate.hold('second');
    gate.open(() => undefined);
    gate.close();
    gate.open(() => undefined);
    assert.deepEqual(sent, ['second']);
  });

  it('closes when the page goes away and opens again on its next ready', () => {
    const greetings: number[] = [];
    const gate = new ReadyGate<string>(() => undefined);
    gate.open(() => greetings.push(1));
    gate.close();
    assert.equal(gate.isReady, false);
    gate.open(() => greetings.push(2));
    assert.equal(gate.isReady, true);
    assert.deepEqual(greetings, [1, 2]);
  });
});
