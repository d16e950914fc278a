import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { ResolutionFiles } from '../../../src/core/analysis/resolutionFiles';
import { writeFixture, writeFixtureFile } from './fixtureIndex';

describe('ResolutionFiles', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes what a watcher reports inside the workspace rules, and reads everything again only for a file it reads', () => {
    root = writeFixture('sb-resolution-', {
      '.gitignore': 'dist/\n',
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": "." } }',
      'packages/a/package.json': JSON.stringify({ name: 'a', main: 'src/index.ts' }),
    });
    const files = new ResolutionFiles({ folders: [root] });
    files.reset([`${root}/tsconfig.json`], [`${root}/packages/a/package.json`]);
    assert.deepEqual(files.packages.map((p) => p.name), ['a']);
    assert.equal(files.configs[0]?.baseUrl, root);

    // Changed on disk but not reported yet: what is held stays until a report names a file read.
    writeFixtureFile(root, 'packages/a/package.json', JSON.stringify({ name: 'a-renamed', main: 'src/index.ts' }));
    writeFixtureFile(root, 'dist/package.json', JSON.stringify({ name: 'a', main: 'index.js' }));
    writeFixtureFile(root, 'node_modules/a/package.json', JSON.stringify({ name: 'a', main: 'index.js' }));
    assert.equal(files.update([`${root}/dist/package.json`, `${root}/node_modules/a/package.json`, `${root}/src/index.ts`]), false, 'ignored, in node_modules, or not a resolution file');
    assert.deepEqual(files.packages.map((p) => p.name), ['a']);

    assert.equal(files.update([`${root}/packages/a/package.json`]), true);
    assert.deepEqual(files.packages.map((p) => p.name), ['a-renamed']);
    assert.equal(files.update([`${root}/packages/a/package.json`]), false, 'read again, the same');

    writeFixtureFile(root, 'packages/b/jsconfig.json', '{ "compilerOptions": { "paths": { "#b/*": ["./src/*"] } } }');
    assert.equal(files.update([`${root}/packages/b/jsconfig.json`]), true, 'a new config');
    assert.deepEqual(files.configs.map((c) => c.dir), [`${root}/packages/b`, root], "in path order, as the walk lists them");
    assert.deepEqual(files.under(`${root}/packages`), [`${root}/packages/b/jsconfig.json`, `${root}/packages/a/package.json`]);

    assert.equal(files.remove([`${root}/packages`]), true, 'a deleted folder takes its files with it');
    assert.deepEqual([files.configs.map((c) => c.dir), files.packages], [[root], []]);
    assert.equal(files.remove([`${root}/packages`]), false);
  });
});
