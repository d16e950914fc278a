import { z } from 'zod';
import { CAPABILITIES } from '../../router/capabilities';
import { BUILT_IN_PROFILES } from '../../tasks/profiles';
import { DEFAULT_CRITICAL, GENERATE_PATTERNS, PHASES, type PhaseName, type PhaseSettings, type TaskProfile } from '../../tasks/taskTypes';
import { type SettingsDiagnostic, formatPath, issuesToDiagnostics } from '../diagnostics';

/*
 * The schema of `switchboard.tasks` (task profiles: the person's own, or an entry whose id is a
 * built-in's, overriding its fields) and `switchboard.taskTestCommand` (run after Accept, trusted
 * workspaces only). Each entry stands alone: a bad one is reported and dropped, the others apply.
 */

const phaseSettingsSchema = z
  .object({
    enabled: z.boolean().optional(),
    critical: z.boolean().optional(),
    tier: z.enum(CAPABILITIES).optional(),
    instructions: z.string().max(4000).optional(),
    timeoutMs: z.number().int().min(1000).optional(),
  })
  .strict();

export const taskProfileEntrySchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'must be 1-60 letters, digits, _ or -'),
    label: z.string().min(1).max(60).optional(),
    description: z.string().max(400).optional(),
    phases: z
      .array(z.enum(PHASES))
      .min(1)
      .refine((list) => new Set(list).size === list.length, 'may name each phase only once')
      .optional(),
    phaseSettings: z.partialRecord(z.enum(PHASES), phaseSettingsSchema).optional(),
    pattern: z.enum(GENERATE_PATTERNS).optional(),
    maxCostUsd: z.number().positive().optional(),
    maxRefineRounds: z.number().int().min(0).max(10).optional(),
    maxParallel: z.number().int().min(1).max(8).optional(),
    approvePlan: z.boolean().optional(),
  })
  .strict();

export type TaskProfileEntry = z.infer<typeof taskProfileEntrySchema>;

export const taskTestCommandSchema = z.string().max(1000);

export interface TaskSettings {
  /** Built-ins first (with the person's overrides), then the person's own. */
  readonly profiles: readonly TaskProfile[];
  /** Run after Accept in a trusted workspace; undefined when not set. */
  readonly testCommand?: string;
}

export function parseTaskSettings(tasks: unknown, testCommand: unknown, diagnostics: SettingsDiagnostic[]): TaskSettings {
  return { profiles: parseProfiles(tasks, diagnostics), ...parseTestCommand(testCommand, diagnostics) };
}

function parseTestCommand(value: unknown, diagnostics: SettingsDiagnostic[]): { testCommand?: string } {
  if (value === undefined || value === null) return {};
  const parsed = taskTestCommandSchema.safeParse(value);
  if (!parsed.success) {
    diagnostics.push(...issuesToDiagnostics('switchboard.taskTestCommand', parsed.error.issues));
    return {};
  }
  const command = parsed.data.trim();
  return command ? { testCommand: command } : {};
}

function parseProfiles(value: unknown, diagnostics: SettingsDiagnostic[]): TaskProfile[] {
  const root = 'switchboard.tasks';
  const builtIns = new Map(BUILT_IN_PROFILES.map((p) => [p.id, p]));
  const own: TaskProfile[] = [];
  if (value === undefined || value === null) return [...BUILT_IN_PROFILES];
  if (!Array.isArray(value)) {
    diagnostics.push({ path: root, message: 'expected an array of task profiles', severity: 'error' });
    return [...BUILT_IN_PROFILES];
  }
  const seen = new Set<string>();
  value.forEach((raw: unknown, index) => {
    const parsed = taskProfileEntrySchema.safeParse(raw);
    if (!parsed.success) {
      diagnostics.push(...issuesToDiagnostics(formatPath(root, [index]), parsed.error.issues));
      return;
    }
    const entry = parsed.data;
    if (seen.has(entry.id)) {
      diagnostics.push({ path: formatPath(root, [index, 'id']), message: `repeats the profile id "${entry.id}" (ignored)`, severity: 'error' });
      return;
    }
    seen.add(entry.id);
    const base = builtIns.get(entry.id);
    if (base) {
      builtIns.set(entry.id, applyEntry(base, entry));
      return;
    }
    if (!entry.label || !entry.phases) {
      const missing = !entry.label ? 'label' : 'phases';
      diagnostics.push({ path: formatPath(root, [index, missing]), message: `is required for a profile of your own ("${entry.id}" is not a built-in; ignored)`, severity: 'error' });
      return;
    }
    own.push(applyEntry({ id: entry.id, label: entry.label, builtIn: false, phases: entry.phases, phaseSettings: {}, pattern: 'single', maxRefineRounds: 2, maxParallel: 2, approvePlan: false }, entry));
  });
  return [...builtIns.values(), ...own];
}

/** The entry's fields over `base`; phase settings merge per phase and field. */
function applyEntry(base: TaskProfile, entry: TaskProfileEntry): TaskProfile {
  const phaseSettings: Partial<Record<PhaseName, PhaseSettings>> = { ...base.phaseSettings };
  for (const [phase, settings] of Object.entries(entry.phaseSettings ?? {}) as [PhaseName, z.infer<typeof phaseSettingsSchema>][]) {
    phaseSettings[phase] = { enabled: true, critical: DEFAULT_CRITICAL[phase], ...base.phaseSettings[phase], ...dropUndefined(settings) };
  }
  const { phaseSettings: _ignored, ...fields } = dropUndefined(entry);
  return { ...base, ...fields, phaseSettings };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * In Restricted Mode a workspace's task profiles apply, but not the parts that redirect requests to
 * other models or raise spending: each phase's `tier` and the profile's `maxCostUsd` are taken from
 * the person's own (user) entry of the same id, or dropped. Returns the value to parse and the
 * paths that were ignored. `inspected` is VS Code's `inspect('tasks')` (an array setting: the most
 * specific level wins whole).
 */
export function taskProfilesForRestrictedMode(inspected: {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
  readonly workspaceFolderValue?: unknown;
}): { value: unknown; ignored: string[] } {
  const fromWorkspace = inspected.workspaceFolderValue ?? inspected.workspaceValue;
  if (fromWorkspace === undefined) return { value: inspected.globalValue, ignored: [] };
  if (!Array.isArray(fromWorkspace)) return { value: fromWorkspace, ignored: [] };
  const userEntries = new Map<string, Record<string, unknown>>();
  if (Array.isArray(inspected.globalValue)) {
    for (const e of inspected.globalValue) if (isRecord(e) && typeof e['id'] === 'string') userEntries.set(e['id'], e);
  }
  const ignored: string[] = [];
  const value = fromWorkspace.map((entry: unknown, index) => {
    if (!isRecord(entry)) return entry;
    const user = typeof entry['id'] === 'string' ? userEntries.get(entry['id']) : undefined;
    const out: Record<string, unknown> = { ...entry };
    if ('maxCostUsd' in out) {
      ignored.push(formatPath('switchboard.tasks', [index, 'maxCostUsd']));
      delete out['maxCostUsd'];
    }
    if (user && 'maxCostUsd' in user) out['maxCostUsd'] = user['maxCostUsd'];
    const phases = isRecord(entry['phaseSettings']) ? entry['phaseSettings'] : undefined;
    const userPhases = user && isRecord(user['phaseSettings']) ? user['phaseSettings'] : {};
    if (phases) {
      const next: Record<string, unknown> = {};
      for (const [phase, settings] of Object.entries(phases)) {
        if (!isRecord(settings) || !('tier' in settings)) {
          next[phase] = settings;
          continue;
        }
        ignored.push(formatPath('switchboard.tasks', [index, 'phaseSettings', phase, 'tier']));
        const { tier: _tier, ...rest } = settings;
        const userTier = isRecord(userPhases[phase]) ? (userPhases[phase] as Record<string, unknown>)['tier'] : undefined;
        next[phase] = userTier !== undefined ? { ...rest, tier: userTier } : rest;
      }
      out['phaseSettings'] = next;
    }
    return out;
  });
  return { value, ignored };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
