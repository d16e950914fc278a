import * as vscode from 'vscode';
import { DisposableBase } from '../core/lifecycle/disposable';
import type { Logger } from '../core/log/logger';
import { KeyReads, startupReadsLine } from '../core/secrets/keyReads';
import type { KeySlot } from '../core/secrets/keySlots';
import type { SecretRedactor } from '../core/secrets/redactor';
import type { KeyStatus } from '../core/views/modelsOverview';

const PREFIX = 'switchboard.apiKey.';

/**
 * API keys: one per slot in VS Code's SecretStorage, the provider's usual environment variable as the
 * fallback. Every key read is registered with the redactor before it is handed to anyone.
 */
export class KeyStore extends DisposableBase {
  /**
   * The stored keys, read once per slot and shared (each ask is a round trip to the window, slow
   * while it is still loading). Kept current by SecretStorage's change event, which other windows'
   * edits fire too.
   */
  private readonly reads: KeyReads;
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  private constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly redactor: SecretRedactor,
    private readonly env: NodeJS.ProcessEnv,
    slotIds: readonly string[],
    log: Logger | undefined,
  ) {
    super();
    const started = performance.now();
    // The reads started with the window are said in one line once all are done; a later read (a
    // key set, changed or deleted) in a line of its own.
    let startup = true;
    this.reads = new KeyReads(
      (id) => secrets.get(PREFIX + id),
      (id, value, ms) => {
        // Registered before anyone can be handed it.
        if (value) this.redactor.add(value);
        if (!startup) log?.info(`API key for ${id} read from SecretStorage in ${ms.toFixed(0)} ms (${value ? 'stored' : 'none stored'}).`);
      },
    );
    this.reads.start(slotIds);
    this.ready = Promise.all(slotIds.map(async (slotId) => ({ slotId, stored: (await this.reads.get(slotId)) !== undefined }))).then(
      (reads) => {
        startup = false;
        if (reads.length > 0) log?.info(startupReadsLine(reads, performance.now() - started));
      },
      // Not fatal here: a request for a slot whose read failed asks again and reports the failure.
      (error: unknown) => {
        startup = false;
        log?.warn(`Could not read the API keys from SecretStorage: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
    this.register(
      secrets.onDidChange(async (e) => {
        if (!e.key.startsWith(PREFIX)) return;
        await this.reads.refresh(e.key.slice(PREFIX.length));
        this.changed.fire();
      }),
    );
  }

  /** Resolves once the slots asked for at start-up are read (status is synchronous for the views from then on). */
  readonly ready: Promise<void>;

  /**
   * Starts reading the stored key of every slot at once, without waiting: each read is a round trip
   * to the window, 0.2–3.4 s while it is still loading after a start or reload (issue 16), and
   * neither activation nor a request for another slot's model need wait for it.
   */
  static start(secrets: vscode.SecretStorage, redactor: SecretRedactor, slotIds: readonly string[], env = process.env, log?: Logger): KeyStore {
    for (const value of Object.values(env)) {
      // Environment keys are secrets too: mask them wherever they might surface.
      if (value && /^(sk-|gsk_|xai-|AIza)/.test(value)) redactor.add(value);
    }
    return new KeyStore(secrets, redactor, env, slotIds, log);
  }

  /** {@link start}, then waits for the reads. */
  static async create(secrets: vscode.SecretStorage, redactor: SecretRedactor, slotIds: readonly string[], env = process.env): Promise<KeyStore> {
    const store = KeyStore.start(secrets, redactor, slotIds, env);
    await store.ready;
    return store;
  }

  async ensureKnown(slotIds: readonly string[]): Promise<boolean> {
    const unknown = slotIds.filter((id) => !this.reads.known.includes(id));
    await Promise.all(unknown.map((id) => this.reads.get(id)));
    return unknown.length > 0;
  }

  status(slot: KeySlot): KeyStatus {
    if (this.reads.stored(slot.id)) return { kind: 'stored' };
    if (slot.envVar && this.env[slot.envVar]) return { kind: 'env', envVar: slot.envVar };
    return { kind: 'missing' };
  }

  /** Whether the slot's stored key has been read: {@link get} then answers without a round trip. */
  isRead(slot: KeySlot): boolean {
    return this.reads.isRead(slot.id);
  }

  /**
   * The key for a slot, for handing to a provider factory: awaits this slot's read alone (started
   * at activation; a second ask never reads again). Never log or display the result.
   */
  async get(slot: KeySlot): Promise<string | undefined> {
    const stored = await this.reads.get(slot.id);
    const key = stored || (slot.envVar ? this.env[slot.envVar] : undefined);
    this.redactor.add(key);
    return key || undefined;
  }

  async set(slot: KeySlot, key: string): Promise<void> {
    this.redactor.add(key);
    await this.secrets.store(PREFIX + slot.id, key);
    this.reads.set(slot.id, key);
    this.changed.fire();
  }

  async clear(slot: KeySlot): Promise<void> {
    await this.secrets.delete(PREFIX + slot.id);
    this.reads.set(slot.id, undefined);
    this.changed.fire();
  }

  hasStored(slotId: string): boolean {
    return this.reads.stored(slotId) !== undefined;
  }
}
