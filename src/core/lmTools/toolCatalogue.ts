import { z } from 'zod';

/*
 * Switchboard's language-model tools: their names, what a model and a person read about them, and
 * their input schemas. package.json's `contributes.languageModelTools` is written from this list
 * (`npm run sync:lm-tools`), and a unit test fails when the two differ, so the schema VS Code shows
 * an agent is the one zod checks the input against.
 */

const relativePath = (what: string) => z.string().min(1).max(1024).describe(what);

export const repoMapInput = z
  .object({
    query: z.string().min(1).max(2000).optional().describe('What the map should be about: words or identifiers from the task, e.g. "how CartService computes the total".'),
    file: relativePath('A workspace-relative file to centre the map on, e.g. src/cart.ts.').optional(),
    maxTokens: z.number().int().min(200).max(8000).optional().describe('Size of the map in tokens (o200k); default 2000.'),
  })
  .strict();

export const symbolInput = z
  .object({
    name: z.string().min(1).max(200).describe('A declared name, e.g. CartService, or Container.member such as CartService.total.'),
    includeReferences: z.boolean().optional().describe('Also list where the name is used; default true.'),
    maxReferences: z.number().int().min(1).max(200).optional().describe('At most this many references; default 50.'),
  })
  .strict();

export const hotspotsInput = z
  .object({
    limit: z.number().int().min(1).max(100).optional().describe('At most this many functions; default 20.'),
    path: relativePath('Only functions in this workspace-relative file or folder, e.g. src/core.').optional(),
  })
  .strict();

export const reviewInput = z
  .object({
    target: z.enum(['file', 'changes']).describe('"file" reviews one file; "changes" reviews the pending git changes (staged and unstaged, against HEAD).'),
    file: relativePath('The workspace-relative file to review; required when target is "file".').optional(),
    focus: z.string().min(1).max(1000).optional().describe('What to look for in particular, e.g. "error handling" or "thread safety".'),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.target === 'file' && value.file === undefined) ctx.addIssue({ code: 'custom', path: ['file'], message: 'required when target is "file"' });
  });

export const taskInput = z
  .object({
    instruction: z.string().min(1).max(4000).describe('What the change should do, as a person would ask it.'),
    profile: z.string().min(1).max(60).optional().describe('The task profile: implement (default), fix, tests, document, plan, or one of the person\'s own.'),
    files: z.array(relativePath('A workspace-relative file.')).max(20).optional().describe('Files the task is about; they go to every phase.'),
  })
  .strict();

export type RepoMapInput = z.output<typeof repoMapInput>;
export type SymbolInput = z.output<typeof symbolInput>;
export type HotspotsInput = z.output<typeof hotspotsInput>;
export type ReviewInput = z.output<typeof reviewInput>;
export type TaskToolInput = z.output<typeof taskInput>;

export interface LmToolSpec {
  /** The tool's id in `vscode.lm.tools`; what an agent calls. */
  readonly name: string;
  /** What a person types after `#` in chat. */
  readonly toolReferenceName: string;
  readonly displayName: string;
  readonly userDescription: string;
  readonly modelDescription: string;
  readonly icon: string;
  readonly input: z.ZodType;
}

export const LM_TOOLS = {
  repoMap: {
    name: 'switchboard_repoMap',
    toolReferenceName: 'switchboardRepoMap',
    displayName: 'Switchboard Repo Map',
    userDescription: 'The workspace\'s most relevant declarations for a query or a file, ranked, within a token budget.',
    modelDescription:
      'Returns a ranked map of the TypeScript/JavaScript workspace: the declarations (signatures grouped by file, with line numbers) most relevant to a query and/or a file, ranked by personalized PageRank over the import and reference graph, cut to fit maxTokens. Use it to find where to look before reading files. Give query (identifiers or words from the task) and/or file (workspace-relative); with neither it maps the whole workspace.',
    icon: '$(list-tree)',
    input: repoMapInput,
  },
  symbol: {
    name: 'switchboard_symbol',
    toolReferenceName: 'switchboardSymbol',
    displayName: 'Switchboard Symbol',
    userDescription: 'Where a symbol is defined and where it is used in the workspace.',
    modelDescription:
      'Finds the definitions of a TypeScript/JavaScript symbol (file:line, kind, signature) and the places it is used (file:line:column, by name: the index does not type-check, so an unrelated symbol with the same name also shows). Accepts Container.member. When nothing is declared with that exact name, lists the closest names.',
    icon: '$(symbol-class)',
    input: symbolInput,
  },
  hotspots: {
    name: 'switchboard_hotspots',
    toolReferenceName: 'switchboardHotspots',
    displayName: 'Switchboard Complexity Hotspots',
    userDescription: 'The functions with the highest cyclomatic complexity in the workspace.',
    modelDescription:
      'Lists the TypeScript/JavaScript functions and methods with the highest cyclomatic complexity (file:line, name, complexity, signature), most complex first, optionally only under a workspace-relative path. Use it to find code that is hard to test or change.',
    icon: '$(flame)',
    input: hotspotsInput,
  },
  review: {
    name: 'switchboard_review',
    toolReferenceName: 'switchboardReview',
    displayName: 'Switchboard Review',
    userDescription: 'Reviews a file or the pending git changes with Switchboard\'s review models and returns the findings.',
    modelDescription:
      'Reviews one workspace file (target "file" with file) or the pending git changes against HEAD (target "changes") on Switchboard\'s review tier, and returns structured findings as JSON: {findings: [{file, startLine, endLine, severity: error|warning|info, message, suggestedFix?}]}, plus which model reviewed. It costs a model call; it changes nothing.',
    icon: '$(checklist)',
    input: reviewInput,
  },
  task: {
    name: 'switchboard_runTask',
    toolReferenceName: 'switchboardTask',
    displayName: 'Switchboard Multi-Model Task',
    userDescription: 'Runs a multi-model task (plan, research, generate, review, refine, validate) and proposes a change set for the person to preview.',
    modelDescription:
      'Runs a Switchboard multi-model task: each phase (plan, research, generate, review, refine, type-check validate) on the model tier suited to it, and returns the task\'s status, cost and a summary of the proposed change set (one line per file). It never writes files: the person previews the change and accepts or rejects it in the editor. Asks the person before it runs; it costs several model calls.',
    icon: '$(run-all)',
    input: taskInput,
  },
} as const satisfies Record<string, LmToolSpec>;

export const LM_TOOL_NAMES: ReadonlySet<string> = new Set(Object.values(LM_TOOLS).map((t) => t.name));

/** The JSON Schema VS Code shows an agent: zod's own, for the input side, without the dialect line. */
export function inputJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return json;
}

/** `contributes.languageModelTools`, exactly as package.json must hold it. */
export function languageModelToolContributions(): Record<string, unknown>[] {
  return Object.values(LM_TOOLS).map((t) => ({
    name: t.name,
    toolReferenceName: t.toolReferenceName,
    displayName: t.displayName,
    userDescription: t.userDescription,
    modelDescription: t.modelDescription,
    canBeReferencedInPrompt: true,
    icon: t.icon,
    tags: ['switchboard'],
    inputSchema: inputJsonSchema(t.input),
  }));
}
