import * as ts from 'typescript';
import type { CodeUnit } from './codeUnits';
import { isElisionComment } from './elision';

/*
 * How a merge pairs the block's units with the file's (applyMerge.ts), and what it refuses to guess.
 */

/** Merging would guess: fall back to replacing the whole file, saying why. */
export class Unsound extends Error {}

/** A parsed file or block with its text. */
export interface Parsed {
  readonly sf: ts.SourceFile;
  readonly text: string;
}

/**
 * Pairs block units with file units that share a key. A key shared with two file units, or a file
 * unit claimed by two block units, is ambiguous: merging would have to guess.
 */
export function matchUnits(fileUnits: readonly CodeUnit[], blockUnits: readonly CodeUnit[], what: 'declared' | 'member'): Map<CodeUnit, CodeUnit> {
  const byKey = new Map<string, CodeUnit[]>();
  for (const u of fileUnits) for (const k of u.keys) byKey.set(k, [...(byKey.get(k) ?? []), u]);
  const matches = new Map<CodeUnit, CodeUnit>();
  const claimed = new Set<CodeUnit>();
  for (const b of blockUnits) {
    const candidates = new Set(b.keys.flatMap((k) => byKey.get(k) ?? []));
    if (candidates.size === 0) continue;
    const target = [...candidates][0] as CodeUnit;
    if (candidates.size > 1 || claimed.has(target)) {
      throw new Unsound(`${b.name ?? 'a name'} is ${what === 'member' ? 'a member' : 'declared'} more than once, so the block cannot be placed by name`);
    }
    claimed.add(target);
    matches.set(b, target);
  }
  return matches;
}

/**
 * `export` (or `export default`) the file's declaration has and the block's lacks, with where it goes
 * in the block: a snippet often leaves it out, and dropping it silently would break every importer.
 * A block that adds `export` gets its way; one that drops it keeps the file's.
 */
export function lostExport(fileUnit: CodeUnit, blockUnit: CodeUnit, sf: ts.SourceFile): { at: number; text: string } | undefined {
  const fileNode = fileUnit.nodes[0];
  const blockNode = blockUnit.nodes[0];
  if (!fileNode || !blockNode || !ts.canHaveModifiers(blockNode) || ts.isExportAssignment(blockNode)) return undefined;
  const has = (node: ts.Node, kind: ts.SyntaxKind) => ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
  if (!has(fileNode, ts.SyntaxKind.ExportKeyword) || has(blockNode, ts.SyntaxKind.ExportKeyword)) return undefined;
  if (!(ts.isFunctionDeclaration(blockNode) || ts.isClassDeclaration(blockNode) || ts.isVariableStatement(blockNode) || ts.isInterfaceDeclaration(blockNode) || ts.isTypeAliasDeclaration(blockNode) || ts.isEnumDeclaration(blockNode) || ts.isModuleDeclaration(blockNode))) return undefined;
  const decorators = ts.canHaveDecorators(blockNode) ? ts.getDecorators(blockNode) : undefined;
  const lastDecorator = decorators?.at(-1);
  const at = lastDecorator ? lastDecorator.end + (/^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/.exec(sf.text.slice(lastDecorator.end))?.[0].length ?? 0) : blockNode.getStart(sf);
  const isDefault = has(fileNode, ts.SyntaxKind.DefaultKeyword) && !ts.isVariableStatement(blockNode);
  return { at, text: isDefault ? 'export default ' : 'export ' };
}

export function isElisionOnly(unit: CodeUnit, block: Parsed): boolean {
  return unit.kind === 'statement' && isElisionComment(block.text.slice(unit.nodeStart, unit.end));
}
