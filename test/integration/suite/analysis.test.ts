// The analyzer in the real host, on a copy of the fixture workspace: Analyze Workspace, a repo map
// for a selection, and the index kept current as a file is created, edited and deleted, and as a
// workspace package's package.json changes where its name leads.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { eventually } from '../../support/eventually';
import type { SwitchboardApi } from '../../../src/vscode/api';
import { LM_TOOLS } from '../../../src/core/lmTools/toolCatalogue';
import { repoMapFor, waitForIndex } from '../support/analysis';
import { resetSettings, switchboard } from '../support/switchboard';

describe('Workspace analysis (fixture workspace)', () => {
  let api: SwitchboardApi;
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;

  before(async () => {
    // The index shows in the Models view with or without models: none are set here.
    api = await switchboard();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await resetSettings(api);
  });

  it('analyzes the workspace and shows the index in the Models view', async () => {
    await vscode.commands.executeCommand('switchboard.analyzeWorkspace');
    // The index follows the disk a moment later: wait until it holds what is there now.
    const onDisk = (await vscode.workspace.findFiles('**/*.ts')).map((uri) => vscode.workspace.asRelativePath(uri)).sort();
    const description = await eventually(
      () => waitForIndex(api),
      (text) => text.startsWith(`${onDisk.length} files · `),
      `the index to hold the ${onDisk.length} files on disk`,
      { ms: 30_000, show: (text) => `Models view: "${text}"` },
    );
    // The fixture's few files: every suite removes the files it wrote, whichever ran before this one.
    assert.match(description, /^[3-9] files · \d+ symbols/, `${description}; TypeScript on disk: ${onDisk.join(', ')}`);
  });

  it('renders a repo map with signatures of what the selection uses', async () => {
    const map = await repoMapFor(vscode.Uri.joinPath(folder(), 'src', 'index.ts'), 0, 5);
    assert.match(map, /# Repo map for src\/index\.ts/);
    assert.match(map, /invoiceTotalCents\(items: readonly LineItem\[\], taxRate = 0\): number/);
    assert.ok(!map.includes('Math.round(subtotal'), 'a map shows signatures, not bodies');
  });

  it('keeps the index current when a file is created, edited and deleted', async () => {
    const file = vscode.Uri.joinPath(folder(), 'src', 'shipping.ts');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('export function shippingCostCents(weightGrams: number): number {\n  return weightGrams > 1000 ? 900 : 450;\n}\n'));
    // The index follows the file system after a short delay: read a fresh map until it shows the change.
    const freshMap = async (of: vscode.Uri, endLine: number): Promise<string> => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      return repoMapFor(of, 0, endLine);
    };
    const options = { ms: 20_000, intervalMs: 500, show: (text: string) => `\n${text}` };
    await eventually(() => freshMap(file, 2), (text) => /shippingCostCents\(weightGrams: number\): number/.test(text), 'the new file to reach the index', options);
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('export function freightCents(kg: number): number {\n  return kg * 100;\n}\n'));
    const map = await eventually(() => freshMap(file, 2), (text) => /freightCents\(kg: number\)/.test(text), 'the edit to reach the index', options);
    assert.ok(!map.includes('shippingCostCents'), 'the old declaration is gone after the edit');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(file);
    await eventually(() => freshMap(vscode.Uri.joinPath(folder(), 'src', 'index.ts'), 5), (text) => !text.includes('freightCents'), 'the deleted file to leave the index', options);
  });

  it('indexes a folder that appears with its files at once, and forgets the files of a folder deleted at once', async () => {
    // As a git checkout, an unzip or a generator makes them: the folder and its files in one go, the
    // watcher's events for them coalesced into one for the folder (no event matches *.ts).
    const root = path.join(folder().fsPath, 'vendor-rates');
    mkdirSync(path.join(root, 'lib'), { recursive: true });
    writeFileSync(path.join(root, 'lib', 'air.ts'), 'export function airFreightRate(kg: number): number {\n  return kg * 9;\n}\n');
    writeFileSync(path.join(root, 'lib', 'sea.ts'), 'export function seaFreightRate(kg: number): number {\n  return kg * 1;\n}\n');
    const listed = async (): Promise<string[]> => {
      const answer = await vscode.lm.invokeTool(LM_TOOLS.repoMap.name, { input: { query: 'airFreightRate seaFreightRate', maxTokens: 400 }, toolInvocationToken: undefined });
      const text = answer.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
      return ['air', 'sea'].filter((name) => text.includes(`vendor-rates/lib/${name}.ts`));
    };
    const options = { ms: 20_000, intervalMs: 500, show: (files: string[]) => `indexed: ${files.join(', ') || 'neither'}` };
    try {
      await eventually(listed, (files) => files.length === 2, 'both files of the new folder to reach the index', options);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    await eventually(listed, (files) => files.length === 0, 'the files of the deleted folder to leave the index', options);
  });

  it("follows a workspace package's package.json as it is saved: the map ranks the file its name now leads to first", async () => {
    const write = (rel: string, text: string) => vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder(), ...rel.split('/')), new TextEncoder().encode(text));
    const manifest = (entry: string) => JSON.stringify({ name: '@shop/rates', exports: { '.': `./src/${entry}.ts` } });
    // Two files declare the same name: by name alone they rank alike; the import decides.
    await write('packages/rates/src/standard.ts', 'export function shippingRate(kg: number): number {\n  return kg * 2;\n}\n');
    await write('packages/rates/src/express.ts', 'export function shippingRate(kg: number): number {\n  return kg * 5;\n}\n');
    await write('packages/rates/package.json', manifest('standard'));
    await write('src/parcel.ts', "import { shippingRate } from '@shop/rates';\nexport const parcelCost = shippingRate(3);\n");
    const order = async (): Promise<string> => {
      const answer = await vscode.lm.invokeTool(LM_TOOLS.repoMap.name, { input: { file: 'src/parcel.ts', maxTokens: 400 }, toolInvocationToken: undefined });
      const text = answer.content.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');
      const at = (file: string) => text.indexOf(`packages/rates/src/${file}.ts`);
      return at('standard') < 0 || at('express') < 0 ? `not both in the map:\n${text}` : at('standard') < at('express') ? 'standard first' : 'express first';
    };
    try {
      const options = { ms: 20_000, intervalMs: 500, show: (text: string) => text };
      await eventually(order, (o) => o === 'standard first', 'the package file its exports name to rank first', options);
      await write('packages/rates/package.json', manifest('express'));
      await eventually(order, (o) => o === 'express first', 'the changed exports to count without Analyze Workspace', options);
    } finally {
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), 'packages'), { recursive: true });
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder(), 'src', 'parcel.ts'));
    }
  });
});
