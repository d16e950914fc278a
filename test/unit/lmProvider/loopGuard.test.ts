import assert from 'node:assert/strict';
import { LoopGuard, type ConsumedChat } from '../../../src/core/lmProvider/loopGuard';

const WRAPPER: ConsumedChat = { vendor: 'wrapper', id: 'wrapped-auto', family: 'wrapped' };
const OTHER: ConsumedChat = { vendor: 'copilot', id: 'gpt-4o', family: 'gpt-4o' };
const PROMPT = 'Explain what the router does with a 503.';

function guard(): { guard: LoopGuard; lines: string[] } {
  const lines: string[] = [];
  let n = 0;
  const log = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: (m: string) => void lines.push(m), error: () => undefined };
  return { guard: new LoopGuard(log, () => `m${n++}`), lines };
}

describe('the loop guard (Switchboard never consumes its own models)', () => {
  it('refuses Switchboard’s own vendor outright', () => {
    const { guard: g } = guard();
    assert.match(g.refusal({ vendor: 'switchboard', id: 'auto', family: 'switchboard' }) ?? '', /Switchboard's own model/);
    assert.equal(g.refusal(OTHER), undefined);
  });

  it('catches a wrapper that passes the marker on: the inner request fails, the wrapper is excluded and logged once', () => {
    const { guard: g, lines } = guard();
    const excluded: ConsumedChat[] = [];
    g.onDidExclude((c) => excluded.push(c));
    const outgoing = g.beginOutgoing(WRAPPER, ['hi']);
    const verdict = g.checkIncoming({ marker: outgoing.marker, texts: ['something else'] });
    assert.equal(verdict?.wrapper, 'wrapper/wrapped-auto');
    assert.match(verdict?.message ?? '', /came back to it through wrapper\/wrapped-auto.*no longer uses/);
    assert.match(g.refusal(WRAPPER) ?? '', /wraps Switchboard's own models/);
    assert.deepEqual(excluded, [WRAPPER]);
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /Loop guard: wrapper\/wrapped-auto .*\(matched by its marker\)/);
    // The same loop again is refused, not logged again.
    assert.ok(g.checkIncoming({ marker: outgoing.marker, texts: [] }));
    assert.equal(lines.length, 1);
    outgoing.end();
  });

  it('catches a wrapper that drops the options but passes the prompt on', () => {
    const { guard: g, lines } = guard();
    const outgoing = g.beginOutgoing(WRAPPER, ['earlier turn', PROMPT]);
    const verdict = g.checkIncoming({ texts: ['You are a helpful wrapper.', `User said: ${PROMPT}`] });
    assert.equal(verdict?.wrapper, 'wrapper/wrapped-auto');
    assert.match(lines[0] ?? '', /matched by its prompt/);
    outgoing.end();
  });

  it('lets an unrelated request through while Switchboard’s own is in flight', () => {
    const { guard: g } = guard();
    const outgoing = g.beginOutgoing(OTHER, [PROMPT]);
    assert.equal(g.checkIncoming({ marker: 'someone-else', texts: ['Write a haiku about the sea, please.'] }), undefined);
    assert.equal(g.refusal(OTHER), undefined);
    outgoing.end();
  });

  it('does not match a short, common prompt by its text alone', () => {
    const { guard: g } = guard();
    const outgoing = g.beginOutgoing(OTHER, ['hi']);
    assert.equal(g.checkIncoming({ texts: ['hi'] }), undefined);
    outgoing.end();
  });

  it('forgets a request once it has ended: a later request with the same prompt is no loop', () => {
    const { guard: g } = guard();
    const outgoing = g.beginOutgoing(OTHER, [PROMPT]);
    outgoing.end();
    assert.equal(g.checkIncoming({ texts: [PROMPT] }), undefined);
  });

  it('names an excluded model by any name switchboard.models may use for it', () => {
    const { guard: g } = guard();
    const outgoing = g.beginOutgoing(WRAPPER, [PROMPT]);
    g.checkIncoming({ marker: outgoing.marker, texts: [] });
    for (const name of ['wrapped-auto', 'wrapped', 'wrapper/wrapped']) assert.equal(g.excludesName(name), true, name);
    assert.equal(g.excludesName('gpt-4o'), false);
  });
});
