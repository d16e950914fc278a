import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as oneLoad from 'gpt-tokenizer/encoding/o200k_base';
import { loadO200kStaged, o200k, o200kIfReady, o200kLoaded, resetO200kForTests } from '../../../src/core/tokens/o200k';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ranks = (require('gpt-tokenizer/bpeRanks/o200k_base') as { default: readonly unknown[] }).default;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require('../../../esbuild.js') as { o200kRanksLines: () => string; RANKS_PER_LINE: number };
/** What the build writes to dist/o200k-ranks.jsonl, and the staged load reads. */
const ranksLines = build.o200kRanksLines();

const TEXTS = [
  readFileSync(path.join(__dirname, '../../../src/core/router/modelRouter.ts'), 'utf8'),
  'Plain prose, with “quotes”, émigré accents, 漢字 and an emoji 🎉.',
  '<|endoftext|> stays plain text',
];

describe('the o200k tokenizer loaded in pieces', () => {
  afterEach(() => resetO200kForTests());

  it('reads the lines esbuild.js writes to dist/o200k-ranks.jsonl: every rank, in order, in lines of RANKS_PER_LINE', () => {
    const lines = ranksLines.split('\n');
    assert.equal(lines.length, Math.ceil(ranks.length / build.RANKS_PER_LINE));
    assert.deepEqual(
      lines.flatMap((line) => JSON.parse(line) as unknown[]),
      ranks,
    );
  });

  it('counts as the tokenizer loaded in one piece does', async () => {
    resetO200kForTests();
    const load = await loadO200kStaged(async () => ranksLines);
    assert.equal(load.loaded, true);
    assert.ok(o200kLoaded());
    const counter = o200kIfReady();
    assert.ok(counter);
    for (const text of TEXTS) assert.equal(counter.countTokens(text, { disallowedSpecial: new Set() }), oneLoad.countTokens(text, { disallowedSpecial: new Set() }), text.slice(0, 40));
  });

  it('parses one line per turn of the event loop, and builds the tables in a turn of their own', async () => {
    resetO200kForTests();
    const text = ranksLines;
    let turns = 0;
    // A clock that moves 10 ms a read, and 1,000 ms in each pause: no piece may span a pause.
    let now = 0;
    const clock = (): number => (now += 10);
    const load = await loadO200kStaged(async () => text, { pause: async () => void (turns++, (now += 1000)), clock });
    assert.equal(turns, text.split('\n').length + 1);
    assert.equal(load.longestHoldMs, 10);
    assert.equal(load.totalMs, now - 10);
  });

  it('stops when an exact count loaded the tokenizer meanwhile, which then stays the one in use', async () => {
    resetO200kForTests();
    let turns = 0;
    let loadedMeanwhile: unknown;
    const load = await loadO200kStaged(async () => ranksLines, {
      pause: async () => {
        if (++turns === 3) loadedMeanwhile = o200k();
      },
    });
    assert.equal(load.loaded, false);
    assert.equal(turns, 3);
    assert.equal(o200kIfReady(), loadedMeanwhile);
  });

  it('does nothing when the tokenizer is already loaded', async () => {
    const loaded = o200k();
    const load = await loadO200kStaged(async () => assert.fail('the ranks are not read again'));
    assert.equal(load.loaded, false);
    assert.equal(o200kIfReady(), loaded);
  });
});
