import type * as ts from 'typescript';
import { signatureHead } from './declarationSignature';
import { tokenStart } from './nodeFacts';
import { POSITION_COLUMN_SPAN, type DeclarationKind, type ImportKind, type ImportRecord } from './types';

/*
 * What the analysis of one file collects as its walk goes (analyzeSource.ts): declarations with
 * their lines and signatures, imports, exported names and every name used with its position. The
 * walk itself is split by syntax: moduleSyntax.ts reads imports, exports and CommonJS/JSDoc
 * declarations, analyzeSource.ts everything else. One object throughout (a class chain, not
 * helpers taking it): the walk calls these on every identifier.
 */

export interface MutableDeclaration {
  name: string;
  kind: DeclarationKind;
  exported: boolean;
  signature: string;
  line: number;
  column: number;
  endLine: number;
  container: string | undefined;
  complexity: number | undefined;
}

export abstract class FileFacts {
  readonly decls: MutableDeclaration[] = [];
  readonly imports: ImportRecord[] = [];
  readonly exports = new Set<string>();
  /** File-level names exported by a separate statement (`export { a }`, `exports.a = a`). */
  protected readonly localExports = new Set<string>();
  private readonly refNameIds = new Map<string, number>();
  readonly refNameList: string[] = [];
  readonly refIds: number[] = [];
  readonly refPacked: number[] = [];
  private lineHint = 0;
  /** An import, export, require or module.exports was seen: the file is a module, not a script. */
  protected sawModuleSyntax = false;

  constructor(
    protected readonly sf: ts.SourceFile,
    protected readonly text: string,
    protected readonly isJs: boolean,
    private readonly lineStarts: readonly number[],
    /** Every line break is LF or CRLF (see countLinesAndStarts): a line comment ends at the next '\n'. */
    private readonly plainBreaks: boolean,
  ) {}

  protected lineOf(pos: number): number {
    const starts = this.lineStarts;
    let h = this.lineHint;
    if ((starts[h] ?? 0) <= pos && (h + 1 >= starts.length || (starts[h + 1] ?? 0) > pos)) return h;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= pos) lo = mid;
      else hi = mid - 1;
    }
    h = lo;
    this.lineHint = h;
    return h;
  }

  protected addRef(name: string, pos: number): void {
    const line = this.lineOf(pos);
    const col = Math.min(pos - (this.lineStarts[line] ?? 0), POSITION_COLUMN_SPAN - 1);
    let id = this.refNameIds.get(name);
    if (id === undefined) {
      id = this.refNameList.length;
      this.refNameIds.set(name, id);
      this.refNameList.push(name);
    }
    this.refIds.push(id);
    this.refPacked.push(line * POSITION_COLUMN_SPAN + col);
  }

  protected head(node: ts.Node, end: number): string {
    return signatureHead(this.text, tokenStart(this.sf, this.text, this.plainBreaks, node), end);
  }

  protected addDecl(
    name: string,
    kind: DeclarationKind,
    node: ts.Node,
    nameNode: ts.Node | undefined,
    exported: boolean,
    container: string | undefined,
    signature: string,
  ): MutableDeclaration {
    const at = tokenStart(this.sf, this.text, this.plainBreaks, nameNode ?? node);
    const line = this.lineOf(at);
    const d: MutableDeclaration = {
      name,
      kind,
      exported,
      signature,
      line,
      column: at - (this.lineStarts[line] ?? 0),
      endLine: this.lineOf(node.end),
      container,
      complexity: undefined,
    };
    this.decls.push(d);
    return d;
  }

  protected addImport(specifier: string, kind: ImportKind, names: string[], typeOnly: boolean, node: ts.Node): void {
    this.imports.push({ specifier, kind, names, typeOnly, line: this.lineOf(node.getStart(this.sf)) });
  }
}
