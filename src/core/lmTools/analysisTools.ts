import { rankedContext, type Anchors } from '../analysis/repoMap';
import type { SymbolHit } from '../analysis/symbolQueries';
import type { WorkspaceIndex } from '../analysis/workspaceIndex';
import { mentionedNames, mentionedPaths } from '../tasks/research/instructionMentions';
import { oneLine } from '../../shared/oneLine';
import type { HotspotsInput, RepoMapInput, SymbolInput } from './toolCatalogue';
import { boundText } from './toolResults';
import { absoluteOf, candidatesFor, displayPath, type WorkspaceRoot } from '../analysis/workspaceRoots';

/*
 * The three analysis tools' answers, as text an agent reads: each bounded by its own count or token
 * budget first, then by the common character cap (boundText). Wrong input that the schema cannot
 * see (a file the index does not hold) is an error result, thrown as AnalysisToolError.
 */

/** The index queries the tools use (WorkspaceIndex fits it). */
export type ToolIndex = Pick<WorkspaceIndex, 'folderRoots' | 'fileCount' | 'file' | 'definitions' | 'references' | 'findSymbols' | 'hotspots'>;

export class AnalysisToolError extends Error {}

const DEFAULT_MAP_TOKENS = 2000;
const DEFAULT_REFERENCES = 50;
const DEFAULT_HOTSPOTS = 20;
/** A name declared in more places than this is listed to this many; the rest are counted. */
const MAX_DEFINITIONS = 20;
const CLOSEST_NAMES = 10;
/** Plain words of a query that are declared names are anchors too, up to this many. */
const MAX_QUERY_WORDS = 16;

/** The workspace's ranked repo map for a query and/or a file, within `maxTokens`. */
export function repoMapAnswer(index: WorkspaceIndex, input: RepoMapInput, countTokens?: (text: string) => number): string {
  const roots = index.folderRoots;
  const budget = input.maxTokens ?? DEFAULT_MAP_TOKENS;
  const files: string[] = [];
  if (input.file !== undefined) files.push(indexedFile(index, roots, input.file));
  const names: string[] = [];
  if (input.query) {
    for (const path of mentionedPaths(input.query)) {
      const found = tryIndexedFile(index, roots, path);
      if (found && !files.includes(found)) files.push(found);
    }
    names.push(...mentionedNames(input.query));
    // "cart total": plain words count when the workspace declares them.
    for (const word of input.query.match(/[A-Za-z_$][\w$]*/g)?.slice(0, 200) ?? []) {
      if (names.length >= MAX_QUERY_WORDS) break;
      if (!names.includes(word) && word.length > 2 && index.definitions(word).length > 0) names.push(word);
    }
  }
  const anchors: Anchors = {
    ...(files[0] !== undefined && input.file !== undefined ? { activeFile: files[0] } : {}),
    ...(files.length ? { mentionedFiles: files } : {}),
    ...(names.length ? { mentionedNames: names } : {}),
  };
  if (index.fileCount === 0) return 'The workspace index holds no TypeScript or JavaScript files, so there is no repo map.';
  const result = rankedContext(index, anchors, { tokenBudget: budget, roots: index.folderRoots, ...(countTokens ? { countTokens } : {}) });
  const about = [input.file !== undefined ? displayPath(roots, files[0] as string) : undefined, input.query ? `"${oneLine(input.query, 80)}"` : undefined].filter(Boolean).join(' and ') || 'the whole workspace';
  const header = `Repo map for ${about}: ${result.symbols.length} of ${result.candidates} ranked symbols, ${result.tokens} of ${budget} tokens${result.symbols.length < result.candidates ? ' (raise maxTokens for more)' : ''}.`;
  return boundText(`${header}\n\n${result.map || '(no declarations)\n'}`, 'ask with a smaller maxTokens').text;
}

/** Definitions and references of a name (Container.member narrows to that container). */
export function symbolAnswer(index: ToolIndex, input: SymbolInput): string {
  const roots = index.folderRoots;
  const dot = input.name.lastIndexOf('.');
  const container = dot > 0 ? input.name.slice(0, dot) : undefined;
  const name = dot > 0 ? input.name.slice(dot + 1) : input.name;
  if (!name) throw new AnalysisToolError(`"${input.name}" has no name after the dot`);
  const definitions = index.definitions(name).filter((h) => container === undefined || h.container === container);
  const lines: string[] = [];
  if (definitions.length === 0) {
    const close = index.findSymbols(name, CLOSEST_NAMES * 2).filter((h) => h.name !== name || container === undefined).slice(0, CLOSEST_NAMES);
    lines.push(`No declaration named ${input.name} in the ${index.fileCount} indexed files.`);
    if (close.length) lines.push('Closest names:', ...close.map((h) => hitLine(roots, h)));
  } else {
    lines.push(`Definitions of ${input.name} (${definitions.length}):`, ...definitions.slice(0, MAX_DEFINITIONS).map((h) => hitLine(roots, h)));
    if (definitions.length > MAX_DEFINITIONS) lines.push(`[${definitions.length - MAX_DEFINITIONS} more definitions not shown]`);
  }
  if (input.includeReferences !== false) {
    const max = input.maxReferences ?? DEFAULT_REFERENCES;
    const refs = index.references(name, max + 1);
    lines.push('', refs.length === 0 ? `No references to ${name}.` : `References to ${name} (by name; ${refs.length > max ? `first ${max}` : refs.length}):`);
    for (const r of refs.slice(0, max)) lines.push(`${displayPath(roots, r.path)}:${r.line + 1}:${r.column + 1}`);
    if (refs.length > max) lines.push(`[more references not shown: raise maxReferences (at most 200)]`);
  }
  return boundText(lines.join('\n'), 'ask with a smaller maxReferences').text;
}

/** The most complex functions, optionally under a path. */
export function hotspotsAnswer(index: ToolIndex, input: HotspotsInput): string {
  const roots = index.folderRoots;
  const limit = input.limit ?? DEFAULT_HOTSPOTS;
  let scope: string[] | undefined;
  if (input.path !== undefined) {
    const candidates = candidatesFor(roots, input.path);
    if (!candidates.ok) throw new AnalysisToolError(`path: ${candidates.reason}`);
    scope = candidates.candidates.map(absoluteOf);
  }
  const inScope = (p: string) => scope === undefined || scope.some((s) => p === s || p.startsWith(s + '/'));
  // Every function that branches, then the scope: a path filter must not shrink the ranking it filters.
  const hits = index.hotspots(Number.MAX_SAFE_INTEGER).filter((h) => inScope(h.path));
  if (hits.length === 0) {
    return index.fileCount === 0
      ? 'The workspace index holds no TypeScript or JavaScript files, so there are no complexity hotspots.'
      : `No function${input.path !== undefined ? ` under ${input.path}` : ''} branches (every one has cyclomatic complexity 1), so there are no hotspots.`;
  }
  const shown = hits.slice(0, limit);
  const lines = [`Complexity hotspots${input.path !== undefined ? ` under ${input.path}` : ''}: ${shown.length} of ${hits.length} functions that branch, most complex first.`];
  for (const h of shown) lines.push(`${displayPath(roots, h.path)}:${h.line + 1}  complexity ${h.complexity ?? 1}  ${h.kind} ${qualified(h)}  ${h.signature}`);
  return boundText(lines.join('\n'), 'ask with a smaller limit').text;
}

function hitLine(roots: readonly WorkspaceRoot[], h: SymbolHit): string {
  return `${displayPath(roots, h.path)}:${h.line + 1}-${h.endLine + 1}  ${h.kind}${h.exported ? ' (exported)' : ''} ${qualified(h)}  ${h.signature}`;
}

function qualified(h: SymbolHit): string {
  return h.container ? `${h.container}.${h.name}` : h.name;
}

function indexedFile(index: ToolIndex, roots: readonly WorkspaceRoot[], relative: string): string {
  const candidates = candidatesFor(roots, relative);
  if (!candidates.ok) throw new AnalysisToolError(`file: ${candidates.reason}`);
  const found = candidates.candidates.map(absoluteOf).find((p) => index.file(p) !== undefined);
  if (!found) throw new AnalysisToolError(`file: ${candidates.normalized} is not in the workspace index (only TypeScript and JavaScript files that are not ignored are indexed)`);
  return found;
}

function tryIndexedFile(index: ToolIndex, roots: readonly WorkspaceRoot[], relative: string): string | undefined {
  const candidates = candidatesFor(roots, relative);
  return candidates.ok ? candidates.candidates.map(absoluteOf).find((p) => index.file(p) !== undefined) : undefined;
}

