/**
 * Reads a model's JSON answer. Models asked for JSON sometimes wrap it in a Markdown fence or say a
 * word before it even with native structured output off (prompted fallbacks): the first fenced
 * block, else the text from the first `{`/`[` to the last matching `}`/`]`, is parsed.
 */
export function parseJsonAnswer(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, error: 'the answer was empty' };
  for (const candidate of candidates(trimmed)) {
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch {
      // try the next reading
    }
  }
  return { ok: false, error: `the answer is not JSON (it starts "${trimmed.slice(0, 40).replace(/\s+/g, ' ')}")` };
}

function* candidates(text: string): Generator<string> {
  yield text;
  const fence = /```(?:json)?\s*\n([\s\S]*?)```/i.exec(text);
  if (fence?.[1]) yield fence[1].trim();
  const start = text.search(/[{[]/);
  if (start >= 0) {
    const close = text[start] === '{' ? '}' : ']';
    const end = text.lastIndexOf(close);
    if (end > start) yield text.slice(start, end + 1);
  }
}
