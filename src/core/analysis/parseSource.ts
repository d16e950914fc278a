import type * as ts from 'typescript';
import { tsv } from './tsValues';

/* How the analyzer parses a file (why TypeScript's own parser: see analyzeSource.ts); apply-merge and the benchmark's baseline loop parse the same way. */

export function scriptKindFor(path: string): ts.ScriptKind {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsx')) return tsv.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return tsv.ScriptKind.JSX;
  if (lower.endsWith('.js') || lower.endsWith('.mjs') || lower.endsWith('.cjs')) return tsv.ScriptKind.JS;
  return tsv.ScriptKind.TS;
}

/** The options every parse in the analyzer uses; the benchmark's baseline loop uses the same. */
export const PARSE_OPTIONS: ts.CreateSourceFileOptions = {
  languageVersion: tsv.ScriptTarget.Latest,
  // JSDoc is not analysed; skipping it is the cheapest parse TypeScript offers.
  jsDocParsingMode: tsv.JSDocParsingMode.ParseNone,
};

/** JavaScript declares types in JSDoc (`@typedef`, `@callback`); only there is JSDoc worth parsing. */
export const JS_PARSE_OPTIONS: ts.CreateSourceFileOptions = {
  languageVersion: tsv.ScriptTarget.Latest,
  jsDocParsingMode: tsv.JSDocParsingMode.ParseForTypeInfo,
};

export function isJsKind(kind: ts.ScriptKind): boolean {
  return kind === tsv.ScriptKind.JS || kind === tsv.ScriptKind.JSX;
}

export function parseSource(path: string, text: string): ts.SourceFile {
  const kind = scriptKindFor(path);
  // Only a file that mentions a JSDoc type declaration pays for JSDoc parsing.
  const jsDocTypes = isJsKind(kind) && (text.includes('@typedef') || text.includes('@callback'));
  return tsv.createSourceFile(path, text, jsDocTypes ? JS_PARSE_OPTIONS : PARSE_OPTIONS, false, kind);
}
