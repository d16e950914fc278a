import type { RouteOptions } from '../router/routeOptions';
import { generateObject, type StructuredRouter } from '../structured/generateObject';
import { numberedLines } from '../tasks/research/researchFiles';
import { findingsSchema } from '../tasks/taskSchemas';
import type { Finding } from '../tasks/taskTypes';
import { boundText } from './toolResults';

/*
 * The review tool: one file (numbered lines) or the pending git diff goes to the review tier, which
 * answers with the task engine's own findings schema through generateObject (native structured
 * output, one repair, the tier's fallbacks). The input is capped before it is sent, the findings
 * after they come back; both caps are said in the result.
 */

export type ReviewSubject = { readonly kind: 'file'; readonly path: string; readonly text: string } | { readonly kind: 'changes'; readonly diff: string };

/** About 15,000 tokens of code or diff: a review model's window holds it with room for the answer. */
export const MAX_REVIEW_INPUT_CHARS = 60_000;
/** Findings listed in the result; the rest are counted. */
export const MAX_FINDINGS = 50;

const SYSTEM =
  'You review code. Report each real problem (a bug, a security issue, wrong error handling, a misleading name or comment) as a finding with its workspace-relative file, the line range it is on, a severity (error: wrong behaviour; warning: likely trouble; info: worth a look), a message and a suggested fix. Do not report style a formatter decides. Report no findings when the code is sound. Answer only with the JSON object the schema describes.';

export interface ReviewAnswer {
  readonly ok: boolean;
  /** The text the agent receives: JSON when ok, the reason otherwise. */
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly modelId?: string;
}

export function reviewRequestText(subject: ReviewSubject, focus: string | undefined): { text: string; inputTruncated: boolean } {
  const body = subject.kind === 'file' ? numberedLines(subject.text.split(/\r?\n/), 1, subject.text.split(/\r?\n/).length) : subject.diff;
  const cut = body.length > MAX_REVIEW_INPUT_CHARS;
  const shown = cut ? body.slice(0, body.lastIndexOf('\n', MAX_REVIEW_INPUT_CHARS) > 0 ? body.lastIndexOf('\n', MAX_REVIEW_INPUT_CHARS) : MAX_REVIEW_INPUT_CHARS) : body;
  const what =
    subject.kind === 'file'
      ? `Review the file ${subject.path}. Its lines are numbered (number, tab, text); findings use those numbers.`
      : 'Review the pending changes below (a unified git diff against HEAD). Findings name the changed file and the line numbers of the new version.';
  const parts = [what];
  if (focus) parts.push(`Look in particular for: ${focus}`);
  if (cut) parts.push(`Only the first ${shown.length} of ${body.length} characters are shown; review what is shown.`);
  parts.push(subject.kind === 'file' ? `\`\`\`\n${shown}\n\`\`\`` : `\`\`\`diff\n${shown}\n\`\`\``);
  return { text: parts.join('\n\n'), inputTruncated: cut };
}

/** Runs the review on the review tier and returns the findings as bounded JSON. */
export async function runReview(router: StructuredRouter, subject: ReviewSubject, focus: string | undefined, options: RouteOptions): Promise<ReviewAnswer> {
  const { text, inputTruncated } = reviewRequestText(subject, focus);
  const result = await generateObject(
    router,
    'review',
    findingsSchema,
    { messages: [{ role: 'system', content: SYSTEM }, { role: 'user', content: text }], schemaName: 'findings', schemaDescription: 'The problems found; empty when there are none.' },
    options,
  );
  if (!result.ok) return { ok: false, text: result.reason === 'cancelled' ? 'The review was cancelled.' : `The review tier gave no valid review: ${result.message}`, findings: [] };
  return { ok: true, ...formatFindings(subject, result.object.findings, result.modelId, inputTruncated), modelId: result.modelId };
}

/** The findings as the JSON an agent receives: most severe first, at most MAX_FINDINGS, within the character cap. */
export function formatFindings(subject: ReviewSubject, findings: readonly Finding[], modelId: string, inputTruncated: boolean): { text: string; findings: readonly Finding[] } {
  const rank = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...findings].sort((a, b) => rank[a.severity] - rank[b.severity] || a.file.localeCompare(b.file) || a.startLine - b.startLine);
  let shown = sorted.slice(0, MAX_FINDINGS);
  const render = (list: readonly Finding[]) =>
    JSON.stringify(
      {
        reviewed: subject.kind === 'file' ? { file: subject.path } : { changes: 'pending git changes against HEAD' },
        reviewedBy: modelId,
        ...(inputTruncated ? { inputTruncated: `only the first ${MAX_REVIEW_INPUT_CHARS} characters were reviewed` } : {}),
        findings: list,
        ...(list.length < sorted.length ? { omittedFindings: sorted.length - list.length } : {}),
      },
      null,
      1,
    );
  let text = render(shown);
  // JSON is cut by whole findings, so what arrives still parses.
  while (boundText(text, '').truncated && shown.length > 0) {
    shown = shown.slice(0, Math.floor(shown.length * 0.8));
    text = render(shown);
  }
  return { text, findings: shown };
}

/**
 * The diff without the files `hide` names (secrets, ignored files): a tracked `.env`'s change must
 * not reach a model any more than its content would. Sections are cut at each `diff --git` header.
 * Git quotes a path with non-ASCII letters, `"`, `\\` or control characters (`"a/donn\\303\\251es/.env"`),
 * so quoted paths are unquoted before `hide` judges them; a header that cannot be read is left out.
 */
export function withoutHiddenFiles(diff: string, hide: (path: string) => boolean): { diff: string; hidden: string[] } {
  const sections = diff.split(/^(?=diff --git )/m);
  const hidden: string[] = [];
  const kept = sections.filter((section) => {
    if (!section.startsWith('diff --git ')) return true;
    const end = section.indexOf('\n');
    const header = end === -1 ? section : section.slice(0, end);
    const paths = headerPaths(header);
    if (paths && !paths.some(hide)) return true;
    hidden.push(paths ? paths[1] : header.slice('diff --git '.length));
    return false;
  });
  return { diff: kept.join(''), hidden };
}

/** A header's `a/` and `b/` paths, each plain or C-quoted (the quoted form is matched first). */
const DIFF_HEADER = /^diff --git (?:"a\/((?:[^"\\]|\\.)*)"|a\/(.+?)) (?:"b\/((?:[^"\\]|\\.)*)"|b\/(.+))$/;

function headerPaths(header: string): [string, string] | undefined {
  const match = DIFF_HEADER.exec(header);
  if (!match) return undefined;
  const a = match[1] !== undefined ? unquoteGitPath(match[1]) : match[2];
  const b = match[3] !== undefined ? unquoteGitPath(match[3]) : match[4];
  return a !== undefined && b !== undefined ? [a, b] : undefined;
}

const GIT_ESCAPES: Readonly<Record<string, number>> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** The inside of a git C-quoted path: `\\ooo` octal bytes (UTF-8) and the usual backslash escapes. */
function unquoteGitPath(inner: string): string {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i] as string;
    if (c !== '\\') {
      bytes.push(...encoder.encode(c));
      continue;
    }
    const octal = /^[0-7]{3}/.exec(inner.slice(i + 1));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
      continue;
    }
    const next = inner[i + 1] ?? '';
    const escaped = GIT_ESCAPES[next];
    if (escaped !== undefined) bytes.push(escaped);
    else bytes.push(...encoder.encode(next));
    i += 1;
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
