import assert from 'node:assert/strict';
import { LiveAnswers } from '../../../src/webview/chat/liveAnswers';
import { splitForStreaming } from '../../../src/webview/chat/markdown/streamSplit';

describe('LiveAnswers', () => {
  it('accumulates deltas and tells subscribers the whole text', () => {
    const live = new LiveAnswers();
    const seen: string[] = [];
    live.start('r1');
    live.subscribe('r1', (t) => seen.push(t));
    assert.equal(live.append('r1', 'Hel'), true);
    assert.equal(live.append('r1', 'lo'), true);
    assert.deepEqual(seen, ['Hel', 'Hello']);
    assert.equal(live.text('r1'), 'Hello');
  });

  it('keeps reasoning apart from the text, each with its own subscribers', () => {
    const live = new LiveAnswers();
    const texts: string[] = [];
    const reasonings: string[] = [];
    live.start('r1', '', 'resumed ');
    live.subscribe('r1', (t) => texts.push(t));
    live.subscribeReasoning('r1', (r) => reasonings.push(r));
    assert.equal(live.appendReasoning('r1', 'thought'), true);
    live.append('r1', 'Hi');
    assert.deepEqual(reasonings, ['resumed thought']);
    assert.deepEqual(texts, ['Hi']);
    live.end('r1');
    assert.equal(live.appendReasoning('r1', ' late'), false);
    assert.equal(live.reasoning('r1'), undefined);
  });

  it('drops deltas for unknown or finished requests', () => {
    const live = new LiveAnswers();
    assert.equal(live.append('ghost', 'x'), false);
    live.start('r1', 'resumed ');
    live.append('r1', 'text');
    live.end('r1');
    assert.equal(live.append('r1', ' late'), false);
    assert.equal(live.isLive('r1'), false);
    assert.equal(live.text('r1'), undefined);
  });

  it('notifies only the subscribers of that request, and stops after unsubscribe', () => {
    const live = new LiveAnswers();
    live.start('a');
    live.start('b');
    let a = 0;
    let b = 0;
    const offA = live.subscribe('a', () => a++);
    live.subscribe('b', () => b++);
    live.append('a', '1');
    offA();
    live.append('a', '2');
    live.append('b', '1');
    assert.equal(a, 1);
    assert.equal(b, 1);
    assert.equal(live.text('a'), '12');
  });
});

describe('splitForStreaming', () => {
  it('keeps the paragraph being written in the tail', () => {
    assert.deepEqual(splitForStreaming('First para.\n\nSecond is still gro'), { stable: 'First para.\n\n', tail: 'Second is still gro' });
  });

  it('has no stable part before the first blank line', () => {
    assert.deepEqual(splitForStreaming('One line\nand another'), { stable: '', tail: 'One line\nand another' });
  });

  it('never cuts inside an open code fence', () => {
    const text = 'Intro\n\n```ts\nconst a = 1;\n\nconst b = 2;\n';
    assert.deepEqual(splitForStreaming(text), { stable: 'Intro\n\n', tail: '```ts\nconst a = 1;\n\nconst b = 2;\n' });
  });

  it('cuts after a closed fence once a blank line follows', () => {
    const text = '```\ncode\n\nmore\n```\n\nAfter';
    assert.deepEqual(splitForStreaming(text), { stable: '```\ncode\n\nmore\n```\n\n', tail: 'After' });
  });

  it('needs the same fence character and at least the same length to close', () => {
    const text = '~~~~\n```\n\nstill code\n~~~\n\nstill code\n';
    assert.equal(splitForStreaming(text).stable, '');
  });

  it('reassembles to the original text for any prefix of an answer', () => {
    const answer = 'Para one.\n\n- a\n- b\n\n```py\nx = 1\n\ny = 2\n```\n\nDone.\n';
    for (let i = 0; i <= answer.length; i++) {
      const { stable, tail } = splitForStreaming(answer.slice(0, i));
      assert.equal(stable + tail, answer.slice(0, i));
    }
  });
});
