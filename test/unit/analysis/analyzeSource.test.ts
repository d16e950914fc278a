import assert from 'node:assert/strict';
import { analyzeSource } from '../../../src/core/analysis/analyzeSource';
import * as ts from 'typescript';
import { countLinesAndStarts } from '../../../src/core/analysis/lineCounts';
import { decodeAnalysis, encodeAnalysis, storedFileSchema } from '../../../src/core/analysis/storedFile';
import { unpackPosition, type FileAnalysis } from '../../../src/core/analysis/types';

const meta = { hash: 'a'.repeat(40), size: 0, mtimeMs: 0 };

function analyze(path: string, text: string): FileAnalysis {
  return analyzeSource(path, text, meta);
}

function decl(a: FileAnalysis, name: string, container?: string) {
  const d = a.declarations.find((x) => x.name === name && x.container === container);
  assert.ok(d, `expected a declaration ${container ? container + '.' : ''}${name}; got ${a.declarations.map((x) => x.name).join(', ')}`);
  return d;
}

describe('analyzeSource', () => {
  it('lists declarations with kind, export, signature and range', () => {
    const a = analyze(
      '/w/src/shapes.ts',
      [
        "import { helper } from './helper';",
        'export interface Shape {',
        '  area(): number;',
        '  readonly name: string;',
        '}',
        'export type Id = string | number;',
        'export enum Color { Red, Green }',
        'export abstract class Circle implements Shape {',
        '  readonly name = "circle";',
        '  constructor(private r: number) {}',
        '  area(): number {',
        '    return this.r > 0 ? Math.PI * this.r ** 2 : 0;',
        '  }',
        '  get radius() { return this.r; }',
        '}',
        'function local(x: number): number {',
        '  return helper(x);',
        '}',
        'export const double = (x: number): number => x * 2;',
        'let counter = 0;',
        'export namespace Geometry { export const unit = 1; }',
      ].join('\n'),
    );
    assert.deepEqual(
      { kind: decl(a, 'Shape').kind, exported: decl(a, 'Shape').exported, line: decl(a, 'Shape').line, endLine: decl(a, 'Shape').endLine },
      { kind: 'interface', exported: true, line: 1, endLine: 4 },
    );
    assert.equal(decl(a, 'area', 'Shape').kind, 'method');
    assert.equal(decl(a, 'name', 'Shape').kind, 'property');
    assert.equal(decl(a, 'Id').kind, 'type');
    assert.equal(decl(a, 'Id').signature, 'export type Id = string | number');
    assert.equal(decl(a, 'Color').kind, 'enum');
    assert.equal(decl(a, 'Circle').signature, 'export abstract class Circle implements Shape');
    assert.equal(decl(a, 'constructor', 'Circle').kind, 'constructor');
    assert.equal(decl(a, 'area', 'Circle').signature, 'area(): number');
    assert.equal(decl(a, 'radius', 'Circle').kind, 'accessor');
    assert.equal(decl(a, 'local').exported, false);
    assert.equal(decl(a, 'local').signature, 'function local(x: number): number');
    assert.equal(decl(a, 'double').kind, 'variable');
    assert.equal(decl(a, 'double').signature, 'export const double = (x: number): number =>');
    assert.equal(decl(a, 'counter').signature, 'let counter = 0');
    assert.equal(decl(a, 'counter').exported, false);
    assert.equal(decl(a, 'Geometry').kind, 'namespace');
    assert.equal(decl(a, 'unit', 'Geometry').exported, true);
    assert.equal(decl(a, 'Shape').column, 17);
    assert.deepEqual([...a.exports].sort(), ['Circle', 'Color', 'Geometry', 'Id', 'Shape', 'double']);
  });

  it('counts cyclomatic complexity per function, not per file', () => {
    const a = analyze(
      '/w/c.ts',
      [
        'export function simple() { return 1; }',
        'export function branchy(a: number, b?: string) {',
        '  if (a > 1 && b) return 1;', // if + &&
        '  for (const x of [1]) { while (x) { break; } }', // for-of + while
        '  switch (a) { case 1: return 2; case 2: return 3; default: return b ?? 4; }', // 2 cases + ??
        '  try { a++; } catch { return a ? 1 : 2; }', // catch + ?:
        '}',
        'export const arrow = (x: number) => (x > 0 ? 1 : -1);',
      ].join('\n'),
    );
    assert.equal(decl(a, 'simple').complexity, 1);
    assert.equal(decl(a, 'branchy').complexity, 10);
    assert.equal(decl(a, 'arrow').complexity, 2);
  });

  it('records imports, re-exports, require and dynamic import with the names used', () => {
    const a = analyze(
      '/w/m.ts',
      [
        "import def, { a as alias, type B } from './a';",
        "import * as ns from '@/lib/ns';",
        "import type { T } from './types';",
        "export { x } from './x';",
        "export * from './all';",
        "const fs = require('node:fs');",
        "async function later() { return import('./lazy'); }",
      ].join('\n'),
    );
    const bySpec = new Map(a.imports.map((i) => [i.specifier, i]));
    assert.deepEqual(bySpec.get('./a')?.names, ['default', 'a', 'B']);
    assert.equal(bySpec.get('./a')?.kind, 'import');
    assert.deepEqual(bySpec.get('@/lib/ns')?.names, ['*']);
    assert.equal(bySpec.get('./types')?.typeOnly, true);
    assert.equal(bySpec.get('./x')?.kind, 'reexport');
    assert.equal(bySpec.get('./all')?.kind, 'reexport');
    assert.equal(bySpec.get('node:fs')?.kind, 'require');
    assert.equal(bySpec.get('./lazy')?.kind, 'dynamic');
    assert.equal(bySpec.get('./lazy')?.line, 6);
    assert.ok(a.exports.includes('x') && a.exports.includes('*'));
  });

  it('records identifier references with positions, not declaration names', () => {
    const a = analyze('/w/r.ts', ['function target() {}', 'target();', 'const y = target;', 'y.prop;'].join('\n'));
    const i = a.references.names.indexOf('target');
    assert.ok(i >= 0);
    const positions = [...a.references.positions.subarray(a.references.index[i], a.references.index[i + 1])].map(unpackPosition);
    assert.deepEqual(positions, [
      { line: 1, column: 0 },
      { line: 2, column: 10 },
    ]);
    assert.ok(a.references.names.includes('prop'));
    assert.ok(!a.references.names.includes('y') || a.references.index[a.references.names.indexOf('y') + 1]! - a.references.index[a.references.names.indexOf('y')]! === 1);
  });

  it('returns a partial result and a diagnostic for a syntax error, without throwing', () => {
    const a = analyze('/w/broken.ts', ['export function ok(a: number) { return a; }', 'export class Broken {', '  method( {', '}', 'export const after = 1;'].join('\n'));
    assert.ok(a.diagnostics.length > 0, 'a diagnostic');
    assert.equal(typeof a.diagnostics[0]?.message, 'string');
    assert.ok(a.diagnostics[0]!.line >= 2);
    assert.ok(a.declarations.some((d) => d.name === 'ok'), 'declarations before the error survive');
    assert.ok(a.declarations.some((d) => d.name === 'Broken'));
  });

  it('understands CommonJS and JSDoc declarations in JavaScript', () => {
    const a = analyze(
      '/w/lib.js',
      [
        '/** @typedef {{ id: number }} Item */',
        "const helper = require('./helper');",
        'exports.a = exports.b = void 0;',
        'exports.run = function run(items) { return items.length ? 1 : 0; };',
        'exports.b = helper;',
        'function Widget() {}',
        'Widget.prototype.draw = function () {};',
        'Widget.create = function () { return new Widget(); };',
      ].join('\n'),
    );
    assert.equal(decl(a, 'Item').kind, 'type');
    assert.equal(decl(a, 'run').kind, 'function');
    assert.equal(decl(a, 'run').complexity, 2);
    assert.equal(decl(a, 'b').kind, 'variable');
    assert.ok(!a.declarations.some((d) => d.name === 'a'), 'a `= void 0` announcement is not a declaration');
    assert.equal(decl(a, 'create', 'Widget').kind, 'method');
    assert.deepEqual(a.imports.map((i) => i.specifier), ['./helper']);
    assert.ok(a.exports.includes('run') && a.exports.includes('a'));
  });

  it('treats ambient declaration files as exporting their globals', () => {
    const a = analyze('/w/globals.d.ts', ['declare function greet(name: string): void;', "declare module 'pkg' { export const v: number; }", 'interface Window { x: 1 }'].join('\n'));
    assert.equal(decl(a, 'greet').exported, true);
    assert.equal(decl(a, "'pkg'").kind, 'namespace');
    assert.equal(decl(a, 'v', "'pkg'").exported, true);
    assert.equal(decl(a, 'Window').exported, true);
  });

  it("places declarations after comments where TypeScript's getStart does", () => {
    // The analyzer skips comments itself (with indexOf); odd trivia is left to TypeScript.
    const text = [
      '/** doc',
      ' * more */ export function a() {}',
      '// line\r',
      '/* x */ /* y */ class C { /* m */ m() {} }',
      '\u00a0const d = 1;',
      '#!not a shebang here',
      'let e = 2;',
    ].join('\n');
    const sf = ts.createSourceFile('/w/t.ts', text, ts.ScriptTarget.Latest, true);
    const expected: { name: string; line: number; column: number }[] = [];
    const visit = (node: ts.Node): void => {
      const name = (node as ts.NamedDeclaration).name;
      if (name && ts.isIdentifier(name)) {
        const at = sf.getLineAndCharacterOfPosition(name.getStart(sf));
        expected.push({ name: name.text, line: at.line, column: at.character });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    const a = analyze('/w/t.ts', text);
    assert.deepEqual(
      a.declarations.map((d) => ({ name: d.name, line: d.line, column: d.column })),
      expected,
    );
    assert.equal(decl(a, 'a').signature, 'export function a()');
    assert.equal(decl(a, 'm', 'C').signature, 'm()');
  });

  it('parses TSX and JSX', () => {
    const a = analyze('/w/App.tsx', 'export function App(props: { n: number }) { return <div>{props.n > 1 ? <b /> : null}</div>; }');
    assert.equal(a.diagnostics.length, 0);
    assert.equal(decl(a, 'App').complexity, 2);
    assert.equal(analyze('/w/a.jsx', 'export const A = () => <div />;').diagnostics.length, 0);
  });

  it('round-trips through the stored columns and validates them', () => {
    const a = analyze('/w/x.ts', 'export class A { m() { if (1) {} } }\nimport { b } from "./b";');
    const stored = encodeAnalysis(a);
    assert.ok(storedFileSchema.safeParse(stored).success);
    const back = decodeAnalysis(stored);
    assert.deepEqual(back.declarations, a.declarations.map((d) => Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined))));
    assert.deepEqual(back.imports, a.imports);
    const broken = { ...stored, declData: new Int32Array(1) };
    assert.equal(storedFileSchema.safeParse(broken).success, false);
  });
});

describe('countLinesAndStarts', () => {
  const countLines = (text: string) => countLinesAndStarts(text).counts;
  const lineStartsOf = (text: string) => countLinesAndStarts(text).starts;

  it('separates code, comment and blank lines', () => {
    assert.deepEqual(countLines('// a\nconst x = 1; // b\n\n/*\n * c\n */\nlet y = "/*";\n'), { total: 7, code: 2, comment: 4, blank: 1 });
    assert.deepEqual(countLines(''), { total: 0, code: 0, comment: 0, blank: 0 });
  });

  it('follows a block comment across lines, with code before its start and after its end', () => {
    assert.deepEqual(countLines('a(); /* x\n y */ b();\n/* c */\n'), { total: 3, code: 2, comment: 1, blank: 0 });
  });

  it('finds a comment opened after code on the line below a line comment', () => {
    // The search for the next '/' resumes across lines: starting line 2's search at line 1's '//'
    // would end it there and miss the comment that line 2 opens.
    const text = 'x = a; // note\ny = 2; /* open\nstill\n*/ z();';
    assert.deepEqual(countLines(text), { total: 4, code: 3, comment: 1, blank: 0 });
  });

  it("gives TypeScript's own line starts for LF and CRLF text, beside the counts", () => {
    for (const text of ['', 'a', 'a\nb\n', 'a\r\nb\r\n\r\nc', '\n\n', '/* a\n b */ c;\n// d\n']) {
      assert.deepEqual(lineStartsOf(text), ts.createSourceFile('t.ts', text, ts.ScriptTarget.Latest).getLineStarts(), JSON.stringify(text));
    }
  });

  it('leaves lone CR, U+2028 and U+2029 line breaks to TypeScript, and still counts their lines', () => {
    assert.equal(lineStartsOf('a\rb'), undefined);
    assert.equal(lineStartsOf('a\r\nb\rc'), undefined);
    assert.equal(lineStartsOf('a\u2028b'), undefined);
    assert.equal(lineStartsOf('a\u2029b'), undefined);
    assert.deepEqual(countLines('a\rb'), { total: 1, code: 1, comment: 0, blank: 0 });
  });

  it('places declarations on the right line in a file that breaks lines with CR alone', () => {
    const a = analyzeSource('/w/cr.ts', 'const a = 1;\rconst b = 2;\r', { hash: '', size: 0, mtimeMs: 0 });
    assert.deepEqual(
      a.declarations.map((d) => [d.name, d.line]),
      [
        ['a', 0],
        ['b', 1],
      ],
    );
  });
});
