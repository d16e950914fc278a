/*
 * What an instruction names: identifiers (in backticks, or camelCase / PascalCase / snake_case words)
 * and file paths. Candidates only: the caller keeps those the workspace knows.
 */

const MAX_NAMES = 16;
const MAX_PATHS = 8;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** camelCase (a lower-case start with a capital later), PascalCase with two humps, snake_case, CONSTANT_CASE. */
const CODE_LIKE = /^(?:[a-z_$][a-z0-9_$]*[A-Z][\w$]*|[A-Z][a-z0-9$]+[A-Z][\w$]*|[A-Za-z$][A-Za-z0-9$]*_[\w$]+)$/;

/** Names in order of first mention: backticked ones (each part of `a.b()`), then code-like words. */
export function mentionedNames(instruction: string): string[] {
  const names: string[] = [];
  const add = (name: string) => {
    if (IDENTIFIER.test(name) && !names.includes(name) && names.length < MAX_NAMES) names.push(name);
  };
  for (const m of instruction.matchAll(/`([^`\n]+)`/g)) {
    for (const part of (m[1] as string).replace(/\(.*\)$/, '').split(/[.#:]+/)) add(part.trim());
  }
  for (const m of instruction.matchAll(/[A-Za-z_$][\w$]*/g)) if (CODE_LIKE.test(m[0])) add(m[0]);
  return names;
}

/** Path-like words: with a folder (`src/cart.ts`, `docs/`) or a file name with an extension (`cart.ts`). */
export function mentionedPaths(instruction: string): string[] {
  const paths: string[] = [];
  for (const m of instruction.matchAll(/(?:^|[\s`'"([])((?:\.{0,2}\/)?[\w.@-]+(?:\/[\w.@-]+)*\.[A-Za-z0-9]{1,8})(?=$|[\s`'"),:;\]]|\.(?:\s|$))/g)) {
    const path = m[1] as string;
    if (!/^\d+(\.\d+)+$/.test(path) && !paths.includes(path) && paths.length < MAX_PATHS) paths.push(path);
  }
  return paths;
}
