import { isDeepStrictEqual } from 'node:util';
import * as vscode from 'vscode';
import type { SwitchboardApi } from '../../../src/vscode/api';
import canary from './canary.json';

export const EXTENSION_ID = 'switchboard-dev.switchboard';

/** A recognisable key: the driver searches everything the run wrote for it afterwards. */
export const CANARY_KEY: string = canary.key;

export async function switchboard(): Promise<SwitchboardApi> {
  const extension = vscode.extensions.getExtension<SwitchboardApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  const api = await extension.activate();
  await api.ready();
  return api;
}

/** Resolves at the next setup change (settings re-read), or rejects after `ms`. */
export function nextSetupChange(api: SwitchboardApi, ms = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no settings change within ${ms} ms`));
    }, ms);
    const sub = api.onDidChangeSetup(() => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

/** Updates a switchboard setting and waits until Switchboard has re-read it. */
export async function updateSetting(api: SwitchboardApi, key: string, value: unknown, target: vscode.ConfigurationTarget): Promise<void> {
  const changed = nextSetupChange(api);
  await vscode.workspace.getConfiguration('switchboard').update(key, value, target);
  await changed;
}

/**
 * Sets a switchboard setting to `value` unless it holds that value already (a test's own starting
 * point, whatever the test before it left): an update that changes nothing fires no change to wait for.
 */
export async function useSetting(api: SwitchboardApi, key: string, value: unknown, target: vscode.ConfigurationTarget): Promise<void> {
  const inspected = vscode.workspace.getConfiguration('switchboard').inspect(key);
  const current = target === vscode.ConfigurationTarget.Global ? inspected?.globalValue : inspected?.workspaceValue;
  // Through JSON: what VS Code hands back is a copy of the settings file's value, not the object written.
  if (isDeepStrictEqual(current === undefined ? undefined : JSON.parse(JSON.stringify(current)), value)) return;
  await updateSetting(api, key, value, target);
}

export async function resetSettings(api: SwitchboardApi): Promise<void> {
  const config = vscode.workspace.getConfiguration('switchboard');
  for (const key of ['models', 'tiers']) {
    for (const target of [vscode.ConfigurationTarget.Global, vscode.ConfigurationTarget.Workspace]) {
      const inspected = config.inspect(key);
      const has = target === vscode.ConfigurationTarget.Global ? inspected?.globalValue !== undefined : inspected?.workspaceValue !== undefined;
      if (has) await updateSetting(api, key, undefined, target);
    }
  }
}
