import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { markdownCode, markdownInline } from '../../../src/shared/markdownText';

describe('untrusted text in Markdown', () => {
  const md = new MarkdownIt({ html: true });
  const render = (text: string) => md.renderInline(text);

  it('keeps a model’s words as words: no emphasis, link, heading, table, code or HTML opens', () => {
    const hostile = '# *Ship* it\n[now](https://evil.example) <img src=x onerror=alert(1)> | `rm -rf` _x_ {y}';
    const html = render(markdownInline(hostile));
    assert.doesNotMatch(html, /<(em|strong|a|img|code|h1)\b/, html);
    assert.equal(html.replace(/&lt;/g, '<').replace(/&gt;/g, '>'), '# *Ship* it [now](https://evil.example) <img src=x onerror=alert(1)> | `rm -rf` _x_ {y}');
  });

  it('quotes a path as one code span, even with a backtick or a line break in it', () => {
    assert.equal(markdownCode('src/a`b.ts'), "`src/a'b.ts`");
    assert.equal(render(markdownCode('src/one\n two.ts')), '<code>src/one two.ts</code>');
  });
});
