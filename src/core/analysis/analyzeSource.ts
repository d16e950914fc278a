import type * as ts from 'typescript';
import { tsv } from './tsValues';
import { countLinesAndStarts } from './lineCounts';
import type { MutableDeclaration } from './fileFacts';
import { ModuleSyntaxWalker } from './moduleSyntax';
import { bindingNames, hasModifier, identifierText, isFunctionInitializer, propertyNameText } from './nodeFacts';
import { packReferences } from './packReferences';
import { parseDiagnostics } from './parseDiagnostics';
import { isJsKind, parseSource, scriptKindFor } from './parseSource';
import type { FileAnalysis } from './types';

/*
 * Why the TypeScript parser directly, not @typescript-eslint/typescript-estree:
 * typescript-estree parses with this same `tsv.createSourceFile` and then converts every node into an
 * ESTree object. Measured on 400 files of this repository's node_modules with warm code
 * (bench/analysis.bench.ts: `analysis.parse.estree` vs `analysis.parse.typescript`), estree's
 * `parse` ran at 2-6 MB/s against 15-29 MB/s for createSourceFile: 5-7× slower, with a second tree
 * to allocate. The whole analysis (this file, moduleSyntax.ts and fileFacts.ts: declarations,
 * imports, references, complexity, line counts) costs 1.1-1.7× a bare createSourceFile (`analysis.analyzeSource.throughput`), so with
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

class Walker extends ModuleSyntaxWalker {
  /** Decision points of the function being walked. */
  private cx = 1;
  /** True while walking file-level code outside any function or class body. */
  private topLevel = true;
  private skipName: ts.Node | undefined;

  run(): void {
    this.visitStatements(this.sf.statements, undefined, false);
    if (this.isJs) this.visitJsDocTypes(this.sf.endOfFileToken);
    // In a script (no import, export, require or module.exports) every top-level name is global.
    const script = !this.sawModuleSyntax;
    for (const d of this.decls) {
      if (d.container === undefined && (script || this.localExports.has(d.name))) d.exported = true;
    }
  }

  /** Walks a function-like's parameters and body, counting its decision points into `decl`. */
  protected walkFunction(node: ts.Node, decl: MutableDeclaration | undefined): void {
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

  protected visitClass(node: ts.ClassDeclaration | ts.ClassExpression, exported: boolean, container: string | undefined, nameOverride?: string): void {
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
  protected readonly walk = (node: ts.Node): undefined => {
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
