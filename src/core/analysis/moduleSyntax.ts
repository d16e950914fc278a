import type * as ts from 'typescript';
import { FileFacts, type MutableDeclaration } from './fileFacts';
import { endsInVoid, isExportsObject, isFunctionInitializer, isModuleExports, propertyNameText } from './nodeFacts';
import { tsv } from './tsValues';

const SK = tsv.SyntaxKind;

/*
 * The part of a file's walk that reads how it is a module: import and export declarations, CommonJS
 * assignments (`exports.x = …`, `module.exports = …`), functions assigned to properties at file
 * level, and a JavaScript file's JSDoc types. The generic walk, functions and classes are the
 * subclass's (analyzeSource.ts).
 */
export abstract class ModuleSyntaxWalker extends FileFacts {
  /** Functions given prototype methods: `Name.member = function` attaches to them. */
  private readonly es5Classes = new Set<string>();

  protected abstract readonly walk: (node: ts.Node) => undefined;
  protected abstract walkFunction(node: ts.Node, decl: MutableDeclaration | undefined): void;
  protected abstract visitClass(node: ts.ClassDeclaration | ts.ClassExpression, exported: boolean, container: string | undefined, nameOverride?: string): void;

  /** `@typedef` and `@callback` in a JavaScript file's JSDoc are that file's type declarations. */
  protected visitJsDocTypes(node: ts.Node): void {
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

  protected visitImport(node: ts.ImportDeclaration): void {
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

  protected visitExport(node: ts.ExportDeclaration): void {
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
  protected visitCommonJsAssignment(expr: ts.Expression, declare = true): boolean {
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
  protected visitPropertyFunctionAssignment(expr: ts.Expression): boolean {
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
}
