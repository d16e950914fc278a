/**
 * Splits a streaming answer into a stable prefix (complete blocks that later tokens cannot change)
 * and a tail (the block still being written), so each frame re-renders only the tail.
 *
 * The cut is the last blank line outside a fenced code block. Markdown constructs that span blank
 * lines (loose lists, reference definitions) may render slightly differently while streaming; the
 * finished answer is always rendered whole.
 */
export function splitForStreaming(text: string): { readonly stable: string; readonly tail: string } {
  let fence: { char: string; length: number } | undefined;
  let cut = 0;
  let offset = 0;
  let previousBlank = false;
  const lines = text.split('\n');
  // The last element has no newline yet: it is always part of the tail.
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i] ?? '';
    const next = offset + line.length + 1;
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      const closing = marker?.[1];
      if (closing && closing[0] === fence.char && closing.length >= fence.length && line.trim() === closing) {
        fence = undefined;
      }
    } else if (marker?.[1]) {
      fence = { char: marker[1][0] ?? '`', length: marker[1].length };
    } else if (line.trim() === '') {
      if (!previousBlank) cut = next;
    }
    previousBlank = !fence && line.trim() === '';
    offset = next;
  }
  return { stable: text.slice(0, cut), tail: text.slice(cut) };
}
