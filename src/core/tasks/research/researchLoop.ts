import type { ChatMessage, ModelRequest, ToolCall } from '../../providers/contract';
import type { Capability } from '../../router/capabilities';
import type { RouteResult } from '../../router/routeEvents';
import type { PhaseRouter } from '../phaseRouter';
import type { ResearchTool } from '../taskPorts';

export interface ResearchLoopOptions {
  /** Rounds in which the model may call tools; one more call then asks for the summary. */
  readonly maxSteps: number;
}

export interface ResearchLoopResult {
  /** The model's last answer: its summary of what it found, for the next phase. */
  readonly transcript: string;
  /** Tool calls run, failed ones included. */
  readonly toolCalls: number;
  /** One per routed request, in order. */
  readonly results: RouteResult[];
  /** The signal aborted while tools ran: the exploration was cut short, its transcript is not a summary. */
  readonly stopped?: boolean;
}

const SUMMARY_REQUEST =
  'Stop calling tools now. Summarise what you found that the next phase needs: the files and symbols involved (with file:line), how they fit together, and anything that constrains the change.';

/**
 * Lets a tool-calling research model explore the workspace with the read-only tools for at most
 * `maxSteps` rounds: each round routes the conversation with the tools, runs every call the answer
 * asks for and appends the assistant turn and the tool results. A model that answers without a
 * tool ends the loop; otherwise one last call with `toolChoice: 'none'` asks for the summary. A
 * route that fails ends the loop with what it has (the results say why); a tool that fails becomes
 * a tool result with `isError`, so the model can correct itself. Every round goes through the
 * phase's router, which adds the phase's route options, re-emits its events and keeps its fallbacks.
 */
export async function runResearchTools(
  router: Pick<PhaseRouter, 'complete' | 'base'>,
  capability: Capability,
  request: ModelRequest,
  tools: readonly ResearchTool[],
  options: ResearchLoopOptions,
): Promise<ResearchLoopResult> {
  const byName = new Map(tools.map((t) => [t.definition.name, t] as const));
  const definitions = tools.map((t) => t.definition);
  const messages: ChatMessage[] = [...request.messages];
  const results: RouteResult[] = [];
  const signal = router.base.signal;
  let toolCalls = 0;
  // Later rounds go back to the model that started exploring while it answers (its own tool-call ids, its context).
  let preferred: string | undefined;
  const ask = async (toolChoice: ModelRequest['toolChoice']): Promise<RouteResult> => {
    const result = await router.complete(capability, Object.assign({}, request, { messages: [...messages], tools: definitions, toolChoice }), preferred && !router.base.onlyModel ? { preferModel: preferred } : {});
    results.push(result);
    preferred ??= result.modelId;
    return result;
  };

  for (let step = 0; step < options.maxSteps; step++) {
    const result = await ask(request.toolChoice ?? 'auto');
    if (result.outcome !== 'success') return { transcript: result.text, toolCalls, results };
    const calls = result.toolCalls ?? [];
    if (calls.length === 0) return { transcript: result.text, toolCalls, results };
    messages.push({ role: 'assistant', content: result.text, toolCalls: calls });
    // Read-only tools: run together, answered in the order the model asked.
    messages.push(...(await Promise.all(calls.map((call) => runCall(byName, call, signal)))));
    toolCalls += calls.length;
    if (signal?.aborted) return { transcript: '', toolCalls, results, stopped: true };
  }
  messages.push({ role: 'user', content: SUMMARY_REQUEST });
  // The tools stay on the request: Anthropic refuses tool turns in a history without them.
  const summary = await ask('none');
  return { transcript: summary.text, toolCalls, results };
}

async function runCall(tools: ReadonlyMap<string, ResearchTool>, call: ToolCall, signal: AbortSignal | undefined): Promise<ChatMessage> {
  const answer = (content: string, isError: boolean): ChatMessage => ({ role: 'tool', toolCallId: call.id, toolName: call.name, content, ...(isError ? { isError } : {}) });
  const tool = tools.get(call.name);
  if (!tool) return answer(`There is no tool named ${call.name}. The tools are: ${[...tools.keys()].join(', ')}.`, true);
  try {
    return answer(await tool.run(call.arguments, signal), false);
  } catch (error) {
    return answer(error instanceof Error ? error.message : String(error), true);
  }
}
