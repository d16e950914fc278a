import { phaseWords } from '../../core/tasks/taskTotals';
import type { FileChange, PhaseResult, Plan, TaskEvent, TaskResult, ValidationReport } from '../../core/tasks/taskTypes';
import { cascadeSaving } from '../../shared/cascadeWords';
import { formatCost, formatCount, formatDuration, formatUsd, plural } from '../../shared/figures';
import { markdownCode, markdownInline } from '../../shared/markdownText';
import { phaseName } from '../../shared/phaseName';

/**
 * A task for surfaces that have no card: the `@switchboard` participant's stream. While it runs, each
 * phase's start and end as a progress line; once it ends, the whole of it as one Markdown answer
 * (the plan, every phase with its model and figures, the notes, the totals, the change set). VS Code
 * 1.139 folds a response's progress lines and the Markdown written between them into "Completed N
 * steps": written phase by phase, all but the last two phases were folded away, under a footer
 * saying "7 phases of 7 succeeded". Model ids, reasons and paths are quoted as code so nothing in
 * them starts Markdown structure; model output (plans, findings) is shown as plain list items,
 * never as raw Markdown.
 */

/** The progress line for one event while the task runs, or nothing. */
export function transcriptProgress(event: TaskEvent): string | undefined {
  switch (event.type) {
    case 'task-start':
      return `Running the ${event.profile.label} task: ${event.profile.phases.join(' → ')}`;
    case 'phase-start':
      return `${phaseName(event)}…`;
    case 'phase-end': {
      const p = event.result;
      return `${phaseName(p)} ${phaseWords(p)}${p.modelId ? ` on ${p.modelId}` : ''}`;
    }
    case 'plan-ready':
      return `Plan ready: ${plural(event.plan.steps.length, 'step')}`;
    case 'note':
    case 'phase-route':
    case 'classified':
    case 'task-end':
      return undefined;
  }
}

/** The whole task as Markdown, once it has ended: the plan, every phase, the notes, then the summary. */
export function taskTranscript(result: TaskResult, notes: readonly string[]): string {
  const lines: string[] = [];
  const plan = result.phases.find((p) => p.output?.kind === 'plan')?.output;
  if (plan?.kind === 'plan') lines.push(...planLines(plan.plan), '');
  lines.push(...result.phases.map(phaseLine));
  if (notes.length > 0) lines.push('', ...notes.map((n) => `> ${markdownInline(n)}\n`));
  return `${lines.join('\n')}\n${resultSummary(result)}`;
}

function planLines(plan: Plan): string[] {
  return [`**Plan:** ${markdownInline(plan.summary)}`, ...plan.steps.map((s, i) => `${i + 1}. ${markdownInline(s.title)}${s.files.length ? ` — ${s.files.map(markdownCode).join(', ')}` : ''}`)];
}

/** `- **Generate** · gpt-4o · succeeded · 1.2 s · 300 in / 120 out · $0.0031` (with fallbacks and errors). */
export function phaseLine(p: PhaseResult): string {
  const parts = [`**${phaseName(p)}**`];
  if (p.modelId) parts.push(markdownCode(p.modelId));
  parts.push(phaseWords(p));
  if (p.status !== 'skipped') {
    parts.push(formatDuration(p.timeMs));
    if (p.inputTokens + p.outputTokens > 0) parts.push(`${formatCount(p.inputTokens)} in / ${formatCount(p.outputTokens)} out`);
    if (p.modelId) parts.push(p.costUsd === undefined ? 'cost unknown' : formatUsd(p.costUsd));
  }
  const lines = [`- ${parts.join(' · ')}`];
  for (const f of p.fallbacks) lines.push(`  - fell back from ${markdownCode(f.from)}${f.to ? ` to ${markdownCode(f.to)}` : ''}: ${markdownInline(f.reason)}`);
  if (p.note) lines.push(`  - ${markdownInline(p.note)}`);
  if (p.error) lines.push(`  - ${markdownInline(p.error)}`);
  if (p.output?.kind === 'findings') for (const f of p.output.findings) lines.push(`  - ${f.severity} ${markdownCode(`${f.file}:${f.startLine}`)}: ${markdownInline(f.message)}`);
  if (p.output?.kind === 'validation') lines.push(`  - ${validationLine(p.output.report)}`);
  return lines.join('\n');
}

export function validationLine(report: ValidationReport): string {
  if (report.status === 'not-validated') return 'not validated (no file of a checked language)';
  if (report.status === 'passed') return `type-checks (${plural(report.files.length, 'file')})`;
  const shown = report.diagnostics.slice(0, 5).map((d) => `${markdownCode(`${d.path}:${d.line}`)} ${d.code} ${markdownInline(d.message)}`);
  const more = report.diagnostics.length - shown.length;
  return `${plural(report.diagnostics.length, 'new error')}: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/** The footer: status, why it stopped, totals, and the files the change set touches. */
export function resultSummary(result: TaskResult): string {
  const unknown = result.phases.filter((p) => p.modelId && p.costUsd === undefined).length;
  const cost = formatCost({ knownUsd: result.costUsd ?? result.phases.reduce((s, p) => s + (p.costUsd ?? 0), 0), unknownCount: unknown });
  const lines = [
    '',
    '---',
    `**${statusWords(result)}** · ${plural(result.phasesSucceeded, 'phase')} of ${result.phasesRun} succeeded · ${formatDuration(result.totalMs)} · ${formatCount(result.inputTokens)} in / ${formatCount(result.outputTokens)} out tokens · ${cost}${result.modelsUsed.length ? ` · ${result.modelsUsed.map(markdownCode).join(', ')}` : ''}`,
  ];
  if (result.stoppedReason) lines.push(`> ${markdownInline(result.stoppedReason)}`);
  if (result.cascade) lines.push(`Cascade: tried ${result.cascade.tried.map(markdownCode).join(' → ')}, kept ${markdownCode(result.cascade.stoppedAt)}${cascadeSaving(result.cascade.savedUsd)}`);
  if (result.final?.kind === 'change-set') {
    lines.push('', `**Changes:** ${markdownInline(result.final.changeSet.summary)}`, ...result.final.changeSet.changes.map((c) => `- ${changeWords(c)}`));
  } else if (result.final?.kind === 'text') {
    lines.push('', result.final.text);
  }
  return lines.join('\n');
}

function statusWords(result: TaskResult): string {
  switch (result.status) {
    case 'succeeded':
      return 'Task finished';
    case 'failed':
      return result.resumeFrom ? `Task stopped at ${result.resumeFrom}` : 'Task failed';
    case 'cancelled':
      return 'Task stopped';
    case 'awaiting-approval':
      return 'Waiting for the plan’s approval';
  }
}

export function changeWords(c: FileChange): string {
  switch (c.kind) {
    case 'edit':
      return `edit ${markdownCode(c.path)}`;
    case 'create':
      return `create ${markdownCode(c.path)}`;
    case 'delete':
      return `delete ${markdownCode(c.path)}`;
    case 'rename':
      return `rename ${markdownCode(c.path)} → ${markdownCode(c.newPath)}`;
  }
}
