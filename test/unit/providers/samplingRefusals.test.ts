import assert from 'node:assert/strict';
import { CLASSIFY_REQUEST_OPTIONS } from '../../../src/core/classify/modelPrompt';
import { parseSettings } from '../../../src/core/config/parseSettings';
import { modelConfigSchema } from '../../../src/core/config/settings/models';
import { createLanguageModel } from '../../../src/core/providers/createLanguageModel';
import { isTemperatureRefusal } from '../../../src/core/providers/openaiRefusals';
import { startFakeAnthropic, startFakeOpenAI } from '../../support/fakeProviders';
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

describe('OpenAI models that take no temperature but their default (o-series, GPT-5)', () => {
  it('the classifier\'s temperature 0 is refused once, the request goes again without it, and later ones go without it at once', async () => {
    const server = await startFakeOpenAI({ defaultTemperatureOnly: /^(o\d|gpt-5)/ });
    try {
      const mini = createLanguageModel(modelConfigSchema.parse({ id: 'mini', provider: 'openai', model: 'gpt-5-mini', baseUrl: server.baseURL }), { apiKey: TEST_KEY });
      const answer = '{"capability":"review","complexity":"low","confidence":0.9}';
      // Every request gets the answer (a refused one takes its turn too, as at the other refusals).
      server.setDefault({ kind: 'text', chunks: [answer] });
      const first = await run(mini, { ...REQUEST, ...CLASSIFY_REQUEST_OPTIONS });
      assert.equal(first.error, undefined, String(first.error));
      assert.equal(first.text, answer);
      const temperatures = () => server.chatRequests.map((r) => (r.body as { temperature?: number }).temperature);
      assert.deepEqual(temperatures(), [0, undefined], 'refused with 0, answered without');

      assert.equal((await run(mini, { ...REQUEST, ...CLASSIFY_REQUEST_OPTIONS })).error, undefined);
      assert.deepEqual(temperatures(), [0, undefined, undefined], 'remembered: no second refusal');

      const older = createLanguageModel(modelConfigSchema.parse({ id: 'o', provider: 'openai', model: 'gpt-4o-mini', baseUrl: server.baseURL }), { apiKey: TEST_KEY });
      await run(older, { ...REQUEST, ...CLASSIFY_REQUEST_OPTIONS });
      assert.equal(temperatures().at(-1), 0, 'a model that takes a temperature gets it');
    } finally {
      await server.close();
    }
  });

  it('tells a refused temperature from other refusals', () => {
    const http = (status: number, message: string, param?: string) => Object.assign(new Error(message), { status, ...(param ? { param } : {}) });
    assert.equal(isTemperatureRefusal(http(400, "400 Unsupported value: 'temperature' does not support 0 with this model. Only the default (1) value is supported.", 'temperature')), true);
    assert.equal(isTemperatureRefusal(http(400, 'response_format type must be one of "text" or "json_object", but got: json_schema')), false);
    assert.equal(isTemperatureRefusal(http(500, "temperature sensor unsupported")), false);
  });
});
