import assert from 'node:assert/strict';
import { CLASSIFICATION_SOURCES } from '../../../src/core/classify/types';
import { ERROR_KINDS } from '../../../src/core/providers/contract';
import { CAPABILITIES } from '../../../src/core/router/capabilities';
import {
  ANSWER_ERROR_KINDS,
  CHAT_CAPABILITIES,
  CHAT_PROTOCOL_VERSION,
  type CapabilitySource,
  MAX_PROMPT_CHARS,
  type RoutedCapability,
  type WebviewToHost,
  parseWebviewMessage,
  webviewToHostSchema,
} from '../../../src/protocol/chatProtocol';

const VALID: WebviewToHost[] = [
  { type: 'ready', protocolVersion: CHAT_PROTOCOL_VERSION },
  { type: 'ready', protocolVersion: 1, conversationId: 'c-1' },
  { type: 'run', action: 'setApiKey' },
  { type: 'run', action: 'setApiKey', slot: 'endpoint:http://127.0.0.1:4000' },
  { type: 'conversation/list' },
  { type: 'conversation/new' },
  { type: 'conversation/select', conversationId: 'c1' },
  { type: 'conversation/delete', conversationId: 'c1' },
  { type: 'conversation/export', conversationId: 'c1' },
  {
    type: 'send',
    requestId: 'r-abc',
    text: 'Explain this',
    capability: 'auto',
    chips: [{ kind: 'selection' }, { kind: 'activeFile' }, { kind: 'file', path: 'src/a.ts' }, { kind: 'symbol', name: 'parse', path: 'src/a.ts', line: 3 }],
  },
  { type: 'send', conversationId: 'c1', requestId: 'r1', text: 'x', capability: 'review', modelId: 'claude-sonnet-4.5', chips: [] },
  { type: 'stop', requestId: 'r1' },
  { type: 'retry', requestId: 'r2', conversationId: 'c1', messageId: 'm1' },
  { type: 'retry', requestId: 'r2', conversationId: 'c1', messageId: 'm1', modelId: 'ollama/qwen2.5-coder:7b' },
  { type: 'editResend', conversationId: 'c1', messageId: 'm1', requestId: 'r3', text: 'again', capability: 'plan', chips: [] },
  { type: 'code/copy', code: 'const x = 1;' },
  { type: 'code/insert', code: 'x', language: 'typescript' },
  { type: 'code/apply', conversationId: 'c1', messageId: 'm1', blockIndex: 0, code: 'x', language: 'ts', pathHint: 'src/a.ts' },
  { type: 'complete', queryId: 'q1', kind: 'symbol', query: 'pars' },
  { type: 'complete', queryId: 'q1', kind: 'any', query: '' },
  { type: 'budget/answer', requestId: 'r1', answer: 'step-down' },
  { type: 'message/copy', conversationId: 'c1', messageId: 'm1' },
  { type: 'answer/rate', conversationId: 'c1', messageId: 'm1', rating: 'up' },
  { type: 'answer/rate', conversationId: 'c1', messageId: 'm1', rating: 'none' },
];

const MALFORMED: { name: string; raw: unknown; path: RegExp }[] = [
  { name: 'not an object', raw: 'ready', path: /\(root\)/ },
  { name: 'null', raw: null, path: /\(root\)/ },
  { name: 'an unknown type', raw: { type: 'exec', command: 'rm -rf /' }, path: /type/ },
  { name: 'ready without a protocol version', raw: { type: 'ready' }, path: /protocolVersion/ },
  { name: 'an extra field (strict)', raw: { type: 'stop', requestId: 'r1', apiKey: 'sk-123' }, path: /apiKey|Unrecognized/ },
  { name: 'a welcome action that does not exist', raw: { type: 'run', action: 'deleteEverything' }, path: /action/ },
  { name: 'an empty prompt', raw: { type: 'send', requestId: 'r1', text: '', capability: 'auto', chips: [] }, path: /text/ },
  { name: 'a prompt over the limit', raw: { type: 'send', requestId: 'r1', text: 'x'.repeat(MAX_PROMPT_CHARS + 1), capability: 'auto', chips: [] }, path: /text/ },
  { name: 'the classify capability (not pickable)', raw: { type: 'send', requestId: 'r1', text: 'x', capability: 'classify', chips: [] }, path: /capability/ },
  { name: 'a request id with markup', raw: { type: 'stop', requestId: '<img src=x>' }, path: /requestId/ },
  { name: 'a request id that is too long', raw: { type: 'stop', requestId: 'a'.repeat(65) }, path: /requestId/ },
  { name: 'a chip of unknown kind', raw: { type: 'send', requestId: 'r1', text: 'x', capability: 'auto', chips: [{ kind: 'url', href: 'https://x' }] }, path: /chips\.0/ },
  { name: 'a file chip without a path', raw: { type: 'send', requestId: 'r1', text: 'x', capability: 'auto', chips: [{ kind: 'file' }] }, path: /chips\.0\.path/ },
  { name: 'a selection chip carrying text', raw: { type: 'send', requestId: 'r1', text: 'x', capability: 'auto', chips: [{ kind: 'selection', text: 'secret' }] }, path: /chips\.0/ },
  { name: 'a model id with spaces', raw: { type: 'send', requestId: 'r1', text: 'x', capability: 'auto', chips: [], modelId: 'gpt 4' }, path: /modelId/ },
  { name: 'a negative block index', raw: { type: 'code/apply', conversationId: 'c', messageId: 'm', blockIndex: -1, code: 'x' }, path: /blockIndex/ },
  { name: 'a fractional block index', raw: { type: 'code/apply', conversationId: 'c', messageId: 'm', blockIndex: 0.5, code: 'x' }, path: /blockIndex/ },
  { name: 'apply without a message', raw: { type: 'code/apply', conversationId: 'c', blockIndex: 0, code: 'x' }, path: /messageId/ },
  { name: 'a completion kind that does not exist', raw: { type: 'complete', queryId: 'q', kind: 'url', query: '' }, path: /kind/ },
  { name: 'a budget answer outside the three', raw: { type: 'budget/answer', requestId: 'r', answer: 'always' }, path: /answer/ },
  { name: 'a rating outside up, down and none', raw: { type: 'answer/rate', conversationId: 'c', messageId: 'm', rating: 'five-stars' }, path: /rating/ },
  { name: 'a rating carrying the answer text', raw: { type: 'answer/rate', conversationId: 'c', messageId: 'm', rating: 'up', text: 'code' }, path: /text|Unrecognized/ },
  { name: 'a number where text belongs', raw: { type: 'code/copy', code: 42 }, path: /code/ },
];

describe('chat protocol', () => {
  describe('webview → host schemas', () => {
    for (const message of VALID) {
      it(`accepts ${message.type} ${JSON.stringify(message).slice(0, 60)}`, () => {
        const parsed = parseWebviewMessage(message);
        assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
        assert.deepEqual(parsed.message, message);
      });
    }

    for (const { name, raw, path } of MALFORMED) {
      it(`rejects ${name}, naming the field`, () => {
        const parsed = parseWebviewMessage(raw);
        assert.equal(parsed.ok, false);
        if (!parsed.ok) assert.match(parsed.reason, path);
      });
    }

    it('never echoes the message text in the rejection reason', () => {
      const parsed = parseWebviewMessage({ type: 'send', requestId: 'bad id!', text: 'my private code', capability: 'auto', chips: [] });
      assert.equal(parsed.ok, false);
      if (!parsed.ok) assert.ok(!parsed.reason.includes('my private code'), parsed.reason);
    });

    it('does not let __proto__ keys through as fields', () => {
      const raw = JSON.parse('{"type":"conversation/new","__proto__":{"polluted":true}}') as unknown;
      const parsed = webviewToHostSchema.safeParse(raw);
      if (parsed.success) assert.equal((parsed.data as Record<string, unknown>).polluted, undefined);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });

  describe('stays in step with the core', () => {
    it('can show every provider error kind the router reports', () => {
      for (const kind of ERROR_KINDS) assert.ok((ANSWER_ERROR_KINDS as readonly string[]).includes(kind), kind);
      for (const kind of ['budget', 'no-candidate']) assert.ok((ANSWER_ERROR_KINDS as readonly string[]).includes(kind), kind);
    });

    it('offers every answering capability (not classify) plus auto', () => {
      const routed: RoutedCapability[] = CAPABILITIES.filter((c) => c !== 'classify');
      assert.deepEqual([...CHAT_CAPABILITIES], ['auto', ...routed]);
    });

    it('has a capability source for every classification source', () => {
      const sources: readonly CapabilitySource[] = CLASSIFICATION_SOURCES;
      assert.equal(sources.length, CLASSIFICATION_SOURCES.length);
    });
  });
});
