import assert from 'node:assert/strict';
import { consentFromChoice, decideTestRun, failureDigest } from '../../../src/core/tasks/testRun';

describe('testRun (running the project’s test command after Accept)', () => {
  it('never runs in an untrusted workspace, even with consent remembered', () => {
    const decision = decideTestRun({ trusted: false, command: 'npm test', consent: 'always' });
    assert.equal(decision.kind, 'skip');
    assert.match(decision.kind === 'skip' ? decision.reason : '', /not trusted/);
  });

  it('skips without a command, asks without consent, runs with it', () => {
    assert.equal(decideTestRun({ trusted: true, command: '  ', consent: 'always' }).kind, 'skip');
    assert.equal(decideTestRun({ trusted: true, command: 'npm test', consent: undefined }).kind, 'ask');
    assert.equal(decideTestRun({ trusted: true, command: 'npm test', consent: 'always' }).kind, 'run');
  });

  it('remembers only "Always for This Workspace"; a dismissed question runs nothing', () => {
    assert.deepEqual(consentFromChoice('Always for This Workspace'), { run: true, remember: 'always' });
    assert.deepEqual(consentFromChoice('Run Tests Now'), { run: true, remember: undefined });
    assert.deepEqual(consentFromChoice('Not Now'), { run: false, remember: undefined });
    assert.deepEqual(consentFromChoice(undefined), { run: false, remember: undefined });
  });

  it('keeps the end of long output, from a line start, and says how much was left out', () => {
    const output = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\r\n');
    const digest = failureDigest(output, 40);
    assert.match(digest, /^\[… \d+ earlier characters left out\]\nline 9\d\n/);
    assert.ok(digest.endsWith('line 99'));
    assert.equal(failureDigest('short\n', 40), 'short');
  });
});
