import assert from 'node:assert/strict';
import { CLASSIFY_REQUEST_OPTIONS } from '../../../src/core/classify/modelPrompt';
import { parseSettings } from '../../../src/core/config/parseSettings';
import { modelConfigSchema } from '../../../src/core/config/settings/models';
import { createLanguageModel } from '../../../src/core/providers/createLanguageModel';
import { startFakeAnthropic } from '../../support/fakeProviders';
import { REQUEST, TEST_KEY, run } from './providerHarness';

// Anthropic's API version 2026-10-21, which its SDK (1.x) sends, answers 400 "temperature: Extra
// inputs are not permitted" to any temperature, top_p or top_k, on every model, defaults included.
describe('Anthropic and the sampling parameters its API no longer takes', () => {
  it('a request that asks for a temperature (the classifier asks for 0) still answers: none is sent', async () => {
    const server = await startFakeAnthropic();
    try {
      const claude = createLanguageModel(modelConfigSchema.parse({ id: 'c', provider: 'anthropic', model: 'claude-haiku-4-5', baseUrl: server.baseURL, temperature: 0.7 }), { apiKey: TEST_KEY });
      server.enqueue({ kind: 'text', chunks: ['{"capability":"review","complexity":"low","confidence":0.9}'] });
      const out = await run(claude, { ...REQUEST, ...CLASSIFY_REQUEST_OPTIONS });
      assert.equal(out.error, undefined, String(out.error));
      assert.equal(server.chatRequests[0]?.headers['anthropic-version'], '2026-10-21', 'the version whose rules the fake applies');
      const body = server.chatRequests[0]?.body as Record<string, unknown>;
      assert.deepEqual(['temperature', 'top_p', 'top_k'].filter((k) => k in body), []);
    } finally {
      await server.close();
    }
  });

  it("an Anthropic model's temperature setting is reported as not sent, naming the setting, and the model is kept", () => {
    const { settings, diagnostics } = parseSettings({
      models: [
        { id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', temperature: 0.2 },
        { id: 'gpt', provider: 'openai', model: 'gpt-4o-mini', temperature: 0.2 },
      ],
    });
    assert.deepEqual(settings.models.map((m) => m.id), ['claude', 'gpt']);
    assert.deepEqual(
      diagnostics.map((d) => [d.path, d.severity]),
      [['switchboard.models[0].temperature', 'warning']],
    );
    assert.match(diagnostics[0]?.message ?? '', /refuses a temperature/);
  });
});
