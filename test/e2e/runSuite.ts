// Runs the end-to-end mocha suite in plain Node (started by scripts/runE2E.mjs with
// `node --import tsx`) and writes the results as JSON in the same shape as the integration tier.
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';
// SWITCHBOARD_TEST_ORDER=reverse runs every suite backwards (scripts/test.mjs sets it for the newest VS Code).
import '../support/testOrder';

interface TestResult {
  title: string;
  fullTitle: string;
  duration?: number;
  state: 'passed' | 'failed' | 'pending';
  err?: { message: string; stack?: string };
}

async function main(): Promise<void> {
  const resultsFile = process.env.SWITCHBOARD_TEST_RESULTS;
  if (!resultsFile) throw new Error('SWITCHBOARD_TEST_RESULTS is not set');
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  if (process.env.SWITCHBOARD_TEST_GREP) mocha.grep(process.env.SWITCHBOARD_TEST_GREP);
  const files = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(__dirname, name));
  for (const file of files) mocha.addFile(file);
  const tests: TestResult[] = [];
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    const record = (state: TestResult['state']) => (test: Mocha.Runnable, error?: Error) => {
      tests.push({
        title: test.title,
        fullTitle: test.fullTitle(),
        duration: test.duration,
        state,
        err: error ? { message: error.message, stack: error.stack } : undefined,
      });
    };
    runner.on('pass', record('passed'));
    runner.on('pending', record('pending'));
    runner.on('fail', record('failed'));
  });
  const body = {
    files: files.map((file) => path.basename(file)),
    stats: {
      tests: tests.length,
      passes: tests.filter((t) => t.state === 'passed').length,
      failures: tests.filter((t) => t.state === 'failed').length,
      pending: tests.filter((t) => t.state === 'pending').length,
    },
    tests,
  };
  writeFileSync(`${resultsFile}.tmp`, JSON.stringify(body, null, 2));
  renameSync(`${resultsFile}.tmp`, resultsFile);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
