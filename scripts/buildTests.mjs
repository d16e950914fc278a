#!/usr/bin/env node
// Compiles the integration suite for the extension host: one CommonJS file per source file under
// out/test/integration/ (index.js and suite/**/*.test.js), `vscode` and `mocha` left to the host's
// require. Kept out of esbuild.js, which builds only what ships in the .vsix.
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const integrationOutDir = path.join(root, 'out', 'test', 'integration');

/** mocha 12's main entry is ESM; the host loads its CommonJS build directly rather than rely on require(esm). */
const mochaAsCommonJs = {
  name: 'mocha-cjs',
  setup(build) {
    build.onResolve({ filter: /^mocha$/ }, () => ({ path: 'mocha/lib/mocha.cjs', external: true }));
  },
};

export async function buildIntegrationTests({ log = (line) => console.log(line) } = {}) {
  const sourceDir = path.join(root, 'test', 'integration');
  const entryPoints = readdirSync(sourceDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    // The test-only extensions under extensions/ are plain JavaScript, loaded from their folders.
    .filter((entry) => !path.relative(sourceDir, entry.parentPath).split(path.sep).includes('extensions'))
    .map((entry) => path.join(entry.parentPath, entry.name));
  rmSync(integrationOutDir, { recursive: true, force: true });
  const started = Date.now();
  const result = await esbuild.build({
    entryPoints,
    outbase: sourceDir,
    outdir: integrationOutDir,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode'],
    plugins: [mochaAsCommonJs],
    logLevel: 'warning',
  });
  if (result.errors.length > 0) throw new Error(`building the integration tests failed with ${result.errors.length} error(s)`);
  log(`built ${entryPoints.length} integration test file(s) into ${path.relative(root, integrationOutDir)}/ in ${Date.now() - started} ms`);
  return { outDir: integrationOutDir, index: path.join(integrationOutDir, 'index.js') };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildIntegrationTests().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
