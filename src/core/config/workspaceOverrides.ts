import { parse, type ParseError } from 'jsonc-parser';

/**
 * Which of `settingIds` a workspace settings file sets. VS Code hides restricted settings' workspace
 * values entirely in Restricted Mode (inspect() reports them undefined), so to tell a person that
 * their folder's values are being ignored we read the file ourselves. Accepts both the dotted form
 * (`"switchboard.models": …`) and the nested one (`"switchboard": { "models": … }`), and for a
 * `.code-workspace` file, its `settings` object.
 */
export function settingsSetIn(text: string, settingIds: readonly string[], isWorkspaceFile = false): string[] {
  const errors: ParseError[] = [];
  const parsed: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const root = isWorkspaceFile ? objectAt(parsed, 'settings') : parsed;
  if (!isObject(root)) return [];
  return settingIds.filter((id) => {
    if (id in root) return true;
    const [section, ...rest] = id.split('.');
    let node: unknown = root[section!];
    for (const key of rest) node = isObject(node) ? node[key] : undefined;
    return node !== undefined;
  });
}

function objectAt(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
