import { z } from 'zod';
import {
  DECLARATION_KINDS,
  IMPORT_KINDS,
  type Declaration,
  type FileAnalysis,
  type ImportRecord,
  type LineCounts,
} from './types';

/**
 * The index keeps each file's analysis in columns (parallel arrays and Int32Arrays) rather than one
 * object per declaration: a large workspace holds hundreds of thousands of declarations, and
 * columns cost less memory, cross the worker boundary as transferable buffers, and validate with zod
 * in one pass per column when read back from disk instead of one schema call per object.
 */
export interface StoredFile {
  readonly path: string;
  readonly hash: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** total, code, comment, blank */
  readonly lines: readonly [number, number, number, number];
  readonly declNames: readonly string[];
  readonly declSignatures: readonly string[];
  /** '' when the declaration has no container. */
  readonly declContainers: readonly string[];
  /** DECL_STRIDE ints per declaration: kind, exported, line, column, endLine, complexity (-1 = none). */
  readonly declData: Int32Array;
  readonly importSpecifiers: readonly string[];
  /** Imported names of each import, joined with ','. */
  readonly importNames: readonly string[];
  /** IMPORT_STRIDE ints per import: kind, typeOnly, line. */
  readonly importData: Int32Array;
  readonly exports: readonly string[];
  readonly refNames: readonly string[];
  readonly refIndex: Int32Array;
  readonly refPositions: Int32Array;
  readonly diagnostics: readonly { message: string; line: number; column: number }[];
}

export const DECL_STRIDE = 6;
export const IMPORT_STRIDE = 3;

export function encodeAnalysis(a: FileAnalysis): StoredFile {
  const n = a.declarations.length;
  const declData = new Int32Array(n * DECL_STRIDE);
  const declNames: string[] = new Array<string>(n);
  const declSignatures: string[] = new Array<string>(n);
  const declContainers: string[] = new Array<string>(n);
  a.declarations.forEach((d, i) => {
    declNames[i] = d.name;
    declSignatures[i] = d.signature;
    declContainers[i] = d.container ?? '';
    const o = i * DECL_STRIDE;
    declData[o] = DECLARATION_KINDS.indexOf(d.kind);
    declData[o + 1] = d.exported ? 1 : 0;
    declData[o + 2] = d.line;
    declData[o + 3] = d.column;
    declData[o + 4] = d.endLine;
    declData[o + 5] = d.complexity ?? -1;
  });
  const m = a.imports.length;
  const importData = new Int32Array(m * IMPORT_STRIDE);
  a.imports.forEach((imp, i) => {
    importData[i * IMPORT_STRIDE] = IMPORT_KINDS.indexOf(imp.kind);
    importData[i * IMPORT_STRIDE + 1] = imp.typeOnly ? 1 : 0;
    importData[i * IMPORT_STRIDE + 2] = imp.line;
  });
  return {
    path: a.path,
    hash: a.hash,
    size: a.size,
    mtimeMs: a.mtimeMs,
    lines: [a.lines.total, a.lines.code, a.lines.comment, a.lines.blank],
    declNames,
    declSignatures,
    declContainers,
    declData,
    importSpecifiers: a.imports.map((i) => i.specifier),
    importNames: a.imports.map((i) => i.names.join(',')),
    importData,
    exports: [...a.exports],
    refNames: [...a.references.names],
    refIndex: a.references.index,
    refPositions: a.references.positions,
    diagnostics: a.diagnostics.map((d) => ({ ...d })),
  };
}

/** The same stored analysis with a new size and mtime; keeps the record's class (stored files decode lazily). */
export function withStat(f: StoredFile, size: number, mtimeMs: number): StoredFile {
  return Object.assign(Object.create(Object.getPrototypeOf(f) as object) as StoredFile, f, { size, mtimeMs });
}

export function declarationCount(f: StoredFile): number {
  return f.declNames.length;
}

export function declarationAt(f: StoredFile, i: number): Declaration {
  const o = i * DECL_STRIDE;
  const data = f.declData;
  const complexity = data[o + 5] ?? -1;
  const container = f.declContainers[i] ?? '';
  return {
    name: f.declNames[i] ?? '',
    kind: DECLARATION_KINDS[data[o] ?? 0] ?? 'variable',
    exported: data[o + 1] === 1,
    signature: f.declSignatures[i] ?? '',
    line: data[o + 2] ?? 0,
    column: data[o + 3] ?? 0,
    endLine: data[o + 4] ?? 0,
    ...(container ? { container } : {}),
    ...(complexity >= 0 ? { complexity } : {}),
  };
}

export function importsOfStored(f: StoredFile): ImportRecord[] {
  return f.importSpecifiers.map((specifier, i) => ({
    specifier,
    kind: IMPORT_KINDS[f.importData[i * IMPORT_STRIDE] ?? 0] ?? 'import',
    names: f.importNames[i] ? (f.importNames[i] as string).split(',') : [],
    typeOnly: f.importData[i * IMPORT_STRIDE + 1] === 1,
    line: f.importData[i * IMPORT_STRIDE + 2] ?? 0,
  }));
}

export function decodeAnalysis(f: StoredFile): FileAnalysis {
  const lines: LineCounts = { total: f.lines[0], code: f.lines[1], comment: f.lines[2], blank: f.lines[3] };
  return {
    path: f.path,
    hash: f.hash,
    size: f.size,
    mtimeMs: f.mtimeMs,
    lines,
    declarations: f.declNames.map((_, i) => declarationAt(f, i)),
    imports: importsOfStored(f),
    exports: f.exports,
    references: { names: f.refNames, index: f.refIndex, positions: f.refPositions },
    diagnostics: f.diagnostics,
  };
}

/** The buffers to transfer when posting a StoredFile between threads. */
export function transferablesOf(f: StoredFile): ArrayBuffer[] {
  return [f.declData.buffer, f.importData.buffer, f.refIndex.buffer, f.refPositions.buffer] as ArrayBuffer[];
}

const int32Array = z.instanceof(Int32Array);
const strings = z.array(z.string());

const scalarShape = {
  path: z.string().min(1),
  hash: z.string().regex(/^[0-9a-f]{40}$/),
  size: z.number().int().nonnegative(),
  mtimeMs: z.number().nonnegative(),
  lines: z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]),
  declData: int32Array,
  importData: int32Array,
  refIndex: int32Array,
  refPositions: int32Array,
  diagnostics: z.array(z.object({ message: z.string(), line: z.number().int(), column: z.number().int() })),
};

/** The columns of strings, which the store persists packed (see shardCodec.ts). */
export const STRING_COLUMNS = ['declNames', 'declSignatures', 'declContainers', 'importSpecifiers', 'importNames', 'exports', 'refNames'] as const;
export type StringColumn = (typeof STRING_COLUMNS)[number];

export interface ColumnCounts {
  readonly declNames: number;
  readonly declSignatures: number;
  readonly declContainers: number;
  readonly importSpecifiers: number;
  readonly importNames: number;
  readonly refNames: number;
  readonly declData: Int32Array;
  readonly importData: Int32Array;
  readonly refIndex: Int32Array;
  readonly refPositions: Int32Array;
}

/** What is inconsistent between a file's columns, or undefined when they agree. */
export function columnProblem(f: ColumnCounts): string | undefined {
  const n = f.declNames;
  if (f.declSignatures !== n || f.declContainers !== n || f.declData.length !== n * DECL_STRIDE) return 'declaration columns disagree in length';
  const m = f.importSpecifiers;
  if (f.importNames !== m || f.importData.length !== m * IMPORT_STRIDE) return 'import columns disagree in length';
  if (f.refIndex.length !== f.refNames + 1 || f.refIndex[f.refNames] !== f.refPositions.length) return 'reference index does not match its positions';
  for (let i = 1; i <= f.refNames; i++) {
    if ((f.refIndex[i] as number) < (f.refIndex[i - 1] as number)) return 'reference index is not ascending';
  }
  for (let i = 0; i < n; i++) {
    const kind = f.declData[i * DECL_STRIDE] ?? -1;
    if (kind < 0 || kind >= DECLARATION_KINDS.length) return `declaration ${i} has unknown kind ${kind}`;
  }
  return undefined;
}

function checkColumns(f: ColumnCounts, ctx: z.RefinementCtx): void {
  const problem = columnProblem(f);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}

/** Validates a StoredFile; the column lengths must agree with each other. */
export const storedFileSchema = z
  .object({
    ...scalarShape,
    declNames: strings,
    declSignatures: strings,
    declContainers: strings,
    importSpecifiers: strings,
    importNames: strings,
    exports: strings,
    refNames: strings,
  })
  .superRefine((f, ctx) =>
    checkColumns(
      {
        ...f,
        declNames: f.declNames.length,
        declSignatures: f.declSignatures.length,
        declContainers: f.declContainers.length,
        importSpecifiers: f.importSpecifiers.length,
        importNames: f.importNames.length,
        refNames: f.refNames.length,
      },
      ctx,
    ),
  );
