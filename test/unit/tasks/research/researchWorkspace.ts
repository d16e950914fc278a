// A small checkout project on disk with the files research must never hand out: an ignored file,
// `.env` files, key files, `.git/`, and links that lead outside the folder or at a secret.
import { workspaceRoots } from '../../../../src/core/analysis/workspaceRoots';
import { mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../../../../src/core/log/logger';
import { WorkspaceIndex } from '../../../../src/core/analysis/workspaceIndex';
import type { ResearchTool } from '../../../../src/core/tasks/taskPorts';
import { researchEnvironment } from '../../../../src/core/tasks/research/researchFiles';
import { researchIndexOf } from '../../../../src/core/tasks/research/researchIndex';
import { researchTools } from '../../../../src/core/tasks/research/researchTools';
import { WorkspaceResearch } from '../../../../src/core/tasks/research/workspaceResearch';
import { InProcessRunner } from '../../../support/inProcessRunner';
import { writeFixture, writeFixtureFile } from '../../analysis/fixtureIndex';

/** Text that appears only inside files research must not read; no answer may contain it. */
export const SECRET = 'SECRET-7f3a9c';

export const FILES: Record<string, string> = {
  '.gitignore': 'dist/\nlocal-notes.ts\n',
  '.env': `API_KEY=${SECRET}\n`,
  '.env.local': `TOKEN=${SECRET}\n`,
  'config/.env.production.js': `module.exports = { token: '${SECRET}', applyDiscount: 1 };\n`,
  'deploy/server.key': `-----BEGIN PRIVATE KEY-----\n${SECRET}\n-----END PRIVATE KEY-----\n`,
  'deploy/cert.pem': `-----BEGIN CERTIFICATE-----\n${SECRET}\n`,
  '.npmrc': `//registry.npmjs.org/:_authToken=${SECRET}\n`,
  '.git/config': `[remote "origin"]\n\turl = https://user:${SECRET}@example.com/repo.git\n`,
  'local-notes.ts': `// ${SECRET}\nexport function applyDiscount(): number { return 0; }\n`,
  'dist/bundle.js': `function applyDiscount() { return '${SECRET}'; }\n`,
  'src/discount.ts': [
    '/** A code a shopper types at checkout. */',
    'export interface DiscountCode {',
    '  readonly code: string;',
    '  readonly percent: number;',
    '}',
    '',
    'export function applyDiscount(total: number, discount: DiscountCode): number {',
    '  return total * (1 - discount.percent / 100);',
    '}',
    '',
  ].join('\n'),
  'src/cart.ts': [
    "import { applyDiscount, type DiscountCode } from './discount';",
    '',
    'export class CartService {',
    '  private readonly items: number[] = [];',
    '  add(price: number): void {',
    '    this.items.push(price);',
    '  }',
    '  total(discount?: DiscountCode): number {',
    '    const sum = this.items.reduce((a, b) => a + b, 0);',
    '    return discount ? applyDiscount(sum, discount) : sum;',
    '  }',
    '}',
    '',
  ].join('\n'),
  'src/checkout.ts': "import { CartService } from './cart';\nexport function checkout(cart: CartService): number {\n  return cart.total();\n}\n",
  'src/util/format.ts': 'export function formatPrice(value: number): string {\n  return value.toFixed(2);\n}\n',
};

export interface ResearchFixture {
  readonly root: string;
  readonly index: WorkspaceIndex;
  /** The read-only tools, as a tool-calling model gets them. */
  readonly tools: readonly ResearchTool[];
  readonly research: WorkspaceResearch;
  dispose(): void;
}

/**
 * Writes the project (plus `extra` files), links `src/outside.ts` to a file outside the folder and
 * `src/config.ts` to `.env`, and builds the real index in-process. `respectGitignore: false` builds
 * an index that holds the ignored files too, to show the tools' own guard keeps them out.
 */
export async function researchFixture(options: { respectGitignore?: boolean; extra?: Record<string, string> } = {}): Promise<ResearchFixture> {
  const root = writeFixture('sb-research-', { ...FILES, ...options.extra });
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'sb-outside-')));
  writeFileSync(join(outside, 'stolen.ts'), `export const stolen = '${SECRET}';\n`);
  symlinkSync(join(outside, 'stolen.ts'), join(root, 'src/outside.ts'));
  symlinkSync(join(root, '.env'), join(root, 'src/config.ts'));
  const index = new WorkspaceIndex({ folders: [root], runner: new InProcessRunner(), respectGitignore: options.respectGitignore ?? true });
  const dispose = () => {
    index.dispose();
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  };
  try {
    await index.build();
  } catch (error) {
    dispose();
    throw error;
  }
  const sources = { roots: workspaceRoots([root]), index: researchIndexOf(index), log: silentLogger };
  return { root, index, tools: researchTools(researchEnvironment(sources)), research: new WorkspaceResearch(sources), dispose };
}

export { writeFixtureFile };

/** The tool of that name. */
export function toolNamed(tools: readonly ResearchTool[], name: string): ResearchTool {
  const tool = tools.find((t) => t.definition.name === name);
  if (!tool) throw new Error(`no tool ${name}`);
  return tool;
}

/** The tool's answer, or the message it threw with. */
export async function runTool(tools: readonly ResearchTool[], name: string, args: unknown): Promise<{ ok: boolean; text: string }> {
  try {
    return { ok: true, text: await toolNamed(tools, name).run(args) };
  } catch (error) {
    return { ok: false, text: error instanceof Error ? error.message : String(error) };
  }
}
