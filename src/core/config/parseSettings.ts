import type { ModelConfig } from '../models/modelConfig';
import { CAPABILITIES, type Capability, type Tiers } from '../router/capabilities';
import { type SettingsDiagnostic, formatPath, issuesToDiagnostics } from './diagnostics';
import { parseSection } from './parseSection';
import { type AnalysisSettings, analysisSettingsSchema } from './settings/analysis';
import { type ChatSettings, chatSettingsSchema } from './settings/chat';
import { type ExperimentConfig, experimentSchema } from './settings/experiments';
import { type MetricsSettings, metricsSettingsSchema } from './settings/metrics';
import { type DiscoverySettings, discoverySettingsSchema } from './settings/modelDiscovery';
import { modelConfigSchema } from './settings/models';
import {
  type RouterSettings,
  budgetSettingsSchema,
  cacheSettingsSchema,
  privacySettingsSchema,
  routingSettingsSchema,
} from './settings/router';
import { type ResearchSettings, researchSettingsSchema } from './settings/research';
import { type TaskSettings, parseTaskSettings } from './settings/tasks';
import { tierListSchema } from './settings/tiers';

/*
 * The one entry that parses Switchboard's settings. Every setting's schema lives in ./settings, one
 * file per `switchboard.*` section (the router's sections share router.ts); the VS Code layer only
 * hands the raw values in. Keep package.json's `contributes.configuration` in step (a unit test
 * compares the two).
 */

/** The raw values as VS Code's configuration returns them (already merged user < workspace < folder). */
export interface RawSettings {
  readonly models?: unknown;
  readonly tiers?: unknown;
  readonly routing?: unknown;
  readonly budget?: unknown;
  readonly experiments?: unknown;
  readonly cache?: unknown;
  readonly privacy?: unknown;
  readonly metrics?: unknown;
  readonly discovery?: unknown;
  readonly analysis?: unknown;
  readonly tasks?: unknown;
  readonly taskTestCommand?: unknown;
  readonly research?: unknown;
  readonly chat?: unknown;
}

/** The keys of RawSettings, i.e. the `switchboard.<key>` sections read from VS Code. */
export const RAW_SETTING_KEYS = ['models', 'tiers', 'routing', 'budget', 'experiments', 'cache', 'privacy', 'metrics', 'discovery', 'analysis', 'tasks', 'taskTestCommand', 'research', 'chat'] as const;

export interface SwitchboardSettings {
  readonly models: readonly ModelConfig[];
  readonly tiers: Tiers;
  readonly router: RouterSettings;
  readonly metrics: MetricsSettings;
  readonly discovery: DiscoverySettings;
  readonly analysis: AnalysisSettings;
  readonly tasks: TaskSettings;
  readonly research: ResearchSettings;
  readonly chat: ChatSettings;
}

export interface ParsedSettings {
  readonly settings: SwitchboardSettings;
  readonly diagnostics: readonly SettingsDiagnostic[];
}

/**
 * Parses every Switchboard setting in one place. Each value is checked on its own so that one bad
 * entry costs only itself: the rest of the configuration keeps working.
 */
export function parseSettings(raw: RawSettings): ParsedSettings {
  const diagnostics: SettingsDiagnostic[] = [];
  const skippedModels: SkippedModels = new Map();
  const models = parseModels(raw.models, diagnostics, skippedModels);
  const known = new Set(models.map((m) => m.id));
  const tiers = parseTiers(raw.tiers, known, diagnostics, skippedModels);
  const router: RouterSettings = {
    routing: parseSection(routingSettingsSchema, raw.routing, 'switchboard.routing', diagnostics),
    budget: parseSection(budgetSettingsSchema, stripNulls(raw.budget), 'switchboard.budget', diagnostics),
    experiments: parseExperiments(raw.experiments, known, diagnostics, skippedModels),
    cache: parseSection(cacheSettingsSchema, raw.cache, 'switchboard.cache', diagnostics),
    privacy: parseSection(privacySettingsSchema, raw.privacy, 'switchboard.privacy', diagnostics),
  };
  const metrics = parseSection(metricsSettingsSchema, raw.metrics, 'switchboard.metrics', diagnostics);
  const discovery = parseSection(discoverySettingsSchema, raw.discovery, 'switchboard.discovery', diagnostics);
  const analysis = parseSection(analysisSettingsSchema, raw.analysis, 'switchboard.analysis', diagnostics);
  const tasks = parseTaskSettings(raw.tasks, raw.taskTestCommand, diagnostics);
  const research = parseSection(researchSettingsSchema, raw.research, 'switchboard.research', diagnostics);
  const chat = parseSection(chatSettingsSchema, raw.chat, 'switchboard.chat', diagnostics);
  return { settings: { models, tiers, router, metrics, discovery, analysis, tasks, research, chat }, diagnostics };
}

/** VS Code shows "no limit" as null for a nullable number setting; the schema treats absent as no limit. */
function stripNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));
}

function parseArray<T>(
  value: unknown,
  root: string,
  diagnostics: SettingsDiagnostic[],
  parseEntry: (entry: unknown, index: number) => T | undefined,
): T[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    diagnostics.push({ path: root, message: 'expected an array', severity: 'error' });
    return [];
  }
  const out: T[] = [];
  value.forEach((entry: unknown, index) => {
    const parsed = parseEntry(entry, index);
    if (parsed !== undefined) out.push(parsed);
  });
  return out;
}

/**
 * Ids of `switchboard.models` entries that were dropped, with the first problem that dropped each: a
 * tier or experiment naming one says so instead of claiming the id is not there (issue 14 item 16).
 */
type SkippedModels = Map<string, string>;

function parseModels(value: unknown, diagnostics: SettingsDiagnostic[], skipped: SkippedModels = new Map()): ModelConfig[] {
  const root = 'switchboard.models';
  const seen = new Set<string>();
  if (value !== undefined && value !== null && !Array.isArray(value)) {
    diagnostics.push({ path: root, message: 'expected an array of model entries', severity: 'error' });
    return [];
  }
  return parseArray(value, root, diagnostics, (entry, index) => {
    const result = modelConfigSchema.safeParse(entry, { reportInput: true });
    if (!result.success) {
      const problems = issuesToDiagnostics(formatPath(root, [index]), result.error.issues);
      diagnostics.push(...problems);
      const id = typeof entry === 'object' && entry !== null && 'id' in entry ? (entry as { id: unknown }).id : undefined;
      const first = problems[0];
      if (typeof id === 'string' && first && !skipped.has(id)) skipped.set(id, `${first.path} ${first.message}`);
      return undefined;
    }
    if (seen.has(result.data.id)) {
      diagnostics.push({
        path: formatPath(root, [index, 'id']),
        message: `duplicates the id "${result.data.id}" of an earlier entry (this entry is ignored)`,
        severity: 'error',
      });
      return undefined;
    }
    seen.add(result.data.id);
    if (result.data.provider === 'anthropic' && result.data.temperature !== undefined) {
      diagnostics.push({
        path: formatPath(root, [index, 'temperature']),
        message: "is not sent: Anthropic's API (version 2026-10-21, which its SDK uses) refuses a temperature on every model (ignored; the rest of the entry is used)",
        severity: 'warning',
      });
    }
    return result.data;
  });
}

/** Each experiment stands alone: a bad one is reported and dropped, the others run. */
function parseExperiments(value: unknown, known: ReadonlySet<string>, diagnostics: SettingsDiagnostic[], skipped: SkippedModels): ExperimentConfig[] {
  const root = 'switchboard.experiments';
  const ids = new Set<string>();
  return parseArray(value, root, diagnostics, (entry, index) => {
    const result = experimentSchema.safeParse(entry, { reportInput: true });
    if (!result.success) {
      diagnostics.push(...issuesToDiagnostics(formatPath(root, [index]), result.error.issues));
      return undefined;
    }
    const experiment = result.data;
    if (ids.has(experiment.id)) {
      diagnostics.push({ path: formatPath(root, [index, 'id']), message: `repeats the experiment id "${experiment.id}" (ignored)`, severity: 'error' });
      return undefined;
    }
    const unknown = experiment.variants.flatMap((v, vi) => v.models.map((id, mi) => ({ id, vi, mi }))).filter((m) => !known.has(m.id));
    if (unknown.length > 0) {
      for (const u of unknown) {
        diagnostics.push({
          path: formatPath(root, [index, 'variants', u.vi, 'models', u.mi]),
          message: `${unknownModelWords(u.id, skipped)} (experiment ignored)`,
          severity: 'error',
        });
      }
      return undefined;
    }
    ids.add(experiment.id);
    return experiment;
  });
}

function parseTiers(value: unknown, known: ReadonlySet<string>, diagnostics: SettingsDiagnostic[], skipped: SkippedModels): Tiers {
  const root = 'switchboard.tiers';
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    diagnostics.push({ path: root, message: `expected an object with the keys ${CAPABILITIES.join(', ')}`, severity: 'error' });
    return {};
  }
  const tiers: Tiers = {};
  for (const [key, list] of Object.entries(value as Record<string, unknown>)) {
    if (!isCapability(key)) {
      diagnostics.push({
        path: formatPath(root, [key]),
        message: `is not a capability (expected one of ${CAPABILITIES.join(', ')}; ignored)`,
        severity: 'error',
      });
      continue;
    }
    if (!Array.isArray(list)) {
      diagnostics.push({ path: formatPath(root, [key]), message: 'expected an array', severity: 'error' });
      continue;
    }
    // Each id stands alone: a malformed one is skipped like an unknown one, the tier keeps the rest.
    const ids: string[] = [];
    list.forEach((entry: unknown, index) => {
      const parsed = tierListSchema.element.safeParse(entry);
      if (!parsed.success) {
        for (const d of issuesToDiagnostics(formatPath(root, [key, index]), parsed.error.issues)) diagnostics.push({ ...d, message: `${d.message} (skipped)` });
        return;
      }
      const id = parsed.data;
      if (!known.has(id)) {
        diagnostics.push({
          path: formatPath(root, [key, index]),
          message: `${unknownModelWords(id, skipped)} (skipped)`,
          severity: 'warning',
        });
      } else if (ids.includes(id)) {
        diagnostics.push({ path: formatPath(root, [key, index]), message: `lists "${id}" twice (skipped)`, severity: 'warning' });
      } else {
        ids.push(id);
      }
    });
    tiers[key] = ids;
  }
  return tiers;
}

function unknownModelWords(id: string, skipped: SkippedModels): string {
  const why = skipped.get(id);
  return why ? `names "${id}", whose entry in switchboard.models was skipped because of its first problem: ${why}` : `names "${id}", which is not an id in switchboard.models`;
}

function isCapability(key: string): key is Capability {
  return (CAPABILITIES as readonly string[]).includes(key);
}
