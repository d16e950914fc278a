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

/**
 * The diagnostics in `after` the change introduced: each is matched against `before` by file, code and
 * message text (never by line, since an edit above shifts every line below it), as many times as it
 * occurs there, so an error the file already had is not blamed on the change. `movedFrom` maps a
 * renamed file's new path to its old one, so its existing errors follow it.
 */
export function introducedDiagnostics(
  before: readonly ValidationDiagnostic[],
  after: readonly ValidationDiagnostic[],
  movedFrom: ReadonlyMap<string, string> = new Map(),
): ValidationDiagnostic[] {
  const remaining = new Map<string, number>();
  for (const d of before) {
    const key = keyOf(d.path, d);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const introduced: ValidationDiagnostic[] = [];
  for (const d of after) {
    const key = keyOf(movedFrom.get(d.path) ?? d.path, d);
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else introduced.push(d);
  }
  return introduced;
}

function keyOf(path: string, d: ValidationDiagnostic): string {
  return `${path}\0${d.code}\0${d.message}`;
}
