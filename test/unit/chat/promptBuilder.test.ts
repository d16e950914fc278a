import assert from 'node:assert/strict';
import type { StoredMessage, StoredUserMessage } from '../../../src/core/chat/conversationSchema';
import { MAX_CONTEXT_CHARS, SYSTEM_PROMPTS, buildRequest, renderContext } from '../../../src/core/chat/promptBuilder';

const prompt = (text: string, context: StoredUserMessage['context'] = []): StoredUserMessage => ({ role: 'user', id: 'p', text, capability: 'auto', chips: [], context, createdAt: 0 });

describe('buildRequest', () => {
  it('starts with the capability’s system prompt and ends with the prompt after its context', () => {
    const request = buildRequest('review', [], prompt('Any bugs?', [{ label: 'Selected lines 1-2 of a.ts', languageId: 'typescript', text: 'let x = 1;' }]));
    assert.equal(request.messages[0]?.role, 'system');
    assert.equal(request.messages[0]?.content, SYSTEM_PROMPTS.review);
    const last = request.messages.at(-1);
    assert.equal(last?.role, 'user');
    assert.equal(last?.content, 'Selected lines 1-2 of a.ts:\n```typescript\nlet x = 1;\n```\n\nAny bugs?');
  });

  it('keeps finished turns, skips failed answers and keeps roles alternating', () => {
    const history: StoredMessage[] = [
      prompt('one'),
      { role: 'assistant', id: 'a1', requestId: 'r1', text: 'ONE', status: 'done', createdAt: 0 },
      prompt('two'),
      { role: 'assistant', id: 'a2', requestId: 'r2', text: 'broken', status: 'error', createdAt: 0 },
    ];
    const request = buildRequest('understand', history, prompt('three'));
    assert.deepEqual(
      request.messages.slice(1).map((m) => [m.role, m.content]),
      [
        ['user', 'one'],
        ['assistant', 'ONE'],
        ['user', 'three'],
      ],
    );
  });

  it('adds the ranked repo map after the chips', () => {
    const request = buildRequest('understand', [], prompt('why?'), 'src/a.ts:\n  function f()');
    assert.match(request.messages.at(-1)?.content ?? '', /Related code in the workspace \(ranked map of declarations\):\nsrc\/a\.ts:\n {2}function f\(\)\n\nwhy\?$/);
  });
});

describe('renderContext', () => {
  it('fences context with more backticks than it contains, so it cannot close the fence', () => {
    const out = renderContext([{ label: 'README', text: 'before\n```\nafter' }]);
    assert.ok(out.startsWith('README:\n````\nbefore'), out);
    assert.ok(out.endsWith('after\n````'));
  });

  it('cuts context beyond the limit and says what was left out', () => {
    const out = renderContext([
      { label: 'big', text: 'x'.repeat(MAX_CONTEXT_CHARS + 10) },
      { label: 'second', text: 'y' },
    ]);
    assert.match(out, /… \(cut at 60000 characters\)/);
    assert.match(out, /\(second left out: the context limit was reached\)/);
  });
});
