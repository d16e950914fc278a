/**
 * Reads a model's JSON answer. Models asked for JSON sometimes wrap it in a Markdown fence or say a
 * word around it (prompted fallbacks): the whole text is tried first, then each balanced object,
 * fenced ones first ({@link jsonObjectCandidates}, which the classifier reads its answers with too).
 */
export function parseJsonAnswer(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const trimmed = text.trim();
  if (trimmed.length === 0) return { ok: false, error: 'the answer was empty' };
  // Native structured output answers bare JSON: read it as it is before looking for objects in prose.
  const whole = tryParse(trimmed);
  if (whole) return whole;
  for (const candidate of jsonObjectCandidates(trimmed)) {
    const read = tryParse(candidate);
    if (read) return read;
  }
  return { ok: false, error: `the answer is not JSON (it starts "${trimmed.slice(0, 40).replace(/\s+/g, ' ')}")` };
}

function tryParse(candidate: string): { ok: true; value: unknown } | undefined {
  try {
    return { ok: true, value: JSON.parse(candidate) };
  } catch {
    return undefined;
  }
}

/**
 * Balanced `{…}` spans, outermost first, skipping braces inside JSON strings. Fenced blocks are
 * looked at before the surrounding prose, since that is where a model puts its real answer.
 */
export function jsonObjectCandidates(text: string): string[] {
  const fencedBlocks = Array.from(text.matchAll(/```(?:json|JSON)?\s*\n?([\s\S]*?)```/g), (m) => m[1] ?? '');
  const out: string[] = [];
  for (const source of [...fencedBlocks, text]) {
    for (const span of balancedObjects(source)) if (!out.includes(span)) out.push(span);
  }
  return out;
}

function balancedObjects(s: string): string[] {
  const spans: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"' && depth > 0) inString = true;
    else if (ch === '{') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' && depth > 0) {
      depth--;
      if (depth === 0) spans.push(s.slice(start, i + 1));
    }
  }
  return spans;
}

