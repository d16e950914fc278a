import { declarationsByName, type DefinitionRanks } from './definitionRank';
import { definersOf } from './referenceGraph';
import { LANGUAGE_NAMES, MAX_DEFINERS } from './referenceGraphRows';
import { DECL_STRIDE, type StoredFile } from './storedFile';
import type { WorkspaceIndex } from './workspaceIndex';

/** A declaration the repo map may show, with the score it is ordered by. */
export interface RankedSymbol {
  readonly path: string;
  readonly name: string;
  readonly signature: string;
  readonly line: number;
  readonly container?: string;
  readonly score: number;
}

/** What a request asks for, resolved against the graph's nodes, as far as scoring declarations needs it. */
export interface DeclarationRequest {
  readonly mentioned: ReadonlySet<string>;
  /** Names the selection uses or declares. */
  readonly focusNames: ReadonlySet<string>;
  /** The active file, the selection's file and the mentioned files. */
  readonly anchorNodes: ReadonlySet<number>;
}

const MENTION_BOOST = 10;
const FOCUS_BOOST = 3;
const MEMBER_WEIGHT = 0.25;
const LOCAL_WEIGHT = 0.6;
/**
 * A module's unexported declaration is invisible to other files: another file's use of its name means
 * something else (a local `const CAPABILITIES` beside the exported one that the use imports).
 */
const HIDDEN_WEIGHT = 0.05;
/** An anchor file's unexported declarations and members: after its exported API, about level with what it uses. */
const ANCHOR_REST_WEIGHT = 0.1;

/**
 * Scores declarations and returns the best `limit` in map order: first the declarations of a name
 * the request mentions (one the graph links, so not `parse` in a hundred files), then the anchors'
 * public API (exported, or every top-level declaration of a global script), then the rest by score,
 * and last what nothing points at. A score adds up the rank the ranked files send the declared name
 * (definitionRank.ts), the anchor's own rank for its declarations, and a mentioned name's file rank.
 */
export function rankDeclarations(
  index: WorkspaceIndex,
  rank: Float64Array,
  topFiles: readonly number[],
  definitions: DefinitionRanks,
  request: DeclarationRequest,
  limit: number,
): RankedSymbol[] {
  const files = index.allFiles();
  const { mentioned, focusNames, anchorNodes } = request;
  const scores = new DeclarationScores(files);
  const requestBoost = (name: string): number => (mentioned.has(name) ? MENTION_BOOST : focusNames.has(name) ? FOCUS_BOOST : 1);
  // Only the best pairs can reach the candidates (a declaration scores at most its pair's rank, plus
  // what the anchor and mention terms below add), so only they are looked up in their file.
  const boosted = new Float64Array(definitions.nodes.length);
  for (let p = 0; p < boosted.length; p++) boosted[p] = (definitions.ranks[p] as number) * requestBoost(definitions.names[p] as string);
  const cut = kthLargest(boosted, limit);
  for (let p = 0; p < boosted.length; p++) {
    const node = definitions.nodes[p] as number;
    const r = boosted[p] as number;
    if (r < cut && !anchorNodes.has(node)) continue;
    const f = files[node] as StoredFile;
    const decls = declarationsByName(f).get(definitions.names[p] as string) ?? [];
    const containers = f.declContainers;
    let hasTop = false;
    for (const i of decls) if (!containers[i]) hasTop = true;
    const hidden = isModule(f) ? HIDDEN_WEIGHT : LOCAL_WEIGHT;
    // A member sharing a top-level declaration's name is most likely not what the uses meant.
    for (const i of decls) scores.add(node, i, r * (containers[i] ? (hasTop ? MEMBER_WEIGHT : 1) : isExported(f, i) ? 1 : hidden));
  }
  for (const node of anchorNodes) {
    const f = files[node] as StoredFile;
    const r = rank[node] as number;
    for (let i = 0; i < f.declNames.length; i++) {
      scores.add(node, i, isPublicTopLevel(f, i) ? r : r * ANCHOR_REST_WEIGHT * kindWeight(f, i) * requestBoost(f.declNames[i] as string));
    }
  }
  const names = [...mentioned].filter((name) => !LANGUAGE_NAMES.has(name));
  if (names.length > 0) {
    for (const node of topFiles) {
      const f = files[node] as StoredFile;
      const declared = declarationsByName(f);
      for (const name of names) for (const i of declared.get(name) ?? []) scores.add(node, i, (rank[node] as number) * MENTION_BOOST * kindWeight(f, i));
    }
  }

  const pinned = new Set(names.filter((name) => definersOf(index, name).length <= MAX_DEFINERS));
  const first: Scored[] = [];
  const rest: Scored[] = [];
  scores.forEach((node, i, score) => {
    const f = files[node] as StoredFile;
    const tier = pinned.has(f.declNames[i] as string) ? 0 : anchorNodes.has(node) && isPublicTopLevel(f, i) ? 1 : 2;
    (tier < 2 ? first : rest).push({ node, i, score, tier });
  });
  const order = (a: Scored, b: Scored): number => a.tier - b.tier || b.score - a.score || a.node - b.node || a.i - b.i;
  first.sort(order);
  const best = [...first, ...topByScore(rest, limit - first.length).sort(order)].slice(0, limit);
  if (best.length < limit) {
    // Last, what nothing points at: the API of the ranked files by file rank, so a budget the
    // referenced declarations leave unused still shows what the nearby files offer.
    const unreferenced: Scored[] = [];
    for (const node of topFiles) {
      const f = files[node] as StoredFile;
      for (let i = 0; i < f.declNames.length; i++) {
        if ((f.declContainers[i] || isPublicTopLevel(f, i)) && !scores.has(node, i)) unreferenced.push({ node, i, score: (rank[node] as number) * kindWeight(f, i), tier: 3 });
      }
    }
    best.push(...topByScore(unreferenced, limit - best.length).sort(order).slice(0, limit - best.length));
  }
  return best.map(({ node, i, score }) => {
    const f = files[node] as StoredFile;
    const container = f.declContainers[i] as string;
    return {
      path: f.path,
      name: f.declNames[i] as string,
      signature: f.declSignatures[i] as string,
      line: f.declData[i * DECL_STRIDE + 2] as number,
      ...(container ? { container } : {}),
      score,
    };
  });
}

interface Scored {
  readonly node: number;
  readonly i: number;
  readonly score: number;
  readonly tier: number;
}

/** Scores of declarations, in one flat column with a block per file that has any (tens of thousands are scored per request). */
class DeclarationScores {
  private readonly base = new Map<number, number>();
  private column = new Float64Array(4096);
  private used = 0;

  constructor(private readonly files: readonly StoredFile[]) {}

  add(node: number, i: number, score: number): void {
    if (!(score > 0)) return;
    let at = this.base.get(node);
    if (at === undefined) {
      at = this.used;
      this.base.set(node, at);
      this.used += (this.files[node] as StoredFile).declNames.length;
      if (this.used > this.column.length) {
        const grown = new Float64Array(Math.max(this.used, this.column.length * 2));
        grown.set(this.column.subarray(0, at));
        this.column = grown;
      }
    }
    this.column[at + i] = (this.column[at + i] as number) + score;
  }

  has(node: number, i: number): boolean {
    const at = this.base.get(node);
    return at !== undefined && (this.column[at + i] as number) > 0;
  }

  /** Each scored declaration, files in the order first scored, declarations in order. */
  forEach(visit: (node: number, i: number, score: number) => void): void {
    for (const [node, at] of this.base) {
      const count = (this.files[node] as StoredFile).declNames.length;
      for (let i = 0; i < count; i++) {
        const score = this.column[at + i] as number;
        if (score > 0) visit(node, i, score);
      }
    }
  }
}

/** The `k` best scored, ties at the cut included, in no particular order. */
function topByScore(scored: readonly Scored[], k: number): Scored[] {
  if (scored.length <= k) return [...scored];
  const values = new Float64Array(scored.length);
  for (let i = 0; i < scored.length; i++) values[i] = (scored[i] as Scored).score;
  const cut = kthLargest(values, k);
  return scored.filter((s) => s.score >= cut);
}

/** The `k`-th largest of `values` (-Infinity when there are fewer): a native numeric sort, no comparator calls. */
export function kthLargest(values: Float64Array, k: number): number {
  if (k <= 0) return Infinity;
  if (values.length < k) return -Infinity;
  const sorted = Float64Array.from(values).sort();
  return sorted[sorted.length - k] as number;
}

function isExported(f: StoredFile, i: number): boolean {
  return f.declData[i * DECL_STRIDE + 1] === 1;
}

/** Whether a file is a module (its top-level names are its own unless exported), not a global script. */
function isModule(f: StoredFile): boolean {
  return f.exports.length > 0 || f.importSpecifiers.length > 0;
}

/** A top-level declaration other files can use: exported, or anywhere in a global script. */
function isPublicTopLevel(f: StoredFile, i: number): boolean {
  return !f.declContainers[i] && (isExported(f, i) || !isModule(f));
}

function kindWeight(f: StoredFile, i: number): number {
  return f.declContainers[i] ? MEMBER_WEIGHT : isExported(f, i) ? 1 : LOCAL_WEIGHT;
}
