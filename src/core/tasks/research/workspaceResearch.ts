import type { Anchors } from '../../analysis/repoMap';
import type { SymbolHit } from '../../analysis/symbolQueries';
import { o200k } from '../../tokens/o200k';
import type { ResearchQuery, ResearchSource, ResearchTool } from '../taskPorts';
import type { ResearchNote } from './indexWait';
import { mentionedNames, mentionedPaths } from './instructionMentions';
import { readGuarded, researchEnvironment, type ResearchEnvironment, type ResearchEnvironmentOptions } from './researchFiles';
import { researchTools } from './researchTools';

export interface WorkspaceResearchOptions extends ResearchEnvironmentOptions {
  /** Default: the o200k tokenizer, as the rest of the project counts. */
  readonly countTokens?: (text: string) => number;
  /**
   * Waits for the index while it is being built (waitForIndex in indexWait.ts), telling `onNote`
   * what the person should know about it. Default: no wait.
   */
  readonly awaitIndex?: (signal: AbortSignal | undefined, onNote: (note: ResearchNote) => void) => Promise<void>;
}

/** A name declared in more places than this says little about where to look (`get`, `init`). */
const MAX_DEFINITIONS_PER_NAME = 3;
/** A definition longer than this is shown from its head: the signature and the start of the body. */
const MAX_DEFINITION_LINES = 80;
/** Shares of the budget the definitions, then the mentioned files, may take; the map gets the rest. */
const DEFINITIONS_SHARE = 0.4;
const FILES_SHARE = 0.8;

interface Section {
  readonly text: string;
  readonly source: string;
  readonly tokens: number;
}

/**
 * The research phase's deterministic context and read-only tools over one workspace folder. Same
 * index, same files and same query → same context, so the phase's prompt (and its cost) is stable.
 */
export class WorkspaceResearch implements ResearchSource {
  private readonly env: ResearchEnvironment;
  private readonly count: (text: string) => number;
  private toolList: readonly ResearchTool[] | undefined;
  private readonly awaitIndex: WorkspaceResearchOptions['awaitIndex'];

  constructor(options: WorkspaceResearchOptions) {
    this.env = researchEnvironment(options);
    this.count = options.countTokens ?? ((text: string) => o200k().countTokens(text));
    this.awaitIndex = options.awaitIndex;
  }

  tools(): readonly ResearchTool[] {
    return (this.toolList ??= researchTools(this.env));
  }

  async gather(query: ResearchQuery, maxTokens: number, signal?: AbortSignal, onNote: (note: ResearchNote) => void = () => undefined): Promise<{ readonly context: string; readonly sources: readonly string[] }> {
    await this.awaitIndex?.(signal, onNote);
    const sections: Section[] = [];
    let used = 0;
    const add = (section: Section | undefined) => {
      if (section) {
        sections.push(section);
        used += section.tokens;
      }
    };
    const names = this.knownNames(query.instruction);
    for (const { name, hits } of names) {
      for (const hit of hits) {
        signal?.throwIfAborted();
        add(await this.definitionSection(name, hit, Math.floor(maxTokens * DEFINITIONS_SHARE) - used));
      }
    }
    const given = new Set(query.files.filter((f) => f.startLine === undefined).map((f) => f.path));
    const mentioned = (await this.mentionedFiles(query.instruction)).filter((p) => !given.has(p));
    for (const path of mentioned) {
      signal?.throwIfAborted();
      add(await this.fileSection(path, Math.floor(maxTokens * FILES_SHARE) - used));
    }
    signal?.throwIfAborted();
    add(this.mapSection(query, mentioned, names.map((n) => n.name), maxTokens - used));
    // Sections were counted apart; the joined text is counted once more and trimmed from the end.
    let context = sections.map((s) => s.text).join('\n\n');
    while (sections.length > 0 && this.count(context) > maxTokens) {
      const dropped = sections.pop();
      this.env.log.debug(`research: ${dropped?.source} left out, over ${maxTokens} tokens`);
      context = sections.map((s) => s.text).join('\n\n');
    }
    return { context, sources: sections.map((s) => s.source) };
  }

  /** Names the instruction mentions that the index declares in a few visible places. */
  private knownNames(instruction: string): { name: string; hits: SymbolHit[] }[] {
    const out: { name: string; hits: SymbolHit[] }[] = [];
    for (const name of mentionedNames(instruction)) {
      const hits = this.env.index.definitions(name).filter((h) => this.visible(h.path) !== undefined);
      if (hits.length > 0 && hits.length <= MAX_DEFINITIONS_PER_NAME) out.push({ name, hits });
    }
    return out;
  }

  private async definitionSection(name: string, hit: SymbolHit, budget: number): Promise<Section | undefined> {
    const relative = this.visible(hit.path);
    if (relative === undefined || budget <= 0) return undefined;
    const file = await readGuarded(this.env, relative);
    if (!file.ok) return undefined;
    const lines = file.text.split(/\r?\n/).slice(hit.line, Math.min(hit.endLine + 1, hit.line + MAX_DEFINITION_LINES));
    const head = (last: number) => `### ${name}: ${relative}:${hit.line + 1}-${hit.line + last}`;
    return this.fitted(lines, head, budget, `${relative}:${hit.line + 1}-${hit.endLine + 1} (${name})`);
  }

  private async fileSection(relative: string, budget: number): Promise<Section | undefined> {
    if (budget <= 0) return undefined;
    const file = await readGuarded(this.env, relative);
    if (!file.ok) return undefined;
    const lines = file.text.split(/\r?\n/);
    return this.fitted(lines, (last) => `### ${relative}${last < lines.length ? ` (lines 1-${last} of ${lines.length})` : ''}`, budget, relative);
  }

  private mapSection(query: ResearchQuery, mentioned: readonly string[], names: readonly string[], budget: number): Section | undefined {
    const header = '### Repo map (most relevant declarations first)';
    const room = budget - this.count(header) - 2;
    if (room <= 0) return undefined;
    const absolute = (relative: string) => {
      const checked = this.env.guard.check(relative);
      return checked.ok ? checked.absolute : undefined;
    };
    const selection = query.files.find((f) => f.startLine !== undefined);
    const selectionPath = selection ? absolute(selection.path) : undefined;
    const files = [...query.files.map((f) => f.path), ...query.planFiles, ...mentioned].map(absolute).filter((p): p is string => p !== undefined);
    const anchors: Anchors = Object.assign(
      {},
      selection && selectionPath ? { selection: { path: selectionPath, startLine: (selection.startLine ?? 1) - 1, endLine: (selection.endLine ?? selection.startLine ?? 1) - 1 } } : {},
      files.length ? { mentionedFiles: [...new Set(files)] } : {},
      names.length ? { mentionedNames: names } : {},
    );
    const map = this.env.index.rankedMap(anchors, room).trimEnd();
    if (!map) return undefined;
    const text = `${header}\n${map}`;
    return { text, source: 'repo map', tokens: this.count(text) };
  }

  /**
   * A heading and a fenced block of `lines`, as many from the top as fit `budget`. The first cut is
   * an estimate from the characters; each probe after it is counted with the tokenizer.
   */
  private fitted(lines: readonly string[], heading: (shownLines: number) => string, budget: number, source: string): Section | undefined {
    const render = (k: number) => `${heading(k)}\n\`\`\`\n${lines.slice(0, k).join('\n')}\n\`\`\``;
    let k = lines.length;
    let chars = 0;
    for (let i = 0; i < lines.length; i++) {
      chars += (lines[i]?.length ?? 0) + 1;
      if (chars > budget * 4) {
        k = i;
        break;
      }
    }
    for (;;) {
      if (k <= 0) return undefined;
      const text = render(k);
      const tokens = this.count(text);
      if (tokens <= budget) return { text, source, tokens };
      k -= Math.max(1, Math.ceil((k * (tokens - budget)) / tokens));
    }
  }

  /** The files the instruction names that exist and may be read; a bare file name counts when one indexed file has it. */
  private async mentionedFiles(instruction: string): Promise<string[]> {
    const out: string[] = [];
    for (const path of mentionedPaths(instruction)) {
      const direct = await this.env.guard.resolve(path);
      let relative = direct.ok ? direct.relative : undefined;
      if (relative === undefined && !path.includes('/')) {
        const named = this.env.index.files().filter((f) => f.endsWith('/' + path));
        if (named.length === 1) relative = this.visible(named[0] as string);
      }
      if (relative !== undefined && !out.includes(relative)) out.push(relative);
    }
    return out;
  }

  private visible(absolute: string): string | undefined {
    return this.env.guard.visible(absolute);
  }
}
