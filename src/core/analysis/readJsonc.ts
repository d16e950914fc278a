import { readFileSync } from 'node:fs';
import { type ParseError, parse } from 'jsonc-parser';

/**
 * A JSON file as TypeScript and npm read theirs: tsconfig/jsconfig allow comments and trailing
 * commas (jsonc-parser, as VS Code reads its own settings), package.json is plain JSON but read the
 * same lenient way. Undefined for a file that cannot be read or does not parse.
 */
export function readJsonc(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  return errors.length > 0 ? undefined : value;
}
