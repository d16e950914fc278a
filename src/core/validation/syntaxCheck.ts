import * as ts from 'typescript';

const OPTIONS: ts.CompilerOptions = { allowJs: true, noLib: true, noResolve: true, noEmit: true, target: ts.ScriptTarget.ESNext, jsx: ts.JsxEmit.Preserve };

/**
 * The parse errors of one file on its own: no project, no types, no imports followed. A JavaScript
 * file also gets the checks that need no types (TypeScript-only syntax in a .js file).
 */
export function syntaxDiagnostics(fileName: string, text: string): readonly ts.Diagnostic[] {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.ESNext, true);
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === fileName ? sourceFile : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => undefined,
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (name) => name,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (name) => name === fileName,
    readFile: (name) => (name === fileName ? text : undefined),
  };
  const program = ts.createProgram({ rootNames: [fileName], options: OPTIONS, host });
  return program.getSyntacticDiagnostics(sourceFile);
}
