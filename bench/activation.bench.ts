// Activation (issue 16) with a large history on disk: a metrics store of 1,000,000 calls over 30 days
// (plus today's, in raw segments) and a 100 MB workspace index. The real dist/extension.js is loaded
// and activated in a new process per sample under the vscode stand-in, on that storage: "first
// start" on storage a previous session left, "after reload" on the storage the first start left (the
// second start of the same profile). The figure is the extension's own "activated in" line, as in VS
// Code; the bundle's load (require) is printed beside it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFileJob } from '../src/core/analysis/fileJob';
import { IndexStore } from '../src/core/analysis/indexStore';
import type { StoredFile } from '../src/core/analysis/storedFile';
import { ROOT, buildExtension, bundleExtensionProcess, runExtension } from './lib/extensionRuns';
import { median } from './lib/stats';
import { recordResults } from './lib/results';
import { fillSyntheticStore, syntheticRecord } from './lib/syntheticModels';

const CALLS = Number(process.env['ACTIVATION_BENCH_CALLS'] ?? 1_000_000);
/** Today's calls, on top: a previous session's, not sealed yet. */
const TODAY_CALLS = Math.round(CALLS / 30);
const INDEX_BYTES = Number(process.env['ACTIVATION_BENCH_INDEX_MB'] ?? 100) * 1024 * 1024;
const SAMPLES = Number(process.env['ACTIVATION_BENCH_SAMPLES'] ?? 5);
const GOAL_MS = 200;

function dirBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    total += entry.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** This repository's own sources, analysed for real, stored again and again under other paths until the store holds `bytes`. */
async function writeIndex(dir: string, workspaceFolder: string, bytes: number): Promise<number> {
  const analysed: StoredFile[] = [];
  for (const path of sourceFiles(join(ROOT, 'src'))) {
    const stat = statSync(path);
    const result = runFileJob({ path, size: stat.size, mtimeMs: stat.mtimeMs });
    if (result.type === 'analyzed') analysed.push(result.file);
  }
  const store = new IndexStore(dir);
  const files: StoredFile[] = [];
  for (let copy = 0; ; copy++) {
    for (const f of analysed) files.push({ ...f, path: join(workspaceFolder, `copy${copy}`, f.path.slice(ROOT.length + 1)) });
    if (copy % 20 === 19) {
      await store.save(files);
      if (dirBytes(dir) >= bytes) return dirBytes(dir);
    }
  }
}

async function main(): Promise<void> {
  const bundle = buildExtension();
  const script = bundleExtensionProcess();
  const temp = mkdtempSync(join(tmpdir(), 'sb-activation-'));
  try {
    const workspaceFolder = join(temp, 'workspace');
    mkdirSync(workspaceFolder, { recursive: true });
    const prepared = join(temp, 'prepared');
    const metricsDir = join(prepared, 'global', 'metrics');
    const filled = await fillSyntheticStore(metricsDir, CALLS, 30, { success: 0.93, error: 0.07, workspaces: ['file:///home/dev/app'] });
    // Today's calls too, as a previous session of today left them (raw segments, not yet sealed).
    const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    for (let i = 0; i < TODAY_CALLS; i++) {
      filled.clock.now = today + Math.floor(((Date.now() - today) * i) / TODAY_CALLS);
      filled.store.append(syntheticRecord(filled.next, filled.clock.now, CALLS + i, { workspaces: ['file:///home/dev/app'] }));
    }
    filled.store.dispose();
    const indexBytes = await writeIndex(join(prepared, 'workspace', 'analysis'), workspaceFolder, INDEX_BYTES);
    console.log(`  storage: metrics ${(dirBytes(metricsDir) / 1048576).toFixed(0)} MB (${CALLS + TODAY_CALLS} calls), index ${(indexBytes / 1048576).toFixed(0)} MB`);

    const settings = { models: [{ id: 'local', provider: 'openai-compatible', model: 'gpt-4o-mini', baseUrl: 'http://127.0.0.1:9/v1' }], tiers: { understand: ['local'] } };
    const first: number[] = [];
    const reload: number[] = [];
    const load: number[] = [];
    const engineLines: string[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      // Each sample starts from the prepared storage (hard links: segments are only ever appended by their own writer).
      const storage = join(temp, `profile-${i}`);
      const copied = spawnSync('cp', ['-al', prepared, storage]);
      if (copied.status !== 0) throw new Error(`cp -al failed: ${copied.stderr.toString()}`);
      // Staying 2 s shows the metrics store opening after activation, and the warm-up, in the log.
      const options = { bundle, extensionRoot: ROOT, globalStorage: join(storage, 'global'), workspaceStorage: join(storage, 'workspace'), workspaceFolder, settings, settleMs: 2000 };
      for (const [k, target] of [first, reload].entries()) {
        const result = await runExtension(script, options);
        if (result.loggedActivationMs === undefined) throw new Error(`no "activated in" line:\n${result.log.join('\n')}`);
        target.push(result.loggedActivationMs);
        if (k === 0) load.push(result.loadMs);
        if (i === 0) engineLines.push(...result.log.filter((l) => /activated in|Metrics store opened|Warmed up/.test(l)).map((l) => `  ${k === 0 ? 'first start' : 'after reload'}: ${l}`));
      }
      rmSync(storage, { recursive: true, force: true });
    }
    console.log(engineLines.join('\n'));
    console.log(`  first start ${first.map((v) => v.toFixed(0)).join(', ')} ms; after reload ${reload.map((v) => v.toFixed(0)).join(', ')} ms; bundle load ${load.map((v) => v.toFixed(0)).join(', ')} ms`);
    const firstMs = median(first);
    const reloadMs = median(reload);
    recordResults({
      'activation.firstStart.1Mcalls.100MBindex': { value: firstMs, unit: 'ms', goal: `≤ ${GOAL_MS} ms`, met: firstMs <= GOAL_MS },
      'activation.afterReload.1Mcalls.100MBindex': { value: reloadMs, unit: 'ms', baseline: firstMs, baselineName: 'first start', ratio: reloadMs / firstMs, goal: `≤ ${GOAL_MS} ms`, met: reloadMs <= GOAL_MS },
      'activation.bundleLoad': { value: median(load), unit: 'ms' },
    });
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
