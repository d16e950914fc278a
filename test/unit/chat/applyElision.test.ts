import assert from 'node:assert/strict';
import { mergeCodeBlock } from '../../../src/core/chat/applyMerge';
import * as ts from 'typescript';
import { alignElisions, elisionMarkers, isElisionComment, mayHoldMarker, walkForMarkers } from '../../../src/core/chat/elision';

const SERVICE = `import { lineTotal, type LineItem } from './lineItem';

export class InvoiceService {
  private readonly cache = new Map<string, number>();

  constructor(private readonly currency: string) {}

  /** Sum of the lines, in cents. */
  total(items: LineItem[]): number {
    let sum = 0;
    for (const item of items) sum += lineTotal(item);
    return sum;
  }

  format(cents: number): string {
    return \`\${(cents / 100).toFixed(2)} \${this.currency}\`;
  }

  tax(items: LineItem[], rate: number): number {
    return Math.round(this.total(items) * rate);
  }
}
`;

const CONFIG = `import { readFileSync } from 'node:fs';

export function parseConfig(text: string): Config {
  const raw = JSON.parse(text) as Config;
  if (typeof raw.name !== 'string') {
    throw new Error('name must be a string');
  }
  if (raw.port !== undefined && typeof raw.port !== 'number') {
    throw new Error('port must be a number');
  }
  raw.name = raw.name.trim();
  return normalize(raw);
}

export function normalize(raw: Config): Config {
  return raw;
}
`;

const merge = (code: string, fileText: string, path = 'src/service.ts') => mergeCodeBlock({ fileText, code, path });

/** The text between `from` (inclusive) and `to` (exclusive), both found once in `text`. */
function between(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  assert.ok(start >= 0, `${from} is in the text`);
  return text.slice(start, text.indexOf(to, start));
}

describe('mergeCodeBlock with elided code', () => {
  describe('inside a class', () => {
    it('keeps every other member byte for byte when "// ... existing code ..." surrounds one changed method', () => {
      const block = 'export class InvoiceService {\n  // ... existing code ...\n  total(items: LineItem[]): number {\n    return items.reduce((s, i) => s + lineTotal(i), 0);\n  }\n  // ... rest unchanged\n}\n';
      const plan = merge(block, SERVICE);
      assert.equal(plan.strategy, 'merge');
      assert.equal(plan.text, SERVICE.replace('    let sum = 0;\n    for (const item of items) sum += lineTotal(item);\n    return sum;\n', '    return items.reduce((s, i) => s + lineTotal(i), 0);\n'));
      assert.ok(!plan.text.includes('existing code') && !plan.text.includes('rest unchanged'));
      assert.equal(plan.warning, undefined);
    });

    it('keeps an elided method body when the block lists every member (the class is no longer replaced whole)', () => {
      const block = [
        'export class InvoiceService {',
        '  private readonly cache = new Map<string, number>();',
        '  constructor(private readonly currency: string) {}',
        '  total(items: LineItem[]): number {',
        '    // ... same as before',
        '  }',
        '  format(cents: number): string {',
        '    return `${cents} ${this.currency}`;',
        '  }',
        '  tax(items: LineItem[], rate: number): number {',
        '    /* ... */',
        '  }',
        '}',
      ].join('\n');
      const plan = merge(block, SERVICE);
      assert.equal(plan.strategy, 'merge');
      assert.equal(plan.text, SERVICE.replace('return `${(cents / 100).toFixed(2)} ${this.currency}`;', 'return `${cents} ${this.currency}`;'));
      assert.equal(plan.description, 'replaces method format of class InvoiceService (lines 15–17)');
    });
  });

  describe('inside a function body', () => {
    it('keeps the original middle of a function whose middle the block elides', () => {
      const block = 'export function parseConfig(text: string): Config {\n  const raw = JSON.parse(text) as Config;\n  // ... existing validation ...\n  raw.name = raw.name.trim();\n  return normalize(raw, { strict: true });\n}\n';
      const plan = merge(block, CONFIG);
      assert.equal(plan.strategy, 'merge');
      assert.equal(plan.text, CONFIG.replace('return normalize(raw);', 'return normalize(raw, { strict: true });'));
      assert.equal(plan.description, 'replaces function parseConfig (lines 3–13, keeping lines 5–10 that the block elides)');
      assert.equal(plan.warning, undefined);
    });

    it('fills two markers in one function, each with its own stretch', () => {
      const block = [
        'export function parseConfig(text: string): Config {',
        '  const raw = JSON.parse(text) as Config;',
        '  // ... existing checks ...',
        "  if (raw.port !== undefined && typeof raw.port !== 'number') {",
        '    throw new Error(`port must be a number, not ${typeof raw.port}`);',
        '  }',
        '  // ... rest of the function',
        '  return normalize(raw);',
        '}',
      ].join('\n');
      const plan = merge(block, CONFIG);
      assert.equal(plan.text, CONFIG.replace("throw new Error('port must be a number');", 'throw new Error(`port must be a number, not ${typeof raw.port}`);'));
      assert.equal(plan.description, 'replaces function parseConfig (lines 3–13, keeping lines 5–7 and line 11 that the block elides)');
    });

    it('anchors a marker on the first line of a body to the heading, even a changed one', () => {
      const block = 'export function parseConfig(text: string, strict = false): Config {\n  // ... existing code ...\n  raw.name = raw.name.trim();\n  return strict ? check(normalize(raw)) : normalize(raw);\n}\n';
      const plan = merge(block, CONFIG);
      assert.equal(plan.text, CONFIG.replace('parseConfig(text: string): Config {', 'parseConfig(text: string, strict = false): Config {').replace('return normalize(raw);', 'return strict ? check(normalize(raw)) : normalize(raw);'));
      assert.equal(plan.description, 'replaces function parseConfig (lines 3–13, keeping lines 4–10 that the block elides)');
    });

    it('anchors a marker on the last line of a body to the closing brace', () => {
      const block = 'export function parseConfig(text: string, strict = false): Config {\n  const raw = JSON.parse(text) as Config;\n  // ... rest unchanged\n}\n';
      const plan = merge(block, CONFIG);
      assert.equal(plan.text, CONFIG.replace('parseConfig(text: string): Config {', 'parseConfig(text: string, strict = false): Config {'));
      assert.equal(plan.warning, undefined);
    });

    it('keeps a CRLF file CRLF and keeps the elided lines as they were', () => {
      const crlf = CONFIG.replace(/\n/g, '\r\n');
      const block = 'export function parseConfig(text: string): Config {\n  // ... existing code ...\n  raw.name = raw.name.trim();\n  return normalize(raw) ?? raw;\n}\n';
      const plan = merge(block, crlf);
      assert.ok(!/[^\r]\n/.test(plan.text), 'every line break is CRLF');
      assert.equal(plan.text, crlf.replace('return normalize(raw);', 'return normalize(raw) ?? raw;'));
    });

    it('tells repeated anchor lines apart by the lines next to them', () => {
      // "}" closes both checks: the line above it in the block says which one.
      const block = "export function parseConfig(text: string): Config | undefined {\n  const raw = JSON.parse(text) as Config;\n  if (typeof raw.name !== 'string') {\n    throw new Error('name must be a string');\n  }\n  // ...\n  return normalize(raw);\n}";
      const plan = merge(block, CONFIG);
      assert.equal(plan.text, CONFIG.replace('parseConfig(text: string): Config {', 'parseConfig(text: string): Config | undefined {'));
      assert.equal(plan.description, 'replaces function parseConfig (lines 3–13, keeping lines 8–11 that the block elides)');
    });

    it('fills a marker in a lone method merged into its class', () => {
      const plan = merge('tax(items: LineItem[], rate = 0.2): number {\n  // ... existing code ...\n}', SERVICE);
      assert.equal(plan.text, SERVICE.replace('tax(items: LineItem[], rate: number): number {', 'tax(items: LineItem[], rate = 0.2): number {'));
      assert.equal(plan.description, 'replaces method tax of class InvoiceService (lines 19–21, keeping line 20 that the block elides)');
    });
  });

  describe('when the elided code cannot be placed', () => {
    it('replaces the declaration as written and warns that the preview drops the elided code', () => {
      // The line before the marker was changed, so the original has no line to anchor it on.
      const block = 'export function parseConfig(text: string): Config {\n  const raw = JSON.parse(stripBom(text)) as Config;\n  // ... existing validation ...\n  return normalize(raw);\n}\n';
      const plan = merge(block, CONFIG);
      assert.equal(plan.strategy, 'merge');
      assert.equal(plan.text, CONFIG.replace(between(CONFIG, 'export function parseConfig', '\n\nexport function normalize'), block.trimEnd()));
      assert.equal(plan.warning, 'the block elides code (in function parseConfig) that could not be placed: the preview drops it — check before accepting');
      assert.equal(plan.description, `replaces function parseConfig (lines 3–13). Warning: ${plan.warning}`);
      assert.match(plan.reason ?? '', /^function parseConfig: the line before an elision comment, “const raw = JSON\.parse\(stripBom\(text\)\) as Config;”, is not in the original$/);
    });

    it('warns when the anchors are out of order, or repeated with nothing to tell them apart', () => {
      const outOfOrder = merge("export function parseConfig(text: string): Config {\n  raw.name = raw.name.trim();\n  // ...\n  const raw = JSON.parse(text) as Config;\n  return normalize(raw);\n}", CONFIG);
      assert.match(outOfOrder.reason ?? '', /not in that order in the original/);
      assert.ok(outOfOrder.warning);
      const file = 'export function twice(): void {\n  step();\n  a();\n  step();\n}\n';
      const repeated = merge('export function twice(): void {\n  // ...\n  step();\n  // ...\n}\n', file);
      assert.match(repeated.reason ?? '', /occur more than once in the original/);
      assert.ok(repeated.description.endsWith('check before accepting'));
    });

    it('warns about a marker that shares its line with code', () => {
      const plan = merge('export function parseConfig(text: string): Config {\n  return normalize(JSON.parse(text) /* ... */);\n}\n', CONFIG);
      assert.match(plan.reason ?? '', /shares its line with code/);
      assert.ok(plan.warning);
    });

    it('does not take a block with a marker for the whole file', () => {
      const file = 'export function a(): number {\n  const x = 1;\n  log(x);\n  return x;\n}\n\nexport function b(): number {\n  return 2;\n}\n';
      const plan = merge("import { z } from 'zod';\n\nexport function a(): number {\n  const x = 1;\n  // ...\n  return x;\n}\n\nexport function b(): number {\n  return z.number().parse(3);\n}\n", file);
      assert.equal(plan.strategy, 'merge');
      assert.equal(plan.text, "import { z } from 'zod';\n\n" + file.replace('return 2;', 'return z.number().parse(3);'));
    });
  });

  describe('real comments', () => {
    it('are not markers, even when they mention existing code or hold "..." mid-sentence', () => {
      const block = 'export function parseConfig(text: string): Config {\n  // existing users keep their old port, see #12\n  const raw = JSON.parse(text) as Config;\n  // trim first... then normalize\n  return normalize(raw);\n}\n';
      const plan = merge(block, CONFIG);
      assert.equal(plan.text, CONFIG.replace(between(CONFIG, 'export function parseConfig', '\n\nexport function normalize'), block.trimEnd()));
      assert.equal(plan.warning, undefined);
      assert.equal(plan.description, 'replaces function parseConfig (lines 3–13)');
    });

    it('stay attached to the declaration they describe', () => {
      const block = '// Other code paths call this too, so the same rounding is kept.\nexport function normalize(raw: Config): Config {\n  return { ...raw };\n}\n';
      const plan = merge(block, CONFIG);
      assert.ok(plan.text.endsWith(block), plan.text);
    });

    it('are told from markers by a narrow pattern', () => {
      const markers = ['// ...', '// …', '// ... existing code ...', '//...existing code...', '// rest of the code', '// (unchanged)', '/* ... */', '// ... other methods', '/* rest unchanged */', '// ... existing validation ...', '// Other methods remain the same', '/**\n * ...\n */', "// ... rest of the file, unchanged ...", '// [...]', '/* …existing code… */'];
      const comments = ['// reduce the total', '// existing users keep their old rate', '// trim first... then normalize', '// wait for the rest...', '// TODO: ...', '// ... and then we reduce the total by the discount', '// see a.b...', '//', '/* */', '// the same as above', '// step 2 ... existing code', '/* see #12 ... */', '// a_b ...', '// ... existing code ... <3', '/** Adds entry 5. */'];
      for (const m of markers) assert.equal(isElisionComment(m), true, m);
      for (const c of comments) assert.equal(isElisionComment(c), false, c);
    });
  });

  describe('elisionMarkers', () => {
    const markersIn = (code: string) => {
      const sf = ts.createSourceFile('a.ts', code, ts.ScriptTarget.Latest, true);
      return elisionMarkers(sf.statements, sf).map((m) => m.text);
    };

    it('finds a marker after a // or /* that opens no comment on the same line, and none inside strings', () => {
      const code = [
        'const url = "http://example.com"; // ... existing code ...',
        "const glob = 'src/*.ts'; /* ... */",
        'const s = "// ... existing code ...";',
        'const t = `/* rest unchanged */`;',
        'export function f() {',
        '  return 1; // rest of the code',
        '}',
      ].join('\n');
      assert.deepEqual(markersIn(code), ['// ... existing code ...', '/* ... */', '// rest of the code']);
    });

    it('skips the walk only where no comment could be a marker: its quick check never misses one the walk finds', () => {
      const samples = [
        SERVICE,
        CONFIG,
        'const a = "http://x"; // ... existing code ...\nconst b = 2;\n',
        'const re = /ab*/; /* ... */ const b = 2;\n',
        "const glob = 'src/*.ts'; /* ... */\nconst b = 2;\n",
        'f(); // ...\r\ng();\n',
        'const a = 1; /* not closed ... existing code',
        'class A {\n  m() {}\n  // ... other methods\n}\n',
        '/** Sum. */\nexport const x = 1; // reduce the total\n',
      ];
      for (const code of samples) {
        const sf = ts.createSourceFile('a.ts', code, ts.ScriptTarget.Latest, true);
        const walked = walkForMarkers(sf.statements, sf, 0, code.length);
        if (walked.length > 0) assert.equal(mayHoldMarker(code, 0, code.length), true, code);
        assert.deepEqual(markersIn(code), walked.map((m) => m.text), code);
      }
      assert.equal(mayHoldMarker(SERVICE, 0, SERVICE.length), false, 'ordinary comments only: no walk');
      assert.equal(mayHoldMarker('const a = "http://x/*y*/";\n', 0, 26), false);
      assert.deepEqual(markersIn(samples[2]!), ['// ... existing code ...'], 'a marker after a // inside a string');
      assert.deepEqual(markersIn(samples[4]!), ['/* ... */'], 'a marker after a /* inside a string');
      assert.deepEqual(markersIn(samples[5]!), ['// ...']);
      assert.deepEqual(markersIn(samples[6]!), [], 'an unclosed /* is no marker');
    });
  });

  describe('alignElisions', () => {
    it('returns the pieces of block and original in order', () => {
      const result = alignElisions(['f() {', '  a();', '  // ...', '  z();', '}'], [{ first: 2, last: 2 }], ['f() {', '  a();', '  b();', '  c();', '  z();', '}']);
      assert.deepEqual(result, { ok: true, pieces: [{ from: 'block', start: 0, end: 2 }, { from: 'original', start: 2, end: 4 }, { from: 'block', start: 3, end: 5 }] });
    });
  });
});
