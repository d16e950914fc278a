import assert from 'node:assert/strict';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

/** The lint rule that keeps src/core free of the VS Code API must actually fire. */
describe('src/core stays plain TypeScript', function () {
  this.timeout(60_000);

  async function lint(code: string, file: string): Promise<string[]> {
    const { ESLint } = await import('eslint');
    const eslint = new ESLint({ cwd: root });
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
  }

  it('fails lint when a file under src/core imports vscode', async () => {
    const messages = await lint("import * as vscode from 'vscode';\nexport const x = vscode;\n", 'src/core/config/probe.ts');
    assert.ok(messages.some((m) => m.startsWith('@typescript-eslint/no-restricted-imports') && m.includes('src/core is plain TypeScript')), messages.join('\n'));
  });

  it('fails lint on require("vscode") and import("vscode") too', async () => {
    const messages = await lint("export const a = require('vscode');\nexport const b = import('vscode');\n", 'src/core/probe.ts');
    assert.equal(messages.filter((m) => m.includes('src/core is plain TypeScript')).length, 2, messages.join('\n'));
  });

  it('allows vscode in src/vscode', async () => {
    const messages = await lint("import * as vscode from 'vscode';\nexport const x = vscode;\n", 'src/vscode/probe.ts');
    assert.deepEqual(messages, []);
  });
});
