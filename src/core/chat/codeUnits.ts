import * as ts from 'typescript';
import type { DeclarationKind } from '../analysis/types';
import { isElisionComment } from './elision';

/** What a unit is, in the analyzer's words where it has one. */
export type UnitKind = DeclarationKind | 'import' | 'statement';

/**
 * One top-level statement (or class member) with the exact text range Apply may replace: from its
 * attached leading comments (JSDoc, line comments with no blank line before the declaration) through
 * its decorators to its end, plus a comment on the same line after it.
 */
export interface CodeUnit {
  readonly kind: UnitKind;
  /** The declared name, for messages ("function parseConfig"); undefined for plain statements. */
  readonly name: string | undefined;
  /**
   * Match keys: two units are the same declaration when they share one. Names that live in the same
   * space share a prefix, so `const f = () => …` matches `function f`, and `type T` matches `interface T`.
   */
  readonly keys: readonly string[];
  /** Where the unit starts: its first attached comment, else its first token (decorators included). */
  readonly start: number;
  /** Where the declaration itself starts (after its comments). */
  readonly nodeStart: number;
  readonly end: number;
  /** True when the unit has attached leading comments of its own. */
  readonly hasLeadingComments: boolean;
  readonly nodes: readonly ts.Node[];
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const mods = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return mods?.some((m) => m.kind === kind) ?? false;
}

function lineStartBefore(text: string, at: number): number {
  const nl = text.lastIndexOf('\n', at - 1);
  return nl + 1;
}

/** True when only spaces and tabs lie between `from` and `to`. */
function onlyBlanks(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text[i] !== ' ' && text[i] !== '\t') return false;
  return true;
}

/**
 * The start of the comments attached to a node: the run of comments right above it with no blank line
 * between them and it. A comment separated by a blank line (a file header, a section divider) belongs
 * to no declaration and stays where it is. Elision comments are never attached.
 */
function attachedStart(text: string, node: ts.Node, sf: ts.SourceFile): { start: number; nodeStart: number; commented: boolean } {
  const nodeStart = node.getStart(sf);
  const comments = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  let start = nodeStart;
  for (let i = comments.length - 1; i >= 0; i--) {
    const c = comments[i] as ts.CommentRange;
    const between = text.slice(c.end, start);
    // More than one line break means a blank line: the comment is detached.
    if ((between.match(/\n/g)?.length ?? 0) > 1) break;
    if (isElisionComment(text.slice(c.pos, c.end))) break;
    // A comment that shares its line with code before it is that code's trailing comment.
    if (!onlyBlanks(text, lineStartBefore(text, c.pos), c.pos)) break;
    start = c.pos;
  }
  return { start, nodeStart, commented: start < nodeStart };
}

/** A comment on the same line right after the node belongs to it (`const x = 1; // why`). */
function unitEnd(text: string, node: ts.Node): number {
  let end = node.end;
  for (const c of ts.getTrailingCommentRanges(text, node.end) ?? []) {
    if (text.slice(end, c.pos).includes('\n')) break;
    if (c.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.slice(c.pos, c.end).includes('\n')) break;
    end = c.end;
  }
  return end;
}

function declarationOf(st: ts.Statement, sf: ts.SourceFile): { kind: UnitKind; name: string | undefined; keys: string[] } {
  const isDefault = hasModifier(st, ts.SyntaxKind.DefaultKeyword);
  const withDefault = (keys: string[]) => (isDefault ? [...keys, 'default'] : keys);
  if (ts.isFunctionDeclaration(st)) {
    const name = st.name?.text;
    return { kind: 'function', name: name ?? 'default', keys: withDefault(name ? [`value:${name}`] : []) };
  }
  if (ts.isClassDeclaration(st)) {
    const name = st.name?.text;
    return { kind: 'class', name: name ?? 'default', keys: withDefault(name ? [`class:${name}`] : []) };
  }
  if (ts.isInterfaceDeclaration(st)) return { kind: 'interface', name: st.name.text, keys: [`type:${st.name.text}`] };
  if (ts.isTypeAliasDeclaration(st)) return { kind: 'type', name: st.name.text, keys: [`type:${st.name.text}`] };
  if (ts.isEnumDeclaration(st)) return { kind: 'enum', name: st.name.text, keys: [`enum:${st.name.text}`] };
  if (ts.isModuleDeclaration(st)) {
    const name = st.name.getText(sf);
    return { kind: 'namespace', name, keys: [`namespace:${name}`] };
  }
  if (ts.isVariableStatement(st)) {
    const names: string[] = [];
    const collect = (n: ts.BindingName) => {
      if (ts.isIdentifier(n)) names.push(n.text);
      else for (const el of n.elements) if (!ts.isOmittedExpression(el)) collect(el.name);
    };
    for (const d of st.declarationList.declarations) collect(d.name);
    return { kind: 'variable', name: names.join(', '), keys: names.map((n) => `value:${n}`) };
  }
  if (ts.isExportAssignment(st)) return { kind: 'statement', name: st.isExportEquals ? 'export =' : 'export default', keys: [st.isExportEquals ? 'export=' : 'default'] };
  if (ts.isImportDeclaration(st) || (ts.isImportEqualsDeclaration(st) && ts.isExternalModuleReference(st.moduleReference))) return { kind: 'import', name: undefined, keys: [] };
  return { kind: 'statement', name: undefined, keys: [] };
}

function memberOf(m: ts.ClassElement, sf: ts.SourceFile): { kind: UnitKind; name: string | undefined; keys: string[] } {
  const prefix = hasModifier(m, ts.SyntaxKind.StaticKeyword) ? 'static ' : '';
  const nameOf = (n: ts.PropertyName) => (ts.isIdentifier(n) || ts.isPrivateIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) ? n.text : n.getText(sf));
  if (ts.isConstructorDeclaration(m)) return { kind: 'constructor', name: 'constructor', keys: ['constructor'] };
  // A method and a function-valued property are the same member written two ways.
  if (ts.isMethodDeclaration(m)) return { kind: 'method', name: nameOf(m.name), keys: [`${prefix}member:${nameOf(m.name)}`] };
  if (ts.isPropertyDeclaration(m)) return { kind: 'property', name: nameOf(m.name), keys: [`${prefix}member:${nameOf(m.name)}`] };
  if (ts.isGetAccessorDeclaration(m)) return { kind: 'accessor', name: `get ${nameOf(m.name)}`, keys: [`${prefix}get:${nameOf(m.name)}`] };
  if (ts.isSetAccessorDeclaration(m)) return { kind: 'accessor', name: `set ${nameOf(m.name)}`, keys: [`${prefix}set:${nameOf(m.name)}`] };
  return { kind: 'statement', name: undefined, keys: [] };
}

/** An overload signature: a body-less function or method followed by more of the same name. */
function isSignatureOnly(node: ts.Node): boolean {
  return (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node)) && node.body === undefined;
}

function unitsOf<T extends ts.Node>(nodes: readonly T[], sf: ts.SourceFile, describe: (n: T) => { kind: UnitKind; name: string | undefined; keys: string[] }): CodeUnit[] {
  const text = sf.text;
  const units: CodeUnit[] = [];
  let previous: { unit: CodeUnit; last: T } | undefined;
  for (const node of nodes) {
    const d = describe(node);
    const { start, nodeStart, commented } = attachedStart(text, node, sf);
    const end = unitEnd(text, node);
    // Overloads and their implementation are one declaration.
    if (previous && isSignatureOnly(previous.last) && d.keys.length > 0 && d.keys.every((k, i) => previous?.unit.keys[i] === k)) {
      const merged: CodeUnit = { ...previous.unit, end, nodes: [...previous.unit.nodes, node] };
      units[units.length - 1] = merged;
      previous = { unit: merged, last: node };
      continue;
    }
    const unit: CodeUnit = { kind: d.kind, name: d.name, keys: d.keys, start, nodeStart, end, hasLeadingComments: commented, nodes: [node] };
    units.push(unit);
    previous = { unit, last: node };
  }
  return units;
}

/** The file's top-level statements as units. */
export function topLevelUnits(sf: ts.SourceFile): CodeUnit[] {
  return unitsOf(sf.statements, sf, (st) => declarationOf(st, sf));
}

/** A class's members as units (semicolons between members are skipped). */
export function memberUnits(cls: ts.ClassLikeDeclaration, sf: ts.SourceFile): CodeUnit[] {
  return unitsOf(
    cls.members.filter((m) => !ts.isSemicolonClassElement(m)),
    sf,
    (m) => memberOf(m, sf),
  );
}

/** "function parseConfig", "method parse", "statement". */
export function unitLabel(unit: CodeUnit): string {
  if (unit.kind === 'statement') return unit.name ?? 'a statement';
  if (unit.kind === 'constructor') return 'the constructor';
  if (unit.kind === 'accessor') return `accessor ${unit.name ?? ''}`.trim();
  return `${unit.kind} ${unit.name ?? ''}`.trim();
}

/** The parser's syntax errors (the analyzer reads them from the same place). */
export function syntaxErrors(sf: ts.SourceFile): readonly ts.DiagnosticWithLocation[] {
  return (sf as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
}

export function describeSyntaxError(sf: ts.SourceFile, d: ts.DiagnosticWithLocation): string {
  const line = sf.getLineAndCharacterOfPosition(d.start).line + 1;
  return `${ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/\.$/, '')} (line ${line})`;
}

/** Offsets [pos, end) inside template literals, where re-indenting would change a string's value. */
export function templateRanges(node: ts.Node, sf: ts.SourceFile): Array<readonly [number, number]> {
  const out: Array<readonly [number, number]> = [];
  const visit = (n: ts.Node) => {
    if (n.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral || n.kind === ts.SyntaxKind.TemplateExpression) {
      out.push([n.getStart(sf), n.end]);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return out;
}
