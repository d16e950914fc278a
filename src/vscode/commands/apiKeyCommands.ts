import * as vscode from 'vscode';
import { z } from 'zod';
import type { Logger } from '../../core/log/logger';
import { type KeySlot, endpointSlot, slotsInUse } from '../../core/secrets/keySlots';
import type { KeyStore } from '../keyStore';
import type { SettingsService } from '../settingsService';

/** Optional arguments, for the Models view's items and for other extensions and tests. */
const setKeyArgsSchema = z.object({ slot: z.string().min(1).optional(), key: z.string().min(1).optional() }).strict().optional();
const clearKeyArgsSchema = z.object({ slot: z.string().min(1) }).strict().optional();

/** The title of Set API Key's list of providers and endpoints. */
const SET_KEY_TITLE = 'Switchboard: Set API Key';

interface Deps {
  readonly keys: KeyStore;
  readonly settings: SettingsService;
  readonly log: Logger;
}

function knownSlots(deps: Deps): KeySlot[] {
  return slotsInUse(deps.settings.value.settings.models);
}

function slotById(deps: Deps, id: string): KeySlot | undefined {
  const known = knownSlots(deps).find((s) => s.id === id);
  if (known) return known;
  if (id.startsWith('endpoint:')) {
    try {
      return endpointSlot(id.slice('endpoint:'.length));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function describe(deps: Deps, slot: KeySlot): string {
  const status = deps.keys.status(slot);
  if (status.kind === 'stored') return 'key set';
  if (status.kind === 'env') return `using $${status.envVar}`;
  return slot.required ? 'no key' : 'no key (optional)';
}

async function pickSlot(deps: Deps, title: string, placeHolder: string, slots: KeySlot[], allowOther: boolean): Promise<KeySlot | undefined> {
  type Item = vscode.QuickPickItem & { slot?: KeySlot; other?: true };
  const items: Item[] = slots.map((slot) => ({ label: slot.label, description: describe(deps, slot), detail: slot.envVar ? `Falls back to $${slot.envVar}` : undefined, slot }));
  if (allowOther) items.push({ label: 'Another OpenAI-compatible endpoint…', description: 'enter its base URL', other: true });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.slot) return picked.slot;
  const url = await vscode.window.showInputBox({
    title: 'Base URL of the endpoint',
    prompt: 'The key will be sent only to this origin.',
    placeHolder: 'https://api.groq.com/openai/v1',
    ignoreFocusOut: true,
    validateInput: (value) => (/^https?:\/\/[^\s/]+/.test(value.trim()) ? undefined : 'Enter an http(s) URL'),
  });
  return url ? endpointSlot(url.trim()) : undefined;
}

/** `announce: false` leaves saying the key was saved to the caller (Add Model says it with its next step). */
export async function setApiKey(deps: Deps, rawArgs?: unknown, options: { readonly announce?: boolean } = {}): Promise<boolean> {
  const args = setKeyArgsSchema.safeParse(rawArgs);
  if (!args.success) {
    deps.log.warn('switchboard.setApiKey was called with arguments it does not understand (expected { slot?, key? }); asking instead.');
  }
  const given = args.success ? args.data : undefined;
  const slot = given?.slot ? slotById(deps, given.slot) : await pickSlot(deps, SET_KEY_TITLE, 'Which provider or endpoint is the key for?', knownSlots(deps), true);
  if (!slot) {
    if (given?.slot) void vscode.window.showErrorMessage(`Switchboard: "${given.slot}" is not a provider or endpoint Switchboard knows.`);
    return false;
  }
  const key =
    given?.key ??
    (await vscode.window.showInputBox({
      title: `API key for ${slot.label}`,
      prompt: 'Stored in VS Code\'s secret storage; it is sent only to this provider and never written to settings or logs.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().length === 0 ? 'Enter a key' : /\s/.test(value.trim()) ? 'A key has no spaces' : undefined),
    }));
  if (!key) return false;
  await deps.keys.set(slot, key.trim());
  deps.log.info(`API key for ${slot.label} saved in secret storage.`);
  if (options.announce !== false) void vscode.window.showInformationMessage(`Switchboard: key for ${slot.label} saved in VS Code's secret storage.`);
  return true;
}

export async function clearApiKey(deps: Deps, rawArgs?: unknown): Promise<boolean> {
  const args = clearKeyArgsSchema.safeParse(rawArgs);
  const stored = knownSlots(deps).filter((s) => deps.keys.hasStored(s.id));
  let slot: KeySlot | undefined;
  if (args.success && args.data) {
    slot = slotById(deps, args.data.slot);
  } else {
    if (stored.length === 0) {
      void vscode.window.showInformationMessage('Switchboard: no API key is stored. (Keys from environment variables are not stored by Switchboard.)');
      return false;
    }
    slot = await pickSlot(deps, 'Switchboard: Clear API Key', 'Clear the stored key of…', stored, false);
  }
  if (!slot) return false;
  await deps.keys.clear(slot);
  deps.log.info(`API key for ${slot.label} removed from secret storage.`);
  const status = deps.keys.status(slot);
  const fallback = status.kind === 'env' ? ` Requests now use $${status.envVar}.` : '';
  void vscode.window.showInformationMessage(`Switchboard: key for ${slot.label} cleared.${fallback}`);
  return true;
}
