import type { RoutedCapability } from '../chat/chatVocabulary';
import type { ChatMessage, ModelRequest, ToolCall, ToolDefinition } from '../providers/contract';
import type { ProviderTarget } from './providerModels';

/**
 * A request that reached Switchboard's language-model provider, in plain shapes (the VS Code layer
 * copies its parts into these), and how it becomes one routed request of the provider contract.
 */

export type IncomingPart =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'tool-call'; readonly callId: string; readonly name: string; readonly input: unknown }
  | { readonly type: 'tool-result'; readonly callId: string; readonly text: string }
  /** A part this version does not know (images, data): counted, never sent. */
  | { readonly type: 'other' };

export interface IncomingMessage {
  readonly role: 'user' | 'assistant' | 'system';
  readonly parts: readonly IncomingPart[];
}

export interface IncomingTool {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema?: unknown;
}

export interface IncomingOptions {
  readonly tools?: readonly IncomingTool[];
  readonly toolMode: 'auto' | 'required';
  readonly maxOutputTokens?: number;
}

const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} } as const;

/** Tool definitions and calls pass through unchanged; tool results become tool messages named after their call. */
export function toModelRequest(messages: readonly IncomingMessage[], options: IncomingOptions): ModelRequest {
  const toolNames = new Map<string, string>();
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const text = m.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('');
    if (m.role === 'assistant') {
      const calls: ToolCall[] = m.parts.flatMap((p) => (p.type === 'tool-call' ? [{ id: p.callId, name: p.name, arguments: p.input }] : []));
      for (const c of calls) toolNames.set(c.id, c.name);
      out.push(calls.length > 0 ? { role: 'assistant', content: text, toolCalls: calls } : { role: 'assistant', content: text });
      continue;
    }
    // Results answer the previous assistant turn's calls, so they come before any new user text.
    for (const p of m.parts) {
      if (p.type === 'tool-result') out.push({ role: 'tool', toolCallId: p.callId, toolName: toolNames.get(p.callId) ?? 'unknown', content: p.text });
    }
    if (text.length > 0) out.push({ role: m.role, content: text });
  }
  const tools: ToolDefinition[] = (options.tools ?? []).map((t) => ({
    name: t.name,
    ...(t.description ? { description: t.description } : {}),
    inputSchema: isObject(t.inputSchema) ? t.inputSchema : EMPTY_OBJECT_SCHEMA,
  }));
  return {
    messages: out,
    ...(tools.length > 0 ? { tools, toolChoice: options.toolMode === 'required' ? 'required' : 'auto' } : {}),
    ...(options.maxOutputTokens !== undefined ? { maxOutputTokens: options.maxOutputTokens } : {}),
  };
}

/** Every text of the request (user and system turns, tool results), for the loop guard. */
export function incomingTexts(messages: readonly IncomingMessage[]): string[] {
  return messages.flatMap((m) => m.parts.flatMap((p) => (p.type === 'text' || p.type === 'tool-result' ? [p.text] : [])));
}

/** How a picked Switchboard model is routed: Auto classifies; a tier routes there; a model is asked first, its request classified. */
export function routeFor(target: ProviderTarget): { readonly capability: RoutedCapability | 'auto'; readonly pickedModel?: string } {
  if (target.kind === 'tier') return { capability: target.capability };
  if (target.kind === 'model') return { capability: 'auto', pickedModel: target.modelId };
  return { capability: 'auto' };
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
