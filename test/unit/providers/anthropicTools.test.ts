import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { createAnthropicModel } from '../../../src/core/providers/anthropicModel';
import { ModelError, type ChatMessage, type ModelRequest, type StreamPart, type ToolCall, type ToolDefinition } from '../../../src/core/providers/contract';
import type { ModelSettings } from '../../../src/core/providers/modelSettings';
import { startFakeAnthropic, type FakeAnthropicServer } from '../../support/fakeProviders/fakeAnthropic';
import { deriveUsage } from '../../support/fakeProviders/fakeServerCore';
import { collect, TEST_KEY } from './providerHarness';

/** Tools, tool turns, structured output and reasoning through `@anthropic-ai/sdk` against the fake Messages API. */

const WEATHER: ToolDefinition = {
  name: 'get_weather',
  description: 'The current weather in a city.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const TIME: ToolDefinition = { name: 'get_time', inputSchema: { type: 'object', properties: { zone: { type: 'string' } } } };

const VERDICT = {
  name: 'verdict',
  description: 'The review verdict.',
  schema: { type: 'object', properties: { ok: { type: 'boolean' }, reason: { type: 'string' } }, required: ['ok'] },
} as const;

const ASK: ChatMessage = { role: 'user', content: 'What is the weather in Paris?' };

interface WireBlock {
  readonly type: string;
  readonly id?: string;
  readonly tool_use_id?: string;
  readonly name?: string;
  readonly input?: unknown;
  readonly text?: string;
  readonly content?: unknown;
  readonly is_error?: boolean;
}
interface WireTurn {
  readonly role: string;
  readonly content: string | readonly WireBlock[];
}
interface WireBody {
  readonly system?: string;
  readonly messages: readonly WireTurn[];
  readonly tools?: readonly unknown[];
  readonly tool_choice?: unknown;
}

function wire(server: FakeAnthropicServer, i = 0): WireBody {
  const body = server.chatRequests[i]?.body;
  assert.ok(body, `request ${i} reached the server`);
  return body as WireBody;
}

function blocks(turn: WireTurn | undefined): readonly WireBlock[] {
  assert.ok(turn, 'the turn exists');
  return typeof turn.content === 'string' ? [{ type: 'text', text: turn.content }] : turn.content;
}

/**
 * The Messages API's rules for a conversation: it starts with a user turn, roles alternate, no empty
 * text, and every tool_use is answered by a tool_result (results first) in the very next user turn.
 */
function assertValidConversation(messages: readonly WireTurn[]): void {
  assert.equal(messages[0]?.role, 'user', 'the first turn is the user');
  messages.forEach((turn, i) => {
    assert.ok(turn.role === 'user' || turn.role === 'assistant', `turn ${i} has role ${turn.role}`);
    if (i > 0) assert.notEqual(turn.role, messages[i - 1]!.role, `turns ${i - 1} and ${i} alternate`);
    for (const b of blocks(turn)) {
      if (b.type === 'text') assert.ok(b.text, `turn ${i} has no empty text block`);
    }
    const calls = blocks(turn).filter((b) => b.type === 'tool_use');
    if (calls.length === 0) return;
    const next = blocks(messages[i + 1]);
    const results = next.filter((b) => b.type === 'tool_result');
    assert.deepEqual(
      results.map((b) => b.tool_use_id),
      calls.map((b) => b.id),
      `turn ${i + 1} answers each tool_use of turn ${i}, in order`,
    );
    assert.deepEqual(
      next.slice(0, results.length).map((b) => b.type),
      results.map(() => 'tool_result'),
      'tool results come before any text',
    );
  });
}

const toolCalls = (parts: readonly StreamPart[]): ToolCall[] => parts.flatMap((p) => (p.type === 'tool-call' ? [p.call] : []));
const finishOf = (parts: readonly StreamPart[]): StreamPart | undefined => parts.find((p) => p.type === 'finish');
const reasonOf = (parts: readonly StreamPart[]): string | undefined => parts.flatMap((p) => (p.type === 'finish' ? [p.reason] : []))[0];

describe('anthropic model: tools, tool turns and structured output', () => {
  let server: FakeAnthropicServer;
  const model = (settings?: Partial<ModelSettings>) =>
    createAnthropicModel({ model: 'claude-sonnet-4-6', apiKey: TEST_KEY, baseURL: server.baseURL, ...settings });
  const run = (request: ModelRequest, settings?: Partial<ModelSettings>) => collect(model(settings).stream(request));

  before(async () => {
    server = await startFakeAnthropic();
  });
  afterEach(() => {
    server.reset();
  });
  after(async () => {
    await server.close();
  });

  describe('tool calls', () => {
    it('round trip: a tool_use block becomes one tool-call part; the call and its result go back as tool_use and tool_result with the same id', async () => {
      server.enqueue(
        { kind: 'text', chunks: ['Let me ', 'check.'], toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] },
        { kind: 'text', chunks: ['It is 18 °C in Paris.'] },
      );
      const first = await run({ messages: [{ role: 'system', content: 'Be brief.' }, ASK], tools: [WEATHER] });
      assert.equal(first.error, undefined);
      assert.equal(first.text, 'Let me check.');
      const [call, ...more] = toolCalls(first.parts);
      assert.ok(call);
      assert.equal(more.length, 0);
      assert.match(call.id, /^toolu_/);
      assert.equal(call.name, 'get_weather');
      assert.deepEqual(call.arguments, { city: 'Paris' });
      assert.deepEqual(first.parts.map((p) => p.type), ['text-delta', 'text-delta', 'tool-call', 'finish'], 'text first, then the call');
      assert.deepEqual(finishOf(first.parts), { type: 'finish', reason: 'tool-calls', usage: first.usage });

      const sent = wire(server, 0);
      assert.deepEqual(sent.tools, [{ name: 'get_weather', description: 'The current weather in a city.', input_schema: WEATHER.inputSchema }]);
      assert.deepEqual(sent.tool_choice, { type: 'auto' });

      const second = await run({
        messages: [
          { role: 'system', content: 'Be brief.' },
          ASK,
          { role: 'assistant', content: first.text, toolCalls: [call] },
          { role: 'tool', toolCallId: call.id, toolName: call.name, content: '18 °C, clear' },
        ],
        tools: [WEATHER],
      });
      assert.equal(second.error, undefined);
      assert.equal(second.text, 'It is 18 °C in Paris.');
      assert.equal(reasonOf(second.parts), 'stop');

      const back = wire(server, 1);
      assert.equal(back.system, 'Be brief.');
      assert.deepEqual(back.messages, [
        { role: 'user', content: 'What is the weather in Paris?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me check.' },
            { type: 'tool_use', id: call.id, name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '18 °C, clear' }] },
      ]);
      assertValidConversation(back.messages);
    });

    it('parallel calls: several tool_use blocks become tool-call parts in index order; their results share one user turn', async () => {
      server.enqueue({
        kind: 'text',
        chunks: [],
        toolCalls: [
          { name: 'get_weather', arguments: '{"city":"Paris"}' },
          { name: 'get_time', arguments: '{"zone":"Europe/Paris"}' },
          { name: 'get_weather', arguments: '{"city":"Lyon"}' },
        ],
      });
      const out = await run({ messages: [ASK], tools: [WEATHER, TIME] });
      assert.equal(out.error, undefined);
      assert.equal(out.text, '');
      const calls = toolCalls(out.parts);
      assert.deepEqual(
        calls.map((c) => [c.name, c.arguments]),
        [
          ['get_weather', { city: 'Paris' }],
          ['get_time', { zone: 'Europe/Paris' }],
          ['get_weather', { city: 'Lyon' }],
        ],
      );
      assert.equal(new Set(calls.map((c) => c.id)).size, 3, 'each call has its own id');
      assert.equal(reasonOf(out.parts), 'tool-calls');

      await run({
        messages: [
          ASK,
          { role: 'assistant', content: '', toolCalls: calls },
          ...calls.map((c, i): ChatMessage => ({ role: 'tool', toolCallId: c.id, toolName: c.name, content: `result ${i}`, ...(i === 1 ? { isError: true } : {}) })),
          { role: 'user', content: 'Also, which is warmer?' },
        ],
        tools: [WEATHER, TIME],
      });
      const back = wire(server, 1).messages;
      assertValidConversation(back);
      assert.equal(back.length, 3, 'user, assistant, one user turn with the three results and the new question');
      assert.deepEqual(blocks(back[1]).map((b) => b.type), ['tool_use', 'tool_use', 'tool_use'], 'an empty assistant text is not sent');
      assert.deepEqual(blocks(back[2]), [
        { type: 'tool_result', tool_use_id: calls[0]!.id, content: 'result 0' },
        { type: 'tool_result', tool_use_id: calls[1]!.id, content: 'result 1', is_error: true },
        { type: 'tool_result', tool_use_id: calls[2]!.id, content: 'result 2' },
        { type: 'text', text: 'Also, which is warmer?' },
      ]);
    });

    it('assembles arguments streamed in fragments cut mid-JSON, mid-key and mid-string', async () => {
      const args = '{"path":"src/a.ts","lines":[1,2,3],"note":"a \\"quoted\\" word"}';
      const fragments = ['{"pa', 'th":"src/', 'a.ts","lines":[1,', '2,3],"note":"a \\"quo', 'ted\\" word"}'];
      server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ name: 'read_file', arguments: args, fragments }] });
      const out = await run({ messages: [ASK], tools: [{ name: 'read_file', inputSchema: { type: 'object' } }] });
      assert.equal(out.error, undefined);
      assert.deepEqual(toolCalls(out.parts).map((c) => c.arguments), [{ path: 'src/a.ts', lines: [1, 2, 3], note: 'a "quoted" word' }]);
      assert.equal(out.parts.filter((p) => p.type === 'tool-call').length, 1, 'one whole call, no partial parts');
    });

    it('empty argument text is {}', async () => {
      server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ name: 'get_time', arguments: '' }] });
      const out = await run({ messages: [ASK], tools: [TIME] });
      assert.equal(out.error, undefined);
      assert.deepEqual(toolCalls(out.parts).map((c) => c.arguments), [{}]);
    });

    it('unparseable arguments: a retryable server ModelError naming the model and the tool, with the usage so far', async () => {
      server.enqueue({
        kind: 'text',
        chunks: ['Checking.'],
        toolCalls: [{ name: 'get_weather', arguments: '{"city": "Par', fragments: ['{"ci', 'ty": ', '"Par'] }],
        usage: { input: 120, output: 9 },
      });
      const out = await run({ messages: [ASK], tools: [WEATHER] });
      assert.ok(out.error instanceof ModelError, String(out.error));
      assert.equal(out.error.kind, 'server');
      assert.equal(out.error.retryable, true);
      assert.equal(out.error.message, 'claude-sonnet-4-6 sent tool call get_weather with arguments that are not valid JSON');
      assert.deepEqual(out.error.usage?.input, { tokens: 120, source: 'reported' });
      assert.equal(out.error.usage?.output.source, 'estimated');
      assert.equal(toolCalls(out.parts).length, 0);
      assert.equal(finishOf(out.parts), undefined);
    });

    const choices: ReadonlyArray<[ModelRequest['toolChoice'], unknown]> = [
      [undefined, { type: 'auto' }],
      ['auto', { type: 'auto' }],
      ['required', { type: 'any' }],
      ['none', { type: 'none' }],
      [{ type: 'tool', name: 'get_time' }, { type: 'tool', name: 'get_time' }],
    ];
    for (const [choice, expected] of choices) {
      it(`tool choice ${JSON.stringify(choice) ?? 'unset'} is ${JSON.stringify(expected)} on the wire, beside the tools`, async () => {
        const out = await run({ messages: [ASK], tools: [WEATHER, TIME], ...(choice ? { toolChoice: choice } : {}) });
        assert.equal(out.error, undefined);
        const sent = wire(server);
        assert.deepEqual(sent.tool_choice, expected);
        assert.deepEqual(
          sent.tools?.map((t) => (t as { name: string }).name),
          ['get_weather', 'get_time'],
          'the tools stay on the wire, even with "none" (the API refuses tool_use history without them)',
        );
      });
    }

    it('sends neither tools nor tool_choice when the request has no tools', async () => {
      await run({ messages: [ASK], toolChoice: 'required' });
      const sent = wire(server);
      assert.equal(sent.tools, undefined);
      assert.equal(sent.tool_choice, undefined);
    });
  });

  describe('turns on the wire', () => {
    it('merges consecutive turns of one role and keeps every conversation valid', async () => {
      const call: ToolCall = { id: 'call:abc.1', name: 'get_weather', arguments: { city: 'Oslo' } };
      await run({
        messages: [
          { role: 'system', content: 'One.' },
          { role: 'user', content: 'First question.' },
          { role: 'user', content: 'Second question.' },
          { role: 'assistant', content: 'Thinking aloud.' },
          { role: 'assistant', content: '', toolCalls: [call] },
          { role: 'user', content: 'While you are at it…' },
          { role: 'tool', toolCallId: call.id, toolName: call.name, content: '-2 °C' },
          { role: 'system', content: 'Two.' },
        ],
        tools: [WEATHER],
      });
      const sent = wire(server);
      assert.equal(sent.system, 'One.\n\nTwo.');
      assertValidConversation(sent.messages);
      assert.deepEqual(sent.messages, [
        { role: 'user', content: [{ type: 'text', text: 'First question.' }, { type: 'text', text: 'Second question.' }] },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Thinking aloud.' },
            // Another provider's id, with characters Anthropic refuses, mapped the same way on both sides.
            { type: 'tool_use', id: 'call_abc_1', name: 'get_weather', input: { city: 'Oslo' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_abc_1', content: '-2 °C' },
            { type: 'text', text: 'While you are at it…' },
          ],
        },
      ]);
    });
  });

  describe('structured output through a forced tool', () => {
    it('sends the schema as a tool and forces it; the tool input streams back as text-delta parts; finish is stop', async () => {
      const fragments = ['{"ok":', 'true,"rea', 'son":"tests pass"}'];
      server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ name: 'verdict', arguments: fragments.join(''), fragments }] });
      const out = await run({ messages: [{ role: 'user', content: 'Review this.' }], responseSchema: VERDICT });
      assert.equal(out.error, undefined);
      assert.deepEqual(
        out.parts.filter((p) => p.type !== 'finish'),
        fragments.map((text) => ({ type: 'text-delta', text })),
        'only text deltas of the JSON, no tool-call part',
      );
      assert.deepEqual(JSON.parse(out.text), { ok: true, reason: 'tests pass' });
      assert.equal(reasonOf(out.parts), 'stop');
      const sent = wire(server);
      assert.deepEqual(sent.tools, [{ name: 'verdict', description: 'The review verdict.', input_schema: VERDICT.schema }]);
      assert.deepEqual(sent.tool_choice, { type: 'tool', name: 'verdict' });
      assert.equal(sent.system, undefined, 'no JSON instruction: the schema tool asks for it');
    });

    it('a schema whose root is not an object is wrapped as { value } (its $defs at the new root); the answer is the value, unwrapped', async () => {
      const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', items: { $ref: '#/$defs/step' }, $defs: { step: { type: 'string' } } };
      const fragments = ['{"value":["pla', 'n","build"]}'];
      server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ name: 'steps', arguments: fragments.join(''), fragments }] });
      const out = await run({ messages: [{ role: 'user', content: 'Steps?' }], responseSchema: { name: 'steps', schema } });
      assert.equal(out.error, undefined);
      assert.deepEqual(JSON.parse(out.text), ['plan', 'build'], 'the value, not the wrapper');
      assert.equal(reasonOf(out.parts), 'stop');
      const [tool] = (wire(server).tools ?? []) as { input_schema: Record<string, unknown> }[];
      assert.deepEqual(tool?.input_schema, {
        type: 'object',
        properties: { value: { type: 'array', items: { $ref: '#/$defs/step' } } },
        required: ['value'],
        additionalProperties: false,
        $defs: { step: { type: 'string' } },
      });
    });

    it('a wrapped answer that is not { value } is passed on as it came, for the schema check to refuse', async () => {
      server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ name: 'steps', arguments: '{"steps":["plan"]}' }] });
      const out = await run({ messages: [{ role: 'user', content: 'Steps?' }], responseSchema: { name: 'steps', schema: { type: 'array', items: { type: 'string' } } } });
      assert.equal(out.text, '{"steps":["plan"]}');
    });

    it('beside the request\'s own tools: both on the wire, tool_choice any; a call of an own tool is a tool-call part', async () => {
      server.enqueue(
        { kind: 'text', chunks: [], toolCalls: [{ name: 'get_weather', arguments: '{"city":"Rome"}' }] },
        { kind: 'text', chunks: [], toolCalls: [{ name: 'verdict', arguments: '{"ok":false}' }] },
      );
      const first = await run({ messages: [ASK], tools: [WEATHER], responseSchema: VERDICT });
      assert.deepEqual(wire(server, 0).tools?.map((t) => (t as { name: string }).name), ['get_weather', 'verdict']);
      assert.deepEqual(wire(server, 0).tool_choice, { type: 'any' });
      assert.deepEqual(toolCalls(first.parts).map((c) => c.name), ['get_weather']);
      assert.equal(first.text, '');
      assert.equal(reasonOf(first.parts), 'tool-calls');

      const second = await run({ messages: [ASK], tools: [WEATHER], responseSchema: VERDICT });
      assert.equal(second.text, '{"ok":false}');
      assert.equal(toolCalls(second.parts).length, 0);
      assert.equal(reasonOf(second.parts), 'stop');
    });

    it('a schema named like one of the tools is a bad-request ModelError, and nothing is sent', async () => {
      const out = await run({ messages: [ASK], tools: [WEATHER], responseSchema: { ...VERDICT, name: 'get_weather' } });
      assert.ok(out.error instanceof ModelError);
      assert.equal(out.error.kind, 'bad-request');
      assert.equal(out.error.retryable, false);
      assert.match(out.error.message, /"get_weather"/);
      assert.equal(server.chatRequests.length, 0);
    });

    it('passes invalid then valid JSON through verbatim: validating is the caller\'s business', async () => {
      server.enqueue(
        { kind: 'text', chunks: [], toolCalls: [{ name: 'verdict', arguments: '{"ok": tru', fragments: ['{"ok"', ': tru'] }] },
        { kind: 'text', chunks: [], toolCalls: [{ name: 'verdict', arguments: '{"ok": true}', fragments: ['{"ok"', ': true}'] }] },
      );
      const request: ModelRequest = { messages: [{ role: 'user', content: 'Review this.' }], responseSchema: VERDICT };
      const invalid = await run(request);
      assert.equal(invalid.error, undefined);
      assert.equal(invalid.text, '{"ok": tru');
      assert.equal(reasonOf(invalid.parts), 'stop');
      const valid = await run(request);
      assert.equal(valid.text, '{"ok": true}');
      assert.deepEqual(wire(server, 1).tool_choice, { type: 'tool', name: 'verdict' });
    });

    it('responseFormat "json" alone keeps the instruction path: no tools on the wire', async () => {
      await run({ messages: [{ role: 'system', content: 'Be brief.' }, ASK], responseFormat: 'json' });
      const sent = wire(server);
      assert.match(String(sent.system), /^Be brief\.\n\nRespond with a single JSON object/);
      assert.equal(sent.tools, undefined);
    });
  });

  describe('reasoning and the first-token budget', () => {
    it('thinking for 1.5 s with a 1 s first-token budget succeeds: the thinking deltas are the first tokens', async () => {
      server.enqueue({ kind: 'text', reasoningChunks: ['The user wants ', 'a greeting.'], afterReasoningDelayMs: 1500, chunks: ['Hello', '!'] });
      const out = await run({ messages: [{ role: 'user', content: 'Hi' }] }, { firstTokenTimeoutMs: 1000 });
      assert.equal(out.error, undefined);
      assert.deepEqual(
        out.parts.filter((p) => p.type === 'reasoning-delta'),
        [
          { type: 'reasoning-delta', text: 'The user wants ' },
          { type: 'reasoning-delta', text: 'a greeting.' },
        ],
      );
      assert.equal(out.text, 'Hello!');
      assert.equal(reasonOf(out.parts), 'stop');
    });

    it('the same 1.5 s of silence without thinking fails on the 1 s budget (the budget is live)', async () => {
      server.enqueue({ kind: 'text', chunks: ['Hello'], firstChunkDelayMs: 1500 });
      const out = await run({ messages: [{ role: 'user', content: 'Hi' }] }, { firstTokenTimeoutMs: 1000 });
      assert.ok(out.error instanceof ModelError);
      assert.equal(out.error.kind, 'timeout-first-token');
    });

    it('a tool call before any text counts as the first token', async () => {
      server.enqueue({ kind: 'text', chunks: [], toolCalls: [{ name: 'get_time', arguments: '{}' }] });
      const out = await run({ messages: [ASK], tools: [TIME] }, { firstTokenTimeoutMs: 1000 });
      assert.equal(out.error, undefined);
      assert.equal(toolCalls(out.parts).length, 1);
    });
  });

  describe('usage of a failed stream', () => {
    it('a stream dropped mid-answer keeps the input tokens message_start reported (issue 11)', async () => {
      const chunks = ['one ', 'two ', 'three'];
      server.enqueue({ kind: 'drop-mid-stream', chunks, afterChunks: 2 });
      const request: ModelRequest = { messages: [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Count to three, slowly, in words. '.repeat(20) }] };
      const out = await run(request);
      assert.ok(out.error instanceof ModelError, String(out.error));
      assert.equal(out.error.kind, 'network');
      assert.equal(out.text, 'one two ');
      const reportedInput = deriveUsage(wire(server) as unknown as Record<string, unknown>, chunks).input;
      assert.deepEqual(out.error.usage?.input, { tokens: reportedInput, source: 'reported' }, 'the figure message_start reported, not an estimate');
      assert.equal(out.error.usage?.output.source, 'estimated', 'message_delta never came');
    });
  });

  describe('the fake server without streaming', () => {
    it('answers a non-streaming request with text and tool_use blocks, stop_reason tool_use', async () => {
      server.enqueue({ kind: 'text', chunks: ['Sure.'], toolCalls: [{ name: 'get_weather', arguments: '{"city":"Paris"}' }] });
      const client = new Anthropic({ apiKey: TEST_KEY, baseURL: server.baseURL, maxRetries: 0 });
      const message = await client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'Weather?' }] });
      assert.equal(message.stop_reason, 'tool_use');
      assert.equal(message.content[0]?.type, 'text');
      const use = message.content[1];
      assert.ok(use?.type === 'tool_use');
      assert.match(use.id, /^toolu_/);
      assert.deepEqual([use.name, use.input], ['get_weather', { city: 'Paris' }]);
    });
  });
});
