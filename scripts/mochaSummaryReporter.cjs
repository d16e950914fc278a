// Mocha reporter for the unit tier: prints like `spec` and, when SWITCHBOARD_TEST_SUMMARY names a
// file, writes the counts there for scripts/test.mjs. CommonJS because mocha loads reporters with require().
/* eslint-disable @typescript-eslint/no-require-imports */
const { writeFileSync } = require('node:fs');
const Mocha = require('mocha/lib/mocha.cjs');

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failures = [];
    runner.on('fail', (test, error) => failures.push({ fullTitle: test.fullTitle(), message: error?.message }));
    runner.once('end', () => {
      const file = process.env.SWITCHBOARD_TEST_SUMMARY;
      if (!file) return;
      const { passes, failures: failed, pending, tests } = runner.stats;
      writeFileSync(file, `${JSON.stringify({ tier: 'unit', passed: passes, failed, pending, total: tests ?? passes + failed + pending, failures }, null, 2)}\n`);
    });
  }
}

module.exports = SummaryReporter;
