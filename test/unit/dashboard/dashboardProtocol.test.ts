import assert from 'node:assert/strict';
import { DASHBOARD_PROTOCOL_VERSION, parseDashboardMessage, type DashboardToHost } from '../../../src/protocol/dashboardProtocol';

function rejected(raw: unknown): string {
  const result = parseDashboardMessage(raw);
  assert.equal(result.ok, false, `accepted ${JSON.stringify(raw)}`);
  return result.ok ? '' : result.reason;
}

describe('dashboard protocol: webview → host', () => {
  it('accepts every message the webview sends', () => {
    const messages: DashboardToHost[] = [
      { type: 'ready', protocolVersion: DASHBOARD_PROTOCOL_VERSION, range: '7d', utcOffsetMinutes: 60 },
      { type: 'setRange', range: '24h', utcOffsetMinutes: -300 },
      { type: 'setRange', range: '30d', utcOffsetMinutes: 330 },
      { type: 'refresh' },
      { type: 'export', format: 'json', range: '30d', utcOffsetMinutes: 0 },
      { type: 'export', format: 'csv', range: '24h', utcOffsetMinutes: 840 },
    ];
    for (const m of messages) assert.deepEqual(parseDashboardMessage(m), { ok: true, message: m });
  });

  it('rejects a range the dashboard does not offer, naming the field', () => {
    assert.match(rejected({ type: 'setRange', range: '90d', utcOffsetMinutes: 0 }), /^Dashboard message rejected: range: /);
  });

  it('rejects an unknown export format and unknown message types', () => {
    assert.match(rejected({ type: 'export', format: 'xlsx', range: '7d', utcOffsetMinutes: 0 }), /format/);
    assert.match(rejected({ type: 'delete-everything' }), /type/);
    assert.match(rejected({}), /type/);
  });

  it('rejects impossible time-zone offsets and fractions of a minute', () => {
    assert.match(rejected({ type: 'setRange', range: '7d', utcOffsetMinutes: 15 * 60 }), /utcOffsetMinutes/);
    assert.match(rejected({ type: 'setRange', range: '7d', utcOffsetMinutes: -841 }), /utcOffsetMinutes/);
    assert.match(rejected({ type: 'setRange', range: '7d', utcOffsetMinutes: 0.5 }), /utcOffsetMinutes/);
    assert.match(rejected({ type: 'setRange', range: '7d' }), /utcOffsetMinutes/);
  });

  it('rejects extra fields (strict) so a malformed or hostile message cannot smuggle data through', () => {
    assert.match(rejected({ type: 'refresh', path: '/etc/passwd' }), /Unrecognized key/i);
    assert.match(rejected({ type: 'export', format: 'csv', range: '7d', utcOffsetMinutes: 0, path: '/tmp/x.csv' }), /Unrecognized key/i);
  });

  it('rejects a ready without a usable protocol version', () => {
    assert.match(rejected({ type: 'ready', protocolVersion: 0, range: '7d', utcOffsetMinutes: 0 }), /protocolVersion/);
    assert.match(rejected({ type: 'ready', protocolVersion: '1', range: '7d', utcOffsetMinutes: 0 }), /protocolVersion/);
  });

  it('rejects what is not an object at all', () => {
    for (const raw of [null, undefined, 'ready', 42, []]) assert.match(rejected(raw), /^Dashboard message rejected: message: /);
  });
});
