import assert from 'node:assert/strict';
import { JSDOM } from 'jsdom';
import { createAnswerRenderer } from '../../../src/webview/chat/markdown/answerRenderer';
import { createMarkdownRenderer } from '../../../src/webview/chat/markdown/renderMarkdown';
import { createSanitizer } from '../../../src/webview/chat/markdown/sanitize';

/**
 * Model output is untrusted. These tests render known XSS payloads through the same renderer the
 * chat view uses, attach the result to a jsdom document that runs scripts, and check that nothing
 * executable survived and nothing ran.
 */
const PAYLOADS = [
  '<img src=x onerror="window.__pwned = 1">',
  '<script>window.__pwned = 1</script>',
  '<iframe src="javascript:window.parent.__pwned=1"></iframe>',
  '<svg onload="window.__pwned=1"><script>window.__pwned=1</script></svg>',
  '<svg><a xlink:href="javascript:window.__pwned=1"><text x="20" y="20">click</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=1">',
  '<a href="javascript:window.__pwned=1">link</a>',
  '<details open ontoggle="window.__pwned=1">',
  '<object data="javascript:window.__pwned=1"></object><embed src="javascript:window.__pwned=1">',
  '<form action="javascript:window.__pwned=1"><button>go</button></form>',
  '<style>@import "https://evil.example/x.css"; body { background: url(javascript:alert(1)) }</style>',
  '<div style="background-image: url(javascript:alert(1))">styled</div>',
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">',
];

const MARKDOWN_TRICKS = [
  '[click](javascript:window.__pwned=1)',
  '[click](JaVaScRiPt:window.__pwned=1)',
  '[click](  javascript:window.__pwned=1)',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](https://tracker.example/pixel.png)',
  '![x](javascript:window.__pwned=1)',
  '<https://example.com/ok> and <javascript:alert(1)>',
  '[ref]\n\n[ref]: javascript:window.__pwned=1',
  '```html\n<script>window.__pwned=1</script>\n```',
  '`<img src=x onerror=window.__pwned=1>`',
];

function makeWindow(): JSDOM {
  return new JSDOM('<!DOCTYPE html><body><div id="root"></div></body>', { runScripts: 'dangerously' });
}

function assertInert(root: Element, label: string): void {
  for (const el of Array.from(root.querySelectorAll('*'))) {
    const tag = el.tagName.toLowerCase();
    assert.ok(!['script', 'iframe', 'object', 'embed', 'img', 'svg', 'math', 'style', 'form', 'details', 'noscript', 'link', 'meta', 'base'].includes(tag), `${label}: <${tag}> survived`);
    for (const attr of Array.from(el.attributes)) {
      assert.ok(!/^on/i.test(attr.name), `${label}: ${attr.name} on <${tag}> survived`);
      assert.notEqual(attr.name, 'style', `${label}: style attribute survived`);
      if (attr.name === 'href') assert.match(attr.value, /^(?:https?:\/\/|mailto:)/i, `${label}: unsafe href ${attr.value}`);
    }
  }
}

describe('chat markdown rendering', () => {
  describe('untrusted model output renders inert', () => {
    const dom = makeWindow();
    const win = dom.window;
    const render = createAnswerRenderer(win as unknown as Window & typeof globalThis);
    after(() => dom.window.close());

    for (const payload of [...PAYLOADS, ...MARKDOWN_TRICKS]) {
      it(`neutralizes ${JSON.stringify(payload).slice(0, 70)}`, () => {
        const root = win.document.getElementById('root');
        assert.ok(root);
        root.replaceChildren(render(payload).fragment as unknown as Node);
        assertInert(root, payload);
        assert.equal((win as unknown as { __pwned?: number }).__pwned, undefined, 'a payload executed');
      });
    }

    it('shows raw HTML from the model as text rather than dropping it silently', () => {
      const root = win.document.getElementById('root');
      assert.ok(root);
      root.replaceChildren(render('Try <img src=x onerror=alert(1)> here').fragment as unknown as Node);
      assert.equal(root.textContent?.trim(), 'Try <img src=x onerror=alert(1)> here');
      assert.equal(root.querySelector('img'), null);
    });
  });

  describe('the sanitizer alone (defense in depth if raw HTML ever gets through)', () => {
    const dom = makeWindow();
    const sanitizer = createSanitizer(dom.window as unknown as Window & typeof globalThis);
    after(() => dom.window.close());

    for (const payload of PAYLOADS) {
      it(`strips ${JSON.stringify(payload).slice(0, 70)}`, () => {
        const root = dom.window.document.getElementById('root');
        assert.ok(root);
        root.replaceChildren(sanitizer.fragment(payload) as unknown as Node);
        assertInert(root, payload);
        assert.equal((dom.window as unknown as { __pwned?: number }).__pwned, undefined);
      });
    }

    it('keeps safe links and marks them noopener', () => {
      const out = sanitizer.html('<a href="https://example.com/a?b=1" title="t">ok</a>');
      assert.match(out, /href="https:\/\/example\.com\/a\?b=1"/);
      assert.match(out, /rel="noopener noreferrer nofollow"/);
    });

    it('drops class names our renderer does not emit', () => {
      const out = sanitizer.html('<span class="hljs-keyword sb-send-button">x</span>');
      assert.equal(out, '<span class="hljs-keyword">x</span>');
    });

    it('drops a data-block that is not a number', () => {
      assert.equal(sanitizer.html('<pre data-block="x1">a</pre>'), '<pre>a</pre>');
    });
  });

  describe('Markdown features', () => {
    const render = createMarkdownRenderer();
    const dom = makeWindow();
    const answer = createAnswerRenderer(dom.window as unknown as Window & typeof globalThis);
    after(() => dom.window.close());

    function toElement(markdown: string): HTMLElement {
      const div = dom.window.document.createElement('div');
      div.append(answer(markdown).fragment as unknown as Node);
      return div as unknown as HTMLElement;
    }

    it('highlights a fenced block of a registered language and records its source', () => {
      const source = 'const x: number = 1;\nfunction f() { return "<b>"; }\n';
      const { html, blocks } = render('Here:\n\n```ts src/lib/x.ts\n' + source + '```\n');
      assert.equal(blocks.length, 1);
      assert.deepEqual(blocks[0], { index: 0, code: source, language: 'typescript', pathHint: 'src/lib/x.ts' });
      assert.match(html, /<span class="hljs-keyword">const<\/span>/);
      const el = toElement('```ts\n' + source + '```');
      const code = el.querySelector('pre.code-block[data-block="0"] > code.hljs.language-typescript');
      assert.ok(code, el.innerHTML);
      assert.equal(code.textContent, source, 'highlighting must not change the text');
      assert.ok(code.querySelector('span.hljs-keyword'));
    });

    it('escapes an unknown language instead of guessing, and numbers blocks in order', () => {
      const { blocks } = render('```\nplain <b>\n```\n\n```brainfuck\n+++\n```\n\n    indented\n');
      assert.deepEqual(
        blocks.map((b) => [b.index, b.language, b.code]),
        [
          [0, '', 'plain <b>\n'],
          [1, 'brainfuck', '+++\n'],
          [2, '', 'indented\n'],
        ],
      );
      const el = toElement('```brainfuck\n<b>x</b>\n```');
      assert.equal(el.querySelector('b'), null);
      assert.equal(el.querySelector('code')?.textContent, '<b>x</b>\n');
    });

    it('keeps a hostile fence language out of the class attribute', () => {
      const el = toElement('```" onmouseover="alert(1)\nx\n```');
      const code = el.querySelector('code');
      assert.ok(code);
      assert.equal(code.getAttribute('onmouseover'), null);
      assert.match(code.className, /^hljs( language-[a-z0-9_+#-]+)?$/);
    });

    it('renders lists, emphasis, tables and safe links', () => {
      const el = toElement('# Title\n\n- **bold** and *em*\n- `code`\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n[docs](https://example.com) https://auto.example/x');
      assert.equal(el.querySelector('h1')?.textContent, 'Title');
      assert.equal(el.querySelectorAll('li').length, 2);
      assert.ok(el.querySelector('strong') && el.querySelector('em') && el.querySelector('li code'));
      assert.equal(el.querySelectorAll('td').length, 2);
      assert.equal(el.querySelector('td[style]'), null, 'alignment must not become an inline style (CSP)');
      const hrefs = Array.from(el.querySelectorAll('a')).map((a) => a.getAttribute('href'));
      assert.deepEqual(hrefs, ['https://example.com', 'https://auto.example/x']);
    });

    it('never loads an image: it becomes a link to the URL at most', () => {
      const el = toElement('![diagram](https://example.com/d.png)');
      assert.equal(el.querySelector('img'), null);
      assert.match(el.textContent ?? '', /diagram/);
    });
  });
});
