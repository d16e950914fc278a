// Small projects on disk for the analysis tests, and the index built from them in-process.
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WorkspaceIndex } from '../../../src/core/analysis/workspaceIndex';
import { InProcessRunner } from '../../support/inProcessRunner';

/** Writes one file below `root`, creating its folders. */
export function writeFixtureFile(root: string, rel: string, content: string | Buffer): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), content);
}

/**
 * Writes `files` (path relative to the folder → content) into a fresh temporary folder and returns
 * its real path with forward slashes, the form the index reports paths in.
 */
export function writeFixture(prefix: string, files: Record<string, string | Buffer>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), prefix))).replace(/\\/g, '/');
  for (const [rel, content] of Object.entries(files)) writeFixtureFile(root, rel, content);
  return root;
}

/** The index of `root`, built in this thread (no worker pool); disposed again if the build fails. */
export async function buildIndex(root: string): Promise<WorkspaceIndex> {
  const index = new WorkspaceIndex({ folders: [root], runner: new InProcessRunner() });
  try {
    await index.build();
    return index;
  } catch (error) {
    index.dispose();
    throw error;
  }
}

export interface FixtureIndex {
  readonly root: string;
  readonly index: WorkspaceIndex;
  /** Disposes the index and removes the folder. */
  dispose(): void;
}

/** Writes `files` into a fresh temporary folder and builds its index; the folder goes again if the build fails. */
export async function fixtureIndex(prefix: string, files: Record<string, string>): Promise<FixtureIndex> {
  const root = writeFixture(prefix, files);
  const remove = () => rmSync(root, { recursive: true, force: true });
  let index: WorkspaceIndex;
  try {
    index = await buildIndex(root);
  } catch (error) {
    remove();
    throw error;
  }
  return {
    root,
    index,
    dispose: () => {
      index.dispose();
      remove();
    },
  };
}
