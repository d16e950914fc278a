import assert from 'node:assert/strict';
import { checkRelativePath } from '../../../src/core/chat/relativePath';

describe('checkRelativePath (path hints from models and the view)', () => {
  it('normalizes plain workspace-relative paths', () => {
    assert.deepEqual(checkRelativePath('src/a.ts'), { ok: true, path: 'src/a.ts' });
    assert.deepEqual(checkRelativePath('./src//b.ts'), { ok: true, path: 'src/b.ts' });
    assert.deepEqual(checkRelativePath('src\\win\\c.ts'), { ok: true, path: 'src/win/c.ts' });
  });

  for (const bad of ['../x.ts', 'src/../../x.ts', '/etc/passwd', 'C:\\Windows\\x', 'c:/x', 'file:///etc/passwd', 'vscode-remote://h/x', '', '.', 'a\u0000b']) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.equal(checkRelativePath(bad).ok, false);
    });
  }
});
