// The host's warm-up after activation (issue 16), in the extension host: the tokenizer loads in pieces
// from the ranks file the build writes; without that file it says so and loads in one piece, but
// never while an answer is under way (that answer would wait behind it).
import assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../../src/core/log/logger';
import { o200kLoaded, resetO200kForTests } from '../../../src/core/tokens/o200k';
import { scheduleWarmUp } from '../../../src/vscode/engine/warmUp';
import { eventually } from '../../support/eventually';

class Lines implements Logger {
  readonly lines: string[] = [];
  trace = (m: string) => void this.lines.push(`trace ${m}`);
  debug = (m: string) => void this.lines.push(`debug ${m}`);
  info = (m: string) => void this.lines.push(`info ${m}`);
  warn = (m: string) => void this.lines.push(`warn ${m}`);
  error = (m: string | Error) => void this.lines.push(`error ${String(m)}`);
}

const extensionPath = (): string => {
  const extension = vscode.extensions.getExtension('switchboard-dev.switchboard');
  assert.ok(extension, 'the extension under test is installed');
  return extension.extensionPath;
};

/** Runs the warm-up at once against `ranksFile` (in dist/) until it has logged `lines` lines; returns them. */
async function warmUpLines(ranksFile: string, busy: () => boolean, lines: number): Promise<string[]> {
  const log = new Lines();
  const warmUp = scheduleWarmUp(log, { busy, ranksFile: path.join(extensionPath(), 'dist', ranksFile), delayMs: 0 });
  try {
    return await eventually(() => log.lines, (l) => l.length >= lines, `the warm-up to log ${lines} line(s)`, { ms: 30_000 });
  } finally {
    warmUp.dispose();
  }
}

describe('the warm-up after activation', () => {
  afterEach(() => resetO200kForTests());

  it('loads the tokenizer in pieces from dist/o200k-ranks.jsonl', async () => {
    resetO200kForTests();
    const lines = await warmUpLines('o200k-ranks.jsonl', () => false, 1);
    assert.match(lines[0] as string, /^info Warmed up for the first request in \d+ ms \(tokenizer loaded in pieces, the longest \d+ ms\)\.$/);
    assert.ok(o200kLoaded());
  });

  it('without the ranks file, says so and loads in one piece when no answer is under way', async () => {
    resetO200kForTests();
    const lines = await warmUpLines('no-such-ranks.jsonl', () => false, 2);
    assert.match(lines[0] as string, /^warn Warm-up after activation could not load the tokenizer in pieces \(.*no-such-ranks\.jsonl.*\); loading it in one\.$/);
    assert.match(lines[1] as string, /^info Warmed up for the first request in \d+ ms \(tokenizer \d+ ms in one piece\)\.$/);
    assert.ok(o200kLoaded());
  });

  it('without the ranks file and with an answer under way, leaves the load to the first exact count', async () => {
    resetO200kForTests();
    let busy = false;
    // Busy from the moment the warm-up has started reading: an answer that began meanwhile.
    const lines = await warmUpLines(
      'no-such-ranks.jsonl',
      () => {
        const was = busy;
        busy = true;
        return was;
      },
      1,
    );
    assert.match(lines[0] as string, /; it loads in one on first use\.$/);
    assert.equal(o200kLoaded(), false);
  });
});
