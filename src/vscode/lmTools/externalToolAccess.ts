import * as vscode from 'vscode';
import { z } from 'zod';
import { LM_TOOL_NAMES } from '../../core/lmTools/toolCatalogue';
import type { Logger } from '../../core/log/logger';
import { oneLine } from '../../shared/oneLine';
import { externalResearchTools, SessionAllowances, type ExternalCall, type ExternalCallDecision, type ExternalToolPort } from '../../core/tasks/research/externalTools';
import type { ExternalToolOrigin } from '../../core/tasks/research/externalToolChoice';
import type { ResearchTool, ResearchToolContext } from '../../core/tasks/taskPorts';
import type { SettingsService } from '../settingsService';

/**
 * How a task's external tool calls are confirmed: VS Code's own confirmation, for a task started by
 * a chat request (the participant, or an agent calling the task tool) whose token travels with each
 * call; else `ask`, Switchboard's dialog before each call.
 */
export type ExternalToolMode = { readonly toolInvocationToken: vscode.ChatParticipantToolToken } | 'ask';

/** Asks the person about one call (the modal below; the integration tests answer in its place). */
export type AskExternalCall = (call: ExternalCall) => Promise<ExternalCallDecision>;

/** Names the research tools already use: an external tool with one of them is not offered. */
const RESEARCH_TOOL_NAMES = ['read_file', 'find_symbol', 'search_text', 'repo_map'];

/**
 * `LanguageModelToolInformation.source`, present at runtime on VS Code 1.139 (not on 1.100, nor in the
 * @types/vscode we build against): an extension's `{ id, label }` or an MCP server's
 * `{ name, label }`; absent for VS Code's own tools and on older versions.
 */
const toolSource = z.union([z.object({ id: z.string() }).transform((s): ExternalToolOrigin => ({ kind: 'extension', id: s.id })), z.object({ name: z.string() }).transform((s): ExternalToolOrigin => ({ kind: 'mcp', server: s.name }))]);

function originOf(tool: vscode.LanguageModelToolInformation): ExternalToolOrigin {
  const parsed = toolSource.safeParse((tool as { source?: unknown }).source);
  return parsed.success ? parsed.data : { kind: 'unknown' };
}

/**
 * Other extensions' tools for the research phase (`vscode.lm.tools`, MCP servers' included), behind
 * `switchboard.research.externalTools` and never under local-only privacy (the tools may send what
 * they are given anywhere). The allowances last as long as the window: "Allow for This Session".
 */
export class ExternalToolAccess {
  readonly allowances = new SessionAllowances();
  ask: AskExternalCall = askModal;

  constructor(
    private readonly settings: SettingsService,
    private readonly log: Logger,
  ) {}

  /** The research tools for one task; none when the setting is off. `context` shows a waiting dialog on the task's card. */
  toolsFor(mode: ExternalToolMode | undefined, context?: ResearchToolContext): readonly ResearchTool[] {
    const { research, router } = this.settings.value.settings;
    const setting = research.externalTools;
    if (!mode || setting === false || (Array.isArray(setting) && setting.length === 0)) return [];
    if (router.privacy.localOnly) {
      this.log.info('research: external tools are not offered under switchboard.privacy.localOnly');
      return [];
    }
    const token = mode === 'ask' ? undefined : mode.toolInvocationToken;
    const port: ExternalToolPort = {
      list: () => vscode.lm.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema, origin: originOf(t) })),
      invoke: async (name, input, signal) => {
        const cancel = new vscode.CancellationTokenSource();
        const onAbort = () => cancel.cancel();
        signal?.addEventListener('abort', onAbort, { once: true });
        try {
          const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: token }, cancel.token);
          return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
        } finally {
          signal?.removeEventListener('abort', onAbort);
          cancel.dispose();
        }
      },
    };
    return externalResearchTools(port, {
      ...(mode === 'ask' ? { confirm: (call: ExternalCall) => this.ask(call), ...(context ? { note: (text: string) => context.note(text) } : {}) } : {}),
      allowances: this.allowances,
      exclude: new Set([...LM_TOOL_NAMES, ...RESEARCH_TOOL_NAMES]),
      setting,
      log: this.log,
    });
  }
}

async function askModal(call: ExternalCall): Promise<ExternalCallDecision> {
  const allow: vscode.MessageItem = { title: 'Allow' };
  const session: vscode.MessageItem = { title: 'Allow for This Session' };
  const input = JSON.stringify(call.input, null, 1);
  const picked = await vscode.window.showWarningMessage(
    `Switchboard's research wants to call ${call.tool}, a tool from another extension.`,
    { modal: true, detail: `${oneLine(call.description, 300)}\n\nInput:\n${input.length > 1500 ? `${input.slice(0, 1500)}…` : input}` },
    allow,
    session,
  );
  return picked === allow ? 'allow' : picked === session ? 'allow-session' : 'deny';
}
