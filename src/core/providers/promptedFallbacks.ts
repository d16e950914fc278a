import { ModelError, type ChatMessage, type ProviderKind, type ResponseSchema, type ToolChoice, type ToolDefinition } from './contract';

/**
 * What a provider cannot be asked natively is asked in words: which tools to offer for a
 * `toolChoice`, the instruction that a tool must be called, the schema an answer must follow.
 * Pure functions, shared by the adapters that need them (Ollama, VS Code's language models).
 */

/** The tools to send for a request, and whether the model must call one of them. */
export interface ToolSelection {
  readonly tools: readonly ToolDefinition[];
  readonly mustCall: boolean;
}

/**
 * `none` (or no tools) sends none; `auto` all; `required` all, with a call required; one named
 * tool only that one, with a call required.
 */
export function selectTools(
  tools: readonly ToolDefinition[] | undefined,
  choice: ToolChoice | undefined,
  who: { readonly provider: ProviderKind; readonly modelId: string },
): ToolSelection {
  if (!tools?.length || choice === 'none') return { tools: [], mustCall: false };
  if (choice === undefined || choice === 'auto') return { tools, mustCall: false };
  if (choice === 'required') return { tools, mustCall: true };
  const named = tools.filter((t) => t.name === choice.name);
  if (named.length === 0) {
    throw new ModelError({
      kind: 'bad-request',
      message: `toolChoice names the tool "${choice.name}", which is not among the request's tools (${tools.map((t) => t.name).join(', ')}).`,
      provider: who.provider,
      modelId: who.modelId,
    });
  }
  return { tools: named, mustCall: true };
}

/** The instruction for a provider with no native "must call a tool" switch. */
export function mustCallInstruction(tools: readonly ToolDefinition[]): string {
  return tools.length === 1
    ? `You must answer by calling the tool "${tools[0]!.name}", not with text.`
    : `You must answer by calling one of the tools (${tools.map((t) => `"${t.name}"`).join(', ')}), not with text.`;
}

/** The instruction for a provider with no native structured output. */
export function schemaInstruction(schema: ResponseSchema): string {
  const about = schema.description ? ` (${schema.description})` : '';
  return `Answer with one JSON object valid against this JSON Schema${about}, and nothing else: ${JSON.stringify(schema.schema)}`;
}

/** For `responseFormat: 'json'` where there is no JSON mode. */
export const JSON_INSTRUCTION = 'Answer with one JSON object and nothing else.';

/**
 * Appends an instruction to the first system or user message (the system prompt when there is
 * one), or starts the conversation with it as a system message.
 */
export function withInstruction(messages: readonly ChatMessage[], instruction: string): ChatMessage[] {
  const at = messages.findIndex((m) => m.role === 'system' || m.role === 'user');
  if (at === -1) return [{ role: 'system', content: instruction }, ...messages];
  return messages.map((m, i) => (i === at && (m.role === 'system' || m.role === 'user') ? { role: m.role, content: m.content ? `${m.content}\n\n${instruction}` : instruction } : m));
}
