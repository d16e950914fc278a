import assert from 'node:assert/strict';
import { withoutHiddenFiles } from '../../../src/core/lmTools/reviewTool';
import { untrackedFileDiff } from '../../../src/core/lmTools/untrackedDiff';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('untrackedFileDiff (an untracked file in the review of pending changes)', () => {
  it('shows a new file as git shows it added: every line an addition, with the hunk counting them', () => {
    assert.equal(
      untrackedFileDiff('src/added.ts', bytes('export const A = 1;\nexport const B = 2;\n')),
      'diff --git a/src/added.ts b/src/added.ts\nnew file mode 100644\n--- /dev/null\n+++ b/src/added.ts\n@@ -0,0 +1,2 @@\n+export const A = 1;\n+export const B = 2;\n',
    );
  });

  it('marks a last line without a newline, names a binary file without its bytes, and shows an empty file by its header alone', () => {
    assert.equal(untrackedFileDiff('a.txt', bytes('one line')), 'diff --git a/a.txt b/a.txt\nnew file mode 100644\n--- /dev/null\n+++ b/a.txt\n@@ -0,0 +1 @@\n+one line\n\\ No newline at end of file\n');
    assert.equal(untrackedFileDiff('logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2])), 'diff --git a/logo.png b/logo.png\nnew file mode 100644\nBinary files /dev/null and b/logo.png differ\n');
    assert.equal(untrackedFileDiff('empty.ts', new Uint8Array()), 'diff --git a/empty.ts b/empty.ts\nnew file mode 100644\n');
  });

  it('is cut out by the secret filter like any tracked file: an untracked .env never reaches a model', () => {
    const diff = untrackedFileDiff('src/added.ts', bytes('ok\n')) + untrackedFileDiff('.env', bytes('TOKEN=SECRET\n'));
    const shown = withoutHiddenFiles(diff, (p) => p === '.env');
    assert.deepEqual(shown.hidden, ['.env']);
    assert.ok(!shown.diff.includes('SECRET'));
    assert.match(shown.diff, /^diff --git a\/src\/added\.ts b\/src\/added\.ts\n[\s\S]*\+ok\n$/);
  });
});
