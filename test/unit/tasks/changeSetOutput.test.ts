import assert from 'node:assert/strict';
import { z } from 'zod';
import { isStrictCompatible } from '../../../src/core/providers/strictSchema';
import { changeSetOutputSchema, resolveChangeSet, type ChangeSetOutput, type FileOperation } from '../../../src/core/tasks/changeSetOutput';
import { workspacePath } from '../../../src/core/tasks/changePaths';
import type { ApplyRequest } from '../../../src/core/chat/applyText';
import type { CodeMerger, TaskWorkspace } from '../../../src/core/tasks/taskPorts';

const CART = [
  "import { round } from './money';",
  '',
  '/** The cart total. */',
  'export function total(prices: number[]): number {',
  '  return round(prices.reduce((a, b) => a + b, 0));',
  '}',
  '',
  'export function count(prices: number[]): number {',
  '  return prices.length;',
  '}',
  '',
].join('\n');

function workspaceOf(files: Record<string, string>): TaskWorkspace {
  return { read: async (path) => files[path] };
}

function op(action: FileOperation['action'], path: string, extra: Partial<FileOperation> = {}): FileOperation {
  return { action, path, newPath: null, code: null, ...extra };
}

function output(...changes: FileOperation[]): ChangeSetOutput {
  return { summary: ' Adds a discount. ', changes };
}

describe('changeSetOutputSchema', () => {
  it('is a JSON schema OpenAI strict mode takes as it is: an object root, no union, every field required', () => {
    const json = z.toJSONSchema(changeSetOutputSchema) as Record<string, unknown>;
    assert.equal(json['type'], 'object');
    assert.ok(isStrictCompatible(json), JSON.stringify(json));
    assert.ok(!JSON.stringify(json).includes('"default"'), 'no default keyword');
    assert.ok(!JSON.stringify(json).includes('oneOf'), 'no union of shapes');
  });

  it('reads a field the model left out as null, and refuses an unknown action', () => {
    const parsed = changeSetOutputSchema.parse({ summary: 's', changes: [{ action: 'delete', path: 'a.ts' }] });
    assert.deepEqual(parsed.changes[0], { action: 'delete', path: 'a.ts', newPath: null, code: null });
    const refused = changeSetOutputSchema.safeParse({ summary: 's', changes: [{ action: 'patch', path: 'a.ts' }] });
    assert.equal(refused.success, false);
  });
});

describe('workspacePath', () => {
  it('normalises separators and ./ and refuses paths that could leave the workspace', () => {
    assert.deepEqual(workspacePath(' .\\src\\cart.ts '), { ok: true, path: 'src/cart.ts' });
    for (const bad of ['/etc/passwd', 'C:\\x.ts', 'c:/x.ts', 'file:///x.ts', '~/x.ts', 'src/../../x.ts', '..', '', 'src/', '.']) {
      assert.equal(workspacePath(bad).ok, false, bad);
    }
  });
});

describe('resolveChangeSet', () => {
  it('merges an edit by declaration: the changed function replaced, the rest of the file kept', async () => {
    const code = 'export function total(prices: number[], discount: number): number {\n  return round(prices.reduce((a, b) => a + b, 0) - discount);\n}';
    const { changeSet, problems } = await resolveChangeSet(output(op('edit', 'src/cart.ts', { code })), workspaceOf({ 'src/cart.ts': CART }));
    assert.deepEqual(problems, []);
    assert.equal(changeSet.summary, 'Adds a discount.');
    const [change] = changeSet.changes;
    assert.ok(change?.kind === 'edit');
    assert.equal(change.before, CART);
    assert.ok(change.after.includes('discount: number'));
    assert.ok(change.after.includes('/** The cart total. */'), 'JSDoc kept');
    assert.ok(change.after.includes('export function count'), 'untouched function kept');
    assert.ok(change.after.startsWith("import { round } from './money';"));
  });

  it('merges two edits of one file in order into one change', async () => {
    const first = 'export function total(prices: number[]): number {\n  return 0;\n}';
    const second = 'export function count(prices: number[]): number {\n  return 1;\n}';
    const { changeSet, problems } = await resolveChangeSet(output(op('edit', 'src/cart.ts', { code: first }), op('edit', './src/cart.ts', { code: second })), workspaceOf({ 'src/cart.ts': CART }));
    assert.deepEqual(problems, []);
    assert.equal(changeSet.changes.length, 1);
    const after = changeSet.changes[0]?.kind === 'edit' ? changeSet.changes[0].after : '';
    assert.ok(after.includes('return 0;') && after.includes('return 1;'), after);
  });

  it('refuses an edit of a missing file and says to use create', async () => {
    const { changeSet, problems } = await resolveChangeSet(output(op('edit', 'src/new.ts', { code: 'export const a = 1;' })), workspaceOf({}));
    assert.equal(changeSet.changes.length, 0);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^edit src\/new\.ts: .*does not exist.*use create/);
  });

  it('creates a new file with the full content, and turns a create of an existing file into a whole-file edit', async () => {
    const { changeSet, problems } = await resolveChangeSet(
      output(op('create', 'src/discount.ts', { code: 'export const RATE = 0.1;\n' }), op('create', 'src/cart.ts', { code: 'export {};\n' })),
      workspaceOf({ 'src/cart.ts': CART }),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(changeSet.changes, [
      { kind: 'create', path: 'src/discount.ts', after: 'export const RATE = 0.1;\n' },
      { kind: 'edit', path: 'src/cart.ts', before: CART, after: 'export {};\n' },
    ]);
  });

  it('deletes a file with its text kept as before, and refuses deleting a missing one', async () => {
    const { changeSet, problems } = await resolveChangeSet(output(op('delete', 'src/cart.ts'), op('delete', 'src/gone.ts')), workspaceOf({ 'src/cart.ts': CART }));
    assert.deepEqual(changeSet.changes, [{ kind: 'delete', path: 'src/cart.ts', before: CART }]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /^delete src\/gone\.ts: /);
  });

  it('renames a file, merging the code given into the moved file', async () => {
    const code = 'export function count(prices: number[]): number {\n  return prices.filter((p) => p > 0).length;\n}';
    const { changeSet, problems } = await resolveChangeSet(output(op('rename', 'src/cart.ts', { newPath: 'src/basket.ts', code })), workspaceOf({ 'src/cart.ts': CART }));
    assert.deepEqual(problems, []);
    const [change] = changeSet.changes;
    assert.ok(change?.kind === 'rename');
    assert.equal(change.newPath, 'src/basket.ts');
    assert.equal(change.before, CART);
    assert.ok(change.after.includes('p > 0') && change.after.includes('export function total'));
  });

  it('refuses a rename without a new path, onto an existing file, or onto a path already touched', async () => {
    const files = { 'src/cart.ts': CART, 'src/money.ts': 'export const round = (n: number) => n;\n', 'src/other.ts': 'export {};\n' };
    const { changeSet, problems } = await resolveChangeSet(
      output(
        op('rename', 'src/cart.ts'),
        op('rename', 'src/cart.ts', { newPath: 'src/money.ts' }),
        op('create', 'src/fresh.ts', { code: 'export {};\n' }),
        op('rename', 'src/other.ts', { newPath: 'src/fresh.ts' }),
      ),
      workspaceOf(files),
    );
    assert.deepEqual(changeSet.changes.map((c) => c.kind), ['create']);
    assert.equal(problems.length, 3);
    assert.match(problems[0]!, /^rename src\/cart\.ts: no newPath/);
    assert.match(problems[1]!, /src\/money\.ts already exists/);
    assert.match(problems[2]!, /src\/fresh\.ts is already created by an earlier operation/);
  });

  it('refuses unsafe paths, naming each', async () => {
    const { changeSet, problems } = await resolveChangeSet(
      output(op('create', '/etc/cron.d/x', { code: 'x' }), op('create', 'src/../../outside.ts', { code: 'x' }), op('rename', 'src/cart.ts', { newPath: '../cart.ts' })),
      workspaceOf({ 'src/cart.ts': CART }),
    );
    assert.equal(changeSet.changes.length, 0);
    assert.equal(problems.length, 3);
    assert.match(problems[0]!, /^create \/etc\/cron\.d\/x: the path is absolute/);
    assert.match(problems[1]!, /^create src\/\.\.\/\.\.\/outside\.ts: .*`\.\.`/);
    assert.match(problems[2]!, /^rename src\/cart\.ts to \.\.\/cart\.ts: .*`\.\.`/);
  });

  it('refuses a path the workspace says leads outside through a symbolic link, for every operation and a rename\'s target', async () => {
    const files: Record<string, string> = { 'src/cart.ts': CART, 'linked/cart.ts': CART };
    const workspace: TaskWorkspace = {
      read: async (path) => files[path],
      linkEscape: async (path) => (path.startsWith('linked/') ? `${path} goes through a symbolic link to a place outside the workspace` : undefined),
    };
    const { changeSet, problems } = await resolveChangeSet(
      output(
        op('create', 'linked/new.ts', { code: 'x' }),
        op('edit', 'linked/cart.ts', { code: 'export function count(): number {\n  return 0;\n}' }),
        op('delete', 'linked/cart.ts'),
        op('rename', 'src/cart.ts', { newPath: 'linked/moved.ts' }),
      ),
      workspace,
    );
    assert.deepEqual(changeSet.changes, []);
    assert.equal(problems.length, 4);
    assert.match(problems[0]!, /^create linked\/new\.ts: .*symbolic link/);
    assert.match(problems[3]!, /^rename src\/cart\.ts to linked\/moved\.ts: .*symbolic link/);
  });

  it('refuses a second operation on a deleted file and an edit that changes nothing', async () => {
    const unchanged = 'export function count(prices: number[]): number {\n  return prices.length;\n}';
    const { changeSet, problems } = await resolveChangeSet(
      output(op('delete', 'src/cart.ts'), op('edit', 'src/cart.ts', { code: unchanged }), op('edit', 'src/b.ts', { code: unchanged })),
      workspaceOf({ 'src/cart.ts': CART, 'src/b.ts': CART }),
    );
    assert.deepEqual(changeSet.changes.map((c) => c.kind), ['delete']);
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /^edit src\/cart\.ts: src\/cart\.ts is already deleted/);
    assert.match(problems[1]!, /^edit src\/b\.ts: the code changes nothing/);
  });

  it('replaces a non-script file whole on edit', async () => {
    const { changeSet } = await resolveChangeSet(output(op('edit', 'README.md', { code: '# New\n' })), workspaceOf({ 'README.md': '# Old\n\ntext\n' }));
    assert.deepEqual(changeSet.changes, [{ kind: 'edit', path: 'README.md', before: '# Old\n\ntext\n', after: '# New\n' }]);
  });

  it('merges script files through the merger it is given (the validation thread), other files here; a merger that fails names the file', async () => {
    const asked: ApplyRequest[] = [];
    const merger: CodeMerger = {
      merge: async (request) => {
        asked.push(request);
        if (request.path === 'src/broken.ts') throw new Error('the validation thread stopped (exit code 3)');
        return { text: `${request.fileText}// merged\n`, strategy: 'merge', description: 'merged elsewhere' };
      },
    };
    const files = { 'src/cart.ts': CART, 'src/broken.ts': CART, 'README.md': '# Old\n' };
    const { changeSet, problems } = await resolveChangeSet(output(op('edit', 'src/cart.ts', { code: 'export const a = 1;' }), op('edit', 'src/broken.ts', { code: 'export const b = 2;' }), op('edit', 'README.md', { code: '# New\n' })), workspaceOf(files), merger);
    assert.deepEqual(asked.map((r) => [r.path, r.code, r.fileText === CART]), [['src/cart.ts', 'export const a = 1;', true], ['src/broken.ts', 'export const b = 2;', true]]);
    assert.deepEqual(changeSet.changes.map((c) => [c.path, c.kind === 'edit' ? c.after : '']), [['src/cart.ts', `${CART}// merged\n`], ['README.md', '# New\n']]);
    assert.deepEqual(problems, ['edit src/broken.ts: the code could not be merged into the file (the validation thread stopped (exit code 3)); skipped.']);
  });
});
