import { z } from 'zod';
import type { SymbolHit } from '../../analysis/symbolQueries';
import type { JsonSchema } from '../../providers/contract';
import type { ResearchTool } from '../taskPorts';
import { numberedLines, readGuarded, type ResearchEnvironment } from './researchFiles';

/*
 * The read-only tools a tool-calling research model may use. Every path goes through the guard
 * (inside the workspace, not ignored, not a secret); every answer is capped so one call cannot
 * flood the model's window. Wrong arguments throw with a message the model can act on.
 */

/** About 6,000 tokens: enough for a few hundred lines, small enough for a local model's window. */
export const MAX_TOOL_OUTPUT_CHARS = 24_000;
const MAX_LINE_CHARS = 240;
const MAX_PATTERN_CHARS = 200;

const readFileArgs = z.object({
  path: z.string().min(1).describe('Workspace-relative path, e.g. src/checkout/cart.ts'),
  startLine: z.number().int().min(1).optional().describe('First line to return (1-based); default 1'),
  endLine: z.number().int().min(1).optional().describe('Last line to return (inclusive); default the end of the file'),
});

const findSymbolArgs = z.object({
  name: z.string().min(1).max(200).describe('A declared name, e.g. CartService or CartService.total'),
  limit: z.number().int().min(1).max(50).optional().describe('At most this many results; default 20'),
});

const searchTextArgs = z.object({
  query: z.string().min(1).max(MAX_PATTERN_CHARS).describe('Text to find, literally unless regex is true'),
  regex: z.boolean().optional().describe('Treat query as a JavaScript regular expression; default false'),
  caseSensitive: z.boolean().optional().describe('Default false'),
  path: z.string().optional().describe('Only search files under this workspace-relative folder or in this file'),
  maxResults: z.number().int().min(1).max(100).optional().describe('At most this many matching lines; default 50'),
});

const repoMapArgs = z.object({
  focusFiles: z.array(z.string().min(1)).max(20).optional().describe('Workspace-relative files to centre the map on'),
  maxTokens: z.number().int().min(200).max(8000).optional().describe('Size of the map; default 2000'),
});

/** The four read-only research tools over one workspace. */
export function researchTools(env: ResearchEnvironment): readonly ResearchTool[] {
  return [
    tool(env, 'read_file', 'Read a file of the workspace (or a line range of it). Lines come numbered.', readFileArgs, (args) => readFile(env, args)),
    tool(env, 'find_symbol', 'Find where a function, class, interface, type or variable is declared: file:line, kind and signature.', findSymbolArgs, async (args) => findSymbol(env, args)),
    tool(env, 'search_text', 'Search the workspace\'s source files for text; returns file:line and the matching line.', searchTextArgs, (args, signal) => searchText(env, args, signal)),
    tool(env, 'repo_map', 'A map of the workspace\'s most relevant declarations (signatures grouped by file), optionally centred on some files.', repoMapArgs, async (args) => repoMap(env, args)),
  ];
}

function tool<S extends z.ZodType>(env: ResearchEnvironment, name: string, description: string, schema: S, run: (args: z.output<S>, signal?: AbortSignal) => Promise<string>): ResearchTool {
  const { $schema: _dialect, ...inputSchema } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return {
    definition: { name, description, inputSchema: inputSchema as JsonSchema },
    async run(args, signal) {
      signal?.throwIfAborted();
      const parsed = schema.safeParse(args ?? {});
      if (!parsed.success) {
        const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(arguments)'}: ${i.message}`);
        throw new Error(`Invalid arguments for ${name}: ${issues.join('; ')}`);
      }
      try {
        return await run(parsed.data, signal);
      } catch (error) {
        // Refusals name paths and reasons only, never file content.
        env.log.debug(`research tool ${name} refused: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    },
  };
}

async function readFile(env: ResearchEnvironment, args: z.output<typeof readFileArgs>): Promise<string> {
  const file = await readGuarded(env, args.path);
  if (!file.ok) throw new Error(file.reason);
  const lines = file.text.split(/\r?\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  const from = args.startLine ?? 1;
  const to = Math.min(args.endLine ?? lines.length, lines.length);
  if (from > lines.length) throw new Error(`${file.relative} has ${lines.length} lines; startLine ${from} is past its end`);
  if (to < from) throw new Error(`endLine ${to} is before startLine ${from}`);
  let last = from - 1;
  let size = 0;
  while (last < to && size + (lines[last]?.length ?? 0) + 8 <= MAX_TOOL_OUTPUT_CHARS) size += (lines[last++]?.length ?? 0) + 8;
  if (last < from) throw new Error(`line ${from} of ${file.relative} alone is longer than ${MAX_TOOL_OUTPUT_CHARS} characters`);
  const head = `${file.relative} (lines ${from}-${last} of ${lines.length})`;
  const tail = last < to ? `\n[cut at line ${last}: ask again with startLine ${last + 1}]` : '';
  return `${head}\n${numberedLines(lines, from, last)}${tail}`;
}

function findSymbol(env: ResearchEnvironment, args: z.output<typeof findSymbolArgs>): string {
  const limit = args.limit ?? 20;
  const dot = args.name.lastIndexOf('.');
  const container = dot > 0 ? args.name.slice(0, dot) : undefined;
  const name = dot > 0 ? args.name.slice(dot + 1) : args.name;
  const visible = (hits: readonly SymbolHit[]) => hits.filter((h) => visiblePath(env, h.path) !== undefined && (container === undefined || h.container === container));
  const exact = visible(env.index.definitions(name));
  if (exact.length > 0) return formatHits(env, exact.slice(0, limit), exact.length);
  const close = visible(env.index.findSymbols(name, limit * 2)).slice(0, limit);
  if (close.length === 0) return `No declaration matches ${args.name}. Try search_text for where it is used.`;
  return `No declaration named ${args.name}. Closest names:\n${formatHits(env, close, close.length)}`;
}

function formatHits(env: ResearchEnvironment, hits: readonly SymbolHit[], total: number): string {
  const rows = hits.map((h) => {
    const name = h.container ? `${h.container}.${h.name}` : h.name;
    return `${visiblePath(env, h.path) ?? h.path}:${h.line + 1}-${h.endLine + 1}  ${h.kind} ${name}  ${h.signature}`;
  });
  if (total > hits.length) rows.push(`[${total - hits.length} more not shown]`);
  return rows.join('\n');
}

async function searchText(env: ResearchEnvironment, args: z.output<typeof searchTextArgs>, signal?: AbortSignal): Promise<string> {
  let pattern: RegExp;
  try {
    pattern = new RegExp(args.regex ? args.query : escapeRegExp(args.query), args.caseSensitive ? '' : 'i');
  } catch (error) {
    throw new Error(`query is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let scope: string | undefined;
  if (args.path !== undefined && args.path.trim() !== '' && args.path.trim() !== '.') {
    const checked = env.guard.check(args.path);
    if (!checked.ok) throw new Error(checked.reason);
    scope = checked.relative;
  }
  const max = args.maxResults ?? 50;
  const rows: string[] = [];
  let size = 0;
  let more = false;
  let searched = 0;
  for (const absolute of env.index.files()) {
    signal?.throwIfAborted();
    const relative = visiblePath(env, absolute);
    if (relative === undefined || (scope !== undefined && relative !== scope && !relative.startsWith(scope + '/'))) continue;
    const file = await readGuarded(env, relative);
    if (!file.ok) continue;
    searched++;
    const lines = file.text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      // Long lines (minified code, data) are matched on their start only: a pattern cannot stall on them.
      const line = (lines[i] as string).slice(0, 4 * MAX_LINE_CHARS);
      if (!pattern.test(line)) continue;
      const row = `${file.relative}:${i + 1}: ${line.trim().slice(0, MAX_LINE_CHARS)}`;
      if (rows.length >= max || size + row.length > MAX_TOOL_OUTPUT_CHARS) {
        more = true;
        break;
      }
      rows.push(row);
      size += row.length + 1;
    }
    if (more) break;
  }
  if (rows.length === 0) return `No match for ${args.query} in ${searched} source files${scope ? ` under ${scope}` : ''}.`;
  return rows.join('\n') + (more ? `\n[more matches not shown: narrow the query or give a path]` : '');
}

function repoMap(env: ResearchEnvironment, args: z.output<typeof repoMapArgs>): string {
  const focus: string[] = [];
  for (const path of args.focusFiles ?? []) {
    const checked = env.guard.check(path);
    if (!checked.ok) throw new Error(checked.reason);
    focus.push(checked.absolute);
  }
  const map = env.index.rankedMap(focus.length ? { mentionedFiles: focus } : {}, args.maxTokens ?? 2000);
  return map.trim() ? map : 'The workspace index is not ready or holds no declarations yet; use search_text and read_file.';
}

/** The workspace path of an index file the tools may show; undefined for ignored, secret or outside ones. */
function visiblePath(env: ResearchEnvironment, absolute: string): string | undefined {
  return env.guard.visible(absolute);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
