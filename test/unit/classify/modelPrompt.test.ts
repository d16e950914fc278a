import assert from 'node:assert/strict';
import { buildClassifyMessages, buildClassifyRequest, PROMPT_LIMITS } from '../../../src/core/classify/modelPrompt';
import { parseClassificationInput } from '../../../src/core/classify/types';

describe('classify prompt', () => {
  it('asks for JSON only with the three fields and describes every capability', () => {
    const [system] = buildClassifyMessages({ text: 'why', context: {} });
    assert.equal(system?.role, 'system');
    for (const word of ['understand', 'generate', 'review', 'plan', 'capability', 'complexity', 'confidence', 'JSON']) {
      assert.ok(system?.content.includes(word), word);
    }
  });

  it('describes the editor context and caps how much code is sent', () => {
    const big = 'x'.repeat(PROMPT_LIMITS.selectionPreviewChars * 5);
    const [, user] = buildClassifyMessages({
      text: 'explain',
      context: {
        selection: { text: big, languageId: 'python', lineCount: 300 },
        activeFile: { path: 'app/main.py', languageId: 'python' },
        diff: { files: 3, text: '+a\n-b' },
        diagnostics: 2,
      },
    });
    const content = user?.content ?? '';
    assert.match(content, /active file: app\/main\.py \(python\)/);
    assert.match(content, /selection: 300 lines of python/);
    assert.match(content, /diff on show: 3 files changed/);
    assert.match(content, /diagnostics .*: 2/);
    assert.match(content, /more characters\]/);
    assert.ok(content.length < PROMPT_LIMITS.selectionPreviewChars + PROMPT_LIMITS.diffPreviewChars + 1000, String(content.length));
  });

  it('says when nothing is open, and fences pasted code so its backticks cannot end the block', () => {
    const [, user] = buildClassifyMessages({ text: 'is this right?\n```\nx\n```', context: {} });
    const content = user?.content ?? '';
    assert.match(content, /nothing open/);
    assert.match(content, /^````\nis this right\?/m);
  });

  it('builds a provider-contract request with the hints', () => {
    const r = buildClassifyRequest({ text: 'why', context: {} });
    assert.equal(r.responseFormat, 'json');
    assert.equal(r.temperature, 0);
    assert.equal(r.messages.length, 2);
  });
});

describe('parseClassificationInput', () => {
  it('accepts a valid input and names the field of an invalid one', () => {
    assert.equal(parseClassificationInput({ text: 'why', context: { diagnostics: 2 } }).ok, true);
    const bad = parseClassificationInput({ text: 'why', context: { selection: { text: 'x', languageId: 'go', lineCount: 0 } } });
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.error : '', /^context\.selection\.lineCount: /);
    const extra = parseClassificationInput({ text: 'why', context: { secret: 1 } });
    assert.match(!extra.ok ? extra.error : '', /context: .*secret/);
  });
});
