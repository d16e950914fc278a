/**
 * What the index looks at and why it skips files. Kept free of the TypeScript import so the
 * extension host's bundle (which walks the workspace and answers queries) does not carry the 9 MB compiler:
 * only the worker bundle parses.
 */
export const ANALYZED_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

export function isAnalyzable(path: string): boolean {
  const dot = path.lastIndexOf('.');
  if (dot < 0) return false;
  return (ANALYZED_EXTENSIONS as readonly string[]).includes(path.slice(dot).toLowerCase());
}

/** Git's test for a binary file: a NUL byte in the first 8,000 bytes. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8000);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

export const SKIP_REASONS = ['ignored', 'excluded', 'oversized', 'binary', 'minified', 'generated', 'unreadable', 'failed'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];
