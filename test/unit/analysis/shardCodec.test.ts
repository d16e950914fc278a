import assert from 'node:assert/strict';
import { analyzeSource } from '../../../src/core/analysis/analyzeSource';
import { decodeShard, encodeShard } from '../../../src/core/analysis/shardCodec';
import { decodeAnalysis, encodeAnalysis, type StoredFile } from '../../../src/core/analysis/storedFile';

function stored(path: string, text: string): StoredFile {
  return encodeAnalysis(analyzeSource(path, text, { hash: 'b'.repeat(40), size: text.length, mtimeMs: 1.5 }));
}

describe('shardCodec', () => {
  const files = [
    stored('/w/a.ts', 'import { x } from "./x";\nexport class A { m(): number { return x ? 1 : 2; } }\n// ünïcödé ✓\nexport const s = "日本";'),
    stored('/w/b.js', 'exports.run = function () {};\n'),
    stored('/w/empty.ts', ''),
  ];

  it('round-trips every column', () => {
    const decoded = decodeShard(encodeShard(3, files, 7), 7);
    assert.deepEqual(decoded.rejected, []);
    assert.deepEqual(decoded.files.map(decodeAnalysis), files.map(decodeAnalysis));
  });

  it('rejects a foreign, truncated or other-version shard as a whole', () => {
    const bytes = encodeShard(3, files, 7);
    assert.throws(() => decodeShard(Buffer.from('not a shard'), 7), /not an index shard/);
    assert.throws(() => decodeShard(bytes, 8), /format version 7/);
    assert.throws(() => decodeShard(bytes.subarray(0, bytes.length - 8), 7), /truncated/);
  });

  it('rejects one record whose columns disagree, keeping the others', () => {
    const bytes = encodeShard(3, files, 7);
    const headerLength = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength)) as { files: { strings: number[] }[] };
    const counts = (header.files[0] as { strings: number[] }).strings;
    assert.equal(counts[0], 3, 'A, A.m and s');
    counts[0] = 4; // claim one declaration name more than the other columns hold
    const text = JSON.stringify(header);
    assert.equal(Buffer.byteLength(text), headerLength, 'same length, so offsets stay valid');
    const tampered = Buffer.concat([bytes.subarray(0, 12), Buffer.from(text), bytes.subarray(12 + headerLength)]);
    const decoded = decodeShard(tampered, 7);
    assert.equal(decoded.files.length, 2);
    assert.match(decoded.rejected[0]?.reason ?? '', /declaration columns disagree/);
  });
});
