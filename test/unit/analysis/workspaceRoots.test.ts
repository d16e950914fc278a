import assert from 'node:assert/strict';
import { absoluteOf, candidatesFor, displayPath, workspaceRoots } from '../../../src/core/analysis/workspaceRoots';

describe('workspace roots: how a path is named', () => {
  const one = workspaceRoots(['/w/shop/']);
  const two = workspaceRoots(['/w/client', '/w/server'], [undefined, 'api']);

  it('names folders by their last segment unless the workspace names them', () => {
    assert.deepEqual(two, [
      { path: '/w/client', name: 'client' },
      { path: '/w/server', name: 'api' },
    ]);
    assert.deepEqual(one, [{ path: '/w/shop', name: 'shop' }]);
  });

  it('writes a path relative to its folder, with the folder name first when there are several (as asRelativePath does)', () => {
    assert.equal(displayPath(one, '/w/shop/src/a.ts'), 'src/a.ts');
    assert.equal(displayPath(two, '/w/client/src/a.ts'), 'client/src/a.ts');
    assert.equal(displayPath(two, '/w/server/src/a.ts'), 'api/src/a.ts');
    assert.equal(displayPath(two, '/elsewhere/a.ts'), '/elsewhere/a.ts');
  });

  it('reads a path that starts with a folder name as that folder first, then as written in each folder', () => {
    const found = candidatesFor(two, 'api/src/a.ts');
    assert.ok(found.ok);
    assert.deepEqual(
      found.candidates.map((c) => [c.root.name, c.relative, absoluteOf(c)]),
      [
        ['api', 'src/a.ts', '/w/server/src/a.ts'],
        ['client', 'api/src/a.ts', '/w/client/api/src/a.ts'],
        ['api', 'api/src/a.ts', '/w/server/api/src/a.ts'],
      ],
    );
    assert.deepEqual(
      found.candidates.map((c) => c.named),
      [true, false, false],
      'only the candidate the folder name chose is marked named',
    );
    const plain = candidatesFor(two, 'src/a.ts');
    assert.ok(plain.ok);
    assert.deepEqual(
      plain.candidates.map(absoluteOf),
      ['/w/client/src/a.ts', '/w/server/src/a.ts'],
    );
  });

  it('does not read a folder name into a path of a single-folder workspace', () => {
    const found = candidatesFor(one, 'shop/src/a.ts');
    assert.ok(found.ok);
    assert.deepEqual(
      found.candidates.map(absoluteOf),
      ['/w/shop/shop/src/a.ts'],
    );
  });

  it('refuses paths that are absolute or climb out', () => {
    assert.equal(candidatesFor(two, '../x.ts').ok, false);
    assert.equal(candidatesFor(two, '/etc/passwd').ok, false);
    assert.equal(candidatesFor(two, 'api/../../x.ts').ok, false);
  });
});
