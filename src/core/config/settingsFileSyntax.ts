import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import type { SettingsDiagnostic } from './diagnostics';

/**
 * Syntax errors in a settings file that sets Switchboard settings. VS Code's parser is lenient: it
 * applies a broken file as far as it gets (a truncated base URL was once used as is) and says
 * nothing, so the file is read here and each error named once, with its line and column
 * (issue 14 item 17). Files that never mention `switchboard` are not Switchboard's to judge.
 */
export function settingsFileSyntaxProblems(text: string, label: string): SettingsDiagnostic[] {
  if (!text.includes('switchboard')) return [];
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.slice(0, 3).map((error) => {
    const { line, column } = lineAndColumn(text, error.offset);
    return {
      path: label,
      message: `has a syntax error at line ${line}, column ${column} (${words(printParseErrorCode(error.error))}); VS Code applies the file only as far as it can read it, so check the Switchboard values after that point`,
      severity: 'error',
    };
  });
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

/** `CommaExpected` → "comma expected". */
function words(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
