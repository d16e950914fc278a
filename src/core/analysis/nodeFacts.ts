import type * as ts from 'typescript';
import { tsv } from './tsValues';

/*
 * Facts about syntax nodes the analyzer's walk (analyzeSource.ts) reads, each cheaper than the
 * TypeScript function it stands for where that one does more than the walk needs.
 */

const SK = tsv.SyntaxKind;

/** `identifier.text` without the getter: TypeScript escapes a leading `__` as `___`, and only then does the text differ. */
export function identifierText(node: ts.Identifier): string {
  const id = node.escapedText as string;
  return id.length >= 3 && id.charCodeAt(0) === 95 && id.charCodeAt(1) === 95 && id.charCodeAt(2) === 95 ? id.slice(1) : id;
}

export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  // The node's own modifier list rather than `ts.getModifiers`, which computes the modifier flags
  // and copies the list without decorators on every call: a decorator never matches a keyword's kind.
  const mods = tsv.canHaveModifiers(node) ? node.modifiers : undefined;
  if (!mods) return false;
  for (const m of mods) if (m.kind === kind) return true;
  return false;
}

export function propertyNameText(name: ts.PropertyName | ts.BindingName, sf: ts.SourceFile): string {
  switch (name.kind) {
    case SK.Identifier:
    case SK.PrivateIdentifier:
    case SK.StringLiteral:
    case SK.NumericLiteral:
    case SK.NoSubstitutionTemplateLiteral:
      return name.text;
    default:
      return name.getText(sf);
  }
}

export function isExportsObject(n: ts.Expression): boolean {
  return (tsv.isIdentifier(n) && n.text === 'exports') || isModuleExports(n);
}

export function isModuleExports(n: ts.Expression): boolean {
  return tsv.isPropertyAccessExpression(n) && tsv.isIdentifier(n.expression) && n.expression.text === 'module' && n.name.text === 'exports';
}

export function endsInVoid(n: ts.Expression): boolean {
  while (tsv.isBinaryExpression(n) && n.operatorToken.kind === SK.EqualsToken) n = n.right;
  return tsv.isVoidExpression(n);
}

export function isFunctionInitializer(node: ts.Node | undefined): node is ts.ArrowFunction | ts.FunctionExpression {
  return node !== undefined && (node.kind === SK.ArrowFunction || node.kind === SK.FunctionExpression);
}

/**
 * `node.getStart(sf)`: where its first token starts, after the comments and whitespace before it.
 * TypeScript's skipTrivia walks a comment one character at a time, and a declaration file puts a
 * JSDoc block before most declarations; here comments are skipped with indexOf. What this does not
 * cover (a JSDoc node, a missing node, a conflict marker, a shebang, non-ASCII whitespace, a file
 * with CR or U+2028 line breaks) is left to TypeScript. `plainBreaks`: every line break of `text`
 * is LF or CRLF, so a line comment ends at the next '\n'.
 */
export function tokenStart(sf: ts.SourceFile, text: string, plainBreaks: boolean, node: ts.Node): number {
  let pos = node.pos;
  const kind = node.kind;
  if (!plainBreaks || pos === node.end || node.flags & tsv.NodeFlags.JSDoc || (kind >= SK.FirstJSDocNode && kind <= SK.LastJSDocNode) || kind === SK.JsxText) {
    return node.getStart(sf);
  }
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === 32 || c === 10 || c === 13 || c === 9 || c === 11 || c === 12) {
      pos++;
    } else if (c === 47 && text.charCodeAt(pos + 1) === 47) {
      const eol = text.indexOf('\n', pos + 2);
      if (eol === -1) return node.getStart(sf);
      pos = eol;
    } else if (c === 47 && text.charCodeAt(pos + 1) === 42) {
      const close = text.indexOf('*/', pos + 2);
      if (close === -1) return node.getStart(sf);
      pos = close + 2;
    } else if (c === 60 || c === 124 || c === 61 || c === 62 || c === 35 || c > 127 || pos >= text.length) {
      return node.getStart(sf);
    } else {
      return pos;
    }
  }
}

/** The names a binding declares: `x` itself, or every name in a destructuring pattern, nested ones included. */
export function bindingNames(name: ts.BindingName, out: ts.Identifier[] = []): ts.Identifier[] {
  if (tsv.isIdentifier(name)) {
    out.push(name);
  } else {
    for (const el of name.elements) if (!tsv.isOmittedExpression(el)) bindingNames(el.name, out);
  }
  return out;
}
