import type {
  ContentBlockParam,
  MessageParam,
  Tool,
  ToolChoice as AnthropicToolChoice,
  ToolResultBlockParam,
} from '@anthropic-ai/sdk/resources/messages/messages';
import { ModelError, type ChatMessage, type ModelRequest, type ToolDefinition } from './contract';
import { WRAPPED_ANSWER_KEY, wrapForToolInput } from './objectRoot';

export { WRAPPED_ANSWER_KEY };

/** The request's `tools` and `tool_choice`, and the forced tool that carries a `responseSchema`. */
export interface AnthropicToolParams {
  readonly tools?: Tool[];
  readonly tool_choice?: AnthropicToolChoice;
  /** Name of the tool whose input is the structured answer: its JSON streams as text. */
  readonly schemaTool?: string;
  /**
   * The schema's root is not an object, so the tool's input wraps the answer as `{ value: … }`
   * (see wrapForToolInput): the answer is the input's `value`.
   */
  readonly schemaWrapped?: boolean;
}

/**
 * Maps tools and tool choice onto the Messages API. Structured output has no JSON mode there, so a
 * `responseSchema` becomes one more tool whose input is the answer. With no tools of its own the
 * request forces that tool; beside the caller's tools it asks for "any" tool, so the model either
 * calls one of them or answers through the schema tool (forcing the schema tool would leave the
 * caller's tools uncallable).
 */
export function toAnthropicTools(request: ModelRequest, modelId: string): AnthropicToolParams {
  const own = request.tools ?? [];
  const schema = request.responseSchema;
  if (schema && own.some((t) => t.name === schema.name)) {
    throw new ModelError({
      kind: 'bad-request',
      provider: 'anthropic',
      modelId,
      message: `The response schema "${schema.name}" has the name of one of the request's tools; Anthropic receives the schema as a tool, so the names must differ.`,
    });
  }
  const tools = own.map(toTool);
  const input = schema ? wrapForToolInput(schema.schema) : undefined;
  if (schema && input) {
    const description = schema.description ?? 'Give the answer as this tool\'s input.';
    tools.push(toTool({ name: schema.name, description: input.wrapped ? `${description} Put the answer in "${WRAPPED_ANSWER_KEY}".` : description, inputSchema: input.schema }));
  }
  if (tools.length === 0) {
    return {};
  }
  const choice = request.toolChoice ?? 'auto';
  if (schema) {
    const forced: AnthropicToolChoice =
      typeof choice === 'object' ? { type: 'tool', name: choice.name } : own.length === 0 || choice === 'none' ? { type: 'tool', name: schema.name } : { type: 'any' };
    return { tools, tool_choice: forced, schemaTool: schema.name, ...(input?.wrapped ? { schemaWrapped: true } : {}) };
  }
  // `none` keeps the tools on the wire: the API refuses tool_use blocks in the history without them.
  return { tools, tool_choice: toToolChoice(choice) };
}

function toTool(tool: ToolDefinition): Tool {
  return {
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    input_schema: tool.inputSchema as Tool.InputSchema,
  };
}

function toToolChoice(choice: NonNullable<ModelRequest['toolChoice']>): AnthropicToolChoice {
  if (typeof choice === 'object') return { type: 'tool', name: choice.name };
  switch (choice) {
    case 'auto':
      return { type: 'auto' };
    case 'required':
      return { type: 'any' };
    case 'none':
      return { type: 'none' };
  }
}

/**
 * The Messages API's turns. System text goes in `system` (the caller joins it). An assistant's tool
 * calls are `tool_use` blocks; tool results are `tool_result` blocks in a user turn. Turns must
 * alternate, so consecutive turns of one role merge into one, and in a user turn the tool results
 * come before any text, as the API requires after a `tool_use` turn.
 */
export function toAnthropicMessages(messages: readonly ChatMessage[]): MessageParam[] {
  const out: Array<{ role: 'user' | 'assistant'; content: ContentBlockParam[] }> = [];
  for (const m of messages) {
    if (m.role === 'system') continue;
    const role = m.role === 'assistant' ? 'assistant' : 'user';
    const blocks = toBlocks(m);
    if (blocks.length === 0) continue;
    const last = out.at(-1);
    if (last?.role === role) {
      last.content.push(...blocks);
    } else {
      out.push({ role, content: blocks });
    }
  }
  return out.map((turn) => ({ role: turn.role, content: compact(turn.role === 'user' ? toolResultsFirst(turn.content) : turn.content) }));
}

/** A turn of plain text is sent as a string, the API's short form. */
function compact(blocks: ContentBlockParam[]): string | ContentBlockParam[] {
  const only = blocks.length === 1 ? blocks[0] : undefined;
  return only?.type === 'text' ? only.text : blocks;
}

function toBlocks(m: Exclude<ChatMessage, { role: 'system' }>): ContentBlockParam[] {
  // The API refuses empty text blocks.
  const text: ContentBlockParam[] = m.content ? [{ type: 'text', text: m.content }] : [];
  switch (m.role) {
    case 'user':
      return text;
    case 'assistant':
      return [
        ...text,
        ...(m.toolCalls ?? []).map((c): ContentBlockParam => ({ type: 'tool_use', id: toolUseId(c.id), name: c.name, input: isObject(c.arguments) ? c.arguments : {} })),
      ];
    case 'tool':
      return [{ type: 'tool_result', tool_use_id: toolUseId(m.toolCallId), content: m.content, ...(m.isError ? { is_error: true } : {}) } satisfies ToolResultBlockParam];
  }
}

function toolResultsFirst(blocks: ContentBlockParam[]): ContentBlockParam[] {
  return [...blocks.filter((b) => b.type === 'tool_result'), ...blocks.filter((b) => b.type !== 'tool_result')];
}

/**
 * Anthropic ids match ^[a-zA-Z0-9_-]+$; calls made by another provider (a fallback mid-conversation)
 * may carry other characters. The same mapping on both sides keeps each call and its result paired.
 */
function toolUseId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_') || 'toolu_unnamed';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
