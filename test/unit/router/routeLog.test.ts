import assert from 'node:assert/strict';
import type { Logger } from '../../../src/core/log/logger';
import { useFakeProviders } from './fakeProviderSuite';
import { makeRouter, route } from './harness';

/** Collects what the router writes to the log, by level. */
class RecordingLog implements Logger {
  readonly lines: { level: string; text: string }[] = [];
  trace = (m: string) => void this.lines.push({ level: 'trace', text: m });
  debug = (m: string) => void this.lines.push({ level: 'debug', text: m });
  info = (m: string) => void this.lines.push({ level: 'info', text: m });
  warn = (m: string) => void this.lines.push({ level: 'warn', text: m });
  error = (m: string | Error) => void this.lines.push({ level: 'error', text: String(m) });
  at(level: string): string[] {
    return this.lines.filter((l) => l.level === level).map((l) => l.text);
  }
}

/** Issue 14 item 18: Show Log after a failure must lead to a line about it. */
describe('the router writes failures, retries, fallbacks, exclusions and circuit changes to the log', () => {
  const KEY = 'sk-test-0123456789abcdefROUTELOG';
  const fake = useFakeProviders(KEY);

  it('logs a failed attempt (model, kind, the provider\'s message) and the fallback, never the key', async () => {
    fake.openai.enqueue({ kind: 'server-error' });
    fake.anthropic.enqueue({ kind: 'text', chunks: ['Hi'], usage: { input: 5, output: 1 } });
    const log = new RecordingLog();
    const gpt = fake.model({ id: 'gpt', provider: 'openai', model: 'gpt-4o-mini', local: false }, fake.openai.baseURL);
    const claude = fake.model({ id: 'claude', provider: 'anthropic', model: 'claude-sonnet-4-6', local: false }, fake.anthropic.baseURL);
    const { router } = makeRouter({ models: [gpt, claude], tiers: { generate: ['gpt', 'claude'] }, log });
    const { result } = await route(router, 'generate');
    assert.equal(result.outcome, 'success');
    const warnings = log.at('warn');
    assert.ok(warnings.some((l) => /gpt \(openai gpt-4o-mini\) failed after \d+ ms, error \(server\)/.test(l)), `a line about the failed attempt: ${JSON.stringify(warnings)}`);
    assert.ok(warnings.some((l) => /falling back from gpt to claude/.test(l)), 'a line about the fallback');
    assert.ok(log.lines.every((l) => !l.text.includes(KEY)), 'no line carries the key');
    assert.equal(log.at('error').length, 0, 'the request succeeded in the end: no error line');
  });

  it('logs the request\'s end as an error when every model failed, and the circuit opening', async () => {
    const log = new RecordingLog();
    const gpt = fake.model({ id: 'gpt', provider: 'openai', model: 'gpt-4o-mini', local: false }, fake.openai.baseURL);
    const { router } = makeRouter({ models: [gpt], tiers: { generate: ['gpt'] }, log });
    for (let i = 0; i < 6; i++) {
      fake.openai.enqueue({ kind: 'server-error' });
      await route(router, 'generate');
    }
    assert.ok(log.at('error').some((l) => /ended error \(server\)/.test(l)), `an error line for the failed request: ${JSON.stringify(log.at('error'))}`);
    assert.ok(log.at('warn').some((l) => /no model left after gpt: server/.test(l)), `the last model's failure leaves no model, and says so: ${JSON.stringify(log.at('warn'))}`);
    assert.ok(!log.lines.some((l) => /falling back from gpt \(no model left\)/.test(l.text)), 'not "falling back" to nothing');
    assert.equal(router.healthOf('gpt').state, 'open', 'the failures opened the circuit');
    assert.ok(log.at('warn').some((l) => /^Circuit for gpt opened after server/.test(l)), 'a line when the circuit opened');
    assert.ok(log.at('info').some((l) => /gpt skipped: /.test(l)), 'a line when the open circuit skipped the model');
  });

  it('logs a privacy exclusion', async () => {
    fake.ollama.enqueue({ kind: 'text', chunks: ['local'], usage: { input: 5, output: 1 } });
    const log = new RecordingLog();
    const gpt = fake.model({ id: 'gpt', provider: 'openai', model: 'gpt-4o-mini', local: false }, fake.openai.baseURL);
    const llama = fake.model({ id: 'llama', provider: 'ollama', model: 'llama3.2' }, fake.ollama.baseURL);
    const { router } = makeRouter({ models: [gpt, llama], tiers: { generate: ['gpt', 'llama'] }, log, settings: { privacy: { localOnly: true } } });
    const { result } = await route(router, 'generate');
    assert.equal(result.modelId, 'llama');
    assert.ok(log.at('info').some((l) => /gpt excluded by privacy/.test(l)), `a line for the excluded model: ${JSON.stringify(log.lines)}`);
  });

  it('logs a budget block', async () => {
    const log = new RecordingLog();
    const gpt = fake.model({ id: 'gpt', provider: 'openai', model: 'gpt-4o-mini', local: false, price: { input: 1000, output: 1000 } }, fake.openai.baseURL);
    const { router } = makeRouter({ models: [gpt], tiers: { generate: ['gpt'] }, log, settings: { budget: { daily: 0.000001, policy: 'block' } } });
    const { result } = await route(router, 'generate');
    assert.equal(result.outcome, 'blocked');
    assert.ok(log.at('warn').some((l) => /blocked by the budget/.test(l)), `a line for the block: ${JSON.stringify(log.lines)}`);
    assert.equal(fake.openai.chatRequests.length, 0);
  });
});
