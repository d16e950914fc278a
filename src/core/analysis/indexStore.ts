import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { z } from 'zod';
import { SKIP_REASONS, type SkipReason } from './fileKinds';
import { decodeShard, encodeShard } from './shardCodec';
import type { StoredFile } from './storedFile';

/** Bump when StoredFile's shape or meaning changes: older stores are then ignored, not misread. */
export const INDEX_FORMAT_VERSION = 3;
export const SHARD_COUNT = 32;


/** A file the index skipped, remembered so a warm start need not read it again to skip it again. */
export interface SkippedFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly reason: SkipReason;
}

const skippedSchema = z.object({
  format: z.literal('switchboard-analysis-skipped'),
  version: z.literal(INDEX_FORMAT_VERSION),
  files: z.array(z.object({ path: z.string(), size: z.number(), mtimeMs: z.number(), reason: z.enum(SKIP_REASONS) })),
});

export interface LoadReport {
  readonly files: StoredFile[];
  readonly skipped: SkippedFile[];
  /** Shards or records that failed validation and were ignored (their files get re-analysed). */
  readonly rejected: { readonly where: string; readonly reason: string }[];
}

export function shardOf(path: string): number {
  // FNV-1a: stable across runs and platforms, unlike any hash seeded per process.
  let h = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) {
    h ^= path.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % SHARD_COUNT;
}

/**
 * Persists the index as SHARD_COUNT shard files (shardCodec.ts; each record keyed by path and
 * content hash), so an edit rewrites one shard, not the whole store. Everything read back is
 * validated (zod for the structure, then the columns against each other); a shard or record that
 * fails is reported and skipped: its files are simply analysed again.
 */
export class IndexStore {
  constructor(readonly dir: string) {}

  async load(): Promise<LoadReport> {
    const files: StoredFile[] = [];
    const skipped: SkippedFile[] = [];
    const rejected: { where: string; reason: string }[] = [];
    let names: string[];
    try {
      names = (await readdir(this.dir)).filter((n) => /^shard-\d+\.bin$/.test(n)).sort();
    } catch {
      return { files, skipped, rejected };
    }
    try {
      const parsed = skippedSchema.safeParse(deserialize(await readFile(join(this.dir, 'skipped.bin'))));
      if (parsed.success) skipped.push(...parsed.data.files);
      else rejected.push({ where: 'skipped.bin', reason: z.prettifyError(parsed.error) });
    } catch {
      // No list of skipped files: they are classified again.
    }
    const loaded = await Promise.all(
      names.map(async (name) => {
        try {
          return { name, bytes: await readFile(join(this.dir, name)) };
        } catch (error) {
          rejected.push({ where: name, reason: error instanceof Error ? error.message : String(error) });
          return undefined;
        }
      }),
    );
    for (const entry of loaded) {
      if (!entry) continue;
      try {
        const shard = decodeShard(entry.bytes, INDEX_FORMAT_VERSION);
        files.push(...shard.files);
        for (const r of shard.rejected) rejected.push({ where: `${entry.name}[${r.index}]`, reason: r.reason });
      } catch (error) {
        rejected.push({ where: entry.name, reason: error instanceof Error ? error.message : String(error) });
      }
    }
    return { files, skipped, rejected };
  }

  async saveSkipped(files: readonly SkippedFile[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, 'skipped.bin');
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, serialize({ format: 'switchboard-analysis-skipped', version: INDEX_FORMAT_VERSION, files }));
    await rename(temp, file);
  }

  /** Writes the given shards (all of them when `shards` is undefined) atomically, one file each. */
  async save(all: Iterable<StoredFile>, shards?: ReadonlySet<number>): Promise<number> {
    await mkdir(this.dir, { recursive: true });
    const byShard = new Map<number, StoredFile[]>();
    for (const f of all) {
      const s = shardOf(f.path);
      if (shards && !shards.has(s)) continue;
      let list = byShard.get(s);
      if (!list) byShard.set(s, (list = []));
      list.push(f);
    }
    const targets = shards ? [...shards] : Array.from({ length: SHARD_COUNT }, (_, i) => i);
    await Promise.all(
      targets.map(async (s) => {
        const file = join(this.dir, `shard-${String(s).padStart(2, '0')}.bin`);
        const files = byShard.get(s) ?? [];
        if (files.length === 0) {
          await rm(file, { force: true });
          return;
        }
        const bytes = encodeShard(s, files, INDEX_FORMAT_VERSION);
        const temp = `${file}.${process.pid}.tmp`;
        await writeFile(temp, bytes);
        await rename(temp, file);
      }),
    );
    return targets.length;
  }
}
