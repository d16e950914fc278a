import type { Capability } from '../router/capabilities';
import { DEFAULT_CRITICAL, DEFAULT_PHASE_TIERS, type PhaseName, type PhaseSettings, type TaskProfile } from './taskTypes';

export const DEFAULT_MAX_REFINE_ROUNDS = 2;
export const DEFAULT_MAX_PARALLEL = 2;

function builtIn(profile: Omit<TaskProfile, 'builtIn' | 'phaseSettings' | 'pattern' | 'maxRefineRounds' | 'maxParallel' | 'approvePlan'> & Partial<TaskProfile>): TaskProfile {
  return {
    builtIn: true,
    phaseSettings: {},
    pattern: 'single',
    maxRefineRounds: DEFAULT_MAX_REFINE_ROUNDS,
    maxParallel: DEFAULT_MAX_PARALLEL,
    approvePlan: false,
    ...profile,
  };
}

/** The profiles every person has; a `switchboard.tasks` entry with the same id overrides their fields. */
export const BUILT_IN_PROFILES: readonly TaskProfile[] = [
  builtIn({
    id: 'implement',
    label: 'Implement',
    description: 'Plan, gather context, draft, review, refine and type-check a change.',
    phases: ['plan', 'research', 'generate', 'review', 'refine', 'validate'],
    approvePlan: true,
  }),
  builtIn({
    id: 'fix',
    label: 'Fix Problems',
    description: 'Fix the problems in the selection and type-check the fix.',
    phases: ['generate', 'validate'],
  }),
  builtIn({
    id: 'tests',
    label: 'Generate Tests',
    description: 'Plan the tests, write them and type-check them.',
    phases: ['plan', 'generate', 'validate'],
  }),
  builtIn({
    id: 'document',
    label: 'Add Documentation',
    description: 'Gather context, write documentation and review it.',
    phases: ['research', 'generate', 'review'],
  }),
  builtIn({
    id: 'plan',
    label: 'Plan Task',
    description: 'A plan of steps with the files each touches; nothing is changed.',
    phases: ['plan'],
  }),
];

/** A phase's settings in this profile, with the defaults filled in. */
export function phaseSettingsOf(profile: TaskProfile, phase: PhaseName): PhaseSettings {
  return { enabled: true, critical: DEFAULT_CRITICAL[phase], ...profile.phaseSettings[phase] };
}

/** The tier a phase routes through in this profile (undefined for validate, which calls no model). */
export function tierOf(profile: TaskProfile, phase: PhaseName): Capability | undefined {
  if (phase === 'validate') return undefined;
  return profile.phaseSettings[phase]?.tier ?? DEFAULT_PHASE_TIERS[phase];
}

/** The phases this profile runs, in order, without those it disables. */
export function enabledPhases(profile: TaskProfile): PhaseName[] {
  return profile.phases.filter((p) => phaseSettingsOf(profile, p).enabled);
}
