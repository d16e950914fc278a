import { workspaceRoots } from '../../src/core/analysis/workspaceRoots';
import { writeFileSync } from 'node:fs';
import { rankedContext } from '../../src/core/analysis/repoMap';
import type { WorkspaceIndex } from '../../src/core/analysis/workspaceIndex';
import { median, percentile } from './stats';

/** A deterministic 2,000-line TypeScript module: classes, functions, interfaces, branches. */
export function editedFile(version: number): string {
  const lines: string[] = ["import { readFileSync } from 'node:fs';", "import type { Stats } from 'node:fs';", ''];
  let block = 0;
  while (lines.length < 1990) {
    lines.push(
      `export interface Shape${block} { readonly id: number; name: string; area(scale: number): number }`,
      `export class Circle${block} implements Shape${block} {`,
      `  name = 'circle-${block}';`,
      `  constructor(readonly id: number, private radius: number) {}`,
      `  area(scale: number): number {`,
      `    if (scale <= 0) return 0;`,
      `    const r = this.radius * scale;`,
      `    return r > 1000 ? Infinity : Math.PI * r * r;`,
      `  }`,
      `}`,
      `export function describe${block}(shape: Shape${block}, stats?: Stats): string {`,
      `  const size = stats?.size ?? readFileSync.length;`,
      `  for (let i = 0; i < size % 3; i++) {`,
      `    if (i === 1 && shape.id > ${block}) continue;`,
      `  }`,
      `  return \`\${shape.name}: \${shape.area(${version + 1})}\`;`,
      `}`,
      '',
    );
    block++;
  }
  lines.push(`export const VERSION = ${version};`);
  while (lines.length < 2000) lines.push('');
  return lines.join('\n');
}


export interface EditLatency {
  /** Re-index of the edited file (update() to its return), ms. */
  readonly reindexP50: number;
  readonly reindexP95: number;
  /** The first ranked map after each one-file edit (patches the graph, re-ranks), ms. */
  readonly mapAfterEditP50: number;
  readonly mapAfterEditMax: number;
}

/**
 * Edits one 2,000-line file again and again: times its re-index (60 edits, the first 10 as warm-up)
 * and the first ranked map of 4,000 tokens asked right after an edit (12 edits). `firstVersion`
 * keeps the contents of successive calls distinct, so every edit is a real change.
 */
export async function measureEditLatency(index: WorkspaceIndex, editedPath: string, roots: readonly string[], firstVersion: number): Promise<EditLatency> {
  const budget = 4000;
  const editTimes: number[] = [];
  for (let i = 1; i <= 60; i++) {
    writeFileSync(editedPath, editedFile(firstVersion + i));
    const t0 = performance.now();
    await index.update([editedPath]);
    if (i > 10) editTimes.push(performance.now() - t0);
  }
  if (!index.outline(editedPath).some((d) => d.name === 'VERSION')) throw new Error('the edited file was not re-indexed');
  const afterEditTimes: number[] = [];
  for (let i = 1; i <= 12; i++) {
    writeFileSync(editedPath, editedFile(firstVersion + 100 + i));
    await index.update([editedPath]);
    const t0 = performance.now();
    const r = rankedContext(index, { activeFile: editedPath, mentionedNames: ['describe3'] }, { tokenBudget: budget, roots: workspaceRoots(roots) });
    afterEditTimes.push(performance.now() - t0);
    if (r.tokens > budget) throw new Error(`map of ${r.tokens} tokens exceeds ${budget}`);
  }
  return {
    reindexP50: median(editTimes),
    reindexP95: percentile(editTimes, 95),
    mapAfterEditP50: median(afterEditTimes),
    mapAfterEditMax: Math.max(...afterEditTimes),
  };
}
