import * as ts from 'typescript';

/**
 * TypeScript's functions and enums as plain data properties. Bundled (esbuild, cjs), `import * as
 * ts` becomes a namespace whose every member is a getter calling another getter; the analyzer reads
 * `ts.isIdentifier` and friends millions of times on a cold index, and in a worker's CPU profile
 * those getters took about 4% of the time. One copy at load makes each read a property load.
 */
export const tsv: typeof ts = { ...ts };
