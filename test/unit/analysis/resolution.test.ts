import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileExcludes, globToRegExp } from '../../../src/core/analysis/globMatcher';
import { ModuleResolver } from '../../../src/core/analysis/moduleResolver';
import { readPathConfig } from '../../../src/core/analysis/tsconfigFile';
import { packageTargets, readWorkspacePackage, type WorkspacePackage } from '../../../src/core/analysis/workspacePackages';

describe('globMatcher', () => {
  it('matches VS Code glob syntax', () => {
    assert.ok(globToRegExp('**/node_modules').test('a/b/node_modules'));
    assert.ok(globToRegExp('**/node_modules').test('node_modules'));
    assert.ok(globToRegExp('**/*.{js,ts}').test('x/y.ts'));
    assert.ok(!globToRegExp('*.ts').test('x/y.ts'));
    assert.ok(globToRegExp('src/?.[jt]s').test('src/a.js'));
    const excluded = compileExcludes([{ '**/.git': true, 'out/**': true, '**/keep': false, '**/*.js': { when: '$(basename).ts' } }]);
    assert.ok(excluded('out/a/b.ts'));
    assert.ok(!excluded('src/keep'));
    assert.ok(excluded('src/a.js', (name) => name === 'a.ts'), 'a .js beside its .ts is hidden');
    assert.ok(!excluded('src/b.js', (name) => name === 'a.ts'), 'a .js without a .ts sibling stays');
  });
});

describe('ModuleResolver', () => {
  it('resolves relative, .js-to-.ts, index, paths and baseUrl imports against the file set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-resolve-')).replace(/\\/g, '/');
    try {
      writeFileSync(`${dir}/base.json`, '{ "compilerOptions": { "baseUrl": "./src" } }');
      writeFileSync(`${dir}/tsconfig.json`, '{ "extends": "./base.json", "compilerOptions": { "paths": { "#utils/*": ["./utils/*", "../fallback/*"] } } }');
      const config = readPathConfig(`${dir}/tsconfig.json`);
      assert.ok(config);
      const files = new Set([`${dir}/src/a.ts`, `${dir}/src/lib/index.tsx`, `${dir}/fallback/x.ts`, `${dir}/src/models/user.d.ts`]);
      const r = new ModuleResolver((p) => files.has(p), [config]);
      const from = `${dir}/src/main.ts`;
      assert.equal(r.resolve(from, './a.js'), `${dir}/src/a.ts`);
      assert.equal(r.resolve(from, './lib'), `${dir}/src/lib/index.tsx`);
      assert.equal(r.resolve(from, '#utils/x'), `${dir}/fallback/x.ts`, 'paths are relative to the inherited baseUrl');
      assert.equal(r.resolve(from, 'models/user'), `${dir}/src/models/user.d.ts`);
      assert.equal(r.resolve(from, 'react'), undefined);
      assert.equal(readPathConfig(`${dir}/missing.json`), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ModuleResolver: rootDirs', () => {
  it('finds a relative import in another of the rootDirs, as TypeScript merges them, and only there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-rootdirs-')).replace(/\\/g, '/');
    try {
      mkdirSync(`${dir}/app`, { recursive: true });
      writeFileSync(`${dir}/base.json`, '{ "compilerOptions": { "rootDirs": ["src", "generated"] } }');
      writeFileSync(`${dir}/tsconfig.json`, '{ "extends": "./base.json", "compilerOptions": { "paths": { "#lib/*": ["./lib/*"] } } }');
      // A nearer config with rootDirs alone: relative imports follow it, bare ones still the parent's paths.
      writeFileSync(`${dir}/app/tsconfig.json`, '{ "compilerOptions": { "rootDirs": ["./views", "./templates"] } }');
      const configs = [readPathConfig(`${dir}/tsconfig.json`), readPathConfig(`${dir}/app/tsconfig.json`)].filter((c) => c !== undefined);
      assert.deepEqual(configs.map((c) => c.rootDirs), [[`${dir}/src`, `${dir}/generated`], [`${dir}/app/views`, `${dir}/app/templates`]], 'rootDirs read where written, through extends');
      const files = new Set([`${dir}/src/ui/button.ts`, `${dir}/generated/ui/strings.ts`, `${dir}/generated/ui/button.ts`, `${dir}/lib/x.ts`, `${dir}/app/templates/page.ts`, `${dir}/other/strings.ts`]);
      const r = new ModuleResolver((p) => files.has(p), configs);
      const button = `${dir}/src/ui/button.ts`;
      assert.equal(r.resolve(button, './strings'), `${dir}/generated/ui/strings.ts`, 'src/ui/./strings is generated/ui/strings.ts');
      assert.equal(r.resolve(`${dir}/generated/ui/strings.ts`, './button'), `${dir}/generated/ui/button.ts`, 'a file beside it comes first');
      assert.equal(r.resolve(`${dir}/generated/ui/other.ts`, '../ui/button.js'), `${dir}/generated/ui/button.ts`);
      assert.equal(r.resolve(button, '../../other/strings'), `${dir}/other/strings.ts`, 'a path outside the roots resolves as it is');
      assert.equal(r.resolve(button, './missing'), undefined, 'in no root: nothing');
      assert.equal(r.resolve(`${dir}/app/views/home.ts`, './page'), `${dir}/app/templates/page.ts`);
      assert.equal(r.resolve(`${dir}/app/views/home.ts`, '#lib/x'), `${dir}/lib/x.ts`, "bare specifiers still go through the parent's paths");
      assert.equal(readPathConfig(`${dir}/app/tsconfig.json`)?.paths.length, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ModuleResolver: workspace packages', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-packages-')).replace(/\\/g, '/');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function pkg(folder: string, manifest: Record<string, unknown>, tsconfig?: string): WorkspacePackage {
    mkdirSync(`${dir}/${folder}`, { recursive: true });
    writeFileSync(`${dir}/${folder}/package.json`, JSON.stringify(manifest));
    if (tsconfig !== undefined) writeFileSync(`${dir}/${folder}/tsconfig.json`, tsconfig);
    const read = readWorkspacePackage(`${dir}/${folder}/package.json`);
    assert.ok(read, `${folder}/package.json reads`);
    return read;
  }

  it('resolves a package name and its subpaths through exports: conditions, patterns, source beside the build', () => {
    const utils = pkg('packages/utils', {
      name: '@acme/utils',
      exports: {
        '.': { types: './dist/index.d.ts', import: './dist/index.js', default: './dist/index.cjs' },
        './money': './src/money.ts',
        './features/*': { import: './dist/features/*.js' },
        './internal/*': null,
      },
    });
    const files = new Set([`${dir}/packages/utils/src/index.ts`, `${dir}/packages/utils/src/money.ts`, `${dir}/packages/utils/src/features/discount.ts`, `${dir}/packages/utils/src/internal/secret.ts`]);
    const r = new ModuleResolver((p) => files.has(p), [], [utils]);
    const from = `${dir}/apps/web/src/checkout.ts`;
    // dist/index.d.ts is not indexed (build output): its source is.
    assert.equal(r.resolve(from, '@acme/utils'), `${dir}/packages/utils/src/index.ts`);
    assert.equal(r.resolve(from, '@acme/utils/money'), `${dir}/packages/utils/src/money.ts`);
    assert.equal(r.resolve(from, '@acme/utils/features/discount'), `${dir}/packages/utils/src/features/discount.ts`);
    // A subpath exports leaves out, or does not name, is not reached around it.
    assert.equal(r.resolve(from, '@acme/utils/internal/secret'), undefined);
    assert.equal(r.resolve(from, '@acme/utils/src/money'), undefined);
    // Another package of the same prefix, and a dependency, are not this one.
    assert.equal(r.resolve(from, '@acme/utilsx'), undefined);
    assert.equal(r.resolve(from, 'react'), undefined);
  });

  it('reads main/types without exports, a tsconfig outDir → rootDir, and prefers the tsconfig of the file over a package', () => {
    const shared = pkg('libs/shared', { name: 'shared', main: 'lib/main.js', types: 'lib/main.d.ts' }, '{ // JSONC\n "compilerOptions": { "outDir": "./lib", "rootDir": "./source", } }');
    const plain = pkg('libs/plain', { name: 'plain' });
    assert.deepEqual(shared.outToSource, { outDir: 'lib', rootDir: 'source' });
    const files = new Set([`${dir}/libs/shared/source/main.ts`, `${dir}/libs/shared/source/dates.ts`, `${dir}/libs/plain/index.js`, `${dir}/app/shim/shared.ts`]);
    writeFileSync(`${dir}/tsconfig.json`, '{ "compilerOptions": { "paths": { "shared": ["./app/shim/shared.ts"] } } }');
    const config = readPathConfig(`${dir}/tsconfig.json`);
    assert.ok(config);
    const r = new ModuleResolver((p) => files.has(p), [config], [shared, plain]);
    const outside = new ModuleResolver((p) => files.has(p), [], [shared, plain]);
    const from = `${dir}/app/main.ts`;
    assert.equal(outside.resolve(from, 'shared'), `${dir}/libs/shared/source/main.ts`);
    assert.equal(outside.resolve(from, 'shared/lib/dates.js'), `${dir}/libs/shared/source/dates.ts`, 'a deep import into the build output reads its source');
    assert.equal(outside.resolve(from, 'plain'), `${dir}/libs/plain/index.js`);
    // TypeScript applies the tsconfig's paths first.
    assert.equal(r.resolve(from, 'shared'), `${dir}/app/shim/shared.ts`);
  });

  it("reads outDir and rootDir through the package tsconfig's extends, as the paths are read", () => {
    writeFileSync(`${dir}/tsconfig.base.json`, '{ "compilerOptions": { "outDir": "./build", "rootDir": "./lib" } }');
    const dates = pkg('libs/dates', { name: 'dates', main: 'build/index.js' }, '{ "extends": "../../tsconfig.base.json", "compilerOptions": { "outDir": "./out" } }');
    // outDir is the package's own (resolved where it is written); rootDir comes from the base, outside the package: no source folder to map to.
    assert.equal(dates.outToSource, undefined);
    const money = pkg('libs/money', { name: 'money', main: 'out/index.js' }, '{ "extends": "./tsconfig.shared.json" }');
    writeFileSync(`${dir}/libs/money/tsconfig.shared.json`, '{ "compilerOptions": { "outDir": "out", "rootDir": "source" } }');
    assert.deepEqual(readWorkspacePackage(`${dir}/libs/money/package.json`)?.outToSource, { outDir: 'out', rootDir: 'source' });
    assert.equal(money.outToSource, undefined, 'read before its base existed');
  });

  it('does not read a package.json without a name, or one that does not parse', () => {
    mkdirSync(`${dir}/a`);
    writeFileSync(`${dir}/a/package.json`, '{ "private": true }');
    writeFileSync(`${dir}/b.json`, '{ "name": ');
    assert.equal(readWorkspacePackage(`${dir}/a/package.json`), undefined);
    assert.equal(readWorkspacePackage(`${dir}/b.json`), undefined);
    assert.equal(readWorkspacePackage(`${dir}/missing/package.json`), undefined);
  });

  it('keeps exports from reaching outside the package', () => {
    const evil = pkg('p', { name: 'evil', exports: { '.': '../outside/x.ts' } });
    const files = new Set([`${dir}/outside/x.ts`]);
    assert.deepEqual(packageTargets(evil, '.'), []);
    assert.equal(new ModuleResolver((p) => files.has(p), [], [evil]).resolve(`${dir}/m.ts`, 'evil'), undefined);
  });
});
