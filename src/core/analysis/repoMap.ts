import { displayPath, type WorkspaceRoot } from './workspaceRoots';
import { o200k } from '../tokens/o200k';
import { kthLargest, rankDeclarations, type DeclarationRequest, type RankedSymbol } from './declarationRank';
import { rankDefinitions } from './definitionRank';
import { cachedPageRank, definersOf, referenceGraph } from './referenceGraph';
import { LANGUAGE_NAMES, MAX_DEFINERS } from './referenceGraphRows';
import { DECL_STRIDE, type StoredFile } from './storedFile';
import { POSITION_COLUMN_SPAN } from './types';
import { toSlash } from './workspaceFiles';
import type { WorkspaceIndex } from './workspaceIndex';

/** What a request is about. None of it is part of any cache key (see referenceGraphTypes.ts). */
export interface Anchors {
  readonly activeFile?: string;
  /** 0-based inclusive lines in `path`. */
  readonly selection?: { readonly path: string; readonly startLine: number; readonly endLine: number };
  readonly mentionedNames?: readonly string[];
  readonly mentionedFiles?: readonly string[];
}

export interface RepoMapOptions {
  readonly tokenBudget: number;
  /** Paths in the map are shown as the workspace names them (displayPath in workspaceRoots.ts). */
  readonly roots?: readonly WorkspaceRoot[];
  /** Counts tokens; defaults to gpt-tokenizer (o200k_base). */
  readonly countTokens?: (text: string) => number;
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
const SENDER_MASS = 0.9;

/** What the request asks for, resolved against the graph's nodes. */
interface Request extends DeclarationRequest {
  readonly personalization: Float64Array;
  /** Anchor node → node it imports → the personalization that import seeded. */
  readonly seeded: ReadonlyMap<number, ReadonlyMap<number, number>>;
}

/**
 * Ranks files by personalized PageRank from the anchors, shares each ranked file's rank among the
 * names it uses in the files it depends on (definitionRank.ts), scores declarations from that, and
 * renders the largest prefix of the ranking whose map fits the token budget (binary search on the
 * prefix length, each probe counted with the real tokenizer). Same index version + same anchors →
 * same map.
 */
export function rankedContext(index: WorkspaceIndex, anchors: Anchors, options: RepoMapOptions): RankedContext {
  const graph = referenceGraph(index);
  const files = index.allFiles();
  const request = resolveRequest(index, anchors);
  // Damping 0.6 rather than the textbook 0.85: a map answers "what does this code depend on", so rank
  // stays near the anchors instead of pooling in tightly knit clusters far away (two vendored copies of
  // one library that reference each other kept most of the mass at 0.85).
  const rank = cachedPageRank(graph, request.personalization, ANCHORED_DAMPING);
  const topFiles = bestNodes(rank, CANDIDATE_FILES);
  // The files that send rank to declarations: the best, until they hold most of the mass (the rest
  // hold little each and would cost as much as these to walk).
  let held = 0;
  let senders = 0;
  while (senders < topFiles.length && held < SENDER_MASS) held += rank[topFiles[senders++] as number] as number;

  // What an import seed received by teleport it owes to the anchor's import: it goes to the names the anchor uses from it.
  let personalizationSum = 0;
  for (const v of request.personalization) personalizationSum += v;
  const teleport = personalizationSum > 0 ? (1 - ANCHORED_DAMPING) / personalizationSum : 0;
  const seededRank = new Map([...request.seeded].map(([from, row]) => [from, new Map([...row].map(([to, w]) => [to, w * teleport]))] as const));
  const definitions = rankDefinitions(index, graph, rank, topFiles.slice(0, senders), seededRank);
  const candidates = rankDeclarations(index, rank, topFiles, definitions, request, CANDIDATE_SYMBOLS);

  const fit = fitToBudget(candidates, options.roots ?? [], options.tokenBudget, options.countTokens ?? ((text: string) => o200k().countTokens(text)));
  return {
    map: fit.text,
    tokens: fit.tokens,
    files: topFiles.slice(0, 50).map((i) => ({ path: files[i]?.path ?? '', rank: rank[i] as number })),
    symbols: candidates.slice(0, fit.k),
    candidates: candidates.length,
  };
}

/** The `k` nodes of highest rank, best first (ties by node): a numeric sort finds the cut, so only those are compared. */
function bestNodes(rank: Float64Array, k: number): number[] {
  const nodes: number[] = [];
  if (k <= 0 || rank.length === 0) return nodes;
  const cut = kthLargest(rank, Math.min(k, rank.length));
  for (let i = 0; i < rank.length; i++) if ((rank[i] as number) >= cut) nodes.push(i);
  return nodes.sort((a, b) => (rank[b] as number) - (rank[a] as number) || a - b).slice(0, k);
}

function resolveRequest(index: WorkspaceIndex, anchors: Anchors): Request {
  const position = referenceGraph(index).positions;
  const personalization = new Float64Array(position.size);
  const mentioned = new Set(anchors.mentionedNames ?? []);
  const focusNames = new Set<string>();
  const anchorNodes = new Set<number>();
  const nodeOf = (path: string | undefined): number | undefined => (path === undefined ? undefined : position.get(toSlash(path)));
  const add = (node: number | undefined, weight: number): void => {
    if (node !== undefined) personalization[node] = (personalization[node] ?? 0) + weight;
  };
  for (const path of [anchors.activeFile, ...(anchors.mentionedFiles ?? []), anchors.selection?.path]) {
    const node = nodeOf(path);
    add(node, 1);
    if (node !== undefined) anchorNodes.add(node);
  }
  if (anchors.selection) {
    const f = index.file(anchors.selection.path);
    if (f) for (const name of namesUsedInLines(f, anchors.selection.startLine, anchors.selection.endLine)) focusNames.add(name);
  }
  // What the anchor file imports is what its code depends on most directly: seed those files too.
  // Resolved for the anchors alone: the whole import table would be rebuilt after every index change.
  const seeded = new Map<number, Map<number, number>>();
  for (const anchor of new Set([anchors.activeFile, anchors.selection?.path].filter((p): p is string => p !== undefined).map(toSlash))) {
    const anchorFile = index.file(anchor);
    const from = position.get(anchor);
    const targets = anchorFile ? index.resolvedImports(anchorFile) : [];
    for (const target of targets) {
      const weight = 0.5 / Math.max(1, targets.length / 4);
      const to = position.get(target);
      add(to, weight);
      if (from === undefined || to === undefined) continue;
      let row = seeded.get(from);
      if (!row) seeded.set(from, (row = new Map()));
      row.set(to, (row.get(to) ?? 0) + weight);
    }
  }
  for (const name of [...mentioned, ...focusNames]) {
    const defs = definersOf(index, name);
    if (defs.length === 0 || defs.length > MAX_DEFINERS || LANGUAGE_NAMES.has(name)) continue;
    for (const d of defs) personalization[d] = (personalization[d] ?? 0) + (mentioned.has(name) ? 1 : 0.5) / defs.length;
  }
  return { personalization, mentioned, focusNames, anchorNodes, seeded };
}

/** Token counts of single map lines. A line's count never depends on the request, so it is safe to share. */
const lineTokens = new Map<string, number>();
const LINE_CACHE_LIMIT = 100_000;

/**
 * The longest prefix of `candidates` whose map fits `budget`. Bisects on the sum of per-line
 * token counts (cached), then checks the real count of the whole text and steps back while it is
 * over: the answer is always measured with the real tokenizer, and costs few full counts.
 */
function fitToBudget(candidates: readonly RankedSymbol[], roots: readonly WorkspaceRoot[], budget: number, count: (text: string) => number): { k: number; text: string; tokens: number } {
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

/** Signatures grouped by file (files in rank order, symbols in line order), members under their container. */
export function renderMap(symbols: readonly RankedSymbol[], roots: readonly WorkspaceRoot[] = []): string {
  if (symbols.length === 0) return '';
  const byFile = new Map<string, RankedSymbol[]>();
  for (const s of symbols) {
    const list = byFile.get(s.path);
    if (list) list.push(s);
    else byFile.set(s.path, [s]);
  }
  const out: string[] = [];
  for (const [path, list] of byFile) {
    out.push(displayPath(roots, path) + ':');
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
