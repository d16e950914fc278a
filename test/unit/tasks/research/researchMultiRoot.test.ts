// Research in a workspace of two folders (`client` first, `server` second): the tools read, search and
// name files of both as the workspace names them (`server/src/handler.ts`), and the second folder's
// secrets, ignored files and links out are refused as the first folder's are.
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkspaceIndex } from '../../../../src/core/analysis/workspaceIndex';
import { workspaceRoots } from '../../../../src/core/analysis/workspaceRoots';
import { silentLogger } from '../../../../src/core/log/logger';
import { researchEnvironment } from '../../../../src/core/tasks/research/researchFiles';
import { researchIndexOf } from '../../../../src/core/tasks/research/researchIndex';
import { researchTools } from '../../../../src/core/tasks/research/researchTools';
import type { ResearchTool } from '../../../../src/core/tasks/taskPorts';
import { InProcessRunner } from '../../../support/inProcessRunner';
import { writeFixture } from '../../analysis/fixtureIndex';
import { runTool, SECRET } from './researchWorkspace';

describe('research tools in a workspace of two folders', () => {
  let client = '';
  let server = '';
  let outside = '';
  let index: WorkspaceIndex;
  let tools: readonly ResearchTool[];

  before(async () => {
    client = writeFixture('sb-client-', {
      'src/index.ts': "export const side = 'client';\n",
      'src/price.ts': 'export function priceOf(total: number): string {\n  return total.toFixed(2);\n}\n',
    });
    server = writeFixture('sb-server-', {
      '.gitignore': 'local-notes.ts\n',
      '.env': `API_KEY=${SECRET}\n`,
      'local-notes.ts': `// ${SECRET}\nexport const notes = 1;\n`,
      'src/index.ts': "import { handle } from './handler';\nexport const side = 'server';\nexport const status = handle('/checkout');\n",
      'src/handler.ts': "export function handle(path: string): number {\n  return path === '/checkout' ? 200 : 404;\n}\n",
    });
    outside = realpathSync(mkdtempSync(join(tmpdir(), 'sb-outside-')));
    writeFileSync(join(outside, 'stolen.ts'), `export const stolen = '${SECRET}';\n`);
    symlinkSync(join(outside, 'stolen.ts'), join(server, 'src/outside.ts'));
    symlinkSync(join(server, '.env'), join(server, 'src/config.ts'));
    index = new WorkspaceIndex({ folders: [client, server], folderNames: ['client', 'server'], runner: new InProcessRunner() });
    await index.build();
    const roots = workspaceRoots([client, server], ['client', 'server']);
    tools = researchTools(researchEnvironment({ roots, index: researchIndexOf(index), log: silentLogger }));
  });
  after(() => {
    index.dispose();
    for (const dir of [client, server, outside]) rmSync(dir, { recursive: true, force: true });
  });

  it('reads a file of the second folder by its folder name, or by a path only that folder holds', async () => {
    const named = await runTool(tools, 'read_file', { path: 'server/src/handler.ts' });
    assert.ok(named.ok, named.text);
    assert.match(named.text, /^server\/src\/handler\.ts \(lines 1-3 of 3\)\n1\texport function handle/);
    const unnamed = await runTool(tools, 'read_file', { path: 'src/handler.ts' });
    assert.match(unnamed.text, /^server\/src\/handler\.ts /, unnamed.text);
  });

  it('tells the two src/index.ts apart: the folder named, or the first folder when none is', async () => {
    assert.match((await runTool(tools, 'read_file', { path: 'server/src/index.ts' })).text, /side = 'server'/);
    assert.match((await runTool(tools, 'read_file', { path: 'client/src/index.ts' })).text, /side = 'client'/);
    assert.match((await runTool(tools, 'read_file', { path: 'src/index.ts' })).text, /^client\/src\/index\.ts [\s\S]*side = 'client'/);
  });

  it('searches both folders and names every hit with its folder; a scope names one folder', async () => {
    const all = await runTool(tools, 'search_text', { query: 'export const side' });
    assert.deepEqual(all.text.split('\n').map((row) => row.split(':')[0]).sort(), ['client/src/index.ts', 'server/src/index.ts']);
    const scoped = await runTool(tools, 'search_text', { query: 'export const side', path: 'server/src' });
    assert.deepEqual(scoped.text.split('\n').map((row) => row.split(':')[0]), ['server/src/index.ts']);
  });

  it("refuses the second folder's secrets, ignored files and links out, by any spelling", async () => {
    for (const path of ['server/.env', 'server/local-notes.ts', 'server/src/outside.ts', 'server/src/config.ts', 'local-notes.ts', `${server}/.env`, 'server/../client/src/index.ts/../../../etc/passwd']) {
      const answer = await runTool(tools, 'read_file', { path });
      assert.equal(answer.ok, false, `${path}: ${answer.text}`);
      assert.ok(!answer.text.includes(SECRET), path);
    }
    const search = await runTool(tools, 'search_text', { query: SECRET });
    assert.match(search.text, /^No match/, search.text);
  });
});
