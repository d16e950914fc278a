import assert from 'node:assert/strict';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { ToolCallAssembler } from '../../../src/core/providers/openaiToolCalls';

describe('ToolCallAssembler (chat-completions tool_calls deltas)', () => {
  it('keeps interleaved calls apart by index and returns them in index order', () => {
    const calls = new ToolCallAssembler();
    calls.add([{ index: 1, id: 'b', type: 'function', function: { name: 'two', arguments: '' } }]);
    calls.add([{ index: 0, id: 'a', type: 'function', function: { name: 'one', arguments: '{"x":' } }]);
    calls.add([{ index: 1, function: { arguments: '{"y":[' } }, { index: 0, function: { arguments: '1}' } }]);
    calls.add([{ index: 1, function: { arguments: '2]}' } }]);
    assert.deepEqual(calls.complete(), {
      ok: true,
      calls: [
        { id: 'a', name: 'one', arguments: { x: 1 } },
        { id: 'b', name: 'two', arguments: { y: [2] } },
      ],
    });
  });

  it('reads deltas without index as OpenAI means them: a new id starts the next call', () => {
    const calls = new ToolCallAssembler();
    // Some compatible servers leave `index` out, although the SDK's type says it is always there.
    const noIndex = (delta: object): ChatCompletionChunk.Choice.Delta.ToolCall => delta as ChatCompletionChunk.Choice.Delta.ToolCall;
    calls.add([noIndex({ id: 'a', function: { name: 'one', arguments: '{"x"' } })]);
    calls.add([noIndex({ function: { arguments: ':1}' } })]);
    calls.add([noIndex({ id: 'b', function: { name: 'two', arguments: '{}' } })]);
    assert.deepEqual(calls.complete(), { ok: true, calls: [{ id: 'a', name: 'one', arguments: { x: 1 } }, { id: 'b', name: 'two', arguments: {} }] });
  });

  it('names the call whose arguments are not JSON', () => {
    const calls = new ToolCallAssembler();
    calls.add([{ index: 0, id: 'a', function: { name: 'ok', arguments: '{}' } }, { index: 1, id: 'b', function: { name: 'broken', arguments: '{"x":' } }]);
    assert.deepEqual(calls.complete(), { ok: false, name: 'broken' });
  });
});
