import assert from 'node:assert/strict';
import type { Conversation } from '../../../src/core/chat/conversationSchema';
import { conversationToMarkdown, exportFileName, metaLine } from '../../../src/core/chat/markdownExport';

const conversation: Conversation = {
  id: 'c',
  title: 'Explain the invoice module',
  createdAt: 0,
  updatedAt: 0,
  messages: [
    { role: 'user', id: 'm1', text: 'Explain this', capability: 'auto', chips: [{ kind: 'selection', label: 'src/invoice.ts:7-9' }], context: [{ label: 'x', text: 'PRIVATE' }], createdAt: 0 },
    {
      role: 'assistant',
      id: 'm2',
      requestId: 'r',
      text: 'It multiplies.\n\n```ts\nconst a = 1;\n```',
      status: 'done',
      createdAt: 0,
      meta: {
        capability: 'understand',
        capabilitySource: 'rules',
        explanation: '',
        modelId: 'fast',
        provider: 'openai',
        fallbacks: [{ from: 'strong', to: 'fast', reason: 'rate limited <429>' }],
        tokens: { input: 120, output: 30, estimated: true },
        costUsd: 0.00123,
        ttftMs: 300,
        totalMs: 900,
        cached: false,
        partial: false,
      },
    },
    { role: 'assistant', id: 'm3', requestId: 'r2', text: '', status: 'cancelled', createdAt: 0 },
  ],
};

describe('conversationToMarkdown', () => {
  it('writes prompts with their chips, answers verbatim, and a footer per answer', () => {
    const md = conversationToMarkdown(conversation, new Date('2026-11-24T09:00:00Z'));
    assert.ok(md.startsWith('# Explain the invoice module\n\n_Exported from Switchboard on 2026-11-24._\n'));
    assert.match(md, /## You \(auto\)\n\nContext: `src\/invoice\.ts:7-9`\n\nExplain this\n/);
    assert.match(md, /## Switchboard\n\nIt multiplies\.\n\n```ts\nconst a = 1;\n```\n/);
    assert.match(md, /> understand \(Switchboard's rules chose it\) · fast via openai · fell back from strong to fast: rate limited &lt;429&gt; · ~120 in \/ ~30 out tokens · \$0\.0012 · first token 300 ms · total 900 ms/);
    assert.match(md, /_\(no text\)_\n\n> Stopped before the answer was complete\./);
    assert.ok(!md.includes('PRIVATE'), 'resolved context stays out of the export');
    const failed = conversationToMarkdown({ ...conversation, messages: conversation.messages.map((m) => (m.role === 'assistant' && m.meta ? { ...m, meta: { ...m.meta, capabilitySource: 'rules-after-model-failure' as const } } : m)) });
    assert.ok(!/rules-after-model-failure|rules-below-threshold/.test(failed), 'no internal names in the export');
  });

  it('names a failed answer’s error in words, and gives its long message once (issue 14 item 7)', () => {
    const provider = 'The Anthropic API rejected the key (401): invalid x-api-key. Check the key of the endpoint and try again.';
    const failed: Conversation = {
      ...conversation,
      messages: conversation.messages.map((m) =>
        m.id === 'm2' && m.role === 'assistant' && m.meta
          ? { ...m, text: '', status: 'error' as const, error: { kind: 'timeout-first-token' as const, message: `No model could answer understand: fast: ${provider}.`, actions: [] }, meta: { ...m.meta, fallbacks: [{ from: 'fast', reason: `auth: ${provider}` }] } }
          : m,
      ),
    };
    const md = conversationToMarkdown(failed, new Date('2026-11-24T09:00:00Z'));
    assert.match(md, /> The model did not start answering in time: No model could answer understand: fast: The Anthropic API/);
    assert.match(md, / · fell back from fast: see the error above · /);
    assert.equal(md.split(provider).length - 1, 1, `the provider's message shows once:\n${md}`);
    assert.ok(!/timeout-first-token|\(auth\)/.test(md), 'no internal kind in the export');
  });

  it('writes an answer\'s reasoning as a quoted Reasoning section above its text, and none for an answer without', () => {
    const withReasoning: Conversation = {
      ...conversation,
      messages: conversation.messages.map((m) => (m.id === 'm2' && m.role === 'assistant' ? { ...m, reasoning: 'It multiplies?\n\nCheck the `rate`.' } : m)),
    };
    const md = conversationToMarkdown(withReasoning, new Date('2026-11-24T09:00:00Z'));
    assert.match(md, /## Switchboard\n\n> \*\*Reasoning\*\*\n>\n> It multiplies\?\n>\n> Check the `rate`\.\n\nIt multiplies\.\n/);
    assert.equal(md.match(/\*\*Reasoning\*\*/g)?.length, 1, 'only the answer that reasoned has the section');
    assert.ok(!conversationToMarkdown(conversation).includes('Reasoning'));
  });

  it('says when a cost is unknown instead of showing $0, and shows a tiny cost as more than zero', () => {
    const meta = conversation.messages[1]?.role === 'assistant' ? conversation.messages[1].meta : undefined;
    assert.ok(meta);
    assert.match(metaLine({ ...meta, costUsd: null }), /cost unknown/);
    assert.match(metaLine({ ...meta, costUsd: 0.0000063 }), / \$0\.0000063 /);
    assert.match(metaLine({ ...meta, costUsd: 0 }), / \$0 /);
  });

  it('says "no tokens" for an answer whose every model failed before its first token, as the chat does', () => {
    const meta = conversation.messages[1]?.role === 'assistant' ? conversation.messages[1].meta : undefined;
    assert.ok(meta);
    const line = metaLine({ ...meta, tokens: { input: 0, output: 0, estimated: false, estimatedFigures: [] }, costUsd: 0 });
    assert.match(line, / · no tokens · \$0 · /);
    assert.doesNotMatch(line, /0 in \/ 0 out/);
  });

  it('makes a safe file name from the title', () => {
    assert.equal(exportFileName({ ...conversation, title: '../../Why is "x" slow?' }), 'why-is-x-slow.md');
    assert.equal(exportFileName({ ...conversation, title: '???' }), 'conversation.md');
  });
});
