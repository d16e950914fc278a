import { CAPABILITIES, type Capability } from '../providers/contract';
import { type SettingsDiagnostic, formatPath, issuesToDiagnostics } from './diagnostics';
import { type ModelConfig, type Tiers, modelConfigSchema, tierListSchema } from './schema';

/** The raw values as VS Code's configuration returns them (already merged user < workspace < folder). */
export interface RawSettings {
  readonly models?: unknown;
  readonly tiers?: unknown;
}

export interface SwitchboardSettings {
  readonly models: readonly ModelConfig[];
  readonly tiers: Tiers;
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
  const models = parseModels(raw.models, diagnostics);
  const tiers = parseTiers(raw.tiers, new Set(models.map((m) => m.id)), diagnostics);
  return { settings: { models, tiers }, diagnostics };
}

function parseModels(value: unknown, diagnostics: SettingsDiagnostic[]): ModelConfig[] {
  const root = 'switchboard.models';
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    diagnostics.push({ path: root, message: 'expected an array of model entries', severity: 'error' });
    return [];
  }
  const models: ModelConfig[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, index) => {
    const result = modelConfigSchema.safeParse(entry);
    if (!result.success) {
      diagnostics.push(...issuesToDiagnostics(formatPath(root, [index]), result.error.issues));
      return;
    }
    if (seen.has(result.data.id)) {
      diagnostics.push({
        path: formatPath(root, [index, 'id']),
        message: `duplicates the id "${result.data.id}" of an earlier entry (this entry is ignored)`,
        severity: 'error',
      });
      return;
    }
    seen.add(result.data.id);
    models.push(result.data);
  });
  return models;
}

function parseTiers(value: unknown, known: ReadonlySet<string>, diagnostics: SettingsDiagnostic[]): Tiers {
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
    const result = tierListSchema.safeParse(list);
    if (!result.success) {
      diagnostics.push(...issuesToDiagnostics(formatPath(root, [key]), result.error.issues));
      continue;
    }
    const ids: string[] = [];
    result.data.forEach((id, index) => {
      if (!known.has(id)) {
        diagnostics.push({
          path: formatPath(root, [key, index]),
          message: `names "${id}", which is not an id in switchboard.models (skipped)`,
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

function isCapability(key: string): key is Capability {
  return (CAPABILITIES as readonly string[]).includes(key);
}
