import { o200k } from '../tokens/o200k';
import { toSlash } from './discovery';
import { definersOf, personalizedPageRank, referenceGraph } from './referenceGraph';
import { LANGUAGE_NAMES, MAX_DEFINERS } from './referenceGraphBuilder';
import { DECL_STRIDE, type StoredFile } from './storedFile';
import { POSITION_COLUMN_SPAN } from './types';
import type { WorkspaceIndex } from './workspaceIndex';

/** What a request is about. None of it is part of any cache key (see referenceGraph.ts). */
export interface Anchors {
  readonly activeFile?: string;
  /** 0-based inclusive lines in `path`. */
  readonly selection?: { readonly path: string; readonly startLine: number; readonly endLine: number };
  readonly mentionedNames?: readonly string[];
  readonly mentionedFiles?: readonly string[];
}

export interface RepoMapOptions {
  readonly tokenBudget: number;
  /** Paths in the map are shown relative to the first of these that contains them. */
  readonly roots?: readonly string[];
  /** Counts tokens; defaults to gpt-tokenizer (o200k_base). */
  readonly countTokens?: (text: string) => number;
}

export interface RankedSymbol {
  readonly path: string;
  readonly name: string;
  readonly signature: string;
  readonly line: number;
  readonly container?: string;
  readonly score: number;
}

export interface RankedContext {
  readonly map: string;
  readonly tokens: number;
  readonly files: readonly { readonly path: string; readonly rank: number }[];
  readonly symbols: readonly RankedSymbol[];
  /** Symbols considered, of which `symbols.length` fit the budget. */
  readonly candidates: number;
}

const CANDIDATE_FILES = 400;
const CANDIDATE_SYMBOLS = 4000;
const ANCHORED_DAMPING = 0.6;

/**
 * Ranks files by personalized PageRank from the anchors, scores their declarations, and renders
 * the largest prefix of the ranking whose map fits the token budget (binary search on the prefix
 * length, each probe counted with the real tokenizer). Same index version + same anchors → same map.
 */
export function rankedContext(index: WorkspaceIndex, anchors: Anchors, options: RepoMapOptions): RankedContext {
  const graph = referenceGraph(index);
  const files = index.allFiles();
  const n = files.length;
  const position = graph.positions;
  const personalization = new Float64Array(n);
  const mentioned = new Set(anchors.mentionedNames ?? []);
  const focusNames = new Set<string>();
  const add = (path: string | undefined, weight: number): void => {
    const i = path === undefined ? undefined : position.get(toSlash(path));
    if (i !== undefined) personalization[i] = (personalization[i] ?? 0) + weight;
  };
  add(anchors.activeFile, 1);
  for (const p of anchors.mentionedFiles ?? []) add(p, 1);
  if (anchors.selection) {
    add(anchors.selection.path, 1);
    const f = index.file(anchors.selection.path);
    if (f) for (const name of namesUsedInLines(f, anchors.selection.startLine, anchors.selection.endLine)) focusNames.add(name);
  }
  // What the anchor file imports is what its code depends on most directly: seed those files too.
  // Resolved for the anchors alone: the whole import table would be rebuilt after every index change.
  for (const anchor of new Set([anchors.activeFile, anchors.selection?.path].filter((p): p is string => p !== undefined).map(toSlash))) {
    const anchorFile = index.file(anchor);
    const targets = anchorFile ? index.resolvedImports(anchorFile) : [];
    for (const target of targets) add(target, 0.5 / Math.max(1, targets.length / 4));
  }
  for (const name of [...mentioned, ...focusNames]) {
    const defs = definersOf(index, name);
    if (defs.length === 0 || defs.length > MAX_DEFINERS || LANGUAGE_NAMES.has(name)) continue;
    for (const d of defs) personalization[d] = (personalization[d] ?? 0) + (mentioned.has(name) ? 1 : 0.5) / defs.length;
  }
  // Damping 0.6 rather than the textbook 0.85: a map answers "what does this code depend on", so rank
  // stays near the anchors instead of pooling in tightly knit clusters far away (two vendored copies of
  // one library that reference each other kept most of the mass at 0.85).
  const rank = personalizedPageRank(graph, personalization, ANCHORED_DAMPING);

  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (rank[b] as number) - (rank[a] as number) || a - b);
  const topFiles = order.slice(0, CANDIDATE_FILES);
  // Score every declaration of the top files in flat arrays; only the best become objects.
  const scoreOf: number[] = [];
  const fileOf: number[] = [];
  const declOf: number[] = [];
  for (const fi of topFiles) {
    const f = files[fi] as StoredFile;
    const r = rank[fi] as number;
    for (let i = 0; i < f.declNames.length; i++) {
      const name = f.declNames[i] as string;
      const container = f.declContainers[i] as string;
      const exported = f.declData[i * DECL_STRIDE + 1] === 1;
      let w = container ? 0.25 : exported ? 1 : 0.6;
      if (mentioned.has(name)) w *= 10;
      else if (focusNames.has(name)) w *= 3;
      scoreOf.push(r * w);
      fileOf.push(fi);
      declOf.push(i);
    }
  }
  const byScore = Array.from({ length: scoreOf.length }, (_, i) => i);
  byScore.sort((a, b) => (scoreOf[b] as number) - (scoreOf[a] as number) || (fileOf[a] as number) - (fileOf[b] as number) || (declOf[a] as number) - (declOf[b] as number));
  const candidates: RankedSymbol[] = byScore.slice(0, CANDIDATE_SYMBOLS).map((c) => {
    const f = files[fileOf[c] as number] as StoredFile;
    const i = declOf[c] as number;
    const container = f.declContainers[i] as string;
    return {
      path: f.path,
      name: f.declNames[i] as string,
      signature: f.declSignatures[i] as string,
      line: f.declData[i * DECL_STRIDE + 2] as number,
      ...(container ? { container } : {}),
      score: scoreOf[c] as number,
    };
  });

  const roots = (options.roots ?? []).map((r) => toSlash(r).replace(/\/$/, ''));
  const fit = fitToBudget(candidates, roots, options.tokenBudget, options.countTokens ?? ((text: string) => o200k().countTokens(text)));
  return {
    map: fit.text,
    tokens: fit.tokens,
    files: topFiles.slice(0, 50).map((i) => ({ path: files[i]?.path ?? '', rank: rank[i] as number })),
    symbols: candidates.slice(0, fit.k),
    candidates: candidates.length,
  };
}

/** Token counts of single map lines. A line's count never depends on the request, so it is safe to share. */
const lineTokens = new Map<string, number>();
const LINE_CACHE_LIMIT = 100_000;

/**
 * The longest prefix of `candidates` whose map fits `budget`. Bisects on the sum of per-line
 * token counts (cached), then checks the real count of the whole text and steps back while it is
 * over: the answer is always measured with the real tokenizer, and costs few full counts.
 */
function fitToBudget(candidates: readonly RankedSymbol[], roots: readonly string[], budget: number, count: (text: string) => number): { k: number; text: string; tokens: number } {
  const estimate = (text: string): number => {
    let total = 0;
    for (const line of text.split('\n')) {
      let c = lineTokens.get(line);
      if (c === undefined) {
        if (lineTokens.size >= LINE_CACHE_LIMIT) lineTokens.clear();
        c = count(line);
        lineTokens.set(line, c);
      }
      total += c + 1;
    }
    return total;
  };
  let lo = 0;
  let hi = candidates.length;
  let k = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const text = renderMap(candidates.slice(0, mid), roots);
    if (!text || estimate(text) <= budget) {
      k = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  for (;;) {
    const text = renderMap(candidates.slice(0, k), roots);
    const tokens = text ? count(text) : 0;
    if (tokens <= budget || k === 0) return { k, text: tokens <= budget ? text : '', tokens: tokens <= budget ? tokens : 0 };
    k -= Math.max(1, Math.ceil((k * (tokens - budget)) / tokens));
  }
}

function namesUsedInLines(f: StoredFile, startLine: number, endLine: number): Set<string> {
  const out = new Set<string>();
  for (let k = 0; k < f.refNames.length; k++) {
    for (let p = f.refIndex[k] ?? 0, end = f.refIndex[k + 1] ?? 0; p < end; p++) {
      const line = Math.floor((f.refPositions[p] ?? 0) / POSITION_COLUMN_SPAN);
      if (line >= startLine && line <= endLine) {
        out.add(f.refNames[k] as string);
        break;
      }
    }
  }
  for (let i = 0; i < f.declNames.length; i++) {
    const line = f.declData[i * DECL_STRIDE + 2] ?? -1;
    if (line >= startLine && line <= endLine) out.add(f.declNames[i] as string);
  }
  return out;
}

function displayPath(path: string, roots: readonly string[]): string {
  for (const r of roots) if (path.startsWith(r + '/')) return path.slice(r.length + 1);
  return path;
}

/** Signatures grouped by file (files in rank order, symbols in line order), members under their container. */
export function renderMap(symbols: readonly RankedSymbol[], roots: readonly string[] = []): string {
  if (symbols.length === 0) return '';
  const byFile = new Map<string, RankedSymbol[]>();
  for (const s of symbols) {
    const list = byFile.get(s.path);
    if (list) list.push(s);
    else byFile.set(s.path, [s]);
  }
  const out: string[] = [];
  for (const [path, list] of byFile) {
    out.push(displayPath(path, roots) + ':');
    list.sort((a, b) => a.line - b.line || (a.name < b.name ? -1 : 1));
    let lastContainer: string | undefined;
    for (const s of list) {
      if (s.container && s.container !== lastContainer && !list.some((o) => o.name === s.container && !o.container)) {
        out.push(`  ${s.container}:`);
      }
      lastContainer = s.container ?? (list.some((o) => o.container === s.name) ? s.name : undefined);
      out.push((s.container ? '    ' : '  ') + s.signature);
    }
  }
  return out.join('\n') + '\n';
}
