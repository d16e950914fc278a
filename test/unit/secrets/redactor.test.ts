import assert from 'node:assert/strict';
import { SecretRedactor } from '../../../src/core/secrets/redactor';

describe('SecretRedactor', () => {
  it('masks every occurrence of a registered key', () => {
    const r = new SecretRedactor();
    const key = 'gsk_RECOGNISABLE_KEY_0123456789';
    r.add(key);
    const out = r.redact(`failed with ${key} twice: ${key}`);
    assert.ok(!out.includes(key));
    assert.equal(out, 'failed with gsk*** twice: gsk***');
  });

  it('masks bearer headers and sk- tokens it was never told about', () => {
    const r = new SecretRedactor();
    const out = r.redact('Authorization: Bearer abcdefghijklmnop x-api-key: zzzzzzzzzz sk-proj-ABCDEFGHIJKLMNOPQRSTUV');
    assert.ok(!out.includes('abcdefghijklmnop'));
    assert.ok(!out.includes('zzzzzzzzzz'));
    assert.ok(!out.includes('ABCDEFGHIJKLMNOPQRSTUV'));
  });

  it('masks bearer tokens and x-api-key values in the serialized forms headers take (JSON, object literals, URL-encoded)', () => {
    const r = new SecretRedactor();
    const token = 'gsk_UNREGISTERED0123456789';
    const apiKey = 'xk_UNREGISTERED9876543210';
    for (const text of [
      `{"Authorization":"Bearer ${token}","x-api-key":"${apiKey}"}`,
      `headers: { authorization: 'Bearer ${token}', 'x-api-key': '${apiKey}' }`,
      `Authorization=Bearer%20${token}&api_key=${apiKey}`,
    ]) {
      const out = r.redact(text);
      assert.ok(!out.includes(token), out);
      assert.ok(!out.includes(apiKey), out);
    }
  });

  it('ignores values too short to be keys, so ordinary words survive', () => {
    const r = new SecretRedactor();
    r.add('abc');
    assert.equal(r.redact('abc def'), 'abc def');
  });
});
