import type * as ts from 'typescript';
import { tsv } from './tsValues';
import type { Diagnostic } from './types';

const MAX_DIAGNOSTICS = 20;

/** The parser's syntax errors in `sf`, the first MAX_DIAGNOSTICS of them, as line and column. */
export function parseDiagnostics(sf: ts.SourceFile): Diagnostic[] {
  const raw = (sf as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  return raw.slice(0, MAX_DIAGNOSTICS).map((d) => {
    const pos = sf.getLineAndCharacterOfPosition(d.start);
    return { message: tsv.flattenDiagnosticMessageText(d.messageText, '\n'), line: pos.line, column: pos.character };
  });
}
