import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ExtensionRun, ExtensionRunResult } from './extensionProcess';
import { bundleForNode } from './nodeBundle';

const run = promisify(execFile);

export const ROOT = join(__dirname, '..', '..');

/** Builds dist/ as `npm run build` does, so the figures are the current source's. */
export function buildExtension(): string {
  const built = spawnSync(process.execPath, ['esbuild.js'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('node esbuild.js failed');
  return join(ROOT, 'dist', 'extension.js');
}

/** Bundles bench/lib/extensionProcess.ts once; each sample then runs it in a new process. */
export function bundleExtensionProcess(): string {
  return bundleForNode('extensionProcess', 'bench/lib/extensionProcess.ts', mkdtempSync(join(tmpdir(), 'sb-ext-process-')));
}

/** One fresh process: loads the bundle, activates it, optionally explains a selection; its figures. */
export async function runExtension(script: string, options: ExtensionRun): Promise<ExtensionRunResult> {
  // EXTENSION_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles each process, for a breakdown.
  const nodeArgs = (process.env['EXTENSION_NODE_ARGS'] ?? '').split(' ').filter(Boolean);
  const { stdout } = await run(process.execPath, [...nodeArgs, script, JSON.stringify(options)], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as ExtensionRunResult;
}

