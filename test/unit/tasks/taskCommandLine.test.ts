import assert from 'node:assert/strict';
import { parseTaskCommand } from '../../../src/core/tasks/taskCommandLine';
import type { TaskProfile } from '../../../src/core/tasks/taskTypes';

const profile = (id: string): TaskProfile => ({ id, label: id, builtIn: true, phases: ['generate'], phaseSettings: {}, pattern: 'single', maxRefineRounds: 2, maxParallel: 2, approvePlan: false });
const profiles = [profile('implement'), profile('fix'), profile('myReview')];

describe('/task command line', () => {
  it('picks the profile the first word names, case-insensitively, and keeps the rest as the instruction', () => {
    const parsed = parseTaskCommand('  MYREVIEW  check the   checkout\nplease ', profiles);
    assert.ok(parsed.ok);
    assert.equal(parsed.profile.id, 'myReview');
    assert.equal(parsed.instruction, 'check the   checkout\nplease');
  });

  it('runs the fallback profile with the whole text when the first word is no profile', () => {
    const parsed = parseTaskCommand('add a discount code', profiles);
    assert.ok(parsed.ok);
    assert.equal(parsed.profile.id, 'implement');
    assert.equal(parsed.instruction, 'add a discount code');
  });

  it('refuses an empty instruction and says how to write one', () => {
    for (const prompt of ['', '   ', 'fix', 'fix   ']) {
      const parsed = parseTaskCommand(prompt, profiles);
      assert.ok(!parsed.ok, prompt);
      assert.match(parsed.message, /\/task \[implement, fix, myReview\] instruction/);
    }
  });

  it('says so when no profile exists at all', () => {
    const parsed = parseTaskCommand('do it', []);
    assert.ok(!parsed.ok);
    assert.match(parsed.message, /switchboard\.tasks/);
  });
});
