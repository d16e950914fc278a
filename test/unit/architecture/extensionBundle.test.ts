import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build, type BuildOptions, type Metafile } from 'esbuild';

/**
 * What the extension host parses on every activation is dist/extension.js. The TypeScript compiler
 * (merges, validation), the tokenizer's tables and the other heavy parts are bundled apart and
 * required on first use (esbuild.js); an import that slips past those plugins puts megabytes back
 * on the activation path without any test failing, as '../chat/applyMerge' in changeSetOutput.ts did
 * (the bundle grew from ~5 to ~14 MB and activation with it).
 */
const root = join(__dirname, '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { builds } = require(join(root, 'esbuild.js')) as { builds: BuildOptions[] };

describe('the extension bundle', function () {
  this.timeout(120_000);
  let inputs: Metafile['inputs'];

  before(async () => {
    const options = builds.find((b) => typeof b.entryPoints === 'object' && b.entryPoints !== null && 'extension' in b.entryPoints);
    assert.ok(options, 'esbuild.js builds an "extension" entry');
    const result = await build({ ...options, absWorkingDir: root, write: false, metafile: true, sourcemap: false, plugins: (options.plugins ?? []).filter((p) => p.name !== 'esbuild-problem-matcher') });
    inputs = result.metafile.inputs;
  });

  it('leaves the TypeScript compiler to the bundles loaded on first use', () => {
    const compiler = Object.keys(inputs).filter((p) => p.includes('node_modules/typescript/'));
    assert.deepEqual(compiler, []);
  });

  it('leaves the tokenizer tables, the merge and the validator to their own bundles', () => {
    const apart = Object.keys(inputs).filter((p) => /gpt-tokenizer[\\/].*bpeRanks|src[\\/]core[\\/]chat[\\/]applyMerge\.ts|src[\\/]core[\\/]validation[\\/]typeScriptValidator\.ts/.test(p));
    assert.deepEqual(apart, []);
  });
});
