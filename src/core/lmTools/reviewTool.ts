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
 */
export function withoutHiddenFiles(diff: string, hide: (path: string) => boolean): { diff: string; hidden: string[] } {
  const sections = diff.split(/^(?=diff --git )/m);
  const hidden: string[] = [];
  const kept = sections.filter((section) => {
    const header = /^diff --git a\/(.+?) b\/(.+)$/m.exec(section);
    if (!header) return true;
    const paths = [header[1] as string, header[2] as string];
    if (!paths.some(hide)) return true;
    hidden.push(header[2] as string);
    return false;
  });
  return { diff: kept.join(''), hidden };
}
