import assert from 'node:assert/strict';
import { CHAT_CAPABILITIES, type ChipView, parseWebviewMessage } from '../../../src/protocol/chatProtocol';
import { addChip, chipFromCompletion, chipReference, suggestedChips } from '../../../src/webview/chat/chips';
import { newId } from '../../../src/webview/chat/ids';
import { mentionAt, removeMention } from '../../../src/webview/chat/mention';
import { DEFAULT_VIEW_STATE, restoreViewState } from '../../../src/webview/chat/viewState';

describe('mentionAt', () => {
  it('finds @file:, @symbol: and bare @ at the caret', () => {
    assert.deepEqual(mentionAt('Explain @file:pars', 18), { kind: 'file', query: 'pars', start: 8, end: 18 });
    assert.deepEqual(mentionAt('@symbol:route', 13), { kind: 'symbol', query: 'route', start: 0, end: 13 });
    assert.deepEqual(mentionAt('look at @rout', 13), { kind: 'any', query: 'rout', start: 8, end: 13 });
    assert.deepEqual(mentionAt('x @', 3), { kind: 'any', query: '', start: 2, end: 3 });
  });

  it('uses the caret, not the end of the draft', () => {
    const draft = 'see @file:ab and more';
    assert.deepEqual(mentionAt(draft, 12), { kind: 'file', query: 'ab', start: 4, end: 12 });
    assert.equal(mentionAt(draft, draft.length), undefined);
  });

  it('ignores e-mail addresses and mentions already ended by a space', () => {
    assert.equal(mentionAt('mail me@example.com', 19), undefined);
    assert.equal(mentionAt('@file:a.ts done', 15), undefined);
  });

  it('removes the mention text when an item becomes a chip', () => {
    const draft = 'Explain @file:pars please';
    const m = mentionAt(draft, 18);
    assert.ok(m);
    assert.deepEqual(removeMention(draft, m), { text: 'Explain please', caret: 8 });
  });
});

describe('chips', () => {
  it('sends only references back to the host, never labels', () => {
    assert.deepEqual(chipReference({ kind: 'selection' }), { kind: 'selection' });
    assert.deepEqual(chipReference({ kind: 'file', path: 'a.ts', label: 'a.ts' } as ChipView), { kind: 'file', path: 'a.ts' });
    assert.deepEqual(chipReference({ kind: 'symbol', name: 'f', path: 'a.ts', line: 3, label: 'f' } as ChipView), { kind: 'symbol', name: 'f', path: 'a.ts', line: 3 });
  });

  it('does not attach the same reference twice', () => {
    const a: ChipView = { kind: 'file', path: 'a.ts', label: 'a.ts' };
    const once = addChip([], a);
    assert.equal(addChip(once, { ...a, label: 'other label' }), once);
    assert.equal(addChip(once, { kind: 'file', path: 'b.ts', label: 'b.ts' }).length, 2);
  });

  it('turns completion items into chips', () => {
    assert.deepEqual(chipFromCompletion({ kind: 'file', label: 'src/a.ts', path: 'src/a.ts' }), { kind: 'file', path: 'src/a.ts', label: 'src/a.ts' });
    assert.deepEqual(chipFromCompletion({ kind: 'symbol', label: 'route', path: 'src/r.ts', line: 9 }), { kind: 'symbol', name: 'route', path: 'src/r.ts', line: 9, label: 'route' });
  });

  it('suggests the selection and active file only while they exist and are not attached', () => {
    const context = { activeFile: { path: 'src/x/a.ts', languageId: 'typescript' }, selection: { path: 'src/x/a.ts', startLine: 3, endLine: 9 } };
    assert.deepEqual(
      suggestedChips(context, []).map((c) => c.label),
      ['Selection a.ts:3-9', 'a.ts'],
    );
    assert.deepEqual(
      suggestedChips(context, [{ kind: 'selection', label: 's' }]).map((c) => c.kind),
      ['activeFile'],
    );
    assert.deepEqual(suggestedChips({}, []), []);
  });
});

describe('restoreViewState', () => {
  it('round-trips what the view stores', () => {
    const state = { version: 1 as const, conversationId: 'c1', draft: 'half a thought', capability: 'review' as const, modelId: 'fast', chips: [{ kind: 'file' as const, path: 'a.ts', label: 'a.ts' }] };
    assert.deepEqual(restoreViewState(JSON.parse(JSON.stringify(state))), state);
  });

  it('falls back to defaults for garbage and keeps what is still valid', () => {
    assert.deepEqual(restoreViewState(undefined), DEFAULT_VIEW_STATE);
    assert.deepEqual(restoreViewState('x'), DEFAULT_VIEW_STATE);
    const s = restoreViewState({ draft: 'keep', capability: 'classify', conversationId: '../../etc', chips: [{ kind: 'file' }, { kind: 'selection', label: 'Sel' }, 7] });
    assert.equal(s.draft, 'keep');
    assert.equal(s.capability, 'auto');
    assert.equal(s.conversationId, undefined);
    assert.deepEqual(s.chips, [{ kind: 'selection', label: 'Sel' }]);
  });

  it('accepts every capability the protocol offers', () => {
    for (const capability of CHAT_CAPABILITIES) assert.equal(restoreViewState({ capability }).capability, capability);
  });
});

describe('newId', () => {
  it('mints ids the protocol accepts, different each time', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const requestId = newId('r');
      assert.equal(parseWebviewMessage({ type: 'stop', requestId }).ok, true, requestId);
      ids.add(requestId);
    }
    assert.equal(ids.size, 50);
  });
});
