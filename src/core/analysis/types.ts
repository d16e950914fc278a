/** What one file defines, imports and references: the unit the index stores and persists. */

export const DECLARATION_KINDS = [
  'function',
  'class',
  'interface',
  'type',
  'enum',
  'variable',
  'namespace',
  'method',
  'property',
  'constructor',
  'accessor',
] as const;
export type DeclarationKind = (typeof DECLARATION_KINDS)[number];

export interface Declaration {
  readonly name: string;
  readonly kind: DeclarationKind;
  readonly exported: boolean;
  /** The declaration's head without its body, whitespace collapsed, capped in length. */
  readonly signature: string;
  /** 0-based, as editors count. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  /** The enclosing class, interface or namespace for members and namespace contents. */
  readonly container?: string;
  /** Cyclomatic complexity, for declarations with a body (functions, methods, accessors, function-valued variables). */
  readonly complexity?: number;
}

export const IMPORT_KINDS = ['import', 'reexport', 'require', 'dynamic', 'importEquals'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportRecord {
  readonly specifier: string;
  readonly kind: ImportKind;
  /** Imported names as the exporter spells them ('default', '*' for namespace / export-star). */
  readonly names: readonly string[];
  readonly typeOnly: boolean;
  readonly line: number;
}

export interface LineCounts {
  readonly total: number;
  readonly code: number;
  readonly comment: number;
  readonly blank: number;
}

/**
 * Identifier references in compact form: `names[i]` occurs at the positions
 * `positions[index[i] .. index[i + 1])`, each packed as `line * POSITION_COLUMN_SPAN + min(column, span - 1)`.
 * Millions of references in a large workspace stay a few typed arrays instead of millions of objects.
 */
export interface References {
  readonly names: readonly string[];
  readonly index: Int32Array;
  readonly positions: Int32Array;
}

export const POSITION_COLUMN_SPAN = 4096;

export interface Diagnostic {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

export interface FileAnalysis {
  /** Absolute, '/'-separated path. */
  readonly path: string;
  /** sha1 of the file's bytes, hex. */
  readonly hash: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly lines: LineCounts;
  readonly declarations: readonly Declaration[];
  readonly imports: readonly ImportRecord[];
  /** Exported names ('default', '*' when the file re-exports everything from a module). */
  readonly exports: readonly string[];
  readonly references: References;
  /** Syntax errors; the rest of the analysis is what the parser could recover. */
  readonly diagnostics: readonly Diagnostic[];
}

export function unpackPosition(packed: number): { line: number; column: number } {
  return { line: Math.floor(packed / POSITION_COLUMN_SPAN), column: packed % POSITION_COLUMN_SPAN };
}
