import assert from 'node:assert/strict';
import { isLocal } from '../../../src/core/models/modelLocality';
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
    // The address vLLM, llama.cpp's server and uvicorn print, pasted as it is: this machine, no key needed.
    assert.deepEqual([endpointSlot('http://0.0.0.0:8000/v1').required, endpointSlot('http://0.0.0.0:8000/v1').label], [false, 'Local endpoint (0.0.0.0:8000)']);
    assert.equal(endpointSlot('http://[::]:8000/v1').required, false);
    assert.equal(endpointSlot('http://[::ffff:127.0.0.1]:8000/v1').required, false);
    assert.equal(endpointSlot('http://10.0.0.5:8000/v1').required, true, 'another machine on the network needs one');
    assert.equal(endpointSlot('http://[::ffff:10.0.0.5]:8000/v1').required, true);
    assert.equal(keySlotFor({ provider: 'ollama' }), undefined);
    assert.equal(keySlotFor({ provider: 'vscode-lm' }), undefined);
  });

  it('counts a server at 0.0.0.0 or [::] as on this machine for local-only privacy, as a loopback one', () => {
    for (const baseUrl of ['http://0.0.0.0:8000/v1', 'http://[::]:8080/v1', 'http://127.0.0.1:1234/v1', 'http://[::ffff:127.0.0.1]:80/v1']) {
      assert.equal(isLocal({ provider: 'openai-compatible', baseUrl }), true, baseUrl);
    }
    assert.equal(isLocal({ provider: 'openai-compatible', baseUrl: 'http://192.168.1.20:8000/v1' }), false);
    assert.equal(isLocal({ provider: 'openai-compatible', baseUrl: 'http://0.0.0.0:8000/v1', local: false }), false, 'the setting wins');
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
