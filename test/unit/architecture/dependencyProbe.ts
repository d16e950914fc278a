// Runs the repository's dependency-cruiser rules on a small tree of probe files written to a temp
// directory outside the repository, so a probe never touches src/ and never depends on the state
// of the real tree.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ICruiseResult, IConfiguration } from 'dependency-cruiser' with { 'resolution-mode': 'import' };

const root = join(__dirname, '..', '..', '..');

/** A file of the probe tree, by its path from the tree's root (as `src/core/probe.ts`). */
export type ProbeTree = Record<string, string>;

export interface ProbeOptions {
  /** Files under src/ that the probe test file should not import (to probe orphans). */
  readonly unimported?: readonly string[];
  /** Give the tree a stand-in for @types/vscode, so `vscode` resolves as it does in the repository. */
  readonly vscodeTypes?: boolean;
}

async function repoConfig(): Promise<IConfiguration> {
  const loaded = (await import(join(root, '.dependency-cruiser.cjs'))) as IConfiguration & { default?: IConfiguration };
  return loaded.default ?? loaded;
}

function write(dir: string, file: string, text: string): void {
  mkdirSync(dirname(join(dir, file)), { recursive: true });
  writeFileSync(join(dir, file), text);
}

/**
 * Cruises the tree's src/ and test/ with the repository's rules and returns each violation as
 * `rule: from → to`, and each import that did not resolve (but `vscode`) as `unresolved: …`. A generated test file imports every file under src/ (but those `unimported`),
 * as the real tests do, so only the probe's own rule fires.
 */
export async function violations(tree: ProbeTree, options: ProbeOptions = {}): Promise<string[]> {
  const { cruise } = await import('dependency-cruiser');
  const config = await repoConfig();
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-depcruise-'));
  try {
    for (const [file, text] of Object.entries(tree)) write(dir, file, text);
    const imported = Object.keys(tree).filter((file) => file.startsWith('src/') && !options.unimported?.includes(file));
    const testImports = imported.map((file) => `import '../${file.replace(/\.ts$/, '')}';\n`).join('');
    write(dir, 'test/probe.test.ts', testImports || 'export {};\n');
    write(dir, 'node_modules/zod/package.json', '{ "name": "zod", "main": "index.js" }\n');
    write(dir, 'node_modules/zod/index.js', 'exports.z = {};\n');
    if (options.vscodeTypes) {
      write(dir, 'node_modules/@types/vscode/package.json', '{ "name": "@types/vscode", "types": "index.d.ts" }\n');
      write(dir, 'node_modules/@types/vscode/index.d.ts', "declare module 'vscode' {\n  export const version: string;\n}\n");
    }
    const { tsConfig: _tsConfig, ...cruiseOptions } = config.options ?? {};
    const result = await cruise(['src', 'test'], { ...cruiseOptions, baseDir: dir, validate: true, ruleSet: { forbidden: config.forbidden ?? [] } });
    const output = result.output as ICruiseResult;
    // An import that does not resolve would pass every rule unseen: report it so a probe cannot.
    const unresolved = output.modules.flatMap((m) =>
      m.dependencies.filter((d) => d.couldNotResolve && d.module !== 'vscode').map((d) => `unresolved: ${m.source} → ${d.module}`),
    );
    return [...output.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`), ...unresolved];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

