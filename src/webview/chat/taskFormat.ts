import type { TaskCardView, TaskPhaseStatus, TaskPhaseView, TaskValidationView } from '../../protocol/taskCard';
import { cascadeSaving } from '../../shared/cascadeWords';
import { checkWords } from '../../shared/checkWords';
import { formatCost, formatCostOrUnknown, formatCount, formatDuration } from '../../shared/figures';
import { phaseName } from '../../shared/phaseName';

/**
 * The words the task card shows, pure so they are tested without a DOM. A status always carries a
 * word beside its icon: colour alone never tells the state.
 */

const STATUS_ICONS: Readonly<Record<TaskPhaseStatus, string>> = {
  waiting: '○',
  running: '◐',
  succeeded: '✓',
  failed: '✕',
  skipped: '–',
  cancelled: '■',
};

/** The check a finished validate phase made, when it made one. */
function checkOf(p: TaskPhaseView): TaskValidationView | undefined {
  return p.status === 'succeeded' && p.output?.kind === 'validation' ? p.output.validation : undefined;
}

/**
 * What a phase's line says beside its name: its status, or for a phase that succeeded, what it
 * gave (`4 steps`, `2 findings`, `3 files`, `passed` for a check) when its output says.
 */
export function phaseStatusWord(p: TaskPhaseView): string {
  const check = checkOf(p);
  if (check) return checkWords(check);
  return (p.status === 'succeeded' ? outcomeWords(p.output) : undefined) ?? p.status;
}

function counted(n: number, what: string): string {
  return `${formatCount(n)} ${what}${n === 1 ? '' : 's'}`;
}

/** What a finished phase gave, in a few words; undefined for text (the output itself says it). */
function outcomeWords(output: TaskPhaseView['output']): string | undefined {
  switch (output?.kind) {
    case 'plan':
      return counted(output.plan.steps.length, 'step');
    case 'findings':
      return output.findings.length === 0 ? 'no findings' : counted(output.findings.length, 'finding');
    case 'change-set':
      return output.changeSet.files.length === 0 ? 'no changes' : counted(output.changeSet.files.length, 'file');
    case 'research':
      return counted(output.sources.length, 'source');
    case 'verdict':
      return output.accept ? 'accepted' : 'rejected';
    default:
      return undefined;
  }
}

/** The phase's icon: its status's, or a warning for a check that found errors. */
export function phaseIcon(p: TaskPhaseView): string {
  return checkOf(p)?.status === 'failed' ? '⚠' : STATUS_ICONS[p.status];
}

export function tokens(input: number, output: number): string {
  return `${formatCount(input)} in / ${formatCount(output)} out`;
}

/**
 * The figures after a phase's name: model, time, tokens, cost (only those it has). A running phase
 * has no time of its own yet: with `runningMs` (how long the view has seen it running) it shows
 * that, in whole seconds so that a view redrawn each second does not flicker tenths.
 */
export function phaseFigures(p: TaskPhaseView, runningMs?: number): string[] {
  const parts: string[] = [];
  if (p.modelId) parts.push(p.provider ? `${p.modelId} (${p.provider})` : p.modelId);
  if (p.timeMs !== undefined) parts.push(formatDuration(p.timeMs));
  else if (p.status === 'running' && runningMs !== undefined) parts.push(runningFor(runningMs));
  if (p.ttftMs !== undefined) parts.push(`first token ${formatDuration(p.ttftMs)}`);
  if (p.inputTokens + p.outputTokens > 0) parts.push(`${tokens(p.inputTokens, p.outputTokens)} tokens`);
  else if (p.status === 'running' && p.receivedTokens !== undefined) parts.push(`~${formatCount(p.receivedTokens)} tokens received`);
  // A running phase has no cost until its call ends: "$0.00" beside it would read as a free call.
  const costKnownYet = p.status !== 'running' || (p.costUsd !== null && p.costUsd > 0);
  if (costKnownYet && (p.modelId || p.costUsd !== 0)) parts.push(formatCostOrUnknown(p.costUsd));
  return parts;
}

/** How long a phase has been running, in whole seconds: `0 s`, `7 s`, `1 min 15 s`. */
function runningFor(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1_000));
  return seconds < 60 ? `${seconds} s` : formatDuration(seconds * 1_000);
}

/** One sentence a screen reader announces when a phase changes. */
export function phaseAnnouncement(p: TaskPhaseView): string {
  const on = p.modelId ? ` on ${p.modelId}` : '';
  switch (p.status) {
    case 'running':
      return `${phaseName(p)} running${on}`;
    case 'succeeded': {
      // A check says what it found ("Validate passed"); another phase that it succeeded, then what it gave.
      const words = phaseStatusWord(p);
      if (checkOf(p) || words === p.status) return `${phaseName(p)} ${words}${on}`;
      return `${phaseName(p)} succeeded${on}: ${words}`;
    }
    case 'failed':
      return `${phaseName(p)} failed${p.error ? `: ${p.error}` : ''}`;
    case 'skipped':
      return `${phaseName(p)} skipped${p.error ? `: ${p.error}` : ''}`;
    case 'cancelled':
      return `${phaseName(p)} stopped`;
    case 'waiting':
      return `${phaseName(p)} waiting`;
  }
}

/**
 * "6.7 s · 8,000 in / 2,875 out tokens · $0.016 · models: …": the sums of what the timeline shows.
 * `runningMs`: the time of the phases still running, as their lines show it, so that the time
 * "so far" grows with them instead of standing at the phases that ended.
 */
export function totalsLine(card: TaskCardView, runningMs = 0): string {
  const t = card.totals;
  // While phases run, whole seconds, as their lines count them.
  const parts = [runningMs > 0 ? runningFor(t.timeMs + runningMs) : formatDuration(t.timeMs), `${tokens(t.inputTokens, t.outputTokens)} tokens`, formatCost(t.cost)];
  if (t.modelsUsed.length > 0) parts.push(`models: ${t.modelsUsed.join(', ')}`);
  return parts.join(' · ');
}

/** "Cascade stopped at gpt-4o-mini, saved about $0.042 against the top model". */
export function cascadeLine(card: TaskCardView): string | undefined {
  const c = card.cascade;
  if (!c) return undefined;
  return `Cascade stopped at ${c.stoppedAt}${cascadeSaving(c.savedUsd)}`;
}

export const CARD_STATUS_WORDS: Readonly<Record<TaskCardView['status'], string>> = {
  running: 'Running',
  'awaiting-approval': 'Waiting for your approval of the plan',
  succeeded: 'Finished',
  failed: 'Failed',
  cancelled: 'Stopped',
};
