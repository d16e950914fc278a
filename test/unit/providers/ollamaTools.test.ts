import assert from 'node:assert/strict';
import type { ModelRequest, StreamPart, ToolCall, ToolDefinition } from '../../../src/core/providers/contract';
import { ModelError } from '../../../src/core/providers/contract';
import { createOllamaModel } from '../../../src/core/providers/ollamaModel';
import type { ModelSettings } from '../../../src/core/providers/modelSettings';
import { startFakeOllama, type FakeOllamaServer } from '../../support/fakeProviders';
import { REQUEST, run } from './providerHarness';

const WEATHER: ToolDefinition = {
  name: 'get_weather',
  description: 'The weather in a city now.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};
const TIME: ToolDefinition = {
  name: 'get_time',
  description: 'The local time in a city.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const ASK: ModelRequest = { messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Weather in Paris?' }], tools: [WEATHER, TIME] };

/** The calls, with each made-up id checked (call_<8 hex of this response>_<n>) and replaced by call_<n>. */
function toolCalls(parts: readonly StreamPart[]): ToolCall[] {
  const calls = parts.flatMap((p) => (p.type === 'tool-call' ? [p.call] : []));
  const tags = new Set(calls.map((c) => /^call_([0-9a-f]{8})_\d+$/.exec(c.id)?.[1]));
  assert.ok(calls.length === 0 || (tags.size === 1 && !tags.has(undefined)), `one response's ids share one tag: ${calls.map((c) => c.id).join(', ')}`);
  return calls.map((c) => ({ ...c, id: c.id.replace(/^call_[0-9a-f]{8}_/, 'call_') }));
}

function body(server: FakeOllamaServer, index = 0): Record<string, unknown> {
  return server.chatRequests[index]?.body as Record<string, unknown>;
}

function messagesSent(server: FakeOllamaServer, index = 0): Array<Record<string, unknown>> {
  return body(server, index)['messages'] as Array<Record<string, unknown>>;
}

/** Tools, tool choice, structured output and reasoning through the `ollama` package, on the wire. */
describe('ollama model: tools and structured output', () => {
  let server: FakeOllamaServer;
  const model = (settings: Partial<ModelSettings> = {}) => createOllamaModel({ model: 'llama3.2', baseURL: server.baseURL, ...settings });

  before(async () => {
    server = await startFakeOllama();
  });
  afterEach(() => {
    server.reset();
  });
  after(async () => {
    await server.close();
  });

  it('sends tools as functions, yields the call whole with a made-up id, and finishes with tool-calls', async () => {
    server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }], usage: { input: 30, output: 9 } });
    const out = await run(model(), ASK);
    assert.equal(out.error, undefined);
    assert.deepEqual(body(server)['tools'], [
      { type: 'function', function: { name: 'get_weather', description: 'The weather in a city now.', parameters: WEATHER.inputSchema } },
      { type: 'function', function: { name: 'get_time', description: 'The local time in a city.', parameters: TIME.inputSchema } },
    ]);
    assert.deepEqual(toolCalls(out.parts), [{ id: 'call_0', name: 'get_weather', arguments: { city: 'Paris' } }]);
    assert.deepEqual(out.parts.at(-1), { type: 'finish', reason: 'tool-calls', usage: out.usage });
    assert.deepEqual(out.usage?.output, { tokens: 9, source: 'reported' });
  });

  it('sends the assistant’s tool calls and the tool result (with tool_name) back on the wire', async () => {
    server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
    const first = await run(model(), ASK);
    const [call] = toolCalls(first.parts);
    assert.ok(call);
    server.enqueue({ kind: 'text', chunks: ['Sunny, ', '21 °C.'] });
    const second = await run(model(), {
      ...ASK,
      messages: [
        ...ASK.messages,
        { role: 'assistant', content: '', toolCalls: [call] },
        { role: 'tool', toolCallId: call.id, toolName: call.name, content: '{"sky":"clear","celsius":21}' },
      ],
    });
    assert.equal(second.error, undefined);
    assert.equal(second.text, 'Sunny, 21 °C.');
    assert.deepEqual(second.parts.at(-1), { type: 'finish', reason: 'stop', usage: second.usage });
    assert.deepEqual(messagesSent(server, 1).slice(2), [
      { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Paris' } } }] },
      { role: 'tool', content: '{"sky":"clear","celsius":21}', tool_name: 'get_weather' },
    ]);
  });

  it('says a failed tool result is an error in its text (Ollama has no error flag)', async () => {
    await run(model(), {
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: 'Let me look.', toolCalls: [{ id: 'call_0', name: 'get_weather', arguments: { city: 'Atlantis' } }] },
        { role: 'tool', toolCallId: 'call_0', toolName: 'get_weather', content: 'unknown city', isError: true },
      ],
      tools: [WEATHER],
    });
    assert.deepEqual(messagesSent(server).slice(1), [
      { role: 'assistant', content: 'Let me look.', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Atlantis' } } }] },
      { role: 'tool', content: 'Error: unknown city', tool_name: 'get_weather' },
    ]);
  });

  it('yields parallel calls in order, with distinct ids, after any text', async () => {
    server.enqueue({
      kind: 'text',
      chunks: ['Checking both.'],
      toolCalls: [
        { name: 'get_weather', arguments: '{"city":"Paris"}' },
        { name: 'get_time', arguments: '{"city":"Tokyo"}' },
      ],
    });
    const out = await run(model(), ASK);
    assert.equal(out.error, undefined);
    assert.deepEqual(
      out.parts.map((p) => p.type),
      ['text-delta', 'tool-call', 'tool-call', 'finish'],
    );
    assert.deepEqual(toolCalls(out.parts), [
      { id: 'call_0', name: 'get_weather', arguments: { city: 'Paris' } },
      { id: 'call_1', name: 'get_time', arguments: { city: 'Tokyo' } },
    ]);
    assert.deepEqual(out.parts.at(-1), { type: 'finish', reason: 'tool-calls', usage: out.usage });
  });

  it('makes up ids that differ between responses, so a later tool round never repeats one', async () => {
    const call = { name: 'get_weather', arguments: '{"city":"Paris"}' };
    server.enqueue({ kind: 'text', chunks: [], toolCalls: [call] }, { kind: 'text', chunks: [], toolCalls: [call] });
    const first = await run(model(), ASK);
    const second = await run(model(), ASK);
    const ids = [...first.parts, ...second.parts].flatMap((p) => (p.type === 'tool-call' ? [p.call.id] : []));
    assert.equal(ids.length, 2);
    assert.notEqual(ids[0], ids[1]);
  });

  it('parses arguments a server sends as a JSON string, and reads empty ones as {}', async () => {
    server.enqueue({
      kind: 'raw',
      status: 200,
      headers: { 'content-type': 'application/x-ndjson' },
      body: [
        { model: 'llama3.2', created_at: '2026-01-01T00:00:00Z', message: { role: 'assistant', content: '', tool_calls: [{ function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }, { function: { name: 'get_time', arguments: '' } }] }, done: false },
        { model: 'llama3.2', created_at: '2026-01-01T00:00:00Z', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', prompt_eval_count: 10, eval_count: 5 },
      ]
        .map((line) => `${JSON.stringify(line)}\n`)
        .join(''),
    });
    const out = await run(model(), ASK);
    assert.equal(out.error, undefined);
    assert.deepEqual(toolCalls(out.parts), [
      { id: 'call_0', name: 'get_weather', arguments: { city: 'Oslo' } },
      { id: 'call_1', name: 'get_time', arguments: {} },
    ]);
  });

  it('fails with a server error when a call’s arguments are not valid JSON', async () => {
    server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ name: 'get_weather', arguments: '{"city": Paris' }] });
    const out = await run(model(), ASK);
    assert.ok(out.error instanceof ModelError, String(out.error));
    assert.equal(out.error.kind, 'server');
    assert.equal(out.error.retryable, true);
    assert.equal(out.error.message, 'llama3.2 sent tool call get_weather with arguments that are not valid JSON');
    assert.equal(toolCalls(out.parts).length, 0);
  });

  it('reports a model without tool support as a bad request saying so, remembers it, and still answers without tools', async () => {
    const refusing = await startFakeOllama({ refuseTools: true });
    try {
      const llama2 = createOllamaModel({ model: 'llama2', baseURL: refusing.baseURL });
      assert.equal(llama2.features?.().tools, 'unknown', 'not known before a request carries tools');
      const out = await run(llama2, ASK);
      assert.ok(out.error instanceof ModelError, String(out.error));
      assert.equal(out.error.kind, 'bad-request');
      assert.equal(out.error.status, 400);
      assert.match(out.error.message, /^Model "llama2" does not support tool calls: the Ollama server at .* refused the request's tools\. .*Ollama said: registry\.ollama\.ai\/library\/llama2 does not support tools/);
      assert.equal(refusing.chatRequests.length, 1, 'no silent retry without the tools');
      assert.equal(llama2.features?.().tools, 'unsupported', 'remembered: the router sends it no more tool work');
      refusing.enqueue({ kind: 'text', chunks: ['Hello.'] });
      const plain = await run(llama2, { messages: [{ role: 'user', content: 'Hi' }] });
      assert.equal(plain.error, undefined);
      assert.equal(plain.text, 'Hello.');
    } finally {
      await refusing.close();
    }
  });

  describe('tool choice, which Ollama lacks, emulated on the wire', () => {
    it('auto: all tools, no instruction', async () => {
      await run(model(), { ...ASK, toolChoice: 'auto' });
      assert.equal((body(server)['tools'] as unknown[]).length, 2);
      assert.deepEqual(messagesSent(server), [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Weather in Paris?' },
      ]);
    });

    it('none: no tools at all', async () => {
      await run(model(), { ...ASK, toolChoice: 'none' });
      assert.equal('tools' in body(server), false);
      assert.equal(messagesSent(server)[0]?.['content'], 'You are terse.');
    });

    it('required: all tools, and the system prompt says a tool must be called', async () => {
      await run(model(), { ...ASK, toolChoice: 'required' });
      assert.deepEqual(
        (body(server)['tools'] as Array<{ function: { name: string } }>).map((t) => t.function.name),
        ['get_weather', 'get_time'],
      );
      assert.deepEqual(messagesSent(server)[0], {
        role: 'system',
        content: 'You are terse.\n\nYou must answer by calling one of the tools ("get_weather", "get_time"), not with text.',
      });
    });

    it('one named tool: only that tool, and the instruction names it', async () => {
      await run(model(), { ...ASK, toolChoice: { type: 'tool', name: 'get_time' } });
      assert.deepEqual(
        (body(server)['tools'] as Array<{ function: { name: string } }>).map((t) => t.function.name),
        ['get_time'],
      );
      assert.match(String(messagesSent(server)[0]?.['content']), /You must answer by calling the tool "get_time", not with text\.$/);
    });

    it('without a system prompt the instruction goes to the first user message', async () => {
      await run(model(), { messages: [{ role: 'user', content: 'Weather in Paris?' }], tools: [WEATHER], toolChoice: 'required' });
      assert.deepEqual(messagesSent(server), [{ role: 'user', content: 'Weather in Paris?\n\nYou must answer by calling the tool "get_weather", not with text.' }]);
    });

    it('a named tool that is not among the tools is a bad request, sent nowhere', async () => {
      const out = await run(model(), { ...ASK, toolChoice: { type: 'tool', name: 'get_tide' } });
      assert.ok(out.error instanceof ModelError);
      assert.equal(out.error.kind, 'bad-request');
      assert.equal(server.chatRequests.length, 0);
    });
  });

  it('structured output: sends the schema in `format`, and the JSON arrives as text', async () => {
    const schema = { type: 'object', properties: { verdict: { type: 'string', enum: ['ok', 'fix'] }, notes: { type: 'array', items: { type: 'string' } } }, required: ['verdict', 'notes'] };
    server.enqueue({ kind: 'text', chunks: ['{"verdict":', '"ok","notes":[]}'] });
    const out = await run(model(), { ...REQUEST, responseSchema: { name: 'review', schema } });
    assert.equal(out.error, undefined);
    assert.deepEqual(body(server)['format'], schema);
    assert.deepEqual(JSON.parse(out.text), { verdict: 'ok', notes: [] });
    assert.deepEqual(out.parts.at(-1), { type: 'finish', reason: 'stop', usage: out.usage });
  });

  it('a model that thinks for 1.5 s before its first word passes a 1 s first-token budget', async () => {
    server.enqueue({ kind: 'text', reasoningChunks: ['Let me think', ' about it.'], afterReasoningDelayMs: 1500, chunks: ['Hello.'] });
    const out = await run(model({ firstTokenTimeoutMs: 1000 }));
    assert.equal(out.error, undefined);
    assert.deepEqual(
      out.parts.filter((p) => p.type === 'reasoning-delta'),
      [
        { type: 'reasoning-delta', text: 'Let me think' },
        { type: 'reasoning-delta', text: ' about it.' },
      ],
    );
    assert.equal(out.text, 'Hello.');
    assert.equal(out.parts.at(-1)?.type, 'finish');
  });
});
