import assert from 'node:assert/strict';
import { KeyReads, startupReadsLine } from '../../../src/core/secrets/keyReads';

/** A stand-in for SecretStorage whose reads finish only when the test says so. */
function pendingStore() {
  const asked: string[] = [];
  const pending = new Map<string, { resolve: (v: string | undefined) => void; reject: (e: Error) => void }>();
  const read = (slotId: string) => {
    asked.push(slotId);
    return new Promise<string | undefined>((resolve, reject) => pending.set(slotId, { resolve, reject }));
  };
  const answer = (slotId: string, value: string | undefined) => pending.get(slotId)?.resolve(value);
  const fail = (slotId: string, error: Error) => pending.get(slotId)?.reject(error);
  return { asked, read, answer, fail };
}

describe('KeyReads', () => {
  it('starts every slot read at once, before any has finished', () => {
    const store = pendingStore();
    new KeyReads(store.read).start(['openai', 'anthropic', 'endpoint:http://localhost:1234']);
    assert.deepEqual(store.asked, ['openai', 'anthropic', 'endpoint:http://localhost:1234']);
  });

  it('reads each slot once: a get during or after the read shares it', async () => {
    const store = pendingStore();
    const reads = new KeyReads(store.read);
    reads.start(['openai']);
    const during = reads.get('openai');
    store.answer('openai', 'sk-one');
    assert.equal(await during, 'sk-one');
    assert.equal(await reads.get('openai'), 'sk-one');
    assert.deepEqual(store.asked, ['openai']);
    assert.equal(reads.isRead('openai'), true);
  });

  it("answers one slot while another slot's read is still under way", async () => {
    const store = pendingStore();
    const reads = new KeyReads(store.read);
    reads.start(['anthropic', 'openai']);
    store.answer('openai', 'sk-a');
    assert.equal(await reads.get('openai'), 'sk-a');
    assert.equal(reads.isRead('anthropic'), false);
  });

  it('reads a slot again after a failed read, and after a change', async () => {
    const store = pendingStore();
    const reads = new KeyReads(store.read);
    const first = reads.get('openai');
    store.fail('openai', new Error('window closed'));
    await assert.rejects(first, /window closed/);
    const second = reads.get('openai');
    store.answer('openai', undefined);
    assert.equal(await second, undefined);
    const changed = reads.refresh('openai');
    store.answer('openai', 'sk-new');
    assert.equal(await changed, 'sk-new');
    assert.equal(reads.stored('openai'), 'sk-new');
    assert.deepEqual(store.asked, ['openai', 'openai', 'openai']);
  });

  it('reports each read with its duration on the injected clock', async () => {
    const store = pendingStore();
    let now = 100;
    const seen: string[] = [];
    const reads = new KeyReads(store.read, (id, value, ms) => seen.push(`${id} ${value ? 'stored' : 'none'} ${ms}`), () => now);
    const read = reads.get('openai');
    now = 1300;
    store.answer('openai', 'sk-x');
    await read;
    assert.deepEqual(seen, ['openai stored 1200']);
  });

  it('says the reads started with the window in one line: which slots hold a key, which none, and how long', () => {
    assert.equal(
      startupReadsLine([{ slotId: 'openai', stored: true }, { slotId: 'anthropic', stored: false }, { slotId: 'endpoint:http://127.0.0.1:8080', stored: false }], 292.4),
      'API keys read from SecretStorage in 292 ms: stored for openai; none for anthropic, endpoint:http://127.0.0.1:8080.',
    );
    assert.equal(startupReadsLine([{ slotId: 'openai', stored: false }], 40), 'API keys read from SecretStorage in 40 ms: none for openai.');
    assert.equal(startupReadsLine([{ slotId: 'openai', stored: true }], 40), 'API keys read from SecretStorage in 40 ms: stored for openai.');
  });
});
