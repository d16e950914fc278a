/**
 * Checks a path that came from the webview or from a model (a code fence's path hint): only plain
 * workspace-relative paths pass. Returns the normalized path (forward slashes, no "./") or a reason.
 */
export function checkRelativePath(input: string): { ok: true; path: string } | { ok: false; reason: string } {
  const trimmed = input.trim();
  if (trimmed.length === 0) return { ok: false, reason: 'the path is empty' };
  if (trimmed.length > 1024) return { ok: false, reason: 'the path is too long' };
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(trimmed)) return { ok: false, reason: 'the path contains control characters' };
  const slashed = trimmed.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed) || /^[a-z][a-z0-9+.-]*:/i.test(slashed)) {
    return { ok: false, reason: `"${trimmed}" is not workspace-relative` };
  }
  const segments = slashed.split('/').filter((s) => s.length > 0 && s !== '.');
  if (segments.some((s) => s === '..')) return { ok: false, reason: `"${trimmed}" points outside the workspace` };
  if (segments.length === 0) return { ok: false, reason: 'the path names no file' };
  return { ok: true, path: segments.join('/') };
}
