import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileExcludes, globToRegExp } from '../../../src/core/analysis/globMatcher';
import { ModuleResolver, readPathConfig } from '../../../src/core/analysis/moduleResolver';

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
