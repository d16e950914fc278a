// The integration harness loads each test-only extension on the VS Code versions its own
// engines.vscode admits, and gives the web workbench one development folder for several extensions.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The script is an ES module and this test file CommonJS: load it with import().
const load = () => import('../../../scripts/testExtensions.mjs');

describe('test-only extensions for the integration harness', () => {
  let dir: string;
  let harness: Awaited<ReturnType<typeof load>>;

  before(async () => {
    harness = await load();
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sb-test-extensions-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  function extension(name: string, engine: string | undefined): string {
    const folder = path.join(dir, name);
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ name, publisher: 'tests', engines: engine ? { vscode: engine } : {} }));
    return folder;
  }

  it('reads the minimum from the usual engines ranges', () => {
    assert.deepEqual(harness.minimumOf('^1.139.0'), [1, 139, 0]);
    assert.deepEqual(harness.minimumOf('>=1.104'), [1, 104, 0]);
    assert.equal(harness.minimumOf(undefined), undefined);
  });

  it('loads an extension on every version from its minimum on and leaves it out before', () => {
    extension('everywhere', '^1.100.0');
    extension('newest-only', '^1.139.0');
    mkdirSync(path.join(dir, 'not-an-extension'));
    assert.deepEqual(harness.testExtensionsFor('1.100.3', dir), {
      loaded: [{ id: 'tests.everywhere', dir: path.join(dir, 'everywhere') }],
      leftOut: [{ id: 'tests.newest-only', needs: '^1.139.0' }],
    });
    assert.deepEqual(harness.testExtensionsFor('1.139.1', dir).loaded.map((e) => e.id), ['tests.everywhere', 'tests.newest-only']);
  });

  it('refuses an extension that does not say which VS Code it needs', () => {
    extension('vague', undefined);
    assert.throws(() => harness.testExtensionsFor('1.139.1', dir), /engines\.vscode must name the oldest VS Code/);
  });

  it('names a single extension directly and several through one folder of links to them', () => {
    const a = extension('a', '^1.100.0');
    const b = extension('b', '^1.100.0');
    assert.equal(harness.developmentExtensionsFolder(path.join(dir, 'run1'), [a]), a);
    const folder = harness.developmentExtensionsFolder(path.join(dir, 'run2'), [a, b]);
    const links = readdirSync(folder).sort();
    assert.deepEqual(links.map((link) => realpathSync(path.join(folder, link))), [realpathSync(a), realpathSync(b)]);
  });
});
