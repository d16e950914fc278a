import { buildSync } from 'esbuild';
import { join } from 'node:path';

/**
 * Bundles one entry the way esbuild.js bundles the extension's Node code (cjs, node20) into
 * `outDir`, and returns the bundle's path: benchmarks and tests then run the file the extension
 * would ship, on threads of its own.
 */
export function bundleForNode(name: string, entry: string, outDir: string): string {
  buildSync({
    absWorkingDir: join(__dirname, '..', '..'),
    entryPoints: { [name]: entry },
    outdir: outDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    logLevel: 'silent',
    legalComments: 'none',
  });
  return join(outDir, `${name}.js`);
}
