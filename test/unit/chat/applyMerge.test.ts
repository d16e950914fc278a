import assert from 'node:assert/strict';
import { mergeCodeBlock } from '../../../src/core/chat/applyMerge';

const FILE = `import { readFileSync } from 'node:fs';
import type { Logger } from './logger';

// Configuration loading.

/** Parses the config text. */
export function parseConfig(text: string): Config {
  return JSON.parse(text) as Config;
}

function normalize(config: Config): Config {
  return { ...config, name: config.name.trim() };
}

export class Loader {
  private readonly cache = new Map<string, Config>();

  constructor(private readonly log: Logger) {}

  load(path: string): Config {
    return normalize(parseConfig(readFileSync(path, 'utf8')));
  }

  clear(): void {
    this.cache.clear();
  }
}

export interface Config {
  name: string;
}
`;

const merge = (code: string, fileText = FILE, path = 'src/config.ts') => mergeCodeBlock({ fileText, code, path });

/** Asserts `actual` is `original` with exactly one span `from` replaced by `to`. */
function assertOnlyReplaced(actual: string, original: string, from: string, to: string): void {
  assert.equal(original.split(from).length, 2, 'the replaced text occurs once in the original');
  assert.equal(actual, original.replace(from, to));
}

describe('mergeCodeBlock', () => {
  describe('merging by declaration', () => {
    it('replaces one function and keeps every other byte of the file', () => {
      const block = 'function normalize(config: Config): Config {\n  return { ...config, name: config.name.trim().toLowerCase() };\n}\n';
      const plan = merge(block);
      assert.equal(plan.strategy, 'merge');
      assertOnlyReplaced(plan.text, FILE, 'function normalize(config: Config): Config {\n  return { ...config, name: config.name.trim() };\n}', block.trimEnd());
      assert.equal(plan.description, 'replaces function normalize (lines 11–13)');
    });

    it('replaces the JSDoc above a function with the block’s own', () => {
      const block = '/**\n * Parses and checks the config text.\n * @throws when the name is missing\n */\nexport function parseConfig(text: string): Config {\n  const c = JSON.parse(text) as Config;\n  if (!c.name) throw new Error("name");\n  return c;\n}';
      const plan = merge(block);
      assertOnlyReplaced(plan.text, FILE, '/** Parses the config text. */\nexport function parseConfig(text: string): Config {\n  return JSON.parse(text) as Config;\n}', block);
      assert.ok(plan.text.includes('// Configuration loading.\n'), 'a detached comment above stays');
      assert.equal(plan.description, 'replaces function parseConfig (lines 6–9)');
    });

    it('keeps the file’s JSDoc when the block’s function has none', () => {
      const plan = merge('export function parseConfig(text: string): Config {\n  return JSON.parse(text.trim()) as Config;\n}\n');
      assert.ok(plan.text.includes('/** Parses the config text. */\nexport function parseConfig(text: string): Config {\n  return JSON.parse(text.trim()) as Config;\n}'));
      assert.equal(plan.description, 'replaces function parseConfig (lines 7–9)');
    });

    it('replaces a method inside a class when the block is that class with only the method', () => {
      const block = 'export class Loader {\n  clear(): void {\n    this.cache.clear();\n    this.log.info("cleared");\n  }\n}\n';
      const plan = merge(block);
      assert.equal(plan.strategy, 'merge');
      assertOnlyReplaced(plan.text, FILE, 'clear(): void {\n    this.cache.clear();\n  }', 'clear(): void {\n    this.cache.clear();\n    this.log.info("cleared");\n  }');
      assert.equal(plan.description, 'replaces method clear of class Loader (lines 24–26)');
    });

    it('merges a lone method into the one class that has it, re-indented to the class', () => {
      // Written at column 0, as models often do; the class's members are indented by two spaces.
      const block = 'load(path: string): Config {\n  const hit = this.cache.get(path);\n  return hit ?? normalize(parseConfig(readFileSync(path, "utf8")));\n}';
      const plan = merge(block);
      assert.equal(plan.strategy, 'merge');
      assertOnlyReplaced(
        plan.text,
        FILE,
        "load(path: string): Config {\n    return normalize(parseConfig(readFileSync(path, 'utf8')));\n  }",
        'load(path: string): Config {\n    const hit = this.cache.get(path);\n    return hit ?? normalize(parseConfig(readFileSync(path, "utf8")));\n  }',
      );
      assert.equal(plan.description, 'replaces method load of class Loader (lines 20–22)');
    });

    it('adds a new method of a partial class after the matched one before it, keeping the class’s export', () => {
      const block = 'class Loader {\n  clear(): void {\n    this.cache.clear();\n  }\n\n  size(): number {\n    return this.cache.size;\n  }\n}';
      const plan = merge(block);
      assertOnlyReplaced(plan.text, FILE, '    this.cache.clear();\n  }\n}', '    this.cache.clear();\n  }\n\n  size(): number {\n    return this.cache.size;\n  }\n}');
      assert.equal(plan.description, 'adds method size to class Loader after method clear');
    });

    it('takes a partial class’s new heading but keeps the file’s export', () => {
      const plan = merge('class Loader implements Disposable {\n  dispose(): void {\n    this.clear();\n  }\n}');
      assert.ok(plan.text.includes('\nexport class Loader implements Disposable {\n  private readonly cache'), plan.text);
      assert.ok(plan.text.includes('    this.cache.clear();\n  }\n\n  dispose(): void {\n    this.clear();\n  }\n}\n'));
      assert.equal(plan.description, 'replaces the heading of class Loader (line 15), adds method dispose at the end of class Loader');
    });

    it('replaces a whole class when the block has every member the file’s class has', () => {
      const block = 'export class Loader {\n  private readonly cache = new Map<string, Config>();\n  constructor(private readonly log: Logger) {}\n  load(path: string): Config {\n    return parseConfig(readFileSync(path, "utf8"));\n  }\n  clear(): void {}\n}';
      const plan = merge(block);
      const start = FILE.indexOf('export class Loader');
      const end = FILE.indexOf('\n}\n', start) + 2;
      assert.equal(plan.text, FILE.slice(0, start) + block + FILE.slice(end));
      assert.equal(plan.description, 'replaces class Loader (lines 15–27)');
    });

    it('adds a new function at the end when nothing in the block matches', () => {
      const block = '/** True when the config names something. */\nexport function isNamed(config: Config): boolean {\n  return config.name.length > 0;\n}\n';
      const plan = merge(block);
      assert.equal(plan.text, FILE + '\n' + block);
      assert.equal(plan.description, 'adds function isNamed at the end');
    });

    it('adds a new function next to the matched one it comes with', () => {
      const block = 'function trimmed(s: string): string {\n  return s.trim();\n}\n\nfunction normalize(config: Config): Config {\n  return { ...config, name: trimmed(config.name) };\n}\n';
      const plan = merge(block);
      assertOnlyReplaced(
        plan.text,
        FILE,
        'function normalize(config: Config): Config {\n  return { ...config, name: config.name.trim() };\n}',
        'function trimmed(s: string): string {\n  return s.trim();\n}\n\nfunction normalize(config: Config): Config {\n  return { ...config, name: trimmed(config.name) };\n}',
      );
      assert.equal(plan.description, 'replaces function normalize (lines 11–13), adds function trimmed before function normalize');
    });

    it('matches an exported declaration to the non-exported one of the same name instead of adding a second', () => {
      const plan = merge('export function normalize(config: Config): Config {\n  return config;\n}\n');
      assertOnlyReplaced(plan.text, FILE, 'function normalize(config: Config): Config {\n  return { ...config, name: config.name.trim() };\n}', 'export function normalize(config: Config): Config {\n  return config;\n}');
      assert.equal(plan.text.match(/function normalize/g)?.length, 1);
      assert.equal(plan.description, 'replaces function normalize (lines 11–13)');
    });

    it('keeps the file’s export when the block’s declaration of the same name has none', () => {
      const plan = merge('function parseConfig(text: string): Config {\n  return JSON.parse(text.trim()) as Config;\n}');
      assertOnlyReplaced(plan.text, FILE, 'return JSON.parse(text) as Config;', 'return JSON.parse(text.trim()) as Config;');
      assert.equal(plan.description, 'replaces function parseConfig (lines 7–9, keeping it exported)');
      const decorated = merge('@Injectable({ scope: 1 })\nclass Service {\n  run(): void {}\n}\n', '/** A service. */\n@Injectable()\nexport class Service {\n  run(): void {}\n}\n\nexport const other = 1;\n');
      assert.equal(decorated.text, '/** A service. */\n@Injectable({ scope: 1 })\nexport class Service {\n  run(): void {}\n}\n\nexport const other = 1;\n');
    });

    it('matches a function written as a const, and an interface written as a type', () => {
      const plan = merge('export const parseConfig = (text: string): Config => JSON.parse(text) as Config;\n\nexport type Config = { name: string; version?: number };\n');
      assert.equal(plan.text.match(/parseConfig = /g)?.length, 1);
      assert.ok(!plan.text.includes('export function parseConfig'));
      assert.ok(!plan.text.includes('export interface Config'));
      assert.ok(plan.text.endsWith('export type Config = { name: string; version?: number };\n'));
    });

    it('replaces overloads and their implementation as one declaration', () => {
      const file = 'export function pick(a: string): string;\nexport function pick(a: number): number;\nexport function pick(a: unknown): unknown {\n  return a;\n}\n\nexport const other = 1;\n';
      const block = 'export function pick(a: string): string;\nexport function pick(a: unknown): unknown {\n  return String(a);\n}\n';
      const plan = merge(block, file);
      assert.equal(plan.text, block + '\nexport const other = 1;\n');
    });

    it('does not carry a model’s “existing code” comment into the file', () => {
      const plan = merge('// ... existing code ...\n\nfunction normalize(config: Config): Config {\n  return config;\n}\n\n// ... rest of the file unchanged\n');
      assert.ok(!plan.text.includes('existing code'));
      assert.ok(!plan.text.includes('rest of the file'));
      assert.equal(plan.description, 'replaces function normalize (lines 11–13)');
    });

    it('says when the block changes nothing', () => {
      const plan = merge('function normalize(config: Config): Config {\n  return { ...config, name: config.name.trim() };\n}\n');
      assert.equal(plan.text, FILE);
      assert.equal(plan.description, 'changes nothing: the file already has this code');
    });

    it('leaves template literals alone when re-indenting a method', () => {
      const file = 'class Page {\n  title(): string {\n    return "x";\n  }\n\n  other(): void {}\n}\n';
      const block = 'title(): string {\n  return `\n<h1>\n  x\n</h1>`;\n}';
      const plan = merge(block, file);
      assert.ok(plan.text.includes('  title(): string {\n    return `\n<h1>\n  x\n</h1>`;\n  }'), plan.text);
    });
  });

  describe('imports', () => {
    it('adds the imports the file lacks after its last import, without duplicating any binding', () => {
      const block = "import { readFileSync, existsSync } from 'node:fs';\nimport type { Logger } from './logger';\nimport { z } from 'zod';\n\nfunction normalize(config: Config): Config {\n  return z.object({ name: z.string() }).parse(config);\n}\n";
      const plan = merge(block);
      assert.ok(plan.text.startsWith("import { readFileSync, existsSync } from 'node:fs';\nimport type { Logger } from './logger';\nimport { z } from 'zod';\n\n// Configuration loading."), plan.text.slice(0, 200));
      assert.equal(plan.text.match(/readFileSync\b/g)?.length, 2, 'readFileSync is still imported once (and used once)');
      assert.equal(plan.text.match(/import type \{ Logger \}/g)?.length, 1);
      assert.equal(plan.description, "replaces function normalize (lines 11–13), adds existsSync to the import from 'node:fs', adds import of z from 'zod'");
    });

    it('adds only the missing part of an import and puts the first import of a file on top', () => {
      const file = '// A header that stays first.\n\nexport const answer = 42;\n\nexport const question = "?";\n';
      const block = "import fs, { join } from 'node:path';\n\nexport const answer = join('a', 'b').length;\n";
      const plan = merge(block, file);
      assert.equal(plan.text, "// A header that stays first.\n\nimport fs, { join } from 'node:path';\n\nexport const answer = join('a', 'b').length;\n\nexport const question = \"?\";\n");
      const again = merge("import fs, { join, sep } from 'node:path';\nexport const answer = sep.length;\n", plan.text);
      assert.ok(again.text.includes("import fs, { join, sep } from 'node:path';"), again.text);
      assert.equal(again.text.match(/import/g)?.length, 1);
      assert.equal(again.description, "replaces variable answer (line 5), adds sep to the import from 'node:path'");
    });
  });

  describe('line endings', () => {
    it('keeps a CRLF file CRLF, and its final line break', () => {
      const crlf = FILE.replace(/\n/g, '\r\n');
      const block = 'function normalize(config: Config): Config {\n  return config;\n}\n\nfunction extra(): void {}\n';
      const plan = merge(block, crlf);
      assert.ok(!/[^\r]\n/.test(plan.text), 'every line break is CRLF');
      assert.ok(plan.text.includes('function normalize(config: Config): Config {\r\n  return config;\r\n}\r\n\r\nfunction extra(): void {}\r\n\r\nexport class Loader {'));
      assert.ok(plan.text.endsWith('}\r\n'));
    });

    it('keeps a file without a final line break without one', () => {
      const file = 'export function a(): number {\n  return 1;\n}\n\nexport function b(): number {\n  return 2;\n}';
      const plan = merge('export function c(): number {\n  return 3;\n}\n', file);
      assert.equal(plan.text, file + '\n\nexport function c(): number {\n  return 3;\n}');
    });
  });

  describe('falling back to replacing the whole file', () => {
    it('treats a block that redeclares every declaration of the file as the whole file', () => {
      const block = "import { readFileSync } from 'node:fs';\n\nexport function parseConfig(text: string): Config {\n  return JSON.parse(text) as Config;\n}\nfunction normalize(c: Config): Config {\n  return c;\n}\nexport class Loader {}\nexport interface Config {\n  name: string;\n}\n";
      const plan = merge(block);
      assert.equal(plan.strategy, 'wholeFile');
      assert.equal(plan.text, block);
      assert.equal(plan.description, 'replaces the whole file');
      assert.match(plan.reason ?? '', /redeclares every declaration/);
    });

    it('merges instead when replacing the file would drop a statement or the #! line the block leaves out', () => {
      const file = "#!/usr/bin/env node\nimport { run } from './run';\n\nconst port = 80;\nrun(port);\n";
      const plan = merge("import { run } from './run';\nconst port = 8080;\n", file, 'cli.mjs');
      assert.equal(plan.strategy, 'merge');
      assert.equal(plan.text, file.replace('port = 80;', 'port = 8080;'));
      const withMain = merge("import { run } from './run';\nconst port = 8080;\nrun(port);\n", file.replace('#!/usr/bin/env node\n', ''), 'cli.mjs');
      assert.equal(withMain.strategy, 'wholeFile', 'a block with every declaration and statement is the whole file');
    });

    it('still merges a lone function into a file that has only that function (its imports stay)', () => {
      const file = "import { format } from './format';\n\nexport function show(n: number): string {\n  return format(n);\n}\n";
      const plan = merge('export function show(n: number): string {\n  return format(n * 2);\n}\n', file);
      assert.equal(plan.strategy, 'merge');
      assert.equal(plan.text, file.replace('format(n)', 'format(n * 2)'));
    });

    it('lets a selection win: exactly the selected lines are replaced', () => {
      const plan = mergeCodeBlock({ fileText: FILE, code: 'function normalize(c: Config): Config {\n  return c;\n}\n', path: 'src/config.ts', selection: { start: 10, end: 12 } });
      assert.equal(plan.strategy, 'selection');
      assertOnlyReplaced(plan.text, FILE, 'function normalize(config: Config): Config {\n  return { ...config, name: config.name.trim() };\n}', 'function normalize(c: Config): Config {\n  return c;\n}');
      assert.equal(plan.description, 'replaces the selection (lines 11–13)');
      // Even when the block names a declaration elsewhere in the file.
      const elsewhere = mergeCodeBlock({ fileText: FILE, code: 'export function parseConfig() {}', path: 'src/config.ts', selection: { start: 0, end: 0 } });
      assert.ok(elsewhere.text.startsWith('export function parseConfig() {}\nimport type { Logger }'));
    });

    it('replaces the whole file when the block does not parse, saying why', () => {
      const plan = merge('export function parseConfig(text: string {\n  return 1;\n}\n');
      assert.equal(plan.strategy, 'wholeFile');
      assert.equal(plan.text, 'export function parseConfig(text: string {\n  return 1;\n}\n');
      assert.match(plan.reason ?? '', /does not parse on its own: .* \(line 1\)/);
    });

    it('replaces the whole file when the file itself does not parse', () => {
      const plan = merge('function normalize(c: Config): Config {\n  return c;\n}\n', FILE.replace('return JSON.parse(text) as Config;', 'return JSON.parse(text as Config;'));
      assert.equal(plan.strategy, 'wholeFile');
      assert.match(plan.reason ?? '', /the file does not parse/);
    });

    it('does not merge into a file that is not TypeScript or JavaScript', () => {
      const plan = merge('# Title\n\nNew text.\n', '# Title\n\nOld text.\n\n## More\n', 'README.md');
      assert.equal(plan.strategy, 'wholeFile');
      assert.equal(plan.text, '# Title\n\nNew text.\n');
      assert.match(plan.reason ?? '', /only TypeScript and JavaScript/);
      const py = merge('def f():\n    return 2\n', 'def f():\r\n    return 1\r\n\r\ndef g():\r\n    pass\r\n', 'tool.py');
      assert.equal(py.text, 'def f():\r\n    return 2\r\n', 'in the file’s line endings');
    });

    it('falls back when a name the block uses is declared twice in the file', () => {
      const file = 'interface Box { a: number }\n\nexport const x = 1;\n\ninterface Box { b: number }\n';
      const plan = merge('interface Box { c: number }\n', file);
      assert.equal(plan.strategy, 'wholeFile');
      assert.match(plan.reason ?? '', /Box is declared more than once/);
    });

    it('falls back when a lone method exists in two classes', () => {
      const file = 'class A {\n  run(): void {}\n}\n\nclass B {\n  run(): void {}\n}\n';
      const plan = merge('run(): void {\n  console.log(1);\n}', file);
      assert.equal(plan.strategy, 'wholeFile');
      assert.match(plan.reason ?? '', /more than one class \(A, B\)/);
    });
  });

  describe('a fragment of statements', () => {
    it('is appended at the end when it is shorter than half the file', () => {
      const plan = merge("console.log(parseConfig('{}'));\n");
      assert.equal(plan.strategy, 'append');
      assert.equal(plan.text, FILE + "\nconsole.log(parseConfig('{}'));\n");
      assert.equal(plan.description, 'adds a statement at the end');
    });

    it('replaces the whole file when it is longer than half the file', () => {
      const file = "const a = 1;\nconsole.log(a);\n";
      const block = "console.log('one');\nconsole.log('two');\nconsole.log('three');\n";
      const plan = merge(block, file);
      assert.equal(plan.strategy, 'wholeFile');
      assert.equal(plan.text, block);
      assert.match(plan.reason ?? '', /longer than half the file/);
    });

    it('does not add a statement the file already has', () => {
      const file = "import './polyfill';\n\nexport const a = 1;\n\nregister(a);\n";
      const plan = merge("import './polyfill';\n\nexport const a = 2;\n\nregister(a);\n", file);
      assert.equal(plan.text, "import './polyfill';\n\nexport const a = 2;\n\nregister(a);\n");
    });
  });
});
