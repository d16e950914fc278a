import { introducedDiagnostics } from '../validation/introducedDiagnostics';
import type { ValidationReport } from './taskTypes';

/** Diagnostics named in the words, at most; the rest are counted. */
const LISTED = 3;

/**
 * Whether a change set about to be previewed or written still type-checks as it did when its task
 * validated it. Other files may have changed since (an importer, a module it imports, a reload's
 * worth of edits): `check` type-checks it against the files as they are now, and what it finds that
 * the stored report did not is said in words. Undefined when nothing is new, and when the task could
 * not check the change set at all (no report, or `not-validated`): there is nothing to compare.
 */
export async function recheckChangeSet(stored: ValidationReport | undefined, check: () => Promise<ValidationReport>): Promise<string | undefined> {
  if (!stored || stored.status === 'not-validated') return undefined;
  const fresh = await check();
  // Matched by file, code and message, never by line: an edit elsewhere in a file shifts its lines.
  const introduced = introducedDiagnostics(stored.diagnostics, fresh.diagnostics);
  if (introduced.length === 0) return undefined;
  const listed = introduced.slice(0, LISTED).map((d) => `${d.path}:${d.line} ${d.code} ${d.message}`).join('; ');
  const more = introduced.length > LISTED ? ` and ${introduced.length - LISTED} more` : '';
  return `it no longer type-checks against the files as they are now (${listed}${more})`;
}
