import assert from 'node:assert/strict';
import { ANTHROPIC_SLOT, OPENAI_SLOT, endpointSlot, keySlotFor, slotsInUse } from '../../../src/core/secrets/keySlots';

describe('keySlots', () => {
  it('gives the official endpoints their well-known slot and environment variable', () => {
    assert.equal(keySlotFor({ provider: 'openai' }), OPENAI_SLOT);
    assert.equal(keySlotFor({ provider: 'openai', baseUrl: 'https://api.openai.com/v1' }), OPENAI_SLOT);
    assert.equal(keySlotFor({ provider: 'anthropic' }), ANTHROPIC_SLOT);
    assert.equal(OPENAI_SLOT.envVar, 'OPENAI_API_KEY');
  });

  it('binds a key to the origin it is sent to: another host never gets the OpenAI key', () => {
    const slot = keySlotFor({ provider: 'openai', baseUrl: 'https://evil.example.com/v1' });
    assert.equal(slot?.id, 'endpoint:https://evil.example.com');
    assert.equal(slot?.envVar, undefined);
  });

  it('knows the usual variables of well-known compatible hosts', () => {
    assert.equal(endpointSlot('https://api.groq.com/openai/v1').envVar, 'GROQ_API_KEY');
    assert.equal(endpointSlot('https://openrouter.ai/api/v1').label, 'OpenRouter (openrouter.ai)');
    assert.equal(endpointSlot('https://generativelanguage.googleapis.com/v1beta/openai/').envVar, 'GEMINI_API_KEY');
  });

  it('does not require keys for loopback servers or for ollama and vscode-lm', () => {
    assert.equal(endpointSlot('http://localhost:1234/v1').required, false);
    assert.equal(endpointSlot('http://127.0.0.1:8000/v1').required, false);
    assert.equal(keySlotFor({ provider: 'ollama' }), undefined);
    assert.equal(keySlotFor({ provider: 'vscode-lm' }), undefined);
  });

  it('lists each distinct slot once', () => {
    const slots = slotsInUse([
      { provider: 'openai' },
      { provider: 'openai-compatible', baseUrl: 'https://api.groq.com/openai/v1' },
      { provider: 'openai-compatible', baseUrl: 'https://api.groq.com/other' },
    ]);
    assert.deepEqual(slots.map((s) => s.id), ['openai', 'anthropic', 'endpoint:https://api.groq.com']);
  });
});
