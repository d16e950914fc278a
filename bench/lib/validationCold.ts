// One cold validation in a fresh process (the validation bench spawns it beside `tsc --noEmit`):
// prints the validation's own time and its report's status as JSON on the last line.
import { performance } from 'node:perf_hooks';
import { silentLogger } from '../../src/core/log/logger';
import { TypeScriptValidator } from '../../src/core/validation/typeScriptValidator';
import { REPO_ROOT, twoFileChange } from './validationChange';

async function main(): Promise<void> {
  const started = performance.now();
  const validator = new TypeScriptValidator({ root: REPO_ROOT, log: silentLogger });
  const report = await validator.validate(twoFileChange(0));
  const ms = performance.now() - started;
  validator.dispose();
  console.log(JSON.stringify({ ms, status: report.status, diagnostics: report.diagnostics.length }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
