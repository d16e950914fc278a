import picomatch from 'picomatch';

/*
 * Which of the host's language-model tools the research phase is offered, from
 * `switchboard.research.externalTools`: `true` (any, up to MAX_EXTERNAL_TOOLS, in the order below)
 * or a list of tool names and glob patterns (`mcp_github_*`). Recent VS Code registers two dozen
 * tools of its own (terminal, tasks, todo list…) before any extension's, so "the first N" in
 * registration order would crowd out the tools a person installed; hence the explicit order and the
 * list.
 */

/** Where a tool comes from, as far as the host says (VS Code 1.139 exposes `source`; 1.100 does not). */
export type ExternalToolOrigin = { readonly kind: 'mcp'; readonly server: string } | { readonly kind: 'extension'; readonly id: string } | { readonly kind: 'unknown' };

export interface ToolCandidate {
  readonly name: string;
  readonly origin: ExternalToolOrigin;
}

/** `true`: any tool; a list: the tools whose names match one of its names or patterns. */
export type ExternalToolSetting = boolean | readonly string[];

export type LeftOutReason = 'switchboard' | 'name' | 'not-listed' | 'limit';

export interface ExternalToolChoice<T extends ToolCandidate> {
  readonly offered: readonly T[];
  readonly leftOut: readonly { readonly tool: T; readonly reason: LeftOutReason }[];
  /** Names or patterns of the list that match no registered tool (likely a typo, or a server not started). */
  readonly unmatched: readonly string[];
}

/** More tools than this crowd the research prompt (each definition costs tokens every round). */
export const MAX_EXTERNAL_TOOLS = 24;
/** The strictest provider's rule for a tool name (OpenAI's). */
const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** MCP servers' tools first (the person set them up), then extensions', then the rest (VS Code's own). */
const ORIGIN_RANK: Record<ExternalToolOrigin['kind'], number> = { mcp: 0, extension: 1, unknown: 2 };

/**
 * The tools offered, in a deterministic order: with a list, by the first entry that matches, then
 * by name; with `true`, by origin (ORIGIN_RANK), then by name. `exclude` (Switchboard's own tools and
 * the research tools' names) always wins over the setting.
 */
export function chooseExternalTools<T extends ToolCandidate>(
  tools: readonly T[],
  setting: ExternalToolSetting,
  exclude: ReadonlySet<string>,
  max = MAX_EXTERNAL_TOOLS,
): ExternalToolChoice<T> {
  const leftOut: { tool: T; reason: LeftOutReason }[] = [];
  const patterns = Array.isArray(setting) ? setting.map((entry) => ({ entry, test: picomatch(entry, { nocase: true }) })) : undefined;
  const matched = new Set<string>();
  const eligible: { tool: T; rank: number }[] = [];
  for (const tool of tools) {
    const hit = patterns ? patterns.findIndex((p) => p.test(tool.name)) : ORIGIN_RANK[tool.origin.kind];
    if (patterns && hit >= 0) matched.add(patterns[hit]!.entry);
    if (exclude.has(tool.name)) leftOut.push({ tool, reason: 'switchboard' });
    else if (setting === false || hit < 0) leftOut.push({ tool, reason: 'not-listed' });
    else if (!TOOL_NAME.test(tool.name)) leftOut.push({ tool, reason: 'name' });
    else eligible.push({ tool, rank: hit });
  }
  eligible.sort((a, b) => a.rank - b.rank || (a.tool.name < b.tool.name ? -1 : a.tool.name > b.tool.name ? 1 : 0));
  for (const { tool } of eligible.slice(max)) leftOut.push({ tool, reason: 'limit' });
  return {
    offered: eligible.slice(0, max).map((e) => e.tool),
    leftOut,
    unmatched: patterns ? patterns.map((p) => p.entry).filter((entry) => !matched.has(entry)) : [],
  };
}

const REASONS: Record<LeftOutReason, string> = {
  switchboard: "Switchboard's own or a research tool's name",
  name: 'a name not every provider accepts',
  'not-listed': 'not in switchboard.research.externalTools',
  limit: `beyond the first ${MAX_EXTERNAL_TOOLS}`,
};

/** One log line: what was offered, and what was left out and why (grouped by reason). */
export function describeChoice(choice: ExternalToolChoice<ToolCandidate>): string {
  const offered = choice.offered.length > 0 ? choice.offered.map((t) => t.name).join(', ') : 'none';
  const groups = (Object.keys(REASONS) as LeftOutReason[])
    .map((reason) => [reason, choice.leftOut.filter((l) => l.reason === reason).map((l) => l.tool.name)] as const)
    .filter(([, names]) => names.length > 0)
    .map(([reason, names]) => `${REASONS[reason]}: ${names.join(', ')}`);
  const unmatched = choice.unmatched.length > 0 ? `; entries matching no tool: ${choice.unmatched.join(', ')}` : '';
  return `research: external tools offered (${choice.offered.length}): ${offered}; left out (${choice.leftOut.length})${groups.length > 0 ? ` — ${groups.join('; ')}` : ''}${unmatched}`;
}
