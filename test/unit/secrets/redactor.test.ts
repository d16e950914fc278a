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

  it('ignores values too short to be keys, so ordinary words survive', () => {
    const r = new SecretRedactor();
    r.add('abc');
    assert.equal(r.redact('abc def'), 'abc def');
  });
});
