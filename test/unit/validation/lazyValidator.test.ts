import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../src/core/log/logger';
import { createLazyValidator } from '../../../src/core/validation/lazyValidator';

describe('LazyTypeScriptValidator', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'sb-lazy-'));
    writeFileSync(join(root, 'app.js'), 'export const a = 1;\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('loads the validator on the first validation and refuses after dispose', async () => {
    const lazy = createLazyValidator({ root, log: silentLogger });
    lazy.invalidate(['app.js']);
    const report = await lazy.validate([{ kind: 'edit', path: 'app.js', before: 'export const a = 1;\n', after: 'export const a = ;\n' }]);
    assert.equal(report.status, 'failed');
    assert.deepEqual(report.files, [{ path: 'app.js', check: 'syntax' }]);
    lazy.dispose();
    await assert.rejects(lazy.validate([]), /after dispose/);
  });
});
