/**
 * VS Code's glob syntax (`files.exclude`, `search.exclude`): `*`, `?`, `**`, `{a,b}`, `[abc]`.
 * Hand-written because no glob library is a direct dependency of this project (picomatch would do
 * the same) and Node 20's `path.matchesGlob` is experimental and warns on first use.
 */
export type GlobMap = Readonly<Record<string, unknown>>;

export function globToRegExp(glob: string): RegExp {
  let re = '';
  let inGroup = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` matches any number of directories, including none; a trailing `**` matches anything.
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      inGroup++;
      re += '(?:';
    } else if (c === '}' && inGroup > 0) {
      inGroup--;
      re += ')';
    } else if (c === ',' && inGroup > 0) re += '|';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close === -1) re += '\\[';
      else {
        const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else re += /[.+^$()|\\/]/.test(c) ? '\\' + c : c;
  }
  return new RegExp(`^${re}$`);
}

/** Whether a file named `name` exists beside the path being tested. */
export type SiblingExists = (name: string) => boolean;

/**
 * Compiles the enabled entries of glob maps: `true`, or VS Code's `{ "when": "$(basename).ts" }`,
 * which excludes a match only when that sibling exists (how `*.js` next to its `.ts` is hidden).
 * A pattern without a leading `**\/` is relative to the workspace folder, as in VS Code.
 */
export function compileExcludes(maps: readonly GlobMap[]): (relativePath: string, siblingExists?: SiblingExists) => boolean {
  const patterns: { re: RegExp; when?: string }[] = [];
  for (const map of maps) {
    for (const [glob, value] of Object.entries(map)) {
      const re = globToRegExp(glob.replace(/^\.\//, '').replace(/^\//, ''));
      if (value === true) patterns.push({ re });
      else if (typeof value === 'object' && value !== null && 'when' in value && typeof value.when === 'string') patterns.push({ re, when: value.when });
    }
  }
  return (relativePath, siblingExists) => {
    for (const p of patterns) {
      if (!p.re.test(relativePath)) continue;
      if (p.when === undefined) return true;
      // Without a way to look at siblings the condition cannot hold: keep the file.
      if (!siblingExists) continue;
      const name = relativePath.slice(relativePath.lastIndexOf('/') + 1);
      const dot = name.lastIndexOf('.');
      const basename = dot > 0 ? name.slice(0, dot) : name;
      if (siblingExists(p.when.replace(/\$\(basename\)/g, basename))) return true;
    }
    return false;
  };
}
