import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../../../src/core/log/logger';
import { DebouncedJsonFile, type JsonSource } from '../../../src/core/storage/debouncedJsonFile';

function recordingLog(): Logger & { readonly lines: string[] } {
  const lines: string[] = [];
  const at = (level: string) => (message: string | Error) => lines.push(`${level} ${String(message)}`);
  return { lines, trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A store whose value changes when told, firing its listeners as the real stores do. */
function source(initial: unknown): JsonSource & { set(value: unknown): void } {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    serialize: () => value,
    onDidChange: (listener) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
    set(next) {
      value = next;
      for (const l of listeners) l();
    },
  };
}

describe('DebouncedJsonFile (the chat\'s and the task sessions\' file)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'sb-json-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a change on flush, whole and through a temp file it leaves nothing of, and writes nothing when nothing changed', async () => {
    const file = path.join(dir, 'chat', 'conversations.json');
    const json = new DebouncedJsonFile(file, recordingLog(), { area: 'Chat', contents: 'conversations' });
    const store = source({ version: 1, items: [] });
    json.attach(store);
    await json.flush();
    assert.equal(existsSync(file), false, 'no change, no write');
    store.set({ version: 1, items: ['a'] });
    await json.flush();
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { version: 1, items: ['a'] });
    assert.deepEqual(readdirSync(path.dirname(file)), ['conversations.json']);
    json.dispose();
  });

  it('writes on dispose while a save is under way, which the host ending may never let land', async () => {
    const file = path.join(dir, 'chat', 'conversations.json');
    const json = new DebouncedJsonFile(file, recordingLog(), { area: 'Chat', contents: 'conversations' });
    const store = source({ version: 1, items: [] });
    let serialized = 0;
    json.attach({ serialize: () => (serialized++, store.serialize()), onDidChange: store.onDidChange });
    store.set({ version: 1, items: ['the answer just received'] });
    const saving = json.flush();
    // The save has taken its data and is writing (its change no longer pending) when the host shuts down.
    while (serialized === 0) await new Promise((resolve) => setImmediate(resolve));
    json.dispose();
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { version: 1, items: ['the answer just received'] }, 'on disk at once, not only if the save under way finishes');
    await saving;
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { version: 1, items: ['the answer just received'] });
    assert.deepEqual(readdirSync(path.dirname(file)), ['conversations.json'], 'no temp file left by either write');
  });

  it('keeps a copy of a file read back with parts dropped, before the next save writes only what was kept', async () => {
    const file = path.join(dir, 'conversations.json');
    const log = recordingLog();
    const json = new DebouncedJsonFile(file, log, { area: 'Chat', contents: 'conversations' }, () => 99);
    writeFileSync(file, '{"version":1,"conversations":[{"id":"good"},{"id":5}]}');
    assert.equal(json.read().kind, 'read');
    const copy = json.keepCopy('1 part(s) of the chat history could not be read');
    assert.equal(copy, `${file}.partial-99`);
    assert.equal(readFileSync(`${file}.partial-99`, 'utf8'), '{"version":1,"conversations":[{"id":"good"},{"id":5}]}');
    assert.ok(log.lines.some((l) => l === `warn Chat: 1 part(s) of the chat history could not be read; the file as it was is kept at ${file}.partial-99`), log.lines.join('\n'));
    // The next save writes what was kept; the copy stays.
    const store = source({ version: 1, conversations: [{ id: 'good' }] });
    json.attach(store);
    store.set({ version: 1, conversations: [{ id: 'good' }] });
    await json.flush();
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { version: 1, conversations: [{ id: 'good' }] });
    assert.ok(existsSync(`${file}.partial-99`));
    json.dispose();
  });

  it('reads a missing file as missing, and moves a file that is not JSON aside instead of letting the next save overwrite it', () => {
    const file = path.join(dir, 'tasks.json');
    const log = recordingLog();
    const json = new DebouncedJsonFile(file, log, { area: 'Tasks', contents: 'the task sessions' }, () => 1234);
    assert.deepEqual(json.read(), { kind: 'missing' });
    writeFileSync(file, '{"version": 1, "sessions": [');
    const read = json.read();
    assert.equal(read.kind, 'unreadable');
    assert.match(read.kind === 'unreadable' ? read.problem : '', /is not valid JSON .*moved to .*tasks\.json\.corrupt-1234$/);
    assert.equal(readFileSync(`${file}.corrupt-1234`, 'utf8'), '{"version": 1, "sessions": [');
    assert.equal(existsSync(file), false);
    assert.match(log.lines.join('\n'), /^warn Tasks: .*not valid JSON/m);
    writeFileSync(file, '{"version":1}');
    assert.deepEqual(json.read(), { kind: 'read', raw: { version: 1 } });
  });

  it('keeps a failed write pending and logs it as an error, then writes once it can; a pending change is written on dispose', async () => {
    const blocked = path.join(dir, 'blocked');
    writeFileSync(blocked, 'a file where the folder should be');
    const file = path.join(blocked, 'conversations.json');
    const log = recordingLog();
    const json = new DebouncedJsonFile(file, log, { area: 'Chat', contents: 'conversations' });
    const store = source({ n: 1 });
    json.attach(store);
    store.set({ n: 2 });
    await json.flush();
    assert.match(log.lines.join('\n'), /^error Chat: could not save conversations to .*conversations\.json/m);
    rmSync(blocked);
    await json.flush();
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { n: 2 }, 'the change was kept and written on the next flush');
    store.set({ n: 3 });
    json.dispose();
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { n: 3 }, 'the last change is written synchronously on dispose');
    store.set({ n: 4 });
    await json.flush();
    assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), { n: 3 }, 'after dispose the store is no longer followed');
  });
});
