// With SWITCHBOARD_TEST_ORDER=reverse, every mocha suite runs its tests and child suites in reverse
// order (files too: they are the root suite's children). `npm test` runs some tiers this way, so a
// test that leans on what an earlier test left behind fails in CI instead of passing by luck.
import Mocha from 'mocha';

if (process.env.SWITCHBOARD_TEST_ORDER === 'reverse') {
  const run = Mocha.Runner.prototype.run;
  Mocha.Runner.prototype.run = function reversed(this: Mocha.Runner, ...args: Parameters<Mocha.Runner['run']>): Mocha.Runner {
    const flip = (suite: Mocha.Suite): void => {
      suite.tests.reverse();
      suite.suites.reverse();
      for (const child of suite.suites) flip(child);
    };
    flip(this.suite);
    return run.apply(this, args);
  };
}
