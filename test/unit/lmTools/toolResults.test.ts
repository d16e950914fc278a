import assert from 'node:assert/strict';
import { LM_TOOLS } from '../../../src/core/lmTools/toolCatalogue';
import { boundText, parseToolInput } from '../../../src/core/lmTools/toolResults';

describe('tool results: bounds and input errors', () => {
  it('keeps a text within the cap as it is', () => {
    assert.deepEqual(boundText('a\nb', 'ask less', 100), { text: 'a\nb', truncated: false });
  });

  it('cuts a longer text at a whole line, within the cap, and says so with the hint', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i} ${'x'.repeat(20)}`).join('\n');
    const out = boundText(text, 'ask with a smaller limit', 1000);
    assert.equal(out.truncated, true);
    assert.ok(out.text.length <= 1000, `${out.text.length} characters`);
    const [kept, note] = [out.text.slice(0, out.text.lastIndexOf('\n')), out.text.slice(out.text.lastIndexOf('\n') + 1)];
    assert.ok(text.startsWith(kept + '\n'), 'the kept part is whole lines from the top');
    assert.match(note, new RegExp(`^\\[truncated: ${kept.length} of ${text.length} characters shown; ask with a smaller limit\\]$`));
  });

  it('names the tool and every wrong field, and says nothing ran', () => {
    const bad = parseToolInput(LM_TOOLS.symbol, { name: '', maxReferences: 500, colour: 'red' });
    assert.equal(bad.ok, false);
    const message = bad.ok ? '' : bad.message;
    assert.match(message, /^Invalid input for switchboard_symbol: /);
    assert.match(message, /name: /);
    assert.match(message, /maxReferences: /);
    assert.match(message, /colour/);
    assert.match(message, /Nothing was run/);
  });

  it('refuses a file review without its file, and a missing input', () => {
    const review = parseToolInput(LM_TOOLS.review, { target: 'file' });
    assert.equal(review.ok, false);
    assert.match(review.ok ? '' : review.message, /file: required when target is "file"/);
    const task = parseToolInput(LM_TOOLS.task, undefined);
    assert.match(task.ok ? '' : task.message, /instruction: /);
    assert.deepEqual(parseToolInput(LM_TOOLS.review, { target: 'changes' }), { ok: true, value: { target: 'changes' } });
  });
});
