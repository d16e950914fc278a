/*
 * Paths a model writes in a change set, made workspace-relative with `/` or refused. The model's
 * output is untrusted: a path that could reach outside the workspace folder (absolute, a drive, a
 * URI, `~`, a `..` segment) is refused rather than "fixed", so nothing is ever written where the
 * person did not expect it.
 */

export type PathCheck = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly reason: string };

export function workspacePath(raw: string): PathCheck {
  const path = raw.trim().replace(/\\/g, '/');
  if (path.length === 0) return { ok: false, reason: 'the path is empty' };
  if (path.includes('\0')) return { ok: false, reason: 'the path contains a NUL character' };
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return { ok: false, reason: 'the path is absolute; use a path relative to the workspace folder' };
  if (/^[A-Za-z][A-Za-z0-9+.-]+:/.test(path)) return { ok: false, reason: 'the path is a URI; use a path relative to the workspace folder' };
  if (path.startsWith('~')) return { ok: false, reason: 'the path starts with ~; use a path relative to the workspace folder' };
  if (path.endsWith('/')) return { ok: false, reason: 'the path names a folder, not a file' };
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { ok: false, reason: 'the path contains `..` and could point outside the workspace' };
  if (segments.length === 0) return { ok: false, reason: 'the path names the workspace folder itself' };
  return { ok: true, path: segments.join('/') };
}
