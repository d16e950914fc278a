import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionFunctionTool,
  ChatCompletionMessageParam,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { ChatMessage, ModelRequest, StructuredOutputMode, ToolChoice } from './contract';
import { schemaInstruction, withInstruction } from './promptedFallbacks';
import { wrapForToolInput } from './objectRoot';
import type { ReasoningEffort } from './reasoning';
import { isStrictCompatible } from './strictSchema';

export interface OpenAIRequestSettings {
  readonly provider: 'openai' | 'openai-compatible';
  readonly model: string;
  readonly maxOutputTokens?: number;
  readonly temperature?: number;
  readonly reasoning?: ReasoningEffort;
}

/**
 * The chat-completions body for a request. `structuredOutput` says how a `responseSchema` travels:
 * natively as `json_schema`, or (for a compatible server that refused it) as JSON mode with the
 * schema in the system message.
 */
export function buildChatParams(
  settings: OpenAIRequestSettings,
  request: ModelRequest,
  structuredOutput: Exclude<StructuredOutputMode, 'prompt'>,
): ChatCompletionCreateParamsStreaming {
  const maxTokens = request.maxOutputTokens ?? settings.maxOutputTokens;
  const temperature = request.temperature ?? settings.temperature;
  // json_schema and JSON mode both answer with an object: another root travels as `{ value: … }`
  // (the adapter unwraps the answer, see answersWrapped).
  const schema = request.responseSchema && answersWrapped(request) ? Object.assign({}, request.responseSchema, { schema: wrapForToolInput(request.responseSchema.schema).schema }) : request.responseSchema;
  // JSON mode guarantees JSON, not the shape: the schema goes into the conversation in words.
  const messages = schema && structuredOutput === 'json-object' ? withInstruction(request.messages, schemaInstruction(schema)) : request.messages;
  const tools = request.tools ?? [];
  return {
    model: settings.model,
    messages: toOpenAIMessages(messages),
    stream: true,
    stream_options: { include_usage: true },
    ...(temperature !== undefined ? { temperature } : {}),
    ...(settings.reasoning !== undefined ? { reasoning_effort: settings.reasoning } : {}),
    // OpenAI's newer models reject max_tokens; compatible servers mostly know only max_tokens.
    ...(maxTokens !== undefined ? (settings.provider === 'openai' ? { max_completion_tokens: maxTokens } : { max_tokens: maxTokens }) : {}),
    ...(tools.length > 0
      ? {
          tools: tools.map(
            (tool): ChatCompletionFunctionTool => ({
              type: 'function',
              function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: { ...tool.inputSchema } },
            }),
          ),
          // Without it the server's default applies, which is `auto` on OpenAI.
          ...(request.toolChoice ? { tool_choice: toToolChoice(request.toolChoice) } : {}),
        }
      : {}),
    ...(schema
      ? {
          response_format:
            structuredOutput === 'json-schema'
              ? {
                  type: 'json_schema' as const,
                  json_schema: {
                    name: schema.name,
                    ...(schema.description ? { description: schema.description } : {}),
                    schema: { ...schema.schema },
                    // Strict mode only for a schema it takes as written: it is never rewritten to fit.
                    strict: isStrictCompatible(schema.schema),
                  },
                }
              : { type: 'json_object' as const },
        }
      : request.responseFormat === 'json'
        ? { response_format: { type: 'json_object' as const } }
        : {}),
  };
}

/** The request's schema has no object at its root: its answer comes wrapped as `{ value: … }`. */
export function answersWrapped(request: ModelRequest): boolean {
  return request.responseSchema !== undefined && request.responseSchema.schema['type'] !== 'object';
}

function toToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  return typeof choice === 'string' ? choice : { type: 'function', function: { name: choice.name } };
}

export function toOpenAIMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((m): ChatCompletionMessageParam => {
    switch (m.role) {
      case 'tool':
        // Chat-completions has no error flag on a tool result: the content says what went wrong.
        // Chat completions has no error flag on a tool result: say it in the text, as for Ollama.
        return { role: 'tool', tool_call_id: m.toolCallId, content: m.isError ? `Error: ${m.content}` : m.content };
      case 'assistant':
        if (!m.toolCalls?.length) {
          return { role: 'assistant', content: m.content };
        }
        return {
          role: 'assistant',
          // OpenAI's own form of a turn that only calls tools is `content: null`.
          content: m.content.length > 0 ? m.content : null,
          tool_calls: m.toolCalls.map((c) => ({ id: c.id, type: 'function' as const, function: { name: c.name, arguments: JSON.stringify(c.arguments ?? {}) } })),
        };
      default:
        return { role: m.role, content: m.content };
    }
  });
}
