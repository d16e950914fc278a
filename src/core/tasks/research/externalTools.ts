import type { Logger } from '../../log/logger';
import type { JsonSchema } from '../../providers/contract';
import { boundText } from '../../lmTools/toolResults';
import type { ResearchSource, ResearchTool, ResearchToolContext } from '../taskPorts';
import { chooseExternalTools, describeChoice, type ExternalToolOrigin, type ExternalToolSetting } from './externalToolChoice';
import { MAX_TOOL_OUTPUT_CHARS } from './researchTools';

export { MAX_EXTERNAL_TOOLS } from './externalToolChoice';

/*
 * Other extensions' language-model tools (vscode.lm.tools, MCP servers' included) offered to the
 * research model next to the workspace tools. Switchboard cannot see what such a tool does, so each
 * call is confirmed first: by the host itself (VS Code's confirmation, in the participant) or by the
 * `confirm` port (a dialog), with an answer that can hold for the rest of the session. Switchboard's
 * own tools are never offered back to it.
 */

export interface ExternalToolInfo {
  readonly name: string;
  readonly description: string;
  readonly inputSchema?: object | undefined;
  /** Absent when the host does not say (VS Code before `LanguageModelToolInformation.source`). */
  readonly origin?: ExternalToolOrigin;
}

/** What the host offers: the tools registered now, and a way to call one. */
export interface ExternalToolPort {
  list(): readonly ExternalToolInfo[];
  /** The tool's text result; throws with the tool's own message when it fails. */
  invoke(name: string, input: object, signal?: AbortSignal): Promise<string>;
}

export type ExternalCallDecision = 'allow' | 'allow-session' | 'deny';

export interface ExternalCall {
  readonly tool: string;
  readonly description: string;
  readonly input: object;
}

/** Which tools the person allowed for the rest of this session (one per window, shared by its tasks). */
export class SessionAllowances {
  private readonly allowed = new Set<string>();
  has(tool: string): boolean {
    return this.allowed.has(tool);
  }
  add(tool: string): void {
    this.allowed.add(tool);
  }
}

export interface ExternalToolOptions {
  /**
   * Asks the person before a call. Absent when the host confirms each call itself (the participant
   * passes VS Code its request's toolInvocationToken, so VS Code shows its own confirmation).
   */
  readonly confirm?: (call: ExternalCall, signal?: AbortSignal) => Promise<ExternalCallDecision>;
  readonly allowances: SessionAllowances;
  /** Names never offered: Switchboard's own tools, and the research tools' names. */
  readonly exclude: ReadonlySet<string>;
  /** `switchboard.research.externalTools`: any tool (`true`) or the listed names and patterns. */
  readonly setting: ExternalToolSetting;
  readonly log: Logger;
  /** The task card's line while `confirm` waits, and what the person answered. */
  readonly note?: (text: string) => void;
}

const MAX_DESCRIPTION_CHARS = 1000;

/** The chosen external tools (see chooseExternalTools) as research tools, each call confirmed, each answer bounded. */
export function externalResearchTools(port: ExternalToolPort, options: ExternalToolOptions): ResearchTool[] {
  const candidates = port.list().map((info) => Object.assign({}, info, { origin: info.origin ?? { kind: 'unknown' as const } }));
  const choice = chooseExternalTools(candidates, options.setting, options.exclude);
  options.log.info(describeChoice(choice));
  if (choice.unmatched.length > 0) options.log.warn(`research: switchboard.research.externalTools lists ${choice.unmatched.map((e) => `"${e}"`).join(', ')}, which match no registered tool`);
  return choice.offered.map((info) => externalTool(port, info, options));
}

function externalTool(port: ExternalToolPort, info: ExternalToolInfo, options: ExternalToolOptions): ResearchTool {
  const description = `(From another extension; the person confirms each call.) ${info.description}`.slice(0, MAX_DESCRIPTION_CHARS);
  const inputSchema = (info.inputSchema && typeof info.inputSchema === 'object' ? info.inputSchema : { type: 'object', properties: {} }) as JsonSchema;
  return {
    definition: { name: info.name, description, inputSchema },
    async run(args, signal) {
      signal?.throwIfAborted();
      const input = args ?? {};
      if (typeof input !== 'object' || Array.isArray(input)) throw new Error(`Invalid arguments for ${info.name}: expected a JSON object`);
      if (options.confirm && !options.allowances.has(info.name)) {
        options.note?.(`Research wants to call ${info.name}, a tool from another extension: waiting for your answer in the dialog.`);
        const decision = await options.confirm({ tool: info.name, description: info.description, input }, signal);
        if (decision === 'deny') {
          options.log.info(`research: the person declined a call to external tool ${info.name}`);
          options.note?.(`You declined ${info.name}; research goes on without it.`);
          throw new Error(`The person declined this call to ${info.name}. Do not call it again in this task; continue with the other tools.`);
        }
        if (decision === 'allow-session') options.allowances.add(info.name);
        options.note?.(decision === 'allow-session' ? `You allowed ${info.name} for this session.` : `You allowed this call to ${info.name}.`);
      }
      try {
        const text = await port.invoke(info.name, input, signal);
        options.log.info(`research: external tool ${info.name} answered (${text.length} characters)`);
        return boundText(text, 'the external tool\'s answer was longer than a research tool may return', MAX_TOOL_OUTPUT_CHARS).text;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        options.log.warn(`research: external tool ${info.name} failed: ${message}`);
        throw new Error(`${info.name} failed: ${message}`, { cause: error });
      }
    },
  };
}

/** A research source whose tools are the workspace's and then `extra` (computed when the phase asks). */
export function withExtraTools(source: ResearchSource, extra: (context?: ResearchToolContext) => readonly ResearchTool[]): ResearchSource {
  return {
    gather: (query, maxTokens, signal, onNote) => source.gather(query, maxTokens, signal, onNote),
    tools: (context) => {
      const own = source.tools(context);
      const names = new Set(own.map((t) => t.definition.name));
      return [...own, ...extra(context).filter((t) => !names.has(t.definition.name))];
    },
  };
}
