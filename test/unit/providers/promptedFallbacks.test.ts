import assert from 'node:assert/strict';
import { ModelError, type ToolDefinition } from '../../../src/core/providers/contract';
import { mustCallInstruction, schemaInstruction, selectTools, withInstruction } from '../../../src/core/providers/promptedFallbacks';

const A: ToolDefinition = { name: 'a', inputSchema: { type: 'object' } };
const B: ToolDefinition = { name: 'b', inputSchema: { type: 'object' } };
const WHO = { provider: 'vscode-lm', modelId: 'copilot/gpt-4o' } as const;

/** The words that stand in for tool choice and structured output where a provider has neither. */
describe('prompted fallbacks', () => {
  it('selects the tools to send for each tool choice', () => {
    assert.deepEqual(selectTools([A, B], undefined, WHO), { tools: [A, B], mustCall: false });
    assert.deepEqual(selectTools([A, B], 'auto', WHO), { tools: [A, B], mustCall: false });
    assert.deepEqual(selectTools([A, B], 'none', WHO), { tools: [], mustCall: false });
    assert.deepEqual(selectTools([A, B], 'required', WHO), { tools: [A, B], mustCall: true });
    assert.deepEqual(selectTools([A, B], { type: 'tool', name: 'b' }, WHO), { tools: [B], mustCall: true });
    assert.deepEqual(selectTools(undefined, 'required', WHO), { tools: [], mustCall: false });
    assert.throws(
      () => selectTools([A], { type: 'tool', name: 'c' }, WHO),
      (e: unknown) => e instanceof ModelError && e.kind === 'bad-request' && e.provider === 'vscode-lm',
    );
  });

  it('names the tool, or the tools, that must be called', () => {
    assert.equal(mustCallInstruction([A]), 'You must answer by calling the tool "a", not with text.');
    assert.equal(mustCallInstruction([A, B]), 'You must answer by calling one of the tools ("a", "b"), not with text.');
  });

  it('puts the schema itself in the instruction', () => {
    const text = schemaInstruction({ name: 'verdict', description: 'a review verdict', schema: { type: 'object', required: ['ok'] } });
    assert.equal(text, 'Answer with one JSON object valid against this JSON Schema (a review verdict), and nothing else: {"type":"object","required":["ok"]}');
  });

  it('appends to the first system or user message, or starts with a system message', () => {
    assert.deepEqual(
      withInstruction(
        [
          { role: 'system', content: 'Be terse.' },
          { role: 'user', content: 'Hi' },
        ],
        'X',
      ),
      [
        { role: 'system', content: 'Be terse.\n\nX' },
        { role: 'user', content: 'Hi' },
      ],
    );
    assert.deepEqual(withInstruction([{ role: 'user', content: 'Hi' }, { role: 'user', content: 'Again' }], 'X'), [
      { role: 'user', content: 'Hi\n\nX' },
      { role: 'user', content: 'Again' },
    ]);
    assert.deepEqual(withInstruction([{ role: 'system', content: '' }], 'X'), [{ role: 'system', content: 'X' }]);
    assert.deepEqual(withInstruction([], 'X'), [{ role: 'system', content: 'X' }]);
  });
});
