import assert from 'node:assert/strict';
import { isJsonSchemaRefusal, isToolsRefusal } from '../../../src/core/providers/openaiRefusals';
import { buildChatParams } from '../../../src/core/providers/openaiRequest';
import { schemaInstruction } from '../../../src/core/providers/promptedFallbacks';

const http = (status: number, message: string): { status: number; message: string } => ({ status, message });

describe('chat-completions refusals', () => {
  it('recognizes servers refusing json_schema, as they word it', () => {
    for (const message of [
      '400 response_format type must be one of "text" or "json_object", but got: json_schema',
      "400 Invalid value: 'json_schema'. Supported values are: 'json_object' and 'text'.",
      '400 response_format type json_schema is not supported',
      '400 "\'response_format.type\' must be \'json_object\'"',
    ]) {
      assert.equal(isJsonSchemaRefusal(http(400, message)), true, message);
    }
    assert.equal(isJsonSchemaRefusal(http(422, "Input should be 'text' or 'json_object' (response_format.type)")), true);
  });

  it('does not take other failures for a json_schema refusal', () => {
    assert.equal(isJsonSchemaRefusal(http(400, "400 Invalid value for 'temperature'.")), false);
    assert.equal(isJsonSchemaRefusal(http(500, 'json_schema is not supported')), false);
    assert.equal(isJsonSchemaRefusal(new Error('json_schema not supported')), false);
  });

  it('recognizes servers refusing tools, and not a malformed tool definition', () => {
    assert.equal(isToolsRefusal(http(400, '400 registry.ollama.ai/library/gemma:2b does not support tools')), true);
    assert.equal(isToolsRefusal(http(400, '400 tools param requires --jinja flag')), true);
    assert.equal(isToolsRefusal(http(400, '400 "auto" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set')), true);
    assert.equal(isToolsRefusal(http(400, "400 Invalid 'tools[0].function.name': string does not match pattern.")), false);
  });
});

describe('chat-completions request for the JSON-mode fallback', () => {
  it('asks in JSON mode and puts the schema in words into the conversation (the shared instruction)', () => {
    const params = buildChatParams(
      { provider: 'openai-compatible', model: 'm' },
      { messages: [{ role: 'user', content: 'Go.' }], responseSchema: { name: 'answer', schema: { type: 'object' } } },
      'json-object',
    );
    assert.deepEqual(params.response_format, { type: 'json_object' });
    assert.deepEqual(params.messages, [
      { role: 'user', content: `Go.\n\n${schemaInstruction({ name: 'answer', schema: { type: 'object' } })}` },
    ]);
  });
});
