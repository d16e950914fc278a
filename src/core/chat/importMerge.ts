import * as ts from 'typescript';
import type { CodeUnit } from './codeUnits';

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface Binding {
  readonly local: string;
  /** As the block writes it: `a`, `a as b`, `type T`, `* as ns`. */
  readonly text: string;
  readonly form: 'default' | 'namespace' | 'named';
}

function specifierOf(node: ts.Node): string | undefined {
  if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) return node.moduleSpecifier.text;
  if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
    return node.moduleReference.expression.text;
  }
  return undefined;
}

function bindingsOf(node: ts.Node, sf: ts.SourceFile): Binding[] {
  if (ts.isImportEqualsDeclaration(node)) return [{ local: node.name.text, text: node.name.text, form: 'default' }];
  if (!ts.isImportDeclaration(node) || !node.importClause) return [];
  const clause = node.importClause;
  const out: Binding[] = [];
  if (clause.name) out.push({ local: clause.name.text, text: clause.name.text, form: 'default' });
  const nb = clause.namedBindings;
  if (nb && ts.isNamespaceImport(nb)) out.push({ local: nb.name.text, text: nb.getText(sf), form: 'namespace' });
  if (nb && ts.isNamedImports(nb)) for (const el of nb.elements) out.push({ local: el.name.text, text: el.getText(sf), form: 'named' });
  return out;
}

const isTypeOnlyClause = (node: ts.Node): boolean => ts.isImportDeclaration(node) && (node.importClause?.isTypeOnly ?? false);
const squash = (s: string) => s.replace(/\s+/g, ' ').replace(/\s*([{},;])\s*/g, '$1').trim();

/**
 * The block's imports that the file lacks, as edits: a name missing from an import the file already
 * has from the same module joins its braces; anything else becomes a new import after the file's last
 * one (or above its first statement). A name the file already binds, from any import or declaration,
 * is never imported twice.
 */
export function mergeImports(
  file: { readonly sf: ts.SourceFile; readonly units: readonly CodeUnit[]; readonly declared: ReadonlySet<string> },
  block: { readonly sf: ts.SourceFile; readonly units: readonly CodeUnit[] },
  eol: string,
): { edits: TextEdit[]; notes: string[] } {
  const fileImports = file.units.filter((u) => u.kind === 'import');
  const bound = new Set(file.declared);
  const specifiers = new Set<string>();
  const texts = new Set<string>();
  for (const u of fileImports) {
    const node = u.nodes[0] as ts.Node;
    for (const b of bindingsOf(node, file.sf)) bound.add(b.local);
    const spec = specifierOf(node);
    if (spec !== undefined) specifiers.add(spec);
    texts.add(squash(node.getText(file.sf)));
  }

  const edits: TextEdit[] = [];
  const notes: string[] = [];
  const added: string[] = [];
  const joined = new Map<ts.NamedImports, string[]>();
  for (const u of block.units) {
    if (u.kind !== 'import') continue;
    const node = u.nodes[0] as ts.Node;
    const spec = specifierOf(node);
    const text = node.getText(block.sf);
    if (texts.has(squash(text))) continue;
    const bindings = bindingsOf(node, block.sf);
    if (bindings.length === 0) {
      // A side-effect import (`import './polyfill'`) is missing only if nothing imports that module.
      if (spec === undefined || !specifiers.has(spec)) {
        added.push(text);
        notes.push(`adds import '${spec ?? text}'`);
      }
      continue;
    }
    const missing = bindings.filter((b) => !bound.has(b.local));
    if (missing.length === 0) continue;
    for (const b of missing) bound.add(b.local);

    const target = missing.every((b) => b.form === 'named') && ts.isImportDeclaration(node) ? namedImportsFrom(fileImports, spec, isTypeOnlyClause(node)) : undefined;
    if (target) {
      const list = joined.get(target) ?? [];
      list.push(...missing.map((b) => b.text));
      joined.set(target, list);
      notes.push(`adds ${missing.map((b) => b.local).join(', ')} to the import from '${spec ?? ''}'`);
      continue;
    }
    if (missing.length === bindings.length || !ts.isImportDeclaration(node)) {
      added.push(text);
    } else {
      // Only part of the import is missing: the rest is already bound, so write just the missing part.
      const def = missing.find((b) => b.form === 'default');
      const ns = missing.find((b) => b.form === 'namespace');
      const named = missing.filter((b) => b.form === 'named');
      const parts = [def?.text, ns?.text, named.length > 0 ? `{ ${named.map((b) => b.text).join(', ')} }` : undefined].filter((p): p is string => p !== undefined);
      const quote = node.moduleSpecifier.getText(block.sf);
      added.push(`import ${isTypeOnlyClause(node) ? 'type ' : ''}${parts.join(', ')} from ${quote};`);
    }
    notes.push(`adds import of ${missing.map((b) => b.local).join(', ')} from '${spec ?? ''}'`);
  }

  for (const [named, texts] of joined) {
    const last = named.elements.at(-1);
    if (last) edits.push({ start: last.end, end: last.end, text: `, ${texts.join(', ')}` });
    else edits.push({ start: named.getStart(file.sf) + 1, end: named.end - 1, text: ` ${texts.join(', ')} ` });
  }
  if (added.length > 0) {
    const lastImport = fileImports.at(-1);
    if (lastImport) {
      edits.push({ start: lastImport.end, end: lastImport.end, text: added.map((t) => eol + t).join('') });
    } else {
      const first = file.units[0];
      const at = first ? first.start : file.sf.text.length;
      edits.push({ start: at, end: at, text: added.join(eol) + eol + (first ? eol : '') });
    }
  }
  return { edits, notes };
}

function namedImportsFrom(imports: readonly CodeUnit[], spec: string | undefined, typeOnly: boolean): ts.NamedImports | undefined {
  if (spec === undefined) return undefined;
  for (const u of imports) {
    const node = u.nodes[0];
    if (!node || !ts.isImportDeclaration(node) || specifierOf(node) !== spec || isTypeOnlyClause(node) !== typeOnly) continue;
    const nb = node.importClause?.namedBindings;
    if (nb && ts.isNamedImports(nb)) return nb;
  }
  return undefined;
}
