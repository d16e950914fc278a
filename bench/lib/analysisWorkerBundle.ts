import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

/**
 * Bundles the analysis worker the way esbuild.js does for the extension (cjs, node20), into a
 * temporary folder, so benchmarks and tests run the same file the extension ships.
 */
export function bundleAnalysisWorker(outDir = mkdtempSync(join(tmpdir(), 'switchboard-worker-'))): string {
  const root = join(__dirname, '..', '..');
  buildSync({
    absWorkingDir: root,
    entryPoints: { analysisWorker: 'src/core/analysis/analysisWorker.ts' },
    outdir: outDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    legalComments: 'none',
  });
  return join(outDir, 'analysisWorker.js');
}
