import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followLinks } from '../../../src/core/tasks/workspaceLinks';

/**
 * A path a model names for a change set (or a tool names for a read) passes workspacePath by its
 * spelling alone; a symbolic link inside the folder can still lead out of it. followLinks looks at
 * the disk: every part of the path that exists must stay inside the workspace.
 */
describe('followLinks: symbolic links in a workspace-relative path', () => {
  let dir = '';
  let root = '';

  before(function () {
    dir = mkdtempSync(join(tmpdir(), 'sb-links-'));
    root = join(dir, 'ws');
    mkdirSync(join(root, 'src'), { recursive: true });
    mkdirSync(join(dir, 'outside'));
    writeFileSync(join(dir, 'outside', 'id_rsa_copy'), 'PRIVATE');
    writeFileSync(join(root, 'src', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, '.env'), 'KEY=SECRET\n');
    try {
      symlinkSync(join(dir, 'outside'), join(root, 'out'), 'dir');
    } catch {
      this.skip(); // No symbolic links here (Windows without the privilege).
    }
    symlinkSync(join(dir, 'outside', 'id_rsa_copy'), join(root, 'notes.txt'));
    symlinkSync(join(dir, 'outside', 'not-yet'), join(root, 'dangling.ts'));
    symlinkSync(join(root, '.env'), join(root, 'config.txt'));
    symlinkSync(join(root, 'src'), join(root, 'lib'), 'dir');
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a path through a folder link that leads outside, for a new file too', async () => {
    assert.equal((await followLinks(root, 'out/new.ts')).ok, false);
    assert.equal((await followLinks(root, 'out/id_rsa_copy')).ok, false);
  });

  it('refuses a file link that leads outside, and a link that points nowhere (a write would create its target)', async () => {
    const file = await followLinks(root, 'notes.txt');
    assert.equal(file.ok, false);
    assert.match(file.ok ? '' : file.reason, /notes\.txt .*outside the workspace/);
    assert.equal((await followLinks(root, 'dangling.ts')).ok, false);
  });

  it('lets a link inside the workspace through, saying which file it really is', async () => {
    assert.deepEqual(await followLinks(root, 'config.txt'), { ok: true, target: '.env' });
    assert.deepEqual(await followLinks(root, 'lib/a.ts'), { ok: true, target: 'src/a.ts' });
    assert.deepEqual(await followLinks(root, 'lib/new.ts'), { ok: true });
  });

  it('lets plain paths through, existing or not', async () => {
    assert.deepEqual(await followLinks(root, 'src/a.ts'), { ok: true, target: 'src/a.ts' });
    assert.deepEqual(await followLinks(root, 'src/new/deeper.ts'), { ok: true });
  });
});
