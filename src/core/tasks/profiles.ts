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

/** Each phase's settings where a profile says nothing of it (shared: read-only). */
const DEFAULT_SETTINGS = Object.fromEntries(Object.entries(DEFAULT_CRITICAL).map(([phase, critical]) => [phase, Object.freeze({ enabled: true, critical })])) as Readonly<Record<PhaseName, PhaseSettings>>;

/**
 * A phase's settings in this profile, with the defaults filled in. Read several times per phase:
 * the defaults are shared, and a profile's own settings are copied with Object.assign, not a
 * spread (see phaseResultOf in taskTotals.ts for what Node 20 does with one).
 */
export function phaseSettingsOf(profile: TaskProfile, phase: PhaseName): PhaseSettings {
  const own = profile.phaseSettings[phase];
  return own ? Object.assign({ enabled: true, critical: DEFAULT_CRITICAL[phase] }, own) : DEFAULT_SETTINGS[phase];
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
