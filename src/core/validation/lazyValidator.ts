import type { Logger } from '../log/logger';
import type { ChangeValidator } from '../tasks/taskPorts';
import type { FileChange, ValidationReport } from '../tasks/taskTypes';
import type * as ValidatorModule from './typeScriptValidator';

/*
 * The validator holds the TypeScript compiler (9 MB), which activation must not load: esbuild.js
 * builds typeScriptValidator.ts apart as dist/typeScriptValidator.js and points this require at it,
 * as it does for the merge (applyMerge.js). The host makes this at activation and the compiler is
 * loaded on the first validation; file-watcher invalidations before that are nothing to forget.
 */
export class LazyTypeScriptValidator implements ChangeValidator {
  private validator: ValidatorModule.TypeScriptValidator | undefined;
  private disposed = false;

  constructor(private readonly options: ValidatorModule.TypeScriptValidatorOptions) {}

  async validate(changes: readonly FileChange[], signal?: AbortSignal): Promise<ValidationReport> {
    return this.load().validate(changes, signal);
  }

  invalidate(paths: readonly string[]): void {
    this.validator?.invalidate(paths);
  }

  dispose(): void {
    this.disposed = true;
    this.validator?.dispose();
    this.validator = undefined;
  }

  private load(): ValidatorModule.TypeScriptValidator {
    if (this.disposed) throw new Error('TypeScriptValidator: validate() after dispose()');
    if (!this.validator) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const module = require('./typeScriptValidator') as typeof ValidatorModule;
      this.validator = new module.TypeScriptValidator(this.options);
    }
    return this.validator;
  }
}

export function createLazyValidator(options: { readonly root: string; readonly log: Logger; readonly libDirectory?: string }): LazyTypeScriptValidator {
  return new LazyTypeScriptValidator(options);
}
