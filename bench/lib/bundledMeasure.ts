import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleForNode } from './nodeBundle';
import { recordResults, type BenchFigure } from './results';

/*
 * A measurement that runs as the extension ships: bundled by esbuild as esbuild.js bundles the
 * extension, in a process of its own. Run through tsx instead, every closure of ours is wrapped by
 * esbuild's `keepNames` (an Object.defineProperty per closure made) while the SDKs' plain JavaScript
 * is not, which charges our side for a dev-only transform.
 *
 * The measuring side collects figures and notes with {@link measurementLog} and prints them as its
 * last line; the .bench.ts side runs it with {@link runBundledMeasurement} and records them.
 */

/** What a bundled measurement prints as its last line. */
export interface Measurement {
  readonly figures: Record<string, BenchFigure>;
  readonly notes: readonly string[];
}

/** The figures and notes of one measurement, and the line that hands them over. */
export function measurementLog(): { record(figures: Record<string, BenchFigure>): void; note(text: string): void; print(): void } {
  const figures: Record<string, BenchFigure> = {};
  const notes: string[] = [];
  return {
    record: (f) => Object.assign(figures, f),
    note: (text) => notes.push(text),
    print: () => console.log(JSON.stringify({ figures, notes } satisfies Measurement)),
  };
}

/**
 * Bundles `entry` (a path from the repository root), runs it, records its figures and prints its
 * notes. `throughTsx` runs the same code through tsx instead, to compare.
 */
export function runBundledMeasurement(name: string, entry: string, options: { readonly throughTsx: boolean; readonly nodeArgs?: readonly string[] }): void {
  const root = join(__dirname, '..', '..');
  const outDir = mkdtempSync(join(tmpdir(), `sb-${name}-`));
  try {
    const script = options.throughTsx ? ['--import', 'tsx', entry] : [bundleForNode(name, entry, outDir)];
    const run = spawnSync(process.execPath, [...(options.nodeArgs ?? []), ...script], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 * 1024 * 1024 });
    const last = run.stdout.trim().split('\n').pop() ?? '';
    if (run.status !== 0 || !last.startsWith('{')) {
      process.stdout.write(run.stdout);
      throw new Error(`the ${name} benchmark's run failed (exit ${run.status})`);
    }
    const measurement = JSON.parse(last) as Measurement;
    console.log(`Code under test: ${options.throughTsx ? 'through tsx (keepNames)' : 'bundled as esbuild.js bundles the extension'}.`);
    recordResults(measurement.figures);
    for (const note of measurement.notes) console.log(note);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
