import assert from 'node:assert/strict';
import { parseSettings } from '../../../src/core/config/parseSettings';
import { taskProfilesForRestrictedMode } from '../../../src/core/config/settings/tasks';
import { BUILT_IN_PROFILES } from '../../../src/core/tasks/profiles';

describe('switchboard.tasks and switchboard.taskTestCommand', () => {
  it('gives the built-in profiles with their defaults when nothing is set', () => {
    const { settings, diagnostics } = parseSettings({});
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(settings.tasks.profiles.map((p) => p.id), ['implement', 'fix', 'tests', 'document', 'plan']);
    const implement = settings.tasks.profiles[0]!;
    assert.deepEqual(implement.phases, ['plan', 'research', 'generate', 'review', 'refine', 'validate']);
    assert.equal(implement.approvePlan, true);
    assert.deepEqual([implement.maxRefineRounds, implement.maxParallel, implement.pattern], [2, 2, 'single']);
    assert.equal(settings.tasks.testCommand, undefined);
  });

  it('overrides a built-in by id, field by field, and keeps it first', () => {
    const { settings, diagnostics } = parseSettings({ tasks: [{ id: 'implement', pattern: 'critique', phaseSettings: { review: { tier: 'plan' } } }], taskTestCommand: ' npm test ' });
    assert.deepEqual(diagnostics, []);
    const implement = settings.tasks.profiles[0]!;
    assert.equal(implement.pattern, 'critique');
    assert.equal(implement.approvePlan, true, 'fields not named keep the built-in value');
    assert.deepEqual(implement.phaseSettings.review, { enabled: true, critical: false, tier: 'plan' });
    assert.equal(settings.tasks.testCommand, 'npm test');
  });

  it('reports a bad entry by its path and keeps the others', () => {
    const { settings, diagnostics } = parseSettings({
      tasks: [
        { id: 'mine', label: 'Mine', phases: ['generate', 'bogus'] },
        { id: 'ok', label: 'OK', phases: ['generate'] },
        { id: 'nolabel', phases: ['generate'] },
        { id: 'ok', label: 'Again', phases: ['plan'] },
      ],
    });
    assert.deepEqual(diagnostics.map((d) => d.path), ['switchboard.tasks[0].phases[1]', 'switchboard.tasks[2].label', 'switchboard.tasks[3].id']);
    assert.deepEqual(settings.tasks.profiles.slice(BUILT_IN_PROFILES.length).map((p) => p.id), ['ok']);
  });

  it('Restricted Mode: a workspace profile applies without its tier overrides and cost cap', () => {
    const inspected = {
      globalValue: [{ id: 'implement', maxCostUsd: 0.1, phaseSettings: { generate: { tier: 'review' } } }],
      workspaceValue: [
        { id: 'implement', maxCostUsd: 50, phaseSettings: { generate: { tier: 'plan', instructions: 'Use tabs.' }, review: { tier: 'generate' } } },
        { id: 'team', label: 'Team', phases: ['generate'], maxCostUsd: 99 },
      ],
    };
    const { value, ignored } = taskProfilesForRestrictedMode(inspected);
    assert.deepEqual(ignored, [
      'switchboard.tasks[0].maxCostUsd',
      'switchboard.tasks[0].phaseSettings.generate.tier',
      'switchboard.tasks[0].phaseSettings.review.tier',
      'switchboard.tasks[1].maxCostUsd',
    ]);
    const { settings, diagnostics } = parseSettings({ tasks: value });
    assert.deepEqual(diagnostics, []);
    const implement = settings.tasks.profiles.find((p) => p.id === 'implement')!;
    assert.equal(implement.maxCostUsd, 0.1, "the person's own cap applies");
    assert.equal(implement.phaseSettings.generate?.tier, 'review', "the person's own tier applies");
    assert.equal(implement.phaseSettings.generate?.instructions, 'Use tabs.', 'harmless parts of the workspace entry apply');
    assert.equal(implement.phaseSettings.review?.tier, undefined);
    assert.equal(settings.tasks.profiles.find((p) => p.id === 'team')?.maxCostUsd, undefined);
  });

  it('Restricted Mode leaves user values alone', () => {
    const globalValue = [{ id: 'implement', maxCostUsd: 3 }];
    assert.deepEqual(taskProfilesForRestrictedMode({ globalValue }), { value: globalValue, ignored: [] });
  });
});
