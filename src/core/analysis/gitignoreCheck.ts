import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ignore from 'ignore';

/** Whether a single path is ignored by the .gitignore files between its workspace folder and itself. */
export function isGitignored(folder: string, path: string): boolean {
  const dirs: string[] = [];
  for (let d = dirname(path); d.length >= folder.length && d.startsWith(folder); d = dirname(d)) {
    dirs.push(d);
    if (d === folder || dirname(d) === d) break;
  }
  for (const dir of dirs) {
    let text: string;
    try {
      text = readFileSync(dir + '/.gitignore', 'utf8');
    } catch {
      continue;
    }
    const rel = path.slice(dir.length + 1);
    const matcher = ignore().add(text);
    // A file is ignored when it or any folder above it (below the .gitignore) is.
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const candidate = parts.slice(0, i).join('/') + (i < parts.length ? '/' : '');
      if (matcher.ignores(candidate)) return true;
    }
  }
  return false;
}
