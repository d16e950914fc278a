import type * as ts from 'typescript';
import { tsv } from './tsValues';
import { countLinesAndStarts } from './lineCounts';
import { bindingNames, endsInVoid, hasModifier, identifierText, isExportsObject, isFunctionInitializer, isModuleExports, propertyNameText, tokenStart } from './nodeFacts';
import { signatureHead } from './declarationSignature';
import { packReferences } from './packReferences';
import { parseDiagnostics } from './parseDiagnostics';
import { isJsKind, parseSource, scriptKindFor } from './parseSource';
import {
  POSITION_COLUMN_SPAN,
  type DeclarationKind,
  type FileAnalysis,
  type ImportKind,
  type ImportRecord,
} from './types';

/*
 * Why the TypeScript parser directly, not @typescript-eslint/typescript-estree:
 * typescript-estree parses with this same `tsv.createSourceFile` and then converts every node into an
 * ESTree object. Measured on 400 files of this repository's node_modules with warm code
 * (bench/analysis.bench.ts: `analysis.parse.estree` vs `analysis.parse.typescript`), estree's
 * `parse` ran at 2-6 MB/s against 15-29 MB/s for createSourceFile: 5-7× slower, with a second tree
 * to allocate. The whole analysis below (declarations, imports, references, complexity, line
 * counts) costs 1.1-1.7× a bare createSourceFile (`analysis.analyzeSource.throughput`), so with
 * estree underneath the cold-index goal (≥ 1.5× a single-threaded createSourceFile loop on two
 * cores) would be out of reach by a wide margin. Everything needed here is as easy to read from
 * TypeScript's own tree walked with `ts.forEachChild`, so the hot path stays on it; the benchmark
 * keeps estree as a named baseline so the choice is re-checked whenever either library moves.
 */

// The walk reads SyntaxKind on every node: from local bindings (see tsValues.ts for why not `ts.`).
const SK = tsv.SyntaxKind;
const forEachChild = tsv.forEachChild;

/** What the generic walk does at a node, by kind (WALK_STEP). */
const enum Step {
  /** Nothing of its own: walk the children. */
  Children,
  /** A token (keyword, literal, punctuation) or break/continue: no children to walk. */
  Leaf,
  Identifier,
  /** A decision point of cyclomatic complexity. */
  Decision,
  Binary,
  Call,
  ImportType,
  FunctionDeclaration,
  ClassDeclaration,
  ExpressionStatement,
  CatchClause,
  VariableDeclarationList,
  /** A declaration whose own name is not a reference. */
  Named,
  /** A function or class nested in code: its decision points count toward the enclosing one. */
  NestedFunction,
}

const WALK_STEP = ((): Uint8Array => {
  const steps = new Uint8Array(SK.Count);
  // forEachChild visits nothing below a token; Identifier (a token kind too) is set after.
  for (let kind = 0; kind <= SK.LastToken; kind++) steps[kind] = Step.Leaf;
  const set = (step: Step, kinds: readonly ts.SyntaxKind[]): void => {
    for (const kind of kinds) steps[kind] = step;
  };
  set(Step.Identifier, [SK.Identifier]);
  set(Step.Leaf, [SK.BreakStatement, SK.ContinueStatement]);
  set(Step.Decision, [SK.IfStatement, SK.ConditionalExpression, SK.ForStatement, SK.ForInStatement, SK.ForOfStatement, SK.WhileStatement, SK.DoStatement, SK.CaseClause]);
  set(Step.Binary, [SK.BinaryExpression]);
  set(Step.Call, [SK.CallExpression]);
  set(Step.ImportType, [SK.ImportType]);
  set(Step.FunctionDeclaration, [SK.FunctionDeclaration]);
  set(Step.ClassDeclaration, [SK.ClassDeclaration]);
  set(Step.ExpressionStatement, [SK.ExpressionStatement]);
  set(Step.CatchClause, [SK.CatchClause]);
  set(Step.VariableDeclarationList, [SK.VariableDeclarationList]);
  set(Step.Named, [SK.VariableDeclaration, SK.Parameter, SK.BindingElement, SK.PropertyAssignment, SK.TypeParameter, SK.LabeledStatement]);
  set(Step.NestedFunction, [SK.FunctionExpression, SK.ArrowFunction, SK.ClassExpression, SK.MethodDeclaration, SK.GetAccessor, SK.SetAccessor, SK.Constructor]);
  return steps;
})();

export interface SourceMeta {
  readonly hash: string;
  readonly size: number;
  readonly mtimeMs: number;
}

interface MutableDeclaration {
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

/** Analyses one file's text. Never throws on bad syntax: the parser recovers and the errors become diagnostics. */
export function analyzeSource(path: string, text: string, meta: SourceMeta): FileAnalysis {
  const sf = parseSource(path, text);
  const lines = countLinesAndStarts(text);
  // The same offsets TypeScript would compute, found with indexOf as the lines are counted: a
  // tenth of the cost of TypeScript's character loop.
  const walker = new Walker(sf, text, isJsKind(scriptKindFor(path)), lines.starts ?? sf.getLineStarts(), lines.starts !== undefined);
  walker.run();
  return {
    path,
    hash: meta.hash,
    size: meta.size,
    mtimeMs: meta.mtimeMs,
    lines: lines.counts,
    declarations: walker.decls,
    imports: walker.imports,
    exports: [...walker.exports],
    references: packReferences(walker.refNameList, walker.refIds, walker.refPacked),
    diagnostics: parseDiagnostics(sf),
  };
}

class Walker {
  readonly decls: MutableDeclaration[] = [];
  readonly imports: ImportRecord[] = [];
  readonly exports = new Set<string>();
  private readonly localExports = new Set<string>();
  private readonly refNameIds = new Map<string, number>();
  readonly refNameList: string[] = [];
  readonly refIds: number[] = [];
  readonly refPacked: number[] = [];
  private lineHint = 0;
  /** Decision points of the function being walked. */
  private cx = 1;
  /** True while walking file-level code outside any function or class body. */
  private topLevel = true;
  private sawModuleSyntax = false;
  private skipName: ts.Node | undefined;
  /** Functions given prototype methods: `Name.member = function` attaches to them. */
  private readonly es5Classes = new Set<string>();

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly text: string,
    private readonly isJs: boolean,
    private readonly lineStarts: readonly number[],
    /** Every line break is LF or CRLF (see countLinesAndStarts): a line comment ends at the next '\n'. */
    private readonly plainBreaks: boolean,
  ) {}

  run(): void {
    this.visitStatements(this.sf.statements, undefined, false);
    if (this.isJs) this.visitJsDocTypes(this.sf.endOfFileToken);
    // In a script (no import, export, require or module.exports) every top-level name is global.
    const script = !this.sawModuleSyntax;
    for (const d of this.decls) {
      if (d.container === undefined && (script || this.localExports.has(d.name))) d.exported = true;
    }
  }

  private lineOf(pos: number): number {
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

  private addRef(name: string, pos: number): void {
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

  private head(node: ts.Node, end: number): string {
    return signatureHead(this.text, tokenStart(this.sf, this.text, this.plainBreaks, node), end);
  }

  private addDecl(
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

  /** Walks a function-like's parameters and body, counting its decision points into `decl`. */
  private walkFunction(node: ts.Node, decl: MutableDeclaration | undefined): void {
    const savedCx = this.cx;
    const savedTop = this.topLevel;
    this.cx = 1;
    this.topLevel = false;
    this.walkChildren(node);
    if (decl) decl.complexity = this.cx;
    this.cx = savedCx;
    this.topLevel = savedTop;
  }

  private visitStatements(statements: readonly ts.Statement[], container: string | undefined, ambient: boolean): void {
    for (const st of statements) this.visitStatement(st, container, ambient);
  }

  /** `@typedef` and `@callback` in a JavaScript file's JSDoc are that file's type declarations. */
  private visitJsDocTypes(node: ts.Node): void {
    const docs = (node as { jsDoc?: readonly ts.JSDoc[] }).jsDoc;
    if (!docs) return;
    for (const doc of docs) {
      for (const tag of doc.tags ?? []) {
        if (!tsv.isJSDocTypedefTag(tag) && !tsv.isJSDocCallbackTag(tag)) continue;
        const name = tsv.isJSDocTypedefTag(tag) ? tsv.getNameOfJSDocTypedef(tag) : tag.name;
        if (!name || !tsv.isIdentifier(name)) continue;
        this.addDecl(name.text, 'type', tag, name, !this.sawModuleSyntax, undefined, this.head(tag, tag.end).replace(/^@/, ''));
      }
    }
  }

  private visitStatement(st: ts.Statement, container: string | undefined, ambient: boolean): void {
    if (this.isJs && container === undefined) this.visitJsDocTypes(st);
    const exported = ambient || hasModifier(st, SK.ExportKeyword);
    if (container === undefined && hasModifier(st, SK.ExportKeyword)) this.sawModuleSyntax = true;
    switch (st.kind) {
      case SK.FunctionDeclaration:
        this.visitFunctionDeclaration(st as ts.FunctionDeclaration, exported, container);
        return;
      case SK.ClassDeclaration:
        this.visitClass(st as ts.ClassDeclaration, exported, container);
        return;
      case SK.InterfaceDeclaration: {
        const node = st as ts.InterfaceDeclaration;
        this.addDecl(node.name.text, 'interface', node, node.name, exported, container, this.head(node, node.members.pos));
        if (exported && container === undefined) this.exports.add(node.name.text);
        this.visitMembers(node.members, node.name.text, true);
        this.walkList(node.heritageClauses);
        this.walkList(node.typeParameters);
        return;
      }
      case SK.TypeAliasDeclaration: {
        const node = st as ts.TypeAliasDeclaration;
        this.addDecl(node.name.text, 'type', node, node.name, exported, container, this.head(node, node.end));
        if (exported && container === undefined) this.exports.add(node.name.text);
        this.walkList(node.typeParameters);
        this.walk(node.type);
        return;
      }
      case SK.EnumDeclaration: {
        const node = st as ts.EnumDeclaration;
        this.addDecl(node.name.text, 'enum', node, node.name, exported, container, this.head(node, node.members.pos));
        if (exported && container === undefined) this.exports.add(node.name.text);
        for (const m of node.members) if (m.initializer) this.walk(m.initializer);
        return;
      }
      case SK.ModuleDeclaration:
        this.visitModule(st as ts.ModuleDeclaration, exported, container, ambient);
        return;
      case SK.VariableStatement: {
        const node = st as ts.VariableStatement;
        this.visitVariableList(node.declarationList, exported, container);
        return;
      }
      case SK.ImportDeclaration:
        this.visitImport(st as ts.ImportDeclaration);
        return;
      case SK.ExportDeclaration:
        this.visitExport(st as ts.ExportDeclaration);
        return;
      case SK.ExportAssignment: {
        const node = st as ts.ExportAssignment;
        this.sawModuleSyntax = true;
        this.exports.add(node.isExportEquals ? 'export=' : 'default');
        if (tsv.isIdentifier(node.expression)) this.localExports.add(node.expression.text);
        this.walk(node.expression);
        return;
      }
      case SK.ImportEqualsDeclaration: {
        const node = st as ts.ImportEqualsDeclaration;
        const ref = node.moduleReference;
        if (tsv.isExternalModuleReference(ref) && tsv.isStringLiteralLike(ref.expression)) {
          this.sawModuleSyntax = true;
          this.addImport(ref.expression.text, 'importEquals', ['*'], node.isTypeOnly, node);
        } else {
          this.walk(ref);
        }
        if (hasModifier(node, SK.ExportKeyword)) this.exports.add(node.name.text);
        return;
      }
      case SK.ExpressionStatement: {
        const expr = (st as ts.ExpressionStatement).expression;
        if (container === undefined && (this.isJs ? this.visitCommonJsAssignment(expr) : false)) return;
        if (container === undefined && this.visitPropertyFunctionAssignment(expr)) return;
        this.walk(st);
        return;
      }
      default:
        this.walk(st);
    }
  }

  private visitFunctionDeclaration(node: ts.FunctionDeclaration, exported: boolean, container: string | undefined): void {
    const isDefault = hasModifier(node, SK.DefaultKeyword);
    const name = node.name ? node.name.text : 'default';
    if (exported && container === undefined) this.exports.add(isDefault ? 'default' : name);
    const d = this.addDecl(name, 'function', node, node.name, exported, container, this.head(node, node.body ? node.body.pos : node.end));
    this.skipName = node.name;
    this.walkFunction(node, node.body ? d : undefined);
  }

  private visitClass(node: ts.ClassDeclaration | ts.ClassExpression, exported: boolean, container: string | undefined, nameOverride?: string): void {
    const isDefault = hasModifier(node, SK.DefaultKeyword);
    const name = nameOverride ?? (node.name ? node.name.text : 'default');
    if (exported && container === undefined) this.exports.add(isDefault ? 'default' : name);
    this.addDecl(name, 'class', node, node.name, exported, container, this.head(node, node.members.pos));
    const savedTop = this.topLevel;
    this.topLevel = false;
    this.walkList(node.modifiers);
    this.walkList(node.typeParameters);
    this.walkList(node.heritageClauses);
    this.visitMembers(node.members, name, false);
    this.topLevel = savedTop;
  }

  private visitMembers(members: readonly (ts.ClassElement | ts.TypeElement)[], container: string, ambient: boolean): void {
    const savedTop = this.topLevel;
    this.topLevel = false;
    for (const m of members) {
      const nameNode = m.name;
      const exported = ambient || !(hasModifier(m, SK.PrivateKeyword) || (nameNode !== undefined && nameNode.kind === SK.PrivateIdentifier));
      switch (m.kind) {
        case SK.MethodDeclaration:
        case SK.MethodSignature: {
          const node = m as ts.MethodDeclaration | ts.MethodSignature;
          const body = tsv.isMethodDeclaration(node) ? node.body : undefined;
          const d = this.addDecl(propertyNameText(node.name, this.sf), 'method', node, node.name, exported, container, this.head(node, body ? body.pos : node.end));
          this.skipName = node.name;
          this.walkFunction(node, body ? d : undefined);
          break;
        }
        case SK.Constructor: {
          const node = m as ts.ConstructorDeclaration;
          const d = this.addDecl('constructor', 'constructor', node, undefined, exported, container, this.head(node, node.body ? node.body.pos : node.end));
          this.walkFunction(node, node.body ? d : undefined);
          break;
        }
        case SK.GetAccessor:
        case SK.SetAccessor: {
          const node = m as ts.AccessorDeclaration;
          const d = this.addDecl(propertyNameText(node.name, this.sf), 'accessor', node, node.name, exported, container, this.head(node, node.body ? node.body.pos : node.end));
          this.skipName = node.name;
          this.walkFunction(node, node.body ? d : undefined);
          break;
        }
        case SK.PropertyDeclaration:
        case SK.PropertySignature: {
          const node = m as ts.PropertyDeclaration | ts.PropertySignature;
          const init = tsv.isPropertyDeclaration(node) ? node.initializer : undefined;
          const fn = isFunctionInitializer(init);
          const d = this.addDecl(propertyNameText(node.name, this.sf), 'property', node, node.name, exported, container, this.head(node, fn ? init.body.pos : init ? init.pos : node.end));
          this.skipName = node.name;
          if (fn) this.walkFunction(node, d);
          else this.walkChildren(node);
          break;
        }
        default:
          this.walk(m);
      }
    }
    this.topLevel = savedTop;
  }

  private visitModule(node: ts.ModuleDeclaration, exported: boolean, container: string | undefined, ambient: boolean): void {
    // `declare module 'x'` keeps its quotes, as editors show it.
    let name = node.name.kind === SK.StringLiteral ? node.name.getText(this.sf) : node.name.text;
    let body = node.body;
    // `namespace A.B.C {}` nests declarations; editors show it as one namespace named A.B.C.
    while (body && tsv.isModuleDeclaration(body)) {
      name += '.' + body.name.text;
      body = body.body;
    }
    this.addDecl(name, 'namespace', node, node.name, exported, container, this.head(node, body ? body.pos : node.end));
    if (exported && container === undefined) this.exports.add(name);
    if (body && tsv.isModuleBlock(body)) {
      const innerAmbient = ambient || this.sf.isDeclarationFile || hasModifier(node, SK.DeclareKeyword);
      const savedTop = this.topLevel;
      this.topLevel = false;
      this.visitStatements(body.statements, name, innerAmbient);
      this.topLevel = savedTop;
    }
  }

  private visitVariableList(list: ts.VariableDeclarationList, exported: boolean, container: string | undefined): void {
    const flags = list.flags;
    const keyword = flags & tsv.NodeFlags.Const ? 'const' : flags & tsv.NodeFlags.Let ? 'let' : flags & tsv.NodeFlags.Using ? 'using' : 'var';
    for (const decl of list.declarations) {
      const init = decl.initializer;
      const fn = isFunctionInitializer(init);
      // A value's head is its name and type; an untyped value shows the start of its initializer.
      const end = fn ? init.body.pos : !init ? decl.end : decl.type ? decl.type.end : Math.min(decl.end, init.getStart(this.sf) + 48);
      let signature = (exported && container === undefined ? 'export ' : '') + keyword + ' ' + this.head(decl, end);
      if (init && !fn && !decl.type && end < decl.end) signature += '…';
      if (tsv.isIdentifier(decl.name)) {
        if (exported && container === undefined) this.exports.add(decl.name.text);
        const d = this.addDecl(decl.name.text, 'variable', decl, decl.name, exported, container, signature);
        this.skipName = decl.name;
        if (fn) {
          if (init.kind === SK.FunctionExpression && init.name) this.skipName = init.name;
          this.walkFunction(init, d);
          if (decl.type) this.walk(decl.type);
        } else {
          this.walkChildren(decl);
        }
      } else {
        for (const el of bindingNames(decl.name)) {
          if (exported && container === undefined) this.exports.add(el.text);
          this.addDecl(el.text, 'variable', decl, el, exported, container, signature);
        }
        this.walkChildren(decl);
      }
    }
  }

  private addImport(specifier: string, kind: ImportKind, names: string[], typeOnly: boolean, node: ts.Node): void {
    this.imports.push({ specifier, kind, names, typeOnly, line: this.lineOf(node.getStart(this.sf)) });
  }

  private visitImport(node: ts.ImportDeclaration): void {
    this.sawModuleSyntax = true;
    if (!tsv.isStringLiteralLike(node.moduleSpecifier)) return;
    const clause = node.importClause;
    const names: string[] = [];
    if (clause) {
      if (clause.name) names.push('default');
      const bindings = clause.namedBindings;
      if (bindings) {
        if (tsv.isNamespaceImport(bindings)) {
          names.push('*');
        } else {
          for (const el of bindings.elements) {
            const imported = el.propertyName ?? el.name;
            const text = imported.text;
            names.push(text);
            this.addRef(text, imported.getStart(this.sf));
          }
        }
      }
    }
    this.addImport(node.moduleSpecifier.text, 'import', names, clause?.isTypeOnly ?? false, node);
  }

  private visitExport(node: ts.ExportDeclaration): void {
    this.sawModuleSyntax = true;
    const clause = node.exportClause;
    const spec = node.moduleSpecifier && tsv.isStringLiteralLike(node.moduleSpecifier) ? node.moduleSpecifier.text : undefined;
    const names: string[] = [];
    if (!clause) {
      names.push('*');
      this.exports.add('*');
    } else if (tsv.isNamespaceExport(clause)) {
      names.push('*');
      this.exports.add(clause.name.text);
    } else {
      for (const el of clause.elements) {
        const local = (el.propertyName ?? el.name).text;
        this.exports.add(el.name.text);
        if (spec === undefined) this.localExports.add(local);
        names.push(local);
        this.addRef(local, (el.propertyName ?? el.name).getStart(this.sf));
      }
    }
    if (spec !== undefined) this.addImport(spec, 'reexport', names, node.isTypeOnly, node);
  }

  /** `exports.x = …`, `module.exports.x = …`, `module.exports = …`: CommonJS's declarations. */
  private visitCommonJsAssignment(expr: ts.Expression, declare = true): boolean {
    if (!tsv.isBinaryExpression(expr) || expr.operatorToken.kind !== SK.EqualsToken) return false;
    const left = expr.left;
    if (!tsv.isPropertyAccessExpression(left) || !tsv.isIdentifier(left.name)) return false;
    const right = expr.right;
    if (isModuleExports(left)) {
      this.sawModuleSyntax = true;
      if (tsv.isObjectLiteralExpression(right)) {
        for (const p of right.properties) if (p.name && !tsv.isComputedPropertyName(p.name)) this.exports.add(propertyNameText(p.name, this.sf));
      } else {
        this.exports.add('export=');
        if (tsv.isIdentifier(right)) this.localExports.add(right.text);
      }
      this.walk(right);
      return true;
    }
    // The left side must be rooted at `exports` or `module.exports` (`exports.a.b = …` declares b on export a).
    let root: ts.Expression = left.expression;
    let depth = 1;
    while (!isExportsObject(root) && tsv.isPropertyAccessExpression(root)) {
      root = root.expression;
      depth++;
    }
    if (!isExportsObject(root)) return false;
    this.sawModuleSyntax = true;
    const name = left.name.text;
    if (depth === 1) this.exports.add(name);
    if (tsv.isBinaryExpression(right) && right.operatorToken.kind === SK.EqualsToken) {
      // `exports.a = exports.b = value`: editors list only the outer name; `= void 0` chains are
      // compiled TypeScript announcing its exports, with values assigned later.
      const announces = endsInVoid(right);
      if (declare && !announces) this.addDecl(name, 'variable', expr, left.name, true, undefined, this.head(expr, expr.end));
      this.visitCommonJsAssignment(right, false);
      return true;
    }
    if (tsv.isVoidExpression(right)) return true;
    if (tsv.isIdentifier(right) && right.text === name) {
      // `exports.foo = foo;` exports a local declaration: mark it, declare nothing new.
      this.localExports.add(name);
      this.addRef(name, right.getStart(this.sf));
      return true;
    }
    const fn = isFunctionInitializer(right);
    if (!declare || (name === 'default' && !fn && !tsv.isClassExpression(right))) {
      this.walk(right);
      return true;
    }
    if (tsv.isClassExpression(right)) {
      this.visitClass(right, true, undefined, name);
      return true;
    }
    const d = this.addDecl(name, fn ? 'function' : 'variable', expr, left.name, true, undefined, this.head(expr, fn ? right.body.pos : expr.end));
    if (fn) this.walkFunction(right, d);
    else this.walk(right);
    return true;
  }

  /** `a.b.c = function () {}` at file level declares function `c` (editors' outlines list it too). */
  private visitPropertyFunctionAssignment(expr: ts.Expression): boolean {
    if (!tsv.isBinaryExpression(expr) || expr.operatorToken.kind !== SK.EqualsToken) return false;
    const left = expr.left;
    const right = expr.right;
    if (!tsv.isPropertyAccessExpression(left) || !tsv.isIdentifier(left.name)) return false;
    if (!isFunctionInitializer(right) && !tsv.isClassExpression(right)) return false;
    // `X.prototype.m = function` belongs to X: editors fold it into the class.
    if (tsv.isPropertyAccessExpression(left.expression) && left.expression.name.text === 'prototype') {
      if (tsv.isIdentifier(left.expression.expression)) this.es5Classes.add(left.expression.expression.text);
      return false;
    }
    this.walk(left.expression);
    const name = left.name.text;
    if (tsv.isClassExpression(right)) {
      this.visitClass(right, false, undefined, name);
      return true;
    }
    // `Foo.create = function` on a function already given prototype methods is a static member of that ES5 class.
    const owner = tsv.isIdentifier(left.expression) && this.es5Classes.has(left.expression.text) ? left.expression.text : undefined;
    const d = this.addDecl(name, owner ? 'method' : 'function', expr, left.name, false, owner, this.head(expr, right.body.pos));
    this.walkFunction(right, d);
    return true;
  }

  /** Anonymous and local functions are not declarations: their decision points count toward the function that holds them. */
  private walkNestedFunction(node: ts.Node): undefined {
    const savedTop = this.topLevel;
    this.topLevel = false;
    this.skipName = (node as ts.NamedDeclaration).name;
    forEachChild(node, this.walk);
    this.topLevel = savedTop;
    return undefined;
  }

  private walkList(nodes: readonly ts.Node[] | undefined): void {
    if (nodes) for (const n of nodes) this.walk(n);
  }

  private walkChildren(node: ts.Node): void {
    forEachChild(node, this.walk);
  }

  /** The generic walk: references, decision points, require/import() calls, file-level declarations nested in blocks. */
  private readonly walk = (node: ts.Node): undefined => {
    // Cases are the literal members of Step, looked up by kind: a jump table. A switch over
    // `SK.IfStatement`-style cases is a chain of comparisons, which every node not named
    // explicitly (most of them) ran to its end.
    switch (WALK_STEP[node.kind] as Step) {
      case Step.Identifier:
        if (node !== this.skipName) {
          const text = identifierText(node as ts.Identifier);
          this.addRef(text, node.end - text.length);
        }
        return undefined;
      case Step.Leaf:
        return undefined;
      case Step.Decision:
        this.cx++;
        break;
      case Step.Binary: {
        const op = (node as ts.BinaryExpression).operatorToken.kind;
        if (
          op === SK.AmpersandAmpersandToken ||
          op === SK.BarBarToken ||
          op === SK.QuestionQuestionToken ||
          op === SK.AmpersandAmpersandEqualsToken ||
          op === SK.BarBarEqualsToken ||
          op === SK.QuestionQuestionEqualsToken
        ) {
          this.cx++;
        }
        break;
      }
      case Step.Call: {
        const call = node as ts.CallExpression;
        const arg = call.arguments[0];
        if (arg && tsv.isStringLiteralLike(arg)) {
          if (call.expression.kind === SK.ImportKeyword) {
            this.addImport(arg.text, 'dynamic', ['*'], false, node);
          } else if (tsv.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1) {
            this.sawModuleSyntax = true;
            this.addImport(arg.text, 'require', ['*'], false, node);
          }
        }
        break;
      }
      case Step.ImportType: {
        const arg = (node as ts.ImportTypeNode).argument;
        if (tsv.isLiteralTypeNode(arg) && tsv.isStringLiteral(arg.literal)) this.addImport(arg.literal.text, 'dynamic', ['*'], true, node);
        break;
      }
      case Step.FunctionDeclaration:
        if (this.topLevel) {
          this.visitFunctionDeclaration(node as ts.FunctionDeclaration, false, undefined);
          return undefined;
        }
        return this.walkNestedFunction(node);
      case Step.ClassDeclaration:
        if (this.topLevel) {
          this.visitClass(node as ts.ClassDeclaration, false, undefined);
          return undefined;
        }
        break;
      case Step.ExpressionStatement:
        if (this.topLevel) {
          const expr = (node as ts.ExpressionStatement).expression;
          if ((this.isJs && this.visitCommonJsAssignment(expr)) || this.visitPropertyFunctionAssignment(expr)) return undefined;
        }
        break;
      case Step.CatchClause: {
        this.cx++;
        const v = (node as ts.CatchClause).variableDeclaration;
        if (this.topLevel && v) {
          for (const el of bindingNames(v.name)) this.addDecl(el.text, 'variable', v, el, false, undefined, 'catch (' + el.text + ')');
          this.skipName = v.name;
        }
        break;
      }
      case Step.VariableDeclarationList:
        if (this.topLevel) {
          this.visitVariableList(node as ts.VariableDeclarationList, false, undefined);
          return undefined;
        }
        break;
      case Step.Named:
        this.skipName = (node as ts.NamedDeclaration).name ?? (node as ts.LabeledStatement).label;
        break;
      case Step.NestedFunction:
        return this.walkNestedFunction(node);
      case Step.Children:
        break;
    }
    forEachChild(node, this.walk);
    return undefined;
  };
}
