import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { ToolCall } from './contract';

type ToolCallDelta = ChatCompletionChunk.Choice.Delta.ToolCall;

interface PendingCall {
  id: string | undefined;
  name: string | undefined;
  argumentText: string;
}

export type AssembledToolCalls =
  | { readonly ok: true; readonly calls: readonly ToolCall[] }
  /** A call whose arguments are not JSON: the provider's bug, reported by the adapter. */
  | { readonly ok: false; readonly name: string };

/**
 * Assembles chat-completions `delta.tool_calls[]` fragments into whole calls. Each fragment names
 * its call by `index`: the first carries `id` and `function.name`, later ones pieces of
 * `function.arguments` cut anywhere (mid-JSON, mid-string), and several calls may interleave.
 */
export class ToolCallAssembler {
  private readonly pending = new Map<number, PendingCall>();
  private lastIndex = -1;

  get size(): number {
    return this.pending.size;
  }

  add(deltas: readonly ToolCallDelta[]): void {
    for (const delta of deltas) {
      const index = this.indexOf(delta);
      this.lastIndex = index;
      let call = this.pending.get(index);
      if (!call) {
        call = { id: undefined, name: undefined, argumentText: '' };
        this.pending.set(index, call);
      }
      call.id ??= delta.id ?? undefined;
      call.name ??= delta.function?.name ?? undefined;
      call.argumentText += delta.function?.arguments ?? '';
    }
  }

  /** What the model wrote for its calls (names and argument text), to estimate the tokens of one that failed. */
  text(): string {
    let text = '';
    for (const call of this.pending.values()) text += (call.name ?? '') + call.argumentText;
    return text;
  }

  /** The calls in index order, arguments parsed; empty argument text means no arguments (`{}`). */
  complete(): AssembledToolCalls {
    const calls: ToolCall[] = [];
    for (const [index, call] of [...this.pending.entries()].sort(([a], [b]) => a - b)) {
      const name = call.name ?? '';
      const text = call.argumentText.trim();
      let args: unknown = {};
      if (text.length > 0) {
        try {
          args = JSON.parse(text);
        } catch {
          return { ok: false, name };
        }
      }
      // Some compatible servers send no id; the tool result still needs one to answer.
      calls.push({ id: call.id ?? `call_${index}`, name, arguments: args });
    }
    return { ok: true, calls };
  }

  /**
   * OpenAI always sends `index`; a compatible server that does not is read as OpenAI would mean
   * it: a fragment with a new id starts the next call, one without continues the last.
   */
  private indexOf(delta: ToolCallDelta): number {
    if (typeof delta.index === 'number') {
      return delta.index;
    }
    const last = this.pending.get(this.lastIndex);
    const startsNew = last === undefined || (delta.id !== undefined && delta.id !== last.id);
    return startsNew ? Math.max(-1, ...this.pending.keys()) + 1 : this.lastIndex;
  }
}
