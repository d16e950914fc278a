import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForNode } from './nodeBundle';

/** The analysis worker bundled as esbuild.js bundles it, so benchmarks and tests run the file the extension ships. */
export function bundleAnalysisWorker(outDir = mkdtempSync(join(tmpdir(), 'switchboard-worker-'))): string {
  return bundleForNode('analysisWorker', 'src/core/analysis/analysisWorker.ts', outDir);
}
