import assert from 'node:assert/strict';
import { violations, type ProbeOptions, type ProbeTree } from './dependencyProbe';

/**
 * Each layer rule of .dependency-cruiser.cjs must actually fire on a probe that breaks it, and only
 * that rule; and an import the layers allow must pass. The probes live in a temp tree, so these
 * tests say nothing about the real src/ (npm run lint:deps does).
 */
describe('the dependency rules hold the layers', function () {
  this.timeout(60_000);

  const leaf = 'export const value = 1;\n';

  async function assertOnly(rule: string, tree: ProbeTree, expected: string[], options?: ProbeOptions): Promise<void> {
    const found = await violations(tree, options);
    assert.deepEqual(found.sort(), expected.map((v) => `${rule}: ${v}`).sort());
  }

  async function assertClean(tree: ProbeTree, options?: ProbeOptions): Promise<void> {
    assert.deepEqual(await violations(tree, options), []);
  }

  describe('core-not-vscode', () => {
    it('fails when src/core imports vscode, with or without its type declarations resolving', async () => {
      const tree = { 'src/core/probe.ts': "import * as vscode from 'vscode';\nexport const x = vscode;\n" };
      await assertOnly('core-not-vscode', tree, ['src/core/probe.ts → vscode']);
      await assertOnly('core-not-vscode', tree, ['src/core/probe.ts → node_modules/@types/vscode/index.d.ts'], { vscodeTypes: true });
    });

    it('fails on require("vscode"), import("vscode") and the host layer too', async () => {
      await assertOnly(
        'core-not-vscode',
        {
          'src/core/viaRequire.ts': "export const api = require('vscode');\n",
          'src/core/viaImport.ts': "export const api = import('vscode');\n",
          'src/core/viaHost.ts': "import { value } from '../vscode/host';\nexport const x = value;\n",
          'src/vscode/host.ts': leaf,
        },
        ['src/core/viaRequire.ts → vscode', 'src/core/viaImport.ts → vscode', 'src/core/viaHost.ts → src/vscode/host.ts'],
      );
    });

    it('allows vscode in src/vscode, and npm packages in core', async () => {
      await assertClean(
        {
          'src/vscode/probe.ts': "import * as vscode from 'vscode';\nimport { value } from '../core/probe';\nexport const x = [vscode, value];\n",
          'src/core/probe.ts': "import { z } from 'zod';\nexport const value = z;\n",
        },
        { vscodeTypes: true },
      );
    });
  });

  describe('core-not-protocol', () => {
    it('fails when src/core imports the protocol, even for a type', async () => {
      await assertOnly(
        'core-not-protocol',
        {
          'src/core/probe.ts': "import type { Message } from '../protocol/x';\nexport type Probe = Message;\n",
          'src/protocol/x.ts': 'export interface Message { readonly type: string }\n',
        },
        ['src/core/probe.ts → src/protocol/x.ts'],
      );
    });

    it('allows src/presentation to map core results onto the protocol', async () => {
      await assertClean({
        'src/presentation/probe.ts': "import { value } from '../core/x';\nimport type { Message } from '../protocol/x';\nexport const m: Message = { type: String(value) };\n",
        'src/core/x.ts': leaf,
        'src/protocol/x.ts': 'export interface Message { readonly type: string }\n',
      });
    });
  });

  describe('core-not-webview', () => {
    it('fails when src/core imports a webview', async () => {
      await assertOnly(
        'core-not-webview',
        { 'src/core/probe.ts': "import { value } from '../webview/chat/x';\nexport const x = value;\n", 'src/webview/chat/x.ts': leaf },
        ['src/core/probe.ts → src/webview/chat/x.ts'],
      );
    });

    it('allows core to import core and src/shared', async () => {
      await assertClean({
        'src/core/probe.ts': "import { value } from './other/x';\nimport { figure } from '../shared/figures';\nexport const x = [value, figure];\n",
        'src/core/other/x.ts': leaf,
        'src/shared/figures.ts': 'export const figure = 1;\n',
      });
    });
  });

  describe('core-not-presentation', () => {
    it('fails when src/core imports src/presentation', async () => {
      await assertOnly(
        'core-not-presentation',
        { 'src/core/probe.ts': "import { value } from '../presentation/x';\nexport const x = value;\n", 'src/presentation/x.ts': leaf },
        ['src/core/probe.ts → src/presentation/x.ts'],
      );
    });

    it('allows src/presentation to import core', async () => {
      await assertClean({ 'src/presentation/probe.ts': "import { value } from '../core/x';\nexport const x = value;\n", 'src/core/x.ts': leaf });
    });
  });

  describe('protocol-is-leaf', () => {
    it('fails when src/protocol imports anything else of ours', async () => {
      await assertOnly(
        'protocol-is-leaf',
        {
          'src/protocol/probe.ts': "import type { Value } from '../core/providers/contract';\nimport { figure } from '../shared/figures';\nexport type P = Value;\nexport const f = figure;\n",
          'src/core/providers/contract.ts': 'export type Value = number;\n',
          'src/shared/figures.ts': 'export const figure = 1;\n',
        },
        ['src/protocol/probe.ts → src/core/providers/contract.ts', 'src/protocol/probe.ts → src/shared/figures.ts'],
      );
    });

    it('allows the protocol its own files and npm packages such as zod', async () => {
      await assertClean({
        'src/protocol/probe.ts': "import { z } from 'zod';\nimport { value } from './x';\nexport const x = [z, value];\n",
        'src/protocol/x.ts': leaf,
      });
    });
  });

  describe('shared-is-leaf', () => {
    it('fails when src/shared imports anything else of ours', async () => {
      await assertOnly(
        'shared-is-leaf',
        { 'src/shared/probe.ts': "import { value } from '../core/format/x';\nexport const x = value;\n", 'src/core/format/x.ts': leaf },
        ['src/shared/probe.ts → src/core/format/x.ts'],
      );
    });

    it('allows src/shared its own files and npm packages', async () => {
      await assertClean({ 'src/shared/probe.ts': "import { z } from 'zod';\nimport { value } from './x';\nexport const x = [z, value];\n", 'src/shared/x.ts': leaf });
    });
  });

  describe('webview-only-protocol', () => {
    it('fails when a webview imports core, the host or vscode', async () => {
      await assertOnly(
        'webview-only-protocol',
        {
          'src/webview/chat/probe.ts': "import { value } from '../../core/format/figures';\nimport { host } from '../../vscode/host';\nexport const x = [value, host];\n",
          'src/webview/dashboard/probe.ts': "import * as vscode from 'vscode';\nexport const x = vscode;\n",
          'src/core/format/figures.ts': leaf,
          'src/vscode/host.ts': 'export const host = 1;\n',
        },
        ['src/webview/chat/probe.ts → src/core/format/figures.ts', 'src/webview/chat/probe.ts → src/vscode/host.ts', 'src/webview/dashboard/probe.ts → vscode'],
      );
    });

    it('allows a webview its own code, the protocol, src/shared and npm packages', async () => {
      await assertClean({
        'src/webview/chat/probe.ts': [
          "import { z } from 'zod';",
          "import { a } from '../shared/a';",
          "import type { Message } from '../../protocol/x';",
          "import { figure } from '../../shared/figures';",
          'export const x: [unknown, number, number, Message?] = [z, a, figure];',
          '',
        ].join('\n'),
        'src/webview/shared/a.ts': 'export const a = 1;\n',
        'src/protocol/x.ts': 'export interface Message { readonly type: string }\n',
        'src/shared/figures.ts': 'export const figure = 1;\n',
      });
    });
  });

  describe('presentation-not-host', () => {
    it('fails when src/presentation imports vscode, the host layer or a webview', async () => {
      await assertOnly(
        'presentation-not-host',
        {
          'src/presentation/probe.ts': "import * as vscode from 'vscode';\nimport { host } from '../vscode/host';\nimport { view } from '../webview/chat/view';\nexport const x = [vscode, host, view];\n",
          'src/vscode/host.ts': 'export const host = 1;\n',
          'src/webview/chat/view.ts': 'export const view = 1;\n',
        },
        ['src/presentation/probe.ts → vscode', 'src/presentation/probe.ts → src/vscode/host.ts', 'src/presentation/probe.ts → src/webview/chat/view.ts'],
      );
    });

    it('allows the host layer to import src/presentation', async () => {
      await assertClean({ 'src/vscode/probe.ts': "import { value } from '../presentation/x';\nexport const x = value;\n", 'src/presentation/x.ts': leaf });
    });
  });

  describe('no-circular', () => {
    it('fails on an import cycle under src/', async () => {
      await assertOnly(
        'no-circular',
        {
          'src/core/views/a.ts': "import { b } from './b';\nexport const a = (): number => b();\n",
          'src/core/views/b.ts': "import { a } from './a';\nexport const b = (): number => a();\n",
        },
        ['src/core/views/a.ts → src/core/views/b.ts'],
      );
    });

    it('allows a chain that does not come back', async () => {
      await assertClean({
        'src/core/views/a.ts': "import { b } from './b';\nexport const a = b;\n",
        'src/core/views/b.ts': "import { value } from './c';\nexport const b = value;\n",
        'src/core/views/c.ts': leaf,
      });
    });
  });

  describe('no-orphans', () => {
    it('fails on a module under src/ nothing imports, such as an unused barrel', async () => {
      await assertOnly(
        'no-orphans',
        { 'src/core/budget/index.ts': "export * from './guard';\n", 'src/core/budget/guard.ts': leaf, 'src/core/unused.ts': leaf },
        ['src/core/budget/index.ts → src/core/budget/index.ts', 'src/core/unused.ts → src/core/unused.ts'],
        { unimported: ['src/core/budget/index.ts', 'src/core/unused.ts'] },
      );
    });

    it('allows the entry points and type declarations, and modules only tests import', async () => {
      const entries = ['src/vscode/extension.ts', 'src/webview/chat/main.ts', 'src/webview/dashboard/main.ts', 'src/core/analysis/analysisWorker.ts', 'src/webview/globals.d.ts'];
      await assertClean(
        {
          'src/vscode/extension.ts': "import { value } from '../core/x';\nexport const activate = (): number => value;\n",
          'src/webview/chat/main.ts': leaf,
          'src/webview/dashboard/main.ts': leaf,
          'src/core/analysis/analysisWorker.ts': leaf,
          'src/webview/globals.d.ts': 'declare const acquireVsCodeApi: () => unknown;\n',
          'src/core/x.ts': leaf,
          'src/core/onlyTested.ts': leaf,
        },
        { unimported: [...entries, 'src/core/x.ts'] },
      );
    });
  });
});

describe('the repository keeps its layers', function () {
  this.timeout(120_000);

  it('has no dependency violation in src, test and bench (what npm run lint:deps checks, here so CI runs it)', async () => {
    const { cruise } = await import('dependency-cruiser');
    const { join } = await import('node:path');
    const root = join(__dirname, '..', '..', '..');
    const loaded = (await import(join(root, '.dependency-cruiser.cjs'))) as { default?: { forbidden?: unknown[]; options?: Record<string, unknown> } } & { forbidden?: unknown[]; options?: Record<string, unknown> };
    const config = loaded.default ?? loaded;
    const cwd = process.cwd();
    process.chdir(root);
    try {
      const result = await cruise(['src', 'test', 'bench'], { ...(config.options ?? {}), validate: true, ruleSet: { forbidden: config.forbidden ?? [] } } as never);
      const output = result.output as { summary: { violations: { rule: { name: string }; from: string; to: string }[] }; modules: unknown[] };
      assert.ok(output.modules.length > 200, `cruised the real tree (${output.modules.length} modules)`);
      assert.deepEqual(output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`), []);
    } finally {
      process.chdir(cwd);
    }
  });
});
