import * as ts from 'typescript';

/* How the analyzer parses a file (why TypeScript's own parser: see analyzeSource.ts); apply-merge and the benchmark's baseline loop parse the same way. */

export function scriptKindFor(path: string): ts.ScriptKind {
  const lower = path.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  if (lower.endsWith('.js') || lower.endsWith('.mjs') || lower.endsWith('.cjs')) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** The options every parse in the analyzer uses; the benchmark's baseline loop uses the same. */
export const PARSE_OPTIONS: ts.CreateSourceFileOptions = {
  languageVersion: ts.ScriptTarget.Latest,
  // JSDoc is not analysed; skipping it is the cheapest parse TypeScript offers.
  jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
};

/** JavaScript declares types in JSDoc (`@typedef`, `@callback`); only there is JSDoc worth parsing. */
export const JS_PARSE_OPTIONS: ts.CreateSourceFileOptions = {
  languageVersion: ts.ScriptTarget.Latest,
  jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo,
};

export function isJsKind(kind: ts.ScriptKind): boolean {
  return kind === ts.ScriptKind.JS || kind === ts.ScriptKind.JSX;
}

export function parseSource(path: string, text: string): ts.SourceFile {
  const kind = scriptKindFor(path);
  // Only a file that mentions a JSDoc type declaration pays for JSDoc parsing.
  const jsDocTypes = isJsKind(kind) && (text.includes('@typedef') || text.includes('@callback'));
  return ts.createSourceFile(path, text, jsDocTypes ? JS_PARSE_OPTIONS : PARSE_OPTIONS, false, kind);
}
