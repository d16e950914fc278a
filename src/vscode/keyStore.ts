import * as vscode from 'vscode';
import { DisposableBase } from '../core/lifecycle/disposable';
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
   * The stored keys read so far, by slot: the engine builds every model at start-up from these
   * without asking SecretStorage a second time (each ask is a round trip to the window, slow while it
   * is still loading). Kept current by SecretStorage's change event, which other windows' edits fire too.
   */
  private readonly stored = new Map<string, string>();
  /** Slots whose stored key has been read (a read under way does not count). */
  private readonly read = new Set<string>();
  private readonly known = new Set<string>();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  private constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly redactor: SecretRedactor,
    private readonly env: NodeJS.ProcessEnv,
    slotIds: readonly string[],
  ) {
    super();
    this.ready = Promise.all(slotIds.map((id) => this.refreshOne(id))).then(() => undefined);
    this.register(
      secrets.onDidChange(async (e) => {
        if (!e.key.startsWith(PREFIX)) return;
        await this.refreshOne(e.key.slice(PREFIX.length));
        this.changed.fire();
      }),
    );
  }

  /** Resolves once the slots asked for at start-up are read (status is synchronous for the views from then on). */
  readonly ready: Promise<void>;

  /**
   * Starts reading which slots have a stored key, without waiting: each read is a round trip to the
   * window, 0.2–3.4 s while it is still loading after a reload (issue 16), and activation need not
   * wait for it; the engine builds its models once {@link ready}.
   */
  static start(secrets: vscode.SecretStorage, redactor: SecretRedactor, slotIds: readonly string[], env = process.env): KeyStore {
    for (const value of Object.values(env)) {
      // Environment keys are secrets too: mask them wherever they might surface.
      if (value && /^(sk-|gsk_|xai-|AIza)/.test(value)) redactor.add(value);
    }
    return new KeyStore(secrets, redactor, env, slotIds);
  }

  /** {@link start}, then waits for the reads. */
  static async create(secrets: vscode.SecretStorage, redactor: SecretRedactor, slotIds: readonly string[], env = process.env): Promise<KeyStore> {
    const store = KeyStore.start(secrets, redactor, slotIds, env);
    await store.ready;
    return store;
  }

  async ensureKnown(slotIds: readonly string[]): Promise<boolean> {
    const unknown = slotIds.filter((id) => !this.known.has(id));
    await Promise.all(unknown.map((id) => this.refreshOne(id)));
    return unknown.length > 0;
  }

  private async refreshOne(slotId: string): Promise<void> {
    this.known.add(slotId);
    const value = await this.secrets.get(PREFIX + slotId);
    if (value) {
      this.redactor.add(value);
      this.stored.set(slotId, value);
    } else {
      this.stored.delete(slotId);
    }
    this.read.add(slotId);
  }

  status(slot: KeySlot): KeyStatus {
    if (this.stored.has(slot.id)) return { kind: 'stored' };
    if (slot.envVar && this.env[slot.envVar]) return { kind: 'env', envVar: slot.envVar };
    return { kind: 'missing' };
  }

  /** The key for a slot, for handing to a provider factory. Never log or display the result. */
  async get(slot: KeySlot): Promise<string | undefined> {
    const stored = this.read.has(slot.id) ? this.stored.get(slot.id) : await this.secrets.get(PREFIX + slot.id);
    const key = stored || (slot.envVar ? this.env[slot.envVar] : undefined);
    this.redactor.add(key);
    return key || undefined;
  }

  async set(slot: KeySlot, key: string): Promise<void> {
    this.redactor.add(key);
    await this.secrets.store(PREFIX + slot.id, key);
    this.stored.set(slot.id, key);
    this.known.add(slot.id);
    this.read.add(slot.id);
    this.changed.fire();
  }

  async clear(slot: KeySlot): Promise<void> {
    await this.secrets.delete(PREFIX + slot.id);
    this.stored.delete(slot.id);
    this.changed.fire();
  }

  hasStored(slotId: string): boolean {
    return this.stored.has(slotId);
  }
}
