import * as ts from 'typescript';
import type { FileAnalysis } from '../../src/core/analysis/types';

/**
 * Compares the analyzer's top-level declarations with the TypeScript language service's navigation
 * tree, a reference no one here wrote. Both sides are reduced to the set of declared names per file
 * (the navigation tree merges overloads and declaration merging into one item, so names are the
 * common ground). From the navigation tree only declaration kinds count; its aliases (import and
 * export specifiers), `export =`/`export default <expression>` items and synthesized names
 * (`<function>`, `describe("x") callback`) are not declarations.
 */
const DECLARATION_NAV_KINDS = new Set<string>([
  ts.ScriptElementKind.functionElement,
  ts.ScriptElementKind.classElement,
  ts.ScriptElementKind.interfaceElement,
  ts.ScriptElementKind.typeElement,
  ts.ScriptElementKind.enumElement,
  ts.ScriptElementKind.variableElement,
  ts.ScriptElementKind.letElement,
  ts.ScriptElementKind.constElement,
  ts.ScriptElementKind.moduleElement,
]);

export interface ComparisonCounts {
  files: number;
  /** Names both sides list. */
  matched: number;
  /** Names only the analyzer lists. */
  extra: number;
  /** Names only the navigation tree lists. */
  missed: number;
}

export interface FileComparison {
  readonly path: string;
  readonly extra: string[];
  readonly missed: string[];
  readonly matched: number;
}

export function emptyCounts(): ComparisonCounts {
  return { files: 0, matched: 0, extra: 0, missed: 0 };
}

export function precision(c: ComparisonCounts): number {
  return c.matched + c.extra === 0 ? 1 : c.matched / (c.matched + c.extra);
}

export function recall(c: ComparisonCounts): number {
  return c.matched + c.missed === 0 ? 1 : c.matched / (c.matched + c.missed);
}

/** A language service over one file at a time; the navigation tree is syntactic, so no program is built. */
export class NavigationReference {
  private fileName = '';
  private text = '';
  private version = 0;
  private readonly service: ts.LanguageService;

  constructor() {
    const host: ts.LanguageServiceHost = {
      getScriptFileNames: () => [this.fileName],
      getScriptVersion: () => String(this.version),
      getScriptSnapshot: (f) => (f === this.fileName ? ts.ScriptSnapshot.fromString(this.text) : undefined),
      getCurrentDirectory: () => '/',
      getCompilationSettings: () => ({ allowJs: true, noLib: true, noResolve: true }),
      getDefaultLibFileName: () => 'lib.d.ts',
      fileExists: (f) => f === this.fileName,
      readFile: (f) => (f === this.fileName ? this.text : undefined),
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  topLevelNames(fileName: string, text: string): Set<string> {
    this.fileName = fileName;
    this.text = text;
    this.version++;
    const tree = this.service.getNavigationTree(fileName);
    const names = new Set<string>();
    for (const item of tree.childItems ?? []) {
      if (!DECLARATION_NAV_KINDS.has(item.kind)) continue;
      const name = item.text;
      if (name.startsWith('<') || name.endsWith(' callback') || name === 'export=') continue;
      // `export default <expression>` and `exports.default = x` show as a const named default.
      if (name === 'default' && item.kind === ts.ScriptElementKind.constElement) continue;
      names.add(name);
    }
    return names;
  }

  dispose(): void {
    this.service.dispose();
  }
}

export function analyzerTopLevelNames(analysis: FileAnalysis): Set<string> {
  const names = new Set<string>();
  for (const d of analysis.declarations) if (d.container === undefined) names.add(d.name);
  return names;
}

export function compareFile(reference: NavigationReference, analysis: FileAnalysis, text: string, counts: ComparisonCounts): FileComparison {
  const expected = reference.topLevelNames(analysis.path, text);
  const actual = analyzerTopLevelNames(analysis);
  const extra: string[] = [];
  const missed: string[] = [];
  let matched = 0;
  for (const n of actual) if (expected.has(n)) matched++;
  else extra.push(n);
  for (const n of expected) if (!actual.has(n)) missed.push(n);
  counts.files++;
  counts.matched += matched;
  counts.extra += extra.length;
  counts.missed += missed.length;
  return { path: analysis.path, extra, missed, matched };
}
