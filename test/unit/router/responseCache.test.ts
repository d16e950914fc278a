import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheKey, normalizeWhitespace } from '../../../src/core/cache/cacheKey';
import { CACHE_FILE_NAME, ResponseCache } from '../../../src/core/cache/responseCache';
import { z } from 'zod';
import type { AttemptRecord } from '../../../src/core/metrics/attemptRecord';
import { generateObject } from '../../../src/core/structured/generateObject';
import { registered } from './fakeModel';
import { FakeClock, makeRouter, route } from './harness';

const MIN = 60_000;

describe('response cache', () => {
  let dir: string;
  let opened: ResponseCache[] = [];
  const open = (options: ConstructorParameters<typeof ResponseCache>[0]): ResponseCache => {
    const cache = new ResponseCache(options);
    opened.push(cache);
    return cache;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'switchboard-cache-'));
  });
  afterEach(() => {
    // Dispose first: a pending save must not recreate the directory after it is removed.
    for (const cache of opened) cache.dispose();
    opened = [];
    rmSync(dir, { recursive: true, force: true });
  });

  const answer = (text: string) => ({ text, modelId: 'a', provider: 'openai' as const, providerModel: 'gpt' });
  const key = (n: number) => cacheKey({ capability: 'review', tier: ['a'], messages: [{ role: 'user', content: `q${n}` }] });

  it('keys on the normalized request', () => {
    const base = { capability: 'review' as const, tier: ['a', 'b'], messages: [{ role: 'user' as const, content: 'Review  this:\r\n  code  ' }], temperature: 0 };
    assert.equal(cacheKey(base), cacheKey({ ...base, messages: [{ role: 'user', content: 'Review this:\ncode' }] }));
    assert.notEqual(cacheKey(base), cacheKey({ ...base, temperature: 0.7 }));
    assert.notEqual(cacheKey(base), cacheKey({ ...base, tier: ['b', 'a'] }));
    assert.notEqual(cacheKey(base), cacheKey({ ...base, capability: 'generate' }));
    assert.notEqual(cacheKey(base), cacheKey({ ...base, workspace: 'other' }));
    assert.equal(normalizeWhitespace(' a \t b \n\n\n\n c '), 'a b\n\nc');
  });

  it('hits, misses and expires', () => {
    const clock = new FakeClock();
    const cache = open({ ttlMs: 10 * MIN, maxEntries: 10, maxBytes: 1e6, now: clock.now });
    assert.equal(cache.get(key(1)), undefined);
    cache.set(key(1), answer('one'));
    assert.equal(cache.get(key(1))?.text, 'one');
    clock.advance(10 * MIN);
    assert.equal(cache.get(key(1)), undefined, 'expired at the TTL');
    assert.equal(cache.size, 0);
  });

  it('clears, counting the answers it could still have served', () => {
    const clock = new FakeClock();
    const cache = open({ ttlMs: 10 * MIN, maxEntries: 10, maxBytes: 1e6, now: clock.now });
    cache.set(key(1), answer('old'));
    clock.advance(6 * MIN);
    cache.set(key(2), answer('new'));
    clock.advance(5 * MIN);
    assert.equal(cache.size, 2, 'the expired one is still held until read or evicted');
    assert.equal(cache.clear(), 1);
    assert.equal(cache.size, 0);
    assert.equal(cache.get(key(2)), undefined);
  });

  it('evicts the least recently used beyond the entry and byte bounds', () => {
    const cache = open({ ttlMs: MIN, maxEntries: 2, maxBytes: 1e6, now: new FakeClock().now });
    cache.set(key(1), answer('one'));
    cache.set(key(2), answer('two'));
    cache.get(key(1));
    cache.set(key(3), answer('three'));
    assert.equal(cache.get(key(2)), undefined, 'least recently used went first');
    assert.equal(cache.get(key(1))?.text, 'one');
    assert.equal(cache.get(key(3))?.text, 'three');

    const small = open({ ttlMs: MIN, maxEntries: 100, maxBytes: 3000, now: new FakeClock().now });
    small.set(key(1), answer('x'.repeat(1000)));
    small.set(key(2), answer('y'.repeat(1000)));
    assert.equal(small.size, 1);
    assert.ok(small.byteSize <= 3000);
    assert.equal(small.get(key(2))?.text.length, 1000);
  });

  it('persists to a JSON file and reads it back', async () => {
    const clock = new FakeClock();
    const cache = open({ ttlMs: MIN, maxEntries: 10, maxBytes: 1e6, directory: dir, now: clock.now });
    cache.set(key(1), answer('kept'));
    await cache.flush();
    const again = open({ ttlMs: MIN, maxEntries: 10, maxBytes: 1e6, directory: dir, now: clock.now });
    assert.equal(again.get(key(1))?.text, 'kept');
    clock.advance(MIN);
    const later = open({ ttlMs: MIN, maxEntries: 10, maxBytes: 1e6, directory: dir, now: clock.now });
    assert.equal(later.size, 0, 'expired entries are not loaded');
  });

  it('writes on dispose', () => {
    const cache = open({ ttlMs: MIN, maxEntries: 10, maxBytes: 1e6, directory: dir, now: new FakeClock().now });
    cache.set(key(1), answer('kept'));
    cache.dispose();
    const parsed = JSON.parse(readFileSync(join(dir, CACHE_FILE_NAME), 'utf8')) as { entries: unknown[] };
    assert.equal(parsed.entries.length, 1);
  });

  for (const [name, body] of [
    ['not JSON', '{"version":1,"entr'],
    ['the wrong shape', JSON.stringify({ version: 1, entries: [{ key: 'nothex', text: 1 }] })],
    ['another version', JSON.stringify({ version: 2, entries: [] })],
  ] as const) {
    it(`starts empty when the file is ${name}`, () => {
      writeFileSync(join(dir, CACHE_FILE_NAME), body);
      const problems: string[] = [];
      const cache = open({ ttlMs: MIN, maxEntries: 10, maxBytes: 1e6, directory: dir, onProblem: (m) => problems.push(m) });
      assert.equal(cache.size, 0);
      assert.equal(problems.length, 1);
      cache.set(key(1), answer('works'));
      assert.equal(cache.get(key(1))?.text, 'works');
    });
  }

  it('keeps the good entries when one entry of the file is bad, and names the bad one', async () => {
    const clock = new FakeClock();
    const cache = open({ ttlMs: MIN, maxEntries: 10, maxBytes: 1e6, directory: dir, now: clock.now });
    cache.set(key(1), answer('one'));
    cache.set(key(2), answer('two'));
    await cache.flush();
    const file = join(dir, CACHE_FILE_NAME);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { version: number; entries: Record<string, unknown>[] };
    stored.entries.splice(1, 0, { ...stored.entries[0], key: key(3), createdAt: 'yesterday' });
    writeFileSync(file, JSON.stringify(stored));
    const problems: string[] = [];
    const again = open({ ttlMs: MIN, maxEntries: 10, maxBytes: 1e6, directory: dir, now: clock.now, onProblem: (m) => problems.push(m) });
    assert.equal(again.get(key(1))?.text, 'one');
    assert.equal(again.get(key(2))?.text, 'two');
    assert.equal(again.size, 2);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /entries\[1\]\.createdAt/);
    assert.ok(problems[0]!.includes(file), `names the file: ${problems[0]}`);
  });

  describe('in the router', () => {
    function setup(enabled: boolean) {
      const a = registered({ id: 'a', provider: 'openai', price: { input: 1, output: 1 } });
      const clock = new FakeClock();
      const cache = open({ ttlMs: 5 * MIN, maxEntries: 10, maxBytes: 1e6, now: clock.now });
      const { router } = makeRouter({ models: [a], tiers: { review: ['a'] }, cache, now: clock.now, settings: { cache: { enabled } } });
      return { a, router, clock, cache };
    }
    const req = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

    it('serves the same normalized request from the cache, marked, at cost 0', async () => {
      const { a, router } = setup(true);
      const first = await route(router, 'review', req('Review this'));
      assert.equal(first.result.cached, false);
      const second = await route(router, 'review', req('  Review   this \n'));
      assert.equal(a.model.callCount, 1);
      assert.equal(second.result.cached, true);
      assert.equal(second.result.text, first.result.text);
      assert.equal(second.result.costUsd, 0);
      const record = second.result.attempts[0];
      assert.equal(record?.cached, true);
      assert.equal(record?.costUsd, 0);
      assert.equal(record?.modelId, 'a');
      assert.equal(second.result.explanation, 'review → cached answer from a');
      assert.ok(second.events.some((e) => e.type === 'text-delta'));
    });

    it('misses after the TTL and for a different request', async () => {
      const { a, router, clock } = setup(true);
      await route(router, 'review', req('one'));
      await route(router, 'review', req('two'));
      assert.equal(a.model.callCount, 2);
      clock.advance(5 * MIN);
      const again = await route(router, 'review', req('one'));
      assert.equal(again.result.cached, false);
      assert.equal(a.model.callCount, 3);
    });

    it('asks the model for a refresh (a Retry), and keeps the new answer in place of the cached one', async () => {
      const { a, router } = setup(true);
      a.model.then({ type: 'answer', chunks: ['first'] }, { type: 'answer', chunks: ['second'] });
      await route(router, 'review', req('one'));
      const retried = await route(router, 'review', req('one'), { cache: 'refresh' });
      assert.equal(a.model.callCount, 2);
      assert.equal(retried.result.cached, false);
      assert.equal(retried.result.text, 'second');
      const later = await route(router, 'review', req('one'));
      assert.equal(a.model.callCount, 2);
      assert.equal(later.result.cached, true);
      assert.equal(later.result.text, 'second');
    });

    it('neither serves nor stores a request that bypasses it (a task phase)', async () => {
      const { a, router, cache } = setup(true);
      await route(router, 'review', req('one'));
      const bypassed = await route(router, 'review', req('one'), { cache: 'bypass' });
      assert.equal(bypassed.result.cached, false);
      assert.equal(a.model.callCount, 2);
      await route(router, 'review', req('two'), { cache: 'bypass' });
      assert.equal(cache.size, 1, 'only the plain request is kept');
    });

    it('stores nothing when disabled, and never stores a partial answer', async () => {
      const off = setup(false);
      await route(off.router, 'review', req('one'));
      await route(off.router, 'review', req('one'));
      assert.equal(off.a.model.callCount, 2);
      assert.equal(off.cache.size, 0);

      const on = setup(true);
      on.a.model.then({ type: 'fail-after', chunks: ['half'], kind: 'network' });
      await route(on.router, 'review', req('one'));
      assert.equal(on.cache.size, 0);
    });
  });

  describe('with structured output and tools', () => {
    const Verdict = z.object({ accept: z.boolean() });
    function cachedRouter() {
      const a = registered({ id: 'a', provider: 'openai' });
      const cache = open({ ttlMs: 10 * MIN, maxEntries: 10, maxBytes: 1e6 });
      const recorded: AttemptRecord[] = [];
      const { router } = makeRouter({ models: [a], tiers: { review: ['a'] }, cache, settings: { cache: { enabled: true } }, recorder: { record: (r: AttemptRecord) => recorded.push(r) } });
      return { a, router, recorded };
    }

    it('serves a repeated structured request from the cache, validated, and records it as the request asked', async () => {
      const { a, router, recorded } = cachedRouter();
      a.model.always({ type: 'answer', chunks: ['{"accept":true}'] });
      const request = { messages: [{ role: 'user' as const, content: 'Judge it.' }], schemaName: 'verdict' };
      const first = await generateObject(router, 'review', Verdict, request, { origin: 'api' });
      const second = await generateObject(router, 'review', Verdict, request, { origin: 'api' });
      assert.ok(first.ok && second.ok, 'the second call is answered (it failed with "no model answered" when a cache hit skipped the check)');
      assert.deepEqual(second.object, { accept: true });
      assert.equal(a.model.callCount, 1, 'the second came from the cache');
      assert.deepEqual(recorded.map((r) => [r.cached ?? false, r.structured, r.origin]), [
        [false, true, 'api'],
        [true, true, 'api'],
      ]);
    });

    it('keys on the shape asked for: the same words asked as plain text or for a schema are two questions', async () => {
      const { a, router } = cachedRouter();
      a.model.then({ type: 'answer', chunks: ['Yes, accept it.'] }, { type: 'answer', chunks: ['{"accept":true}'] });
      const messages = [{ role: 'user' as const, content: 'Judge it.' }];
      await router.complete('review', { messages });
      const structured = await generateObject(router, 'review', Verdict, { messages, schemaName: 'verdict' });
      assert.ok(structured.ok);
      assert.equal(a.model.callCount, 2, 'the cached prose was not served as the structured answer');
    });

    it('never caches a request that carries tools: an answer that calls tools is more than its text', async () => {
      const { a, router } = cachedRouter();
      const request = { messages: [{ role: 'user' as const, content: 'What is the weather?' }], tools: [{ name: 'weather', inputSchema: { type: 'object' } }] };
      await router.complete('review', request);
      await router.complete('review', request);
      assert.equal(a.model.callCount, 2);
    });
  });

});
