import * as vscode from 'vscode';
import type { ChatMessage, ModelRequest, ToolCall, ToolDefinition } from '../../core/providers/contract';
import { JSON_INSTRUCTION, schemaInstruction, selectTools, withInstruction } from '../../core/providers/promptedFallbacks';

/**
 * A contract request in the shapes of VS Code's Language Model API (1.100): messages with text,
 * tool-call and tool-result parts, tools and a tool mode. The API has no structured output, so a
 * schema is asked for in the prompt and the JSON arrives as text.
 */
export interface VscodeLmRequest {
  readonly messages: vscode.LanguageModelChatMessage[];
  readonly tools: vscode.LanguageModelChatTool[];
  /** Undefined when no tools are sent. */
  readonly toolMode: vscode.LanguageModelChatToolMode | undefined;
}

export function toVscodeLmRequest(request: ModelRequest, modelId: string): VscodeLmRequest {
  // `none` sends no tools; one named tool is sent alone, with a call required.
  const { tools, mustCall } = selectTools(request.tools, request.toolChoice, { provider: 'vscode-lm', modelId });
  return {
    messages: toVscodeLmMessages(withOutputInstruction(request)),
    tools: tools.map(toVscodeLmTool),
    toolMode: tools.length === 0 ? undefined : mustCall ? vscode.LanguageModelChatToolMode.Required : vscode.LanguageModelChatToolMode.Auto,
  };
}

function withOutputInstruction(request: ModelRequest): readonly ChatMessage[] {
  if (request.responseSchema) return withInstruction(request.messages, schemaInstruction(request.responseSchema));
  if (request.responseFormat === 'json') return withInstruction(request.messages, JSON_INSTRUCTION);
  return request.messages;
}

function toVscodeLmTool(tool: ToolDefinition): vscode.LanguageModelChatTool {
  return { name: tool.name, description: tool.description ?? '', inputSchema: tool.inputSchema };
}

/**
 * The API has two roles. System text goes first as user text (what Copilot Chat does); an
 * assistant turn carries its text and tool calls as parts; tool results go back in a user turn,
 * one turn for each run of consecutive results (the answers to one round of parallel calls).
 */
export function toVscodeLmMessages(messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
  const out: vscode.LanguageModelChatMessage[] = [];
  let results: vscode.LanguageModelToolResultPart[] = [];
  const flushResults = (): void => {
    if (results.length > 0) out.push(vscode.LanguageModelChatMessage.User(results));
    results = [];
  };
  for (const m of messages) {
    if (m.role === 'tool') {
      // The API's result part has no error flag: a failed call says so in its text.
      results.push(new vscode.LanguageModelToolResultPart(m.toolCallId, [new vscode.LanguageModelTextPart(m.isError ? `Error: ${m.content}` : m.content)]));
      continue;
    }
    flushResults();
    switch (m.role) {
      case 'assistant':
        out.push(
          m.toolCalls?.length
            ? vscode.LanguageModelChatMessage.Assistant([...(m.content ? [new vscode.LanguageModelTextPart(m.content)] : []), ...m.toolCalls.map(toToolCallPart)])
            : vscode.LanguageModelChatMessage.Assistant(m.content),
        );
        break;
      case 'system':
      case 'user':
        out.push(vscode.LanguageModelChatMessage.User(m.content));
        break;
    }
  }
  flushResults();
  return out;
}

function toToolCallPart(call: ToolCall): vscode.LanguageModelToolCallPart {
  // The API takes an object; a tool's arguments are one (JSON Schema `type: object`).
  const input = typeof call.arguments === 'object' && call.arguments !== null ? call.arguments : {};
  return new vscode.LanguageModelToolCallPart(call.id, call.name, input);
}
