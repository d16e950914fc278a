import createDOMPurify from 'dompurify';
import type { Config, WindowLike } from 'dompurify';

/** Only what the Markdown renderer produces; anything else a model smuggles in is dropped. */
const ALLOWED_TAGS = [
  'a', 'blockquote', 'br', 'code', 'del', 'em', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'li', 'ol', 'p',
  'pre', 's', 'span', 'strong', 'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
];
const ALLOWED_ATTR = ['href', 'title', 'class', 'data-block', 'start'];
/** Web and mail links only: no javascript:, data:, vbscript:, command: or relative webview URLs. */
const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;
/** Class names our renderer emits (highlight.js spans, code fences); others could mimic our UI. */
const SAFE_CLASS = /^(?:hljs(?:-[a-z0-9_-]+)?|[a-z]+_|language-[a-z0-9_+#-]+|code-block)$/i;

export interface Sanitizer {
  /** Sanitized nodes, ready to append: no HTML string is re-parsed after sanitizing (no mXSS window). */
  fragment(html: string): DocumentFragment;
  /** Sanitized HTML as a string, for tests and logs. */
  html(html: string): string;
}

/**
 * A DOMPurify instance of its own (hooks are per instance) bound to `win`: the webview's window in
 * the browser, a jsdom window in tests.
 */
export function createSanitizer(win: WindowLike): Sanitizer {
  const purify = createDOMPurify(win);
  // ALLOWED_URI_REGEXP would also vet every non-URI attribute value (data-block="0" fails it), so
  // links are narrowed here instead, on top of DOMPurify's own URI check.
  purify.addHook('uponSanitizeAttribute', (_node, data) => {
    if (data.attrName === 'class') {
      const kept = data.attrValue.split(/\s+/).filter((c) => SAFE_CLASS.test(c));
      data.attrValue = kept.join(' ');
      if (kept.length === 0) data.keepAttr = false;
    } else if (data.attrName === 'data-block' && !/^\d{1,6}$/.test(data.attrValue)) {
      data.keepAttr = false;
    } else if (data.attrName === 'href' && !SAFE_URL.test(data.attrValue.trim())) {
      data.keepAttr = false;
    }
  });
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && node instanceof win.Element && node.hasAttribute('href')) {
      node.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  });
  const base: Config = {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    KEEP_CONTENT: true,
  };
  return {
    fragment: (html) => purify.sanitize(html, { ...base, RETURN_DOM_FRAGMENT: true }),
    html: (html) => purify.sanitize(html, { ...base, RETURN_TRUSTED_TYPE: false }) as string,
  };
}
