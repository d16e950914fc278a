// Test-only extensions loaded beside Switchboard as extra development extensions: every folder under
// test/integration/extensions/ with a package.json. A folder declares the oldest VS Code it needs in
// its own `engines.vscode` (`^1.139.0`, `>=1.139.0`); on an older version the harness leaves it out
// rather than let VS Code refuse it, and tells the suite which it loaded and which it left out.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { root } from './harness.mjs';

export const TEST_EXTENSIONS_DIR = path.join(root, 'test', 'integration', 'extensions');

/** "^1.139.0", ">=1.104", "1.100.x" → [1, 139, 0]: the lowest version the range admits. */
export function minimumOf(range) {
  const match = /(\d+)\.(\d+)(?:\.(\d+))?/.exec(String(range ?? ''));
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)];
}

function atLeast(version, minimum) {
  const parts = version.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((parts[i] ?? 0) !== minimum[i]) return (parts[i] ?? 0) > minimum[i];
  }
  return true;
}

/**
 * The test extensions for one VS Code version.
 * @param {string} vscodeVersion e.g. "1.100.3"
 * @returns {{ loaded: { id: string, dir: string }[], leftOut: { id: string, needs: string }[] }}
 */
export function testExtensionsFor(vscodeVersion, dir = TEST_EXTENSIONS_DIR) {
  const loaded = [];
  const leftOut = [];
  if (!existsSync(dir)) return { loaded, leftOut };
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const manifestFile = path.join(dir, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifestFile)) continue;
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    const id = `${manifest.publisher}.${manifest.name}`;
    const minimum = minimumOf(manifest.engines?.vscode);
    if (!minimum) throw new Error(`${manifestFile}: engines.vscode must name the oldest VS Code it runs on (e.g. "^1.100.0")`);
    if (atLeast(vscodeVersion, minimum)) loaded.push({ id, dir: path.join(dir, entry.name) });
    else leftOut.push({ id, needs: manifest.engines.vscode });
  }
  return { loaded, leftOut };
}

/**
 * One folder to name as the workbench's extensionDevelopmentPath that holds several extensions.
 * The web workbench keeps its `payload` in a Map, so a second extensionDevelopmentPath pair replaces
 * the first (seen on 1.100 and 1.139); but VS Code scans a development path without a package.json
 * as a folder of extensions. So: a folder of links, one per extension. The extension host maps each
 * extension by its real path, so Switchboard and the compiled suite under it stay one extension.
 * @param {string} into a temporary folder of the run
 * @param {string[]} dirs extension folders, Switchboard's first
 */
export function developmentExtensionsFolder(into, dirs) {
  if (dirs.length === 1) return dirs[0];
  const folder = path.join(into, 'development-extensions');
  mkdirSync(folder, { recursive: true });
  for (const [index, dir] of dirs.entries()) symlinkSync(dir, path.join(folder, `${index}-${path.basename(dir)}`), 'dir');
  return folder;
}
