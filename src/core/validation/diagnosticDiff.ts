import { relative } from 'node:path';
import * as ts from 'typescript';
import type { ValidationDiagnostic } from '../tasks/taskTypes';

/** Errors only: warnings and suggestions never fail a change. */
export function toValidationDiagnostics(root: string, diagnostics: readonly ts.Diagnostic[]): ValidationDiagnostic[] {
  const out: ValidationDiagnostic[] = [];
  for (const d of diagnostics) {
    if (d.category !== ts.DiagnosticCategory.Error || !d.file) continue;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    out.push({
      path: relative(root, d.file.fileName).replace(/\\/g, '/'),
      line: line + 1,
      column: character + 1,
      code: `TS${d.code}`,
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    });
  }
  return out;
}
