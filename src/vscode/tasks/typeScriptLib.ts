import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Logger } from '../../core/log/logger';

/** Where the validator's lib.*.d.ts come from, and why: the log line and the integration test read it. */
export interface TypeScriptLib {
  /** Undefined: the validator looks beside the bundled compiler (see findLibDirectory). */
  readonly directory?: string;
  readonly source: 'vscode-typescript' | 'bundled';
}

const TS_EXTENSION_ID = 'vscode.typescript-language-features';

/**
 * The TypeScript lib folder of VS Code's built-in TypeScript extension when it is there (the same
 * libs the editor's own checking uses), else the bundled compiler's. The extension ships TypeScript
 * in the shared `extensions/node_modules` beside it; older layouts kept it inside the extension.
 */
export function typeScriptLib(log: Logger): TypeScriptLib {
  const extension = vscode.extensions.getExtension(TS_EXTENSION_ID);
  const candidates = extension ? [join(extension.extensionPath, '..', 'node_modules', 'typescript', 'lib'), join(extension.extensionPath, 'node_modules', 'typescript', 'lib')] : [];
  const directory = candidates.find((dir) => existsSync(join(dir, 'lib.d.ts')));
  if (directory) {
    log.info(`Validation: TypeScript libs from VS Code's built-in TypeScript (${directory}).`);
    return { directory, source: 'vscode-typescript' };
  }
  log.info(`Validation: TypeScript libs from the bundled compiler (${extension ? `${TS_EXTENSION_ID} has no lib folder` : `${TS_EXTENSION_ID} is not installed or disabled`}).`);
  return { source: 'bundled' };
}
