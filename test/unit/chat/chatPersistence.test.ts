import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { silentLogger } from '../../../src/core/log/logger';
import { ChatPersistence } from '../../../src/vscode/chat/chatPersistence';

/** The chat's file read back with a conversation that no longer parses (hand-edited, or written by another version). */
describe('ChatPersistence', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'sb-chat-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the file as it was beside it when a message is dropped, so the next save loses nothing for good', () => {
    const file = path.join(dir, 'conversations.json');
    const good = { id: 'c1', title: 't', createdAt: 1, updatedAt: 1, messages: [] };
    const bad = { id: 'c2', title: 't', createdAt: 1, updatedAt: 1, messages: [{ id: 'm', role: 'assistant', status: 'exploded' }] };
    const text = JSON.stringify({ version: 1, conversations: [good, bad] });
    writeFileSync(file, text);
    const persistence = new ChatPersistence(file, silentLogger);
    const parsed = persistence.load();
    assert.deepEqual(parsed.conversations.map((c) => [c.id, c.messages.length]), [['c1', 0], ['c2', 0]]);
    const copies = readdirSync(dir).filter((f) => f.startsWith('conversations.json.partial-'));
    assert.equal(copies.length, 1, 'one copy of the file as it was');
    assert.equal(readFileSync(path.join(dir, copies[0] ?? ''), 'utf8'), text);
    persistence.dispose();
  });

  it('keeps no copy of a file that read back whole', () => {
    const file = path.join(dir, 'conversations.json');
    writeFileSync(file, JSON.stringify({ version: 1, conversations: [] }));
    const persistence = new ChatPersistence(file, silentLogger);
    assert.deepEqual(persistence.load().problems, []);
    assert.deepEqual(readdirSync(dir), ['conversations.json']);
    persistence.dispose();
  });
});
