import assert from 'node:assert/strict';
import { parseApiTaskInput } from '../../../src/core/tasks/apiTaskInput';
import { BUILT_IN_PROFILES } from '../../../src/core/tasks/profiles';

describe('runTask API input', () => {
  it('resolves the profile by id among those in force and keeps files, problems and the picked model', () => {
    const parsed = parseApiTaskInput(
      { instruction: ' Fix it ', profile: 'fix', files: [{ path: 'src/a.ts', text: 'x', startLine: 2, endLine: 3 }], problems: [{ path: 'src/a.ts', line: 2, message: 'bad', severity: 'error', code: 'TS2322' }], preferModel: 'gpt' },
      BUILT_IN_PROFILES,
    );
    assert.ok(parsed.ok);
    assert.equal(parsed.input.profile.id, 'fix');
    assert.equal(parsed.input.instruction, 'Fix it');
    assert.equal(parsed.input.files[0]?.startLine, 2);
    assert.equal(parsed.input.problems?.[0]?.code, 'TS2322');
    assert.equal(parsed.input.preferModel, 'gpt');
  });

  it('names what is wrong: a missing instruction, a bad line, an unknown profile', () => {
    const empty = parseApiTaskInput({ instruction: '  ', profile: 'fix' }, BUILT_IN_PROFILES);
    assert.ok(!empty.ok && /instruction: say what the task should do/.test(empty.message));
    const badLine = parseApiTaskInput({ instruction: 'x', profile: 'fix', problems: [{ path: 'a', line: 0, message: 'm', severity: 'error' }] }, BUILT_IN_PROFILES);
    assert.ok(!badLine.ok && /problems\.0\.line/.test(badLine.message));
    const unknown = parseApiTaskInput({ instruction: 'x', profile: 'nope' }, BUILT_IN_PROFILES);
    assert.ok(!unknown.ok && /no task profile "nope" \(known: implement, fix/.test(unknown.message));
  });

  it('refuses a profile object: settings decide what a profile may do', () => {
    const parsed = parseApiTaskInput({ instruction: 'x', profile: { id: 'implement', maxCostUsd: 1e9 } }, BUILT_IN_PROFILES);
    assert.ok(!parsed.ok);
  });
});
