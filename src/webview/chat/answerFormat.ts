import { formatCount, formatDuration, formatUsd } from '../../shared/figures';
import { describeCapabilityChoice } from '../../shared/capabilityWords';
import { SEE_ERROR_ABOVE, errorTitle, fallbackReason } from '../../shared/errorWords';
import type { AnswerAction, AnswerError, AnswerErrorKind, AnswerMeta, TokenCounts, WebviewToHost } from '../../protocol/chatProtocol';

/** Plain-text pieces of the footer under an answer; the view lays them out. */

/**
 * `null` is an unknown price and must never read as free; figures read as in the Models view and
 * dashboard. The footer labels it ("Cost: unknown"), so the word is not repeated.
 */
export function formatCost(usd: number | null): string {
  return usd === null ? 'unknown' : formatUsd(usd);
}

export { errorTitle, formatDuration };

export function formatTokens(tokens: TokenCounts): string {
  const parts: string[] = [];
  const marked = tokens.estimatedFigures;
  const mark = (figure: 'input' | 'output' | 'cached'): string => (marked?.includes(figure) ? ' (estimated)' : '');
  if (tokens.input !== undefined) parts.push(`${formatCount(tokens.input)} in${mark('input')}`);
  if (tokens.output !== undefined) parts.push(`${formatCount(tokens.output)} out${mark('output')}`);
  if (tokens.cached) parts.push(`${formatCount(tokens.cached)} cached${mark('cached')}`);
  // Under the footer's "Tokens" label: "Tokens: unknown", not "Tokens: tokens unknown".
  if (parts.length === 0) return 'unknown';
  // Every model failed before its first token (or none was asked): "Tokens: none", not "0 in · 0 out".
  if (tokens.input === 0 && tokens.output === 0 && !tokens.cached) return 'none';
  // Answers stored before figures were marked one by one say it once for all.
  return `${parts.join(' · ')}${!marked && tokens.estimated ? ' (estimated)' : ''}`;
}

export function describeCapability(meta: Pick<AnswerMeta, 'capability' | 'capabilitySource'>): string {
  return describeCapabilityChoice(meta.capability, meta.capabilitySource);
}

/**
 * "primary → backup: server error (HTTP 503): …". `shownAbove` is the text of the answer's error
 * box: a reason it already gives in full is referred to instead of printed a second time. Models
 * that failed one after another for the same reason (one overloaded server behind several of them)
 * make one line, "a → b → c: <reason> (the same for all 2)", not one line each repeating it.
 */
export function describeFallbacks(meta: Pick<AnswerMeta, 'fallbacks'>, shownAbove: readonly string[] = []): string[] {
  const runs: { chain: string[]; reason: string; count: number }[] = [];
  for (const f of meta.fallbacks) {
    const reason = fallbackReason(f.reason, shownAbove);
    const to = f.to ?? 'no model left';
    const last = runs.at(-1);
    if (last && last.reason === reason && last.chain.at(-1) === f.from) {
      last.chain.push(to);
      last.count++;
    } else {
      runs.push({ chain: [f.from, to], reason, count: 1 });
    }
  }
  return runs.map((r) => `${r.chain.join(' → ')}: ${r.reason}${r.count > 1 && r.reason !== SEE_ERROR_ABOVE ? ` (the same for all ${r.count})` : ''}`);
}

export interface FooterItem {
  readonly label: string;
  readonly value: string;
}

/** The footer's figures in reading order; the explanation and fallbacks go on lines of their own. */
export function footerItems(meta: AnswerMeta): FooterItem[] {
  const items: FooterItem[] = [];
  if (meta.cached) items.push({ label: 'Cached', value: 'answer from the response cache' });
  items.push({ label: 'Model', value: modelWords(meta) });
  const picked = meta.pickedModelId;
  // A pick the router could not honour says so beside the model that answered; the why is below.
  if (picked !== undefined && picked !== meta.modelId) items.push({ label: 'You picked', value: `${picked}, which did not answer (see Why this model)` });
  items.push({ label: 'Capability', value: describeCapability(meta) });
  items.push({ label: 'Tokens', value: formatTokens(meta.tokens) });
  items.push({ label: 'Cost', value: formatCost(meta.costUsd) });
  if (meta.ttftMs !== undefined) items.push({ label: 'First token', value: formatDuration(meta.ttftMs) });
  items.push({ label: 'Total', value: formatDuration(meta.totalMs) });
  if (meta.experiment) items.push({ label: 'Experiment', value: `${meta.experiment.id} (${meta.experiment.variant})` });
  return items;
}

/** The answering model, and whether the person picked it or it took up another's cut-off answer. */
function modelWords(meta: AnswerMeta): string {
  const model = meta.modelId ?? 'none';
  const notes: string[] = [];
  if (meta.pickedModelId !== undefined && meta.pickedModelId === meta.modelId) notes.push('you picked it');
  if (meta.continuedFrom !== undefined) notes.push(meta.continuedFrom === meta.modelId ? 'continued after it was cut off' : `continued ${meta.continuedFrom}’s cut-off answer`);
  return notes.length > 0 ? `${model} (${notes.join('; ')})` : model;
}

const KIND_ACTIONS: Partial<Record<AnswerErrorKind, AnswerAction>> = {
  auth: { kind: 'command', action: 'setApiKey', label: 'Set API Key' },
  'tier-down': { kind: 'command', action: 'showModels', label: 'Open Models' },
  'no-candidate': { kind: 'command', action: 'showModels', label: 'Open Models' },
  'model-not-found': { kind: 'command', action: 'openSettings', label: 'Open Settings' },
  budget: { kind: 'command', action: 'openSettings', label: 'Open Settings' },
};

const RETRYABLE: ReadonlySet<AnswerErrorKind> = new Set(['rate-limit', 'timeout-first-token', 'timeout-total', 'network', 'server', 'context-window', 'tier-down', 'internal']);

function actionKey(a: AnswerAction): string {
  return a.kind === 'command' ? `command:${a.action}` : `retry:${a.modelId ?? ''}`;
}

/** The message a command button posts: the slot travels with Set API Key so the host opens that key's entry. */
export function runMessage(action: Extract<AnswerAction, { kind: 'command' }>): Extract<WebviewToHost, { type: 'run' }> {
  return { type: 'run', action: action.action, ...(action.slot ? { slot: action.slot } : {}) };
}

/**
 * The buttons under a failed answer: the host's own suggestions first, then what the kind always
 * calls for (an auth error always offers "Set API Key", a tier that is down "Open Models"), then a
 * plain retry when trying again can help. Duplicates are dropped.
 */
export function actionsForError(error: AnswerError): AnswerAction[] {
  const out: AnswerAction[] = [];
  const seen = new Set<string>();
  const add = (a: AnswerAction) => {
    const key = actionKey(a);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(a);
  };
  for (const a of error.actions) add(a);
  const fixed = KIND_ACTIONS[error.kind];
  if (fixed) add(fixed);
  if (RETRYABLE.has(error.kind) && !out.some((a) => a.kind === 'retry')) add({ kind: 'retry', label: 'Retry' });
  return out;
}

/** "gpt-4o: circuit open, until 10:47" — `clock` formats epoch ms in the person's local time. */
export function describeDownModels(error: AnswerError, clock: (epochMs: number) => string): string[] {
  return (error.downModels ?? []).map((d) => `${d.modelId}: ${d.reason}${d.until !== undefined ? `, until ${clock(d.until)}` : ''}`);
}

export function localClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export interface AnswerAnnouncement {
  readonly text: string;
  /** Errors interrupt (an alert); a finished answer waits for the reader (a status). */
  readonly urgent: boolean;
}

/**
 * The one thing a screen reader hears about an answer, when it ends: which model answered, or
 * what went wrong. The text itself is left for the person to read at their pace.
 */
export function answerAnnouncement(end: { readonly status: string; readonly meta?: Pick<AnswerMeta, 'modelId' | 'partial'>; readonly error?: AnswerError }): AnswerAnnouncement {
  const model = end.meta?.modelId;
  if (end.error?.kind === 'cancelled' || end.status === 'cancelled') return { text: model ? `Answer from ${model} stopped` : 'Answer stopped', urgent: false };
  if (end.error) {
    const title = errorTitle(end.error.kind);
    const detail = end.error.message && end.error.message !== title ? `: ${end.error.message}` : '';
    return { text: `${title}${detail}`, urgent: true };
  }
  const partial = end.meta?.partial ? ', incomplete' : '';
  return { text: model ? `Answer from ${model} complete${partial}` : `Answer complete${partial}`, urgent: false };
}
