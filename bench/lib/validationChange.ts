import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileChange } from '../../src/core/tasks/taskTypes';

/** This repository, whose own project the validation bench checks. */
export const REPO_ROOT = join(__dirname, '..', '..');

const CALLEE = 'src/core/tasks/changePaths.ts';
const CALLER = 'src/core/tasks/changeSetOutput.ts';
const SIGNATURE = 'export function workspacePath(raw: string): PathCheck {';
const CALL = 'const checked = workspacePath(op.path);';

function read(path: string): string {
  return readFileSync(join(REPO_ROOT, path), 'utf8');
}

/**
 * A two-file change set of the kind a task proposes: a function in src/core gains a parameter and its
 * caller passes it. `round` makes each change set's text differ, as two tasks' would. `breaking` leaves
 * the parameter required and the second caller unchanged, so validation must fail through it.
 */
export function twoFileChange(round: number, breaking = false): FileChange[] {
  const callee = read(CALLEE);
  const caller = read(CALLER);
  if (!callee.includes(SIGNATURE) || !caller.includes(CALL)) throw new Error(`the bench's change no longer applies: ${CALLEE} or ${CALLER} changed`);
  const parameter = breaking ? 'label: string' : `label = 'path ${round}'`;
  const newCallee = callee.replace(SIGNATURE, `export function workspacePath(raw: string, ${parameter}): PathCheck {\n  if (raw.length > 4096) return { ok: false, reason: \`the \${label} is too long\` };`);
  const newCaller = caller.replace(CALL, `const checked = workspacePath(op.path, 'path');`);
  return [
    { kind: 'edit', path: CALLEE, before: callee, after: newCallee },
    { kind: 'edit', path: CALLER, before: caller, after: newCaller },
  ];
}
