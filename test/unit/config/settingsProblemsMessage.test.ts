import assert from 'node:assert/strict';
import { settingsProblemsMessage, type SettingsDiagnostic } from '../../../src/core/config/diagnostics';

describe('the settings problems notification', () => {
  const problem = (path: string, message: string): SettingsDiagnostic => ({ path, message, severity: 'error' });

  it('says the first problem in full and how many more the log lists, without stacking asides', () => {
    const first = problem('switchboard.tiers.understand[0]', 'names "fast", which is not an id in switchboard.models (skipped)');
    assert.equal(
      settingsProblemsMessage([first, ...Array.from({ length: 5 }, (_, i) => problem(`switchboard.models[${i}].id`, 'is missing'))]),
      'Switchboard: switchboard.tiers.understand[0] names "fast", which is not an id in switchboard.models (skipped). 5 more problems are in the log. The rest of your settings still apply.',
    );
    assert.equal(settingsProblemsMessage([first, problem('switchboard.router.budget.daily', 'must be positive')]), 'Switchboard: switchboard.tiers.understand[0] names "fast", which is not an id in switchboard.models (skipped). 1 more problem is in the log. The rest of your settings still apply.');
    assert.equal(settingsProblemsMessage([problem('switchboard.router.budget.daily', 'must be positive')]), 'Switchboard: switchboard.router.budget.daily must be positive. The rest of your settings still apply.');
  });

  it('says nothing when there is nothing new', () => {
    assert.equal(settingsProblemsMessage([]), undefined);
  });
});
