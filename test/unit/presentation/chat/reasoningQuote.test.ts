import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { ReasoningQuote, withoutReasoningQuotes } from '../../../../src/presentation/chat/reasoningQuote';

describe('reasoning as a block quote for VS Code\'s chat', () => {
  it('quotes streamed reasoning under a heading and closes the quote before the answer', () => {
    const quote = new ReasoningQuote();
    const markdown = [quote.reasoning('The user asks\nabout '), quote.reasoning('cents.'), quote.text('Cents'), quote.text(' are hundredths.')].join('');
    assert.equal(markdown, '> **Reasoning**\n>\n> The user asks\n> about cents.\n\nCents are hundredths.');
    const html = new MarkdownIt().render(markdown);
    assert.match(html, /<blockquote>\s*<p><strong>Reasoning<\/strong><\/p>\s*<p>The user asks\s*about cents\.<\/p>\s*<\/blockquote>/);
    assert.match(html, /<\/blockquote>\s*<p>Cents are hundredths\.<\/p>/, 'the answer is outside the quote');
  });

  it('writes nothing of its own for an answer without reasoning', () => {
    const quote = new ReasoningQuote();
    assert.equal(quote.text('Just') + quote.text(' text.'), 'Just text.');
  });

  it('starts a new paragraph for reasoning that comes after answer text', () => {
    const quote = new ReasoningQuote();
    const markdown = quote.text('First.') + quote.reasoning('Hmm.') + quote.text('Second.');
    assert.equal(markdown, 'First.\n\n> **Reasoning**\n>\n> Hmm.\n\nSecond.');
  });
});

describe('an earlier participant answer sent back as history', () => {
  it('leaves the quoted reasoning out and keeps the answer', () => {
    const quote = new ReasoningQuote();
    const markdown = quote.reasoning('Think\n\nharder.') + quote.text('Answer.\n\n> a quote of the answer\'s own');
    assert.equal(withoutReasoningQuotes(markdown), 'Answer.\n\n> a quote of the answer\'s own');
    assert.equal(withoutReasoningQuotes('Plain.'), 'Plain.');
  });
});
