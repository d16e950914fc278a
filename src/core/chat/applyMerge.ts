import * as ts from 'typescript';
import { isAnalyzable } from '../analysis/fileKinds';
import { parseSource } from '../analysis/parseSource';
import { eolOf, lineCount, linesLabel, planPlainApply, replaceSelection, replaceWholeFile, withEol, type ApplyPlan, type ApplyRequest } from './applyText';
import { describeSyntaxError, memberUnits, syntaxErrors, templateRanges, topLevelUnits, unitLabel, type CodeUnit } from './codeUnits';
import { alignElisions, elisionMarkers, type ElisionMarker } from './elision';
import { mergeImports, type TextEdit } from './importMerge';
import { declarationLines, describe, guessIndentUnit, indentationAt, listLabels, splitLines, squash, withoutExport } from './mergeText';
import { isElisionOnly, lostExport, matchUnits, Unsound, type Parsed } from './mergeUnits';

export type { ApplyPlan, ApplyRequest, ApplyStrategy } from './applyText';

/*
 * Apply without a selection, decided deterministically from the syntax trees of the file and the
 * block (parsed by the analyzer's parseSource):
 *
 * - The block's top-level declarations are matched to the file's by name and kind (values, i.e.
 *   functions and variables, match each other; interfaces match type aliases), and each match
 *   replaces the file's declaration: its attached comments, decorators, overloads and body. The
 *   block's comments replace the file's; a block declaration without comments keeps the file's
 *   (models often drop JSDoc to save tokens, and losing it silently would be a worse surprise).
 * - A class matched to a class is merged member by member unless the block has every member the
 *   file's class has (then it replaces the class). A block that only parses inside a class body (a
 *   lone method) is merged into the one class of the file that has a member of that name.
 * - New declarations go after the matched one before them in the block, else before the matched one
 *   after them, else at the end of the file. A statement the file already has, word for word, is
 *   not added again. The block's imports join the file's without duplicating a binding.
 * - Everything keeps the file's line endings and its final line break (or lack of one).
 * - Code the block elides (`// ... existing code ...`, see elision.ts) is kept: inside a class, members
 *   the block does not mention stay (a class with markers is always merged member by member); inside
 *   any other declaration (or member), each marker is replaced by the original lines between the
 *   block's lines around it (alignElisions). When that alignment fails the declaration is replaced as
 *   written and the plan carries a warning that the preview drops the elided code.
 *
 * Where merging is not sound the block replaces the whole file, as Apply did before, and the plan
 * says why: the file is not TS/JS, the block or the file does not parse, a name is declared more
 * than once, or the block is the whole file. The block counts as the whole file when it redeclares
 * every top-level declaration of the file, has no elision marker, repeats every other top-level
 * statement of it (and its `#!` line), and either the file has two or more declarations or the block
 * brings its own imports: replacing the file then loses nothing the block does not mean to drop (a
 * marker would mean it does: code left out). A lone function replacing
 * the only function of a file is still merged (the file's imports stay), and so is a block that
 * leaves out a statement of the file (a `main()` call), which would otherwise vanish unseen.
 * A block that declares nothing the file has and nothing new (a fragment of statements) cannot be
 * placed by name: it replaces the whole file only when it is longer than half the file (a rewrite
 * of a script), and is otherwise appended at the end, where the diff shows it plainly.
 */

/** Where a code block from a chat answer goes in a file; pure, no I/O. */
export function mergeCodeBlock(request: ApplyRequest): ApplyPlan {
  if (request.selection) return replaceSelection({ ...request, selection: request.selection });
  if (!isAnalyzable(request.path)) return planPlainApply(request, 'only TypeScript and JavaScript files are merged');
  if (request.fileText.trim().length === 0) return replaceWholeFile(request, 'the file is empty');
  try {
    return new Merge(request).run();
  } catch (error) {
    if (error instanceof Unsound) return replaceWholeFile(request, error.message);
    throw error;
  }
}

interface Placement {
  readonly edit: TextEdit;
  readonly seq: number;
}

class Merge {
  private readonly file: Parsed;
  private readonly eol: '\n' | '\r\n';
  private readonly edits: Placement[] = [];
  private readonly replaced: string[] = [];
  private readonly added: string[] = [];
  private importNotes: string[] = [];
  /** Declarations whose elided code could not be placed, and why. */
  private readonly unplaced: Array<{ readonly label: string; readonly reason: string }> = [];
  private fileLinesCache: readonly string[] | undefined;

  constructor(private readonly request: ApplyRequest) {
    const sf = parseSource(request.path, request.fileText);
    const errors = syntaxErrors(sf);
    if (errors[0]) throw new Unsound(`the file does not parse: ${describeSyntaxError(sf, errors[0])}`);
    this.file = { sf, text: request.fileText };
    this.eol = eolOf(request.fileText);
  }

  run(): ApplyPlan {
    const { path, code } = this.request;
    const sf = parseSource(path, code);
    const errors = syntaxErrors(sf);
    if (errors[0]) return this.loneMembers() ?? replaceWholeFile(this.request, `the code block does not parse on its own: ${describeSyntaxError(sf, errors[0])}`);
    const block: Parsed = { sf, text: code };
    const fileUnits = topLevelUnits(this.file.sf);
    const blockUnits = topLevelUnits(sf).filter((u) => !isElisionOnly(u, block));
    const matches = matchUnits(fileUnits, blockUnits, 'declared');

    const fileDecls = fileUnits.filter((u) => u.keys.length > 0);
    const matched = new Set(matches.values()).size;
    const blockImports = blockUnits.some((u) => u.kind === 'import');
    const blockStatements = new Set(blockUnits.map((u) => squash(code.slice(u.nodeStart, u.end))));
    const keepsTheRest = fileUnits.every((u) => u.keys.length > 0 || u.kind === 'import' || blockStatements.has(squash(this.file.text.slice(u.nodeStart, u.end)))) && (!this.file.text.startsWith('#!') || code.startsWith('#!'));
    const elides = elisionMarkers([sf], sf, 0, code.length).length > 0;
    if (fileDecls.length > 0 && matched === fileDecls.length && keepsTheRest && !elides && (fileDecls.length >= 2 || blockImports)) {
      return replaceWholeFile(this.request, 'the block redeclares every declaration of the file, so it is the whole file');
    }
    const blockDecls = blockUnits.filter((u) => u.keys.length > 0);
    const fragment = matched === 0 && blockDecls.length === 0 && blockUnits.some((u) => u.kind === 'statement');
    if (fragment && lineCount(code) * 2 > lineCount(this.file.text)) {
      return replaceWholeFile(this.request, 'the block declares nothing to place by name and is longer than half the file');
    }

    const declared = new Set(fileUnits.flatMap((u) => u.keys.map((k) => k.slice(k.indexOf(':') + 1))));
    const imports = mergeImports({ sf: this.file.sf, units: fileUnits, declared }, { sf, units: blockUnits }, this.eol);
    for (const edit of imports.edits) this.push(edit);
    this.importNotes = imports.notes;

    this.place(
      blockUnits.filter((u) => u.kind !== 'import'),
      matches,
      block,
      fileUnits,
      { end: this.endOfFile(), where: 'at the end', indent: '' },
      (fileUnit, blockUnit) => this.replaceUnit(fileUnit, blockUnit, block),
    );
    const plan = this.finish(fragment ? 'append' : 'merge');
    return fragment ? { ...plan, reason: 'the block declares nothing to place by name, so it is appended' } : plan;
  }

  /**
   * Places the block's units among the file's: matched ones through `replace`, the others next to
   * the matched unit before them in the block (else the one after them, else at `tail`).
   */
  private place(
    blockUnits: readonly CodeUnit[],
    matches: ReadonlyMap<CodeUnit, CodeUnit>,
    block: Parsed,
    fileUnits: readonly CodeUnit[],
    tail: { end: number; where: string; indent: string; separator?: string },
    replace: (fileUnit: CodeUnit, blockUnit: CodeUnit) => void,
    scope = '',
  ): void {
    // The file's units as text, for a block unit that matches none (it may be there already, written
    // the same): made only then, since squashing every unit of a long file was most of a merge's own time.
    let present: Set<string> | undefined;
    const alreadyThere = (u: CodeUnit): boolean => (present ??= new Set(fileUnits.map((f) => squash(this.file.text.slice(f.nodeStart, f.end))))).has(squash(block.text.slice(u.nodeStart, u.end)));
    let pending: CodeUnit[] = [];
    let previous: CodeUnit | undefined;
    const separator = tail.separator ?? this.eol + this.eol;
    const flush = (before: CodeUnit | undefined) => {
      if (pending.length === 0) return;
      const labels = listLabels(pending);
      if (previous) {
        const indent = indentationAt(this.file.text, previous.nodeStart);
        this.push({ start: previous.end, end: previous.end, text: pending.map((u) => separator + indent + this.unitText(u, block, indent, true)).join('') });
        this.added.push(`adds ${labels}${scope} after ${unitLabel(previous)}`);
      } else if (before) {
        const indent = indentationAt(this.file.text, before.nodeStart);
        // Inserted at the start of `before`'s comments: the text there is already indented.
        const text = pending.map((u) => this.unitText(u, block, indent, true)).join(separator);
        this.push({ start: before.start, end: before.start, text: text + separator + indent });
        this.added.push(`adds ${labels}${scope} before ${unitLabel(before)}`);
      } else {
        this.push({ start: tail.end, end: tail.end, text: pending.map((u) => separator + tail.indent + this.unitText(u, block, tail.indent, true)).join('') });
        this.added.push(`adds ${labels} ${tail.where}`);
      }
      pending = [];
    };
    for (const u of blockUnits) {
      const target = matches.get(u);
      if (target) {
        flush(target);
        replace(target, u);
        previous = target;
      } else if (!alreadyThere(u)) {
        pending.push(u);
      }
    }
    flush(undefined);
  }

  private replaceUnit(fileUnit: CodeUnit, blockUnit: CodeUnit, block: Parsed): void {
    const fileNode = fileUnit.nodes[0];
    const blockNode = blockUnit.nodes[0];
    if (fileNode && blockNode && ts.isClassDeclaration(fileNode) && ts.isClassDeclaration(blockNode)) {
      const fileMembers = memberUnits(fileNode, this.file.sf);
      const blockMembers = memberUnits(blockNode, block.sf);
      let memberMatches: Map<CodeUnit, CodeUnit> | undefined;
      try {
        memberMatches = matchUnits(fileMembers, blockMembers, 'member');
      } catch {
        memberMatches = undefined;
      }
      const partial = memberMatches && fileMembers.some((m) => m.keys.length > 0 && ![...memberMatches.values()].includes(m));
      // A marker between members stands for the members the block leaves out, and one inside a member
      // is filled member by member: either way the class is merged, not replaced.
      const elides = fileMembers.length > 0 && elisionMarkers(blockUnit.nodes, block.sf, blockUnit.nodeStart, blockUnit.end).length > 0;
      if (memberMatches && (partial || elides)) {
        this.mergeMembers(fileUnit, fileNode, blockMembers, memberMatches, block, blockUnit);
        return;
      }
    }
    this.replaceRange(fileUnit, blockUnit, block, unitLabel(fileUnit));
  }

  /** Replaces one declaration (its comments too when the block brings its own). */
  private replaceRange(fileUnit: CodeUnit, blockUnit: CodeUnit, block: Parsed, label: string): void {
    const start = blockUnit.hasLeadingComments ? fileUnit.start : fileUnit.nodeStart;
    const keep = lostExport(fileUnit, blockUnit, block.sf);
    let text = this.unitText(blockUnit, block, indentationAt(this.file.text, start), blockUnit.hasLeadingComments, keep);
    let keptNote = '';
    const markers = elisionMarkers(blockUnit.nodes, block.sf, blockUnit.nodeStart, blockUnit.end);
    if (markers.length > 0) {
      const filled = this.fillElisions(fileUnit, blockUnit, block, text, markers);
      if ('reason' in filled) this.unplaced.push({ label, reason: filled.reason });
      else {
        text = filled.text;
        keptNote = filled.kept.length > 0 ? `, keeping ${filled.kept.join(' and ')} that the block elides` : '';
      }
    }
    const current = this.file.text.slice(start, fileUnit.end);
    if (current === text) return;
    this.push({ start, end: fileUnit.end, text });
    this.replaced.push(`replaces ${label} (${this.lines(start, fileUnit.end)}${keep ? `, keeping it ${keep.text === 'export ' ? 'exported' : 'the default export'}` : ''}${keptNote})`);
  }

  /**
   * `text` (the block unit as it would replace the file's) with each elided stretch filled with the
   * file declaration's own lines, or why that cannot be done without guessing.
   */
  private fillElisions(fileUnit: CodeUnit, blockUnit: CodeUnit, block: Parsed, text: string, markers: readonly ElisionMarker[]): { text: string; kept: string[] } | { reason: string } {
    const inline = markers.find((m) => !m.ownLines);
    if (inline) return { reason: `the elision comment ${inline.text.trim()} shares its line with code` };
    const at = (sf: ts.SourceFile, pos: number) => sf.getLineAndCharacterOfPosition(pos);
    const blockFirst = at(block.sf, blockUnit.nodeStart).line;
    const blockLines = declarationLines(splitLines(block.text), at(block.sf, blockUnit.nodeStart), at(block.sf, blockUnit.end));
    const fileFirst = at(this.file.sf, fileUnit.nodeStart).line;
    const fileLines = (this.fileLinesCache ??= splitLines(this.file.text));
    const originalLines = declarationLines(fileLines, at(this.file.sf, fileUnit.nodeStart), at(this.file.sf, fileUnit.end));
    const alignment = alignElisions(
      blockLines,
      markers.map((m) => ({ first: at(block.sf, m.pos).line - blockFirst, last: at(block.sf, m.end).line - blockFirst })),
      originalLines,
    );
    if (!alignment.ok) return { reason: alignment.reason };
    // `text` has one line per block line from where it starts (the block's comments, if it brings them).
    const out = splitLines(text);
    const offset = blockFirst - at(block.sf, blockUnit.hasLeadingComments ? blockUnit.start : blockUnit.nodeStart).line;
    const lines = out.slice(0, offset);
    const kept: string[] = [];
    for (const piece of alignment.pieces) {
      if (piece.from === 'block') lines.push(...out.slice(offset + piece.start, offset + piece.end));
      else {
        lines.push(...fileLines.slice(fileFirst + piece.start, fileFirst + piece.end));
        kept.push(linesLabel(fileFirst + piece.start, fileFirst + piece.end - 1));
      }
    }
    return { text: lines.join(this.eol), kept };
  }

  /** A block class that has only some of the file class's members: merge them one by one. */
  private mergeMembers(fileUnit: CodeUnit | undefined, cls: ts.ClassLikeDeclaration, blockMembers: readonly CodeUnit[], matches: ReadonlyMap<CodeUnit, CodeUnit>, block: Parsed, blockClass?: CodeUnit): void {
    const className = cls.name?.text ?? 'default';
    const fileMembers = memberUnits(cls, this.file.sf);
    const blockCls = blockClass?.nodes[0];
    if (fileUnit && blockClass && blockCls && ts.isClassDeclaration(blockCls)) {
      // The block's heading (decorators, heritage, type parameters) wins when it differs, except for
      // `export`/`default` alone: a snippet of a class often leaves them out, and dropping them would
      // break every importer.
      const fileHead = withoutExport(this.file.text.slice(fileUnit.nodeStart, cls.members.pos));
      const blockHead = withoutExport(block.text.slice(blockClass.nodeStart, blockCls.members.pos));
      const start = blockClass.hasLeadingComments ? fileUnit.start : fileUnit.nodeStart;
      if (squash(fileHead) !== squash(blockHead) || (blockClass.hasLeadingComments && squash(this.file.text.slice(fileUnit.start, fileUnit.nodeStart)) !== squash(block.text.slice(blockClass.start, blockClass.nodeStart)))) {
        const from = blockClass.hasLeadingComments ? blockClass.start : blockClass.nodeStart;
        let head = block.text.slice(from, blockCls.members.pos);
        const keep = lostExport(fileUnit, blockClass, block.sf);
        const marker = elisionMarkers([blockCls], block.sf, blockClass.nodeStart, blockCls.members.pos)[0];
        if (marker) this.unplaced.push({ label: `the heading of class ${className}`, reason: `the elision comment ${marker.text.trim()} is in the class's heading` });
        if (keep) head = head.slice(0, keep.at - from) + keep.text + head.slice(keep.at - from);
        this.push({ start, end: cls.members.pos, text: withEol(head, this.eol) });
        this.replaced.push(`replaces the heading of class ${className} (${this.lines(start, cls.members.pos)})`);
      }
    }
    const classIndent = indentationAt(this.file.text, cls.getStart(this.file.sf));
    const first = fileMembers[0];
    const indent = first ? indentationAt(this.file.text, first.nodeStart) : classIndent + guessIndentUnit(this.file.text);
    const last = fileMembers.at(-1);
    const blankBetween = fileMembers.length < 2 || /\n[ \t]*\r?\n/.test(this.file.text.slice((fileMembers.at(-2) as CodeUnit).end, (last as CodeUnit).start));
    // Only a class with members is merged member by member (an empty one is replaced whole), so the
    // tail is after the last member; the class's opening brace is the guard for the type checker.
    const tail = { end: last ? last.end : cls.members.pos, where: `at the end of class ${className}`, indent, separator: blankBetween ? this.eol + this.eol : this.eol };
    this.place(
      blockMembers,
      matches,
      block,
      fileMembers,
      tail,
      (fileMember, blockMember) => this.replaceRange(fileMember, blockMember, block, `${unitLabel(fileMember)} of class ${className}`),
      ` to class ${className}`,
    );
  }

  /** A block that parses only as class members (a lone method): merged into the one class that has one of them. */
  private loneMembers(): ApplyPlan | undefined {
    const wrapper = 'class __SwitchboardApplyBlock__ {\n';
    const text = `${wrapper}${this.request.code}\n}\n`;
    const sf = parseSource(this.request.path, text);
    if (syntaxErrors(sf).length > 0) return undefined;
    const cls = sf.statements[0];
    if (!cls || !ts.isClassDeclaration(cls) || sf.statements.length !== 1) return undefined;
    const block: Parsed = { sf, text };
    const members = memberUnits(cls, sf);
    if (members.length === 0) return undefined;
    const classes = topLevelUnits(this.file.sf).flatMap((u) => {
      const node = u.nodes[0];
      return node && ts.isClassDeclaration(node) ? [{ node, members: memberUnits(node, this.file.sf) }] : [];
    });
    const owners = classes.filter((c) => c.members.some((m) => m.keys.some((k) => members.some((b) => b.keys.includes(k)))));
    const owner = owners[0];
    if (!owner) throw new Unsound('the block is not valid on its own, and no class of the file has a member of that name');
    if (owners.length > 1) throw new Unsound(`members of that name exist in more than one class (${owners.map((o) => o.node.name?.text ?? 'default').join(', ')})`);
    const matches = matchUnits(owner.members, members, 'member');
    this.mergeMembers(undefined, owner.node, members, matches, block);
    return this.finish('merge');
  }

  /** The unit's text from the block, re-indented to `indent` and in the file's line endings. */
  private unitText(unit: CodeUnit, block: Parsed, indent: string, withComments: boolean, insert?: { readonly at: number; readonly text: string }): string {
    const start = withComments ? unit.start : unit.nodeStart;
    const from = indentationAt(block.text, start);
    const skip = from === indent ? [] : unit.nodes.flatMap((n) => templateRanges(n, block.sf));
    let out = '';
    let offset = start;
    for (const [i, original] of block.text.slice(start, unit.end).split('\n').entries()) {
      const inTemplate = skip.some(([a, b]) => offset > a && offset < b);
      const line = insert && insert.at >= offset && insert.at <= offset + original.length ? original.slice(0, insert.at - offset) + insert.text + original.slice(insert.at - offset) : original;
      const reindented = i > 0 && from !== indent && !inTemplate && line.startsWith(from) ? indent + line.slice(from.length) : line;
      out += i === 0 ? reindented : '\n' + reindented;
      offset += original.length + 1;
    }
    return withEol(out, this.eol);
  }

  private push(edit: TextEdit): void {
    this.edits.push({ edit, seq: this.edits.length });
  }

  /** Where text added at the end goes: after the last non-blank character, before the final line breaks. */
  private endOfFile(): number {
    return this.file.text.trimEnd().length;
  }

  private lines(start: number, end: number): string {
    const sf = this.file.sf;
    return linesLabel(sf.getLineAndCharacterOfPosition(start).line, sf.getLineAndCharacterOfPosition(Math.max(start, end - 1)).line);
  }

  private finish(strategy: 'merge' | 'append'): ApplyPlan {
    // Inserts at a point go before a replacement starting there, in the order they were made.
    const sorted = [...this.edits].sort((a, b) => a.edit.start - b.edit.start || Number(a.edit.end > a.edit.start) - Number(b.edit.end > b.edit.start) || a.seq - b.seq);
    const text = this.file.text;
    let out = '';
    let cursor = 0;
    for (const { edit } of sorted) {
      if (edit.start < cursor) throw new Unsound('two parts of the block would change the same lines');
      out += text.slice(cursor, edit.start) + edit.text;
      cursor = edit.end;
    }
    out += text.slice(cursor);
    const description = describe([...this.replaced, ...this.added, ...this.importNotes]);
    if (this.unplaced.length === 0) return { text: out, strategy, description };
    const warning = `the block elides code (in ${this.unplaced.map((u) => u.label).join(', ')}) that could not be placed: the preview drops it — check before accepting`;
    return { text: out, strategy, description: `${description}. Warning: ${warning}`, warning, reason: this.unplaced.map((u) => `${u.label}: ${u.reason}`).join('; ') };
  }
}
