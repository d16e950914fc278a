import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { APIConnectionError, AuthenticationError, InternalServerError } from 'openai';
import { APIError as AnthropicAPIError } from '@anthropic-ai/sdk';
import { ModelError } from '../../../src/core/providers/contract';
import { normalizeError, parseRetryAfter, ProviderProtocolError, redactSecrets, type NormalizeContext } from '../../../src/core/providers/normalizeError';
import { createOpenAIModel } from '../../../src/core/providers/openaiModel';
import { createOllamaModel } from '../../../src/core/providers/ollamaModel';
import { TEST_KEY, run } from './providerHarness';

const headers = (entries: Record<string, string>): Headers => new Headers(entries);
const OPENAI: NormalizeContext = { provider: 'openai', modelId: 'gpt-4o', secrets: [TEST_KEY] };

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-24T08:00:00Z');

  it('reads seconds, fractional seconds and retry-after-ms', () => {
    assert.equal(parseRetryAfter(headers({ 'retry-after': '12' }), now), 12_000);
    assert.equal(parseRetryAfter(headers({ 'retry-after': '0.5' }), now), 500);
    assert.equal(parseRetryAfter(headers({ 'retry-after-ms': '250.4' }), now), 250);
  });

  it('prefers retry-after-ms over retry-after', () => {
    assert.equal(parseRetryAfter(headers({ 'retry-after-ms': '900', 'retry-after': '5' }), now), 900);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'Tue, 24 Nov 2026 08:00:30 GMT' }), now), 30_000);
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'Tue, 24 Nov 2026 07:59:00 GMT' }), now), 0);
  });

  it('ignores absent, empty, negative and unreadable values', () => {
    assert.equal(parseRetryAfter(headers({}), now), undefined);
    assert.equal(parseRetryAfter(headers({ 'retry-after': '' }), now), undefined);
    assert.equal(parseRetryAfter(headers({ 'retry-after': '-3' }), now), undefined);
    assert.equal(parseRetryAfter(headers({ 'retry-after': 'soon' }), now), undefined);
    assert.equal(parseRetryAfter(headers({ 'retry-after-ms': 'x', 'retry-after': '2' }), now), 2000);
  });
});

describe('redactSecrets', () => {
  it('removes the given secrets and key-shaped strings', () => {
    const text = `key ${TEST_KEY}, other sk-proj-AbCdEf123456, header Bearer abc.def, api_key=xyz123`;
    const clean = redactSecrets(text, [TEST_KEY]);
    assert.ok(!clean.includes(TEST_KEY));
    assert.ok(!clean.includes('sk-proj-AbCdEf123456'));
    assert.ok(!clean.includes('abc.def'));
    assert.ok(!clean.includes('xyz123'));
    assert.match(clean, /\[redacted\]/);
  });

  it('leaves ordinary text alone', () => {
    assert.equal(redactSecrets('The model `gpt-4o` does not exist.', [TEST_KEY]), 'The model `gpt-4o` does not exist.');
  });
});

describe('normalizeError', () => {
  it('keeps the API key out of the message of a key-echoing SDK error', () => {
    const sdkError = new AuthenticationError(
      401,
      { message: `Incorrect API key provided: ${TEST_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`, type: 'invalid_request_error', code: 'invalid_api_key' },
      undefined,
      headers({}),
    );
    assert.ok(sdkError.message.includes(TEST_KEY), 'precondition: the SDK message holds the key');
    const error = normalizeError(sdkError, OPENAI);
    assert.equal(error.kind, 'auth');
    assert.ok(!error.message.includes(TEST_KEY));
    assert.ok(!JSON.stringify(error).includes(TEST_KEY));
    assert.equal(error.cause, undefined);
    assert.match(error.message, /Set the key for OpenAI with 'Switchboard: Set API Key…'/);
  });

  it('names the key slot of the endpoint a rejected model draws its key from, not its protocol', () => {
    const sdkError = new AnthropicAPIError(401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } }, undefined, headers({}));
    const proxied = normalizeError(sdkError, { provider: 'anthropic', modelId: 'claude-sonnet-4-5', baseURL: 'http://127.0.0.1:4000' });
    assert.equal(proxied.kind, 'auth');
    assert.match(proxied.message, /Set the key for Local endpoint \(127\.0\.0\.1:4000\) with 'Switchboard: Set API Key…'/);
    assert.doesNotMatch(proxied.message, /Anthropic API key/);
    const remote = normalizeError(sdkError, { provider: 'anthropic', modelId: 'claude-sonnet-4-5', baseURL: 'https://gateway.example.com/anthropic' });
    assert.match(remote.message, /Set the key for gateway\.example\.com with/);
    // Anthropic's own endpoint keeps the Anthropic slot.
    const official = normalizeError(sdkError, { provider: 'anthropic', modelId: 'claude-sonnet-4-5', baseURL: 'https://api.anthropic.com' });
    assert.match(official.message, /Set the key for Anthropic with/);
  });

  it('redacts a key it was not told about when it has a key shape', () => {
    const error = normalizeError(new Error('upstream said: Bearer sk-live-999999999999 is invalid'), { provider: 'openai-compatible', modelId: 'm' });
    assert.ok(!error.message.includes('sk-live-999999999999'));
  });

  it('keeps what the provider said apart from the advice, redacted, for the short words of a fallback', () => {
    const sdkError = new InternalServerError(503, { message: `The engine is currently overloaded (key ${TEST_KEY})` }, undefined, headers({}));
    const error = normalizeError(sdkError, OPENAI);
    assert.equal(error.detail, 'The engine is currently overloaded (key [redacted])');
    assert.match(error.message, /Try again later or use another model\. Provider said: The engine is currently overloaded/);
    assert.equal(normalizeError(new Error(''), OPENAI).detail, undefined, 'nothing said, no detail');
  });

  it('keeps the raw error as cause when it holds no secret', () => {
    const sdkError = new InternalServerError(500, { message: 'boom' }, undefined, headers({}));
    const error = normalizeError(sdkError, OPENAI);
    assert.equal(error.kind, 'server');
    assert.equal(error.cause, sdkError);
  });

  it('reads the Anthropic error body: overloaded, prompt too long, not found', () => {
    const anthropic: NormalizeContext = { provider: 'anthropic', modelId: 'claude' };
    const body = (type: string, message: string): Record<string, unknown> => ({ type: 'error', error: { type, message } });
    assert.equal(normalizeError(new AnthropicAPIError(529, body('overloaded_error', 'Overloaded'), undefined, headers({})), anthropic).kind, 'server');
    assert.equal(
      normalizeError(new AnthropicAPIError(400, body('invalid_request_error', 'prompt is too long: 300000 tokens > 200000 maximum'), undefined, headers({})), anthropic).kind,
      'context-window',
    );
    assert.equal(normalizeError(new AnthropicAPIError(404, body('not_found_error', 'model: claude-x'), undefined, headers({})), anthropic).kind, 'model-not-found');
    assert.equal(normalizeError(new AnthropicAPIError(413, body('request_too_large', 'Request exceeds the maximum size'), undefined, headers({})), anthropic).kind, 'context-window');
  });

  it('maps network failures by code anywhere in the cause chain', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const error = normalizeError(new APIConnectionError({ message: 'Connection error.', cause: new TypeError('fetch failed', { cause: refused }) }), OPENAI);
    assert.equal(error.kind, 'network');
    assert.match(error.message, /ECONNREFUSED/);
    const reset = normalizeError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), OPENAI);
    assert.equal(reset.kind, 'network');
    assert.equal(normalizeError(new Error('socket hang up'), OPENAI).kind, 'network');
  });

  it('lets the guard decide between cancelled and the two timeouts', () => {
    const aborted = new Error('aborted');
    assert.equal(normalizeError(aborted, { ...OPENAI, abortCause: 'cancelled' }).kind, 'cancelled');
    assert.equal(normalizeError(aborted, { ...OPENAI, abortCause: 'timeout-first-token', firstTokenTimeoutMs: 30_000 }).kind, 'timeout-first-token');
    const total = normalizeError(aborted, { ...OPENAI, abortCause: 'timeout-total', timeoutMs: 120_000 });
    assert.equal(total.kind, 'timeout-total');
    assert.match(total.message, /120 s/);
  });

  it('treats a malformed chunk as a server error with a clear message', () => {
    const error = normalizeError(new ProviderProtocolError('malformed-chunk', 'line is not JSON'), OPENAI);
    assert.equal(error.kind, 'server');
    assert.match(error.message, /malformed stream chunk/);
    assert.equal(normalizeError(new SyntaxError('Unexpected end of JSON input'), OPENAI).kind, 'server');
  });

  it('passes a ModelError through unchanged', () => {
    const original = new ModelError({ kind: 'auth', message: 'no key', provider: 'openai', modelId: 'x' });
    assert.equal(normalizeError(original, OPENAI), original);
  });

  it('maps OpenAI codes on 400 and 429 without a retry-after', () => {
    const make = (status: number, code: string, message: string): unknown =>
      Object.assign(new Error(message), { status, error: { message, code, type: 'invalid_request_error' }, headers: headers({}) });
    assert.equal(normalizeError(make(400, 'context_length_exceeded', 'too long'), OPENAI).kind, 'context-window');
    assert.equal(normalizeError(make(400, 'content_filter', 'filtered'), OPENAI).kind, 'content-policy');
    assert.equal(normalizeError(make(400, 'model_not_found', 'no such model'), OPENAI).kind, 'model-not-found');
    const limited = normalizeError(make(429, 'rate_limit_exceeded', 'slow down'), OPENAI);
    assert.equal(limited.kind, 'rate-limit');
    assert.equal(limited.retryAfterMs, undefined);
  });
});

describe('unreachable servers', () => {
  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
  }

  it('reports connection refused as a network error that names the address', async () => {
    const port = await closedPort();
    const openai = createOpenAIModel({ model: 'gpt-4o-mini', apiKey: TEST_KEY, baseURL: `http://127.0.0.1:${port}/v1` });
    const out = await run(openai);
    assert.ok(out.error instanceof ModelError);
    assert.equal(out.error.kind, 'network');
    assert.match(out.error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.match(out.error.message, /ECONNREFUSED/);

    const ollama = await run(createOllamaModel({ model: 'llama3.2', baseURL: `http://127.0.0.1:${port}` }));
    assert.ok(ollama.error instanceof ModelError);
    assert.equal(ollama.error.kind, 'network');
    assert.match(ollama.error.message, /Ollama is running/);
  });

  it('says why a server on a port fetch will not call cannot be reached (it read "failed with a server error … Connection error.")', async () => {
    // 6000 is on fetch's blocked-port list: no connection is tried, and no error code says why.
    const url = 'http://127.0.0.1:6000/v1';
    for (const model of [createOpenAIModel({ model: 'local-model', apiKey: TEST_KEY, baseURL: url, provider: 'openai-compatible' }), createOllamaModel({ model: 'llama3.2', baseURL: 'http://127.0.0.1:6000' })]) {
      const out = await run(model);
      assert.ok(out.error instanceof ModelError);
      assert.equal(out.error.kind, 'network', out.error.message);
      assert.match(out.error.message, /^Could not reach .* at http:\/\/127\.0\.0\.1:6000\S*: .*\(bad port: fetch refuses to call that port, so serve the model on another\)\. Check the network/);
    }
  });

  it('refuses to call OpenAI without a key, before any request', async () => {
    const out = await run(createOpenAIModel({ model: 'gpt-4o-mini', baseURL: 'http://127.0.0.1:9/v1' }));
    assert.ok(out.error instanceof ModelError);
    assert.equal(out.error.kind, 'auth');
    assert.match(out.error.message, /Switchboard: Set API Key…/);
  });
});
