import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForNode } from './nodeBundle';

/** The validation thread's script bundled as esbuild.js bundles it, so benchmarks and tests run the file the extension ships. */
export function bundleValidationWorker(outDir = mkdtempSync(join(tmpdir(), 'switchboard-validation-'))): string {
  return bundleForNode('validationWorker', 'src/core/validation/validationWorker.ts', outDir);
}
