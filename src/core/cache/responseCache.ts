import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { writeFile, rename, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { firstIssue } from '../config/diagnostics';
import { PROVIDER_KINDS, type ProviderKind, type Usage } from '../providers/contract';
import type { Disposable } from '../lifecycle/disposable';

/**
 * An opt-in response cache for one workspace: the same normalized request returns the stored
 * answer. Bounded by time to live, entry count and bytes (least recently used goes first), and
 * persisted as one JSON file so answers survive a restart. The file is checked with zod when read,
 * entry by entry: a bad entry is skipped and named, the others are kept; a file that does not parse
 * as a whole counts as an empty cache, never as an error.
 */

const tokenFigureSchema = z.object({ tokens: z.number().nonnegative(), source: z.enum(['reported', 'estimated']) });
const usageSchema = z.object({ input: tokenFigureSchema, output: tokenFigureSchema, cacheRead: tokenFigureSchema, cacheWrite: tokenFigureSchema });

const entrySchema = z.object({
  key: z.string().regex(/^[0-9a-f]{64}$/),
  text: z.string(),
  modelId: z.string(),
  provider: z.enum(PROVIDER_KINDS),
  providerModel: z.string(),
  usage: usageSchema.optional(),
  createdAt: z.number(),
  lastUsedAt: z.number(),
});

/** Entries are checked one by one (see load): a bad one costs only itself. */
const fileSchema = z.object({ version: z.literal(1), entries: z.array(z.unknown()) });

export type CachedAnswer = z.infer<typeof entrySchema>;

export interface CacheLimits {
  readonly ttlMs: number;
  readonly maxEntries: number;
  readonly maxBytes: number;
}

export interface ResponseCacheOptions extends CacheLimits {
  /** Directory that holds `responseCache.json`; without it the cache lives in memory only. */
  readonly directory?: string;
  readonly now?: () => number;
  /** Delay before a change is written; writes coalesce. */
  readonly saveDelayMs?: number;
  /** Told when the file could not be read or written (the cache keeps working in memory). */
  readonly onProblem?: (message: string) => void;
}

export interface NewCachedAnswer {
  readonly text: string;
  readonly modelId: string;
  readonly provider: ProviderKind;
  readonly providerModel: string;
  readonly usage?: Usage;
}

export const CACHE_FILE_NAME = 'responseCache.json';

export class ResponseCache implements Disposable {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly entries = new Map<string, CachedAnswer>();
  private bytes = 0;
  private limits: CacheLimits;
  private readonly now: () => number;
  private readonly file: string | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();
  private dirty = false;

  constructor(private readonly options: ResponseCacheOptions) {
    this.limits = { ttlMs: options.ttlMs, maxEntries: options.maxEntries, maxBytes: options.maxBytes };
    this.now = options.now ?? Date.now;
    this.file = options.directory ? join(options.directory, CACHE_FILE_NAME) : undefined;
    this.load();
  }

  get size(): number {
    return this.entries.size;
  }

  get byteSize(): number {
    return this.bytes;
  }

  setLimits(limits: CacheLimits): void {
    this.limits = limits;
    this.evict();
  }

  get(key: string): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (this.expired(entry, now)) {
      this.remove(key);
      this.scheduleSave();
      return undefined;
    }
    const used = { ...entry, lastUsedAt: now };
    this.entries.delete(key);
    this.entries.set(key, used);
    this.scheduleSave();
    return used;
  }

  set(key: string, answer: NewCachedAnswer): void {
    const now = this.now();
    this.remove(key);
    const entry: CachedAnswer = {
      key,
      text: answer.text,
      modelId: answer.modelId,
      provider: answer.provider,
      providerModel: answer.providerModel,
      ...(answer.usage ? { usage: answer.usage } : {}),
      createdAt: now,
      lastUsedAt: now,
    };
    this.entries.set(key, entry);
    this.bytes += entryBytes(entry);
    this.evict();
    this.scheduleSave();
  }

  /** Empties the cache; returns how many answers it could still have served (not those past their TTL). */
  clear(): number {
    const now = this.now();
    let live = 0;
    for (const entry of this.entries.values()) if (!this.expired(entry, now)) live++;
    this.entries.clear();
    this.bytes = 0;
    this.scheduleSave();
    return live;
  }

  /** Writes pending changes now. */
  async flush(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
    }
    const previous = this.saving;
    this.saving = (async () => {
      await previous;
      if (!this.dirty || !this.file || !this.options.directory) return;
      this.dirty = false;
      const body = this.serialize();
      const tmp = `${this.file}.${process.pid}.tmp`;
      try {
        await mkdir(this.options.directory, { recursive: true });
        await writeFile(tmp, body);
        await rename(tmp, this.file);
      } catch (error) {
        this.options.onProblem?.(`Could not save the response cache: ${describe(error)}`);
      }
    })();
    return this.saving;
  }

  dispose(): void {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    // Disposal happens at shutdown, when an async write might never finish.
    if (this.dirty && this.file && this.options.directory) {
      try {
        mkdirSync(this.options.directory, { recursive: true });
        const tmp = `${this.file}.${process.pid}.tmp`;
        writeFileSync(tmp, this.serialize());
        renameSync(tmp, this.file);
        this.dirty = false;
      } catch (error) {
        this.options.onProblem?.(`Could not save the response cache: ${describe(error)}`);
      }
    }
  }

  private load(): void {
    if (!this.file) return;
    let raw: string;
    try {
      raw = readFileSync(this.file, 'utf8');
    } catch {
      return; // no file yet
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      this.options.onProblem?.('The response cache file was not valid JSON; starting with an empty cache.');
      return;
    }
    const result = fileSchema.safeParse(parsed);
    if (!result.success) {
      this.options.onProblem?.(`The response cache file ${this.file} did not have the expected shape (${firstIssue('file', result.error)}); starting with an empty cache.`);
      return;
    }
    const now = this.now();
    const skipped: string[] = [];
    let kept = 0;
    result.data.entries.forEach((raw, index) => {
      const checked = entrySchema.safeParse(raw);
      if (!checked.success) {
        skipped.push(firstIssue(`entries[${index}]`, checked.error));
        return;
      }
      kept += 1;
      const entry = checked.data;
      if (this.expired(entry, now)) return;
      this.remove(entry.key);
      this.entries.set(entry.key, entry);
      this.bytes += entryBytes(entry);
    });
    if (skipped.length > 0) {
      const more = skipped.length > 3 ? `; and ${skipped.length - 3} more` : '';
      this.options.onProblem?.(`The response cache file ${this.file}: skipped ${skipped.length} entr${skipped.length === 1 ? 'y' : 'ies'} that did not parse (${skipped.slice(0, 3).join('; ')}${more}); the other ${kept} were read.`);
    }
    this.evict();
  }

  /** Past its TTL at `now`: never served, dropped when read, loaded or evicted, not counted by clear(). */
  private expired(entry: { readonly createdAt: number }, now: number): boolean {
    return now - entry.createdAt >= this.limits.ttlMs;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entryBytes(entry);
  }

  private evict(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (this.expired(entry, now)) this.remove(key);
    }
    while (this.entries.size > this.limits.maxEntries || (this.bytes > this.limits.maxBytes && this.entries.size > 0)) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.remove(oldest.value);
    }
  }

  private scheduleSave(): void {
    this.dirty = true;
    if (!this.file || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.flush();
    }, this.options.saveDelayMs ?? 1000);
    this.saveTimer.unref();
  }

  private serialize(): string {
    return JSON.stringify({ version: 1, entries: [...this.entries.values()] });
  }
}

function entryBytes(entry: CachedAnswer): number {
  // Text dominates; UTF-16 length * 2 is a fast upper bound of its in-memory size.
  return entry.text.length * 2 + 256;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
