import { endianness } from 'node:os';
import { z } from 'zod';
import { columnProblem, STRING_COLUMNS, type StoredFile } from './storedFile';

/**
 * One shard of the persisted index, in a layout that loads without deserializing objects:
 *
 *   u32 magic 'SBIX' | u32 format version | u32 header length | header (JSON) | padding | body
 *
 * The header lists each file's scalars and where its columns lie in the body. Int32 columns are
 * stored raw (4-byte aligned, the machine's byte order, recorded in the header) and become views
 * on the read buffer; string columns are UTF-8 of the values joined with NUL and are decoded on
 * first use. Reading a 100 MB workspace's index this way is a file read, a small JSON parse and a
 * zod pass over the header, instead of re-creating millions of strings and arrays.
 */
const MAGIC = 0x58494253;
const INT_COLUMNS = ['declData', 'importData', 'refIndex', 'refPositions'] as const;
const SEP = '\u0000';

const headerSchema = z.object({
  format: z.literal('switchboard-analysis'),
  shard: z.number().int().nonnegative(),
  littleEndian: z.boolean(),
  bodyLength: z.number().int().nonnegative(),
  files: z.array(
    z.object({
      path: z.string().min(1),
      hash: z.string().regex(/^[0-9a-f]{40}$/),
      size: z.number().int().nonnegative(),
      mtimeMs: z.number().nonnegative(),
      lines: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]),
      diagnostics: z.array(z.object({ message: z.string(), line: z.number().int(), column: z.number().int() })),
      /** Per string column: count, byte offset, byte length. */
      strings: z.array(z.number().int().nonnegative()).length(STRING_COLUMNS.length * 3),
      /** Per int column: byte offset, element count. */
      ints: z.array(z.number().int().nonnegative()).length(INT_COLUMNS.length * 2),
    }),
  ),
});

export interface DecodedShard {
  readonly files: StoredFile[];
  readonly rejected: { readonly index: number; readonly reason: string }[];
}

/** Encodes a shard. Files whose strings contain NUL are left out (they are re-analysed on load). */
export function encodeShard(shard: number, files: readonly StoredFile[], version: number): Buffer {
  const chunks: Buffer[] = [];
  let bodyLength = 0;
  const push = (b: Buffer): number => {
    const at = bodyLength;
    chunks.push(b);
    bodyLength += b.length;
    return at;
  };
  const align = (): void => {
    const pad = (4 - (bodyLength % 4)) % 4;
    if (pad) push(Buffer.alloc(pad));
  };
  const entries: z.infer<typeof headerSchema>['files'] = [];
  for (const f of files) {
    if (STRING_COLUMNS.some((c) => f[c].some((v) => v.includes(SEP)))) continue;
    const ints: number[] = [];
    for (const c of INT_COLUMNS) {
      align();
      const a = f[c];
      ints.push(push(Buffer.from(a.buffer, a.byteOffset, a.byteLength)), a.length);
    }
    const strings: number[] = [];
    for (const c of STRING_COLUMNS) {
      const values = f[c];
      const bytes = Buffer.from(values.join(SEP), 'utf8');
      strings.push(values.length, push(bytes), bytes.length);
    }
    entries.push({ path: f.path, hash: f.hash, size: f.size, mtimeMs: f.mtimeMs, lines: [...f.lines], diagnostics: [...f.diagnostics], strings, ints });
  }
  align();
  const header = Buffer.from(JSON.stringify({ format: 'switchboard-analysis', shard, littleEndian: endianness() === 'LE', bodyLength, files: entries }), 'utf8');
  const prefix = Buffer.alloc(12);
  prefix.writeUInt32LE(MAGIC, 0);
  prefix.writeUInt32LE(version, 4);
  prefix.writeUInt32LE(header.length, 8);
  const headerPad = Buffer.alloc((4 - ((12 + header.length) % 4)) % 4);
  return Buffer.concat([prefix, header, headerPad, ...chunks]);
}

/** Decodes and validates a shard; throws with a reason when the shard as a whole is unusable. */
export function decodeShard(bytes: Buffer, version: number): DecodedShard {
  if (bytes.length < 12 || bytes.readUInt32LE(0) !== MAGIC) throw new Error('not an index shard');
  const found = bytes.readUInt32LE(4);
  if (found !== version) throw new Error(`format version ${found}, expected ${version}`);
  const headerLength = bytes.readUInt32LE(8);
  if (12 + headerLength > bytes.length) throw new Error('truncated header');
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8', 12, 12 + headerLength));
  } catch {
    throw new Error('header is not JSON');
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error));
  const header = parsed.data;
  if (header.littleEndian !== (endianness() === 'LE')) throw new Error('written on a machine of the other byte order');
  let bodyStart = 12 + headerLength;
  bodyStart += (4 - (bodyStart % 4)) % 4;
  if (bodyStart + header.bodyLength > bytes.length) throw new Error('truncated body');
  // Int32Array views need 4-byte alignment of the underlying memory: copy the rare unaligned read.
  const buf = (bytes.byteOffset + bodyStart) % 4 === 0 ? bytes : Buffer.from(bytes);
  const files: StoredFile[] = [];
  const rejected: { index: number; reason: string }[] = [];
  header.files.forEach((entry, index) => {
    const within = (offset: number, length: number): boolean => offset + length <= header.bodyLength;
    const ints: Int32Array[] = [];
    for (let c = 0; c < INT_COLUMNS.length; c++) {
      const offset = entry.ints[c * 2] as number;
      const count = entry.ints[c * 2 + 1] as number;
      if (offset % 4 !== 0 || !within(offset, count * 4)) {
        rejected.push({ index, reason: `${INT_COLUMNS[c]} lies outside the shard` });
        return;
      }
      ints.push(new Int32Array(buf.buffer, buf.byteOffset + bodyStart + offset, count));
    }
    for (let c = 0; c < STRING_COLUMNS.length; c++) {
      if (!within(entry.strings[c * 3 + 1] as number, entry.strings[c * 3 + 2] as number)) {
        rejected.push({ index, reason: `${STRING_COLUMNS[c]} lies outside the shard` });
        return;
      }
    }
    const [declData, importData, refIndex, refPositions] = ints as [Int32Array, Int32Array, Int32Array, Int32Array];
    const count = (c: number): number => entry.strings[c * 3] as number;
    const problem = columnProblem({
      declNames: count(0),
      declSignatures: count(1),
      declContainers: count(2),
      importSpecifiers: count(3),
      importNames: count(4),
      refNames: count(6),
      declData,
      importData,
      refIndex,
      refPositions,
    });
    if (problem) {
      rejected.push({ index, reason: problem });
      return;
    }
    const stringSpans = new Int32Array(STRING_COLUMNS.length * 3);
    for (let c = 0; c < STRING_COLUMNS.length; c++) {
      stringSpans[c * 3] = count(c);
      stringSpans[c * 3 + 1] = bodyStart + (entry.strings[c * 3 + 1] as number);
      stringSpans[c * 3 + 2] = bodyStart + (entry.strings[c * 3 + 1] as number) + (entry.strings[c * 3 + 2] as number);
    }
    const file = new PersistedFile(entry.path, entry.hash, entry.size, entry.mtimeMs, entry.lines, entry.diagnostics, declData, importData, refIndex, refPositions, buf, stringSpans);
    files.push(file);
  });
  return { files, rejected };
}

/**
 * A stored file read from a shard. Its string columns are decoded on first use (a warm start
 * touches none until a query needs them); one class, not per-file closures, keeps loading cheap.
 */
class PersistedFile implements StoredFile {
  private readonly decoded: (string[] | undefined)[] = [];

  constructor(
    readonly path: string,
    readonly hash: string,
    readonly size: number,
    readonly mtimeMs: number,
    readonly lines: readonly [number, number, number, number],
    readonly diagnostics: readonly { message: string; line: number; column: number }[],
    readonly declData: Int32Array,
    readonly importData: Int32Array,
    readonly refIndex: Int32Array,
    readonly refPositions: Int32Array,
    private readonly buf: Buffer,
    /** Per string column: count, start, end (absolute in buf). */
    private readonly spans: Int32Array,
  ) {}

  get declNames(): readonly string[] {
    return this.column(0);
  }
  get declSignatures(): readonly string[] {
    return this.column(1);
  }
  get declContainers(): readonly string[] {
    return this.column(2);
  }
  get importSpecifiers(): readonly string[] {
    return this.column(3);
  }
  get importNames(): readonly string[] {
    return this.column(4);
  }
  get exports(): readonly string[] {
    return this.column(5);
  }
  get refNames(): readonly string[] {
    return this.column(6);
  }

  private column(c: number): string[] {
    let values = this.decoded[c];
    if (!values) {
      values = unpack(this.buf, this.spans[c * 3 + 1] as number, this.spans[c * 3 + 2] as number, this.spans[c * 3] as number);
      this.decoded[c] = values;
    }
    return values;
  }
}

/** Exactly `n` values: the count was checked against the other columns, the text decodes as it can. */
function unpack(buf: Buffer, start: number, end: number, n: number): string[] {
  if (n === 0) return [];
  const values = buf.toString('utf8', start, end).split(SEP);
  if (values.length > n) values.length = n;
  while (values.length < n) values.push('');
  return values;
}
