import type * as ts from 'typescript';
import { unitLabel, type CodeUnit } from './codeUnits';

/*
 * Text helpers of a merge (applyMerge.ts): lines, indentation, and the words its plan uses.
 */

/** The text's lines without their line breaks. */
export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** The lines of a declaration from `start` to `end` (line and column), cut at both. */
export function declarationLines(lines: readonly string[], start: ts.LineAndCharacter, end: ts.LineAndCharacter): string[] {
  const out = lines.slice(start.line, end.line + 1);
  if (out.length > 0) out[out.length - 1] = (out.at(-1) as string).slice(0, end.character);
  out[0] = (out[0] ?? '').slice(start.character);
  return out;
}

export function indentationAt(text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const m = /^[ \t]*/.exec(text.slice(lineStart, at));
  return m ? m[0] : '';
}

export function guessIndentUnit(text: string): string {
  const m = /\n(\t| {2,8})\S/.exec(text);
  return m?.[1] ?? '  ';
}

/** "function a, class B" with plain statements counted: "function a and 2 statements". */
export function listLabels(units: readonly CodeUnit[]): string {
  const named = units.filter((u) => u.keys.length > 0).map(unitLabel);
  const statements = units.length - named.length;
  if (statements > 0) named.push(statements === 1 ? 'a statement' : `${statements} statements`);
  return named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1) ?? ''}` : (named[0] ?? '');
}

export const withoutExport = (heading: string) => heading.replace(/\b(?:export|default)\s+/g, '');

export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

const MAX_NOTES = 5;

export function describe(notes: readonly string[]): string {
  if (notes.length === 0) return 'changes nothing: the file already has this code';
  if (notes.length <= MAX_NOTES) return notes.join(', ');
  return `${notes.slice(0, MAX_NOTES - 1).join(', ')} and ${notes.length - (MAX_NOTES - 1)} more changes`;
}
