import { cascadeSaving } from '../../shared/cascadeWords';
import { phaseStatusWords } from '../../shared/checkWords';
import { formatCost, formatCostOrUnknown, formatCount, formatDuration } from '../../shared/figures';
import { markdownCode, markdownInline } from '../../shared/markdownText';
import { phaseName } from '../../shared/phaseName';
import type { StoredTaskMessage } from './taskCardSchema';

type Phase = StoredTaskMessage['phases'][number];
type Output = NonNullable<Phase['output']>;

function phaseLine(p: Phase): string {
  const parts = [`**${markdownInline(phaseName(p))}**`, phaseStatusWords(p.status, p.output?.kind === 'validation' ? p.output.validation : undefined)];
  if (p.modelId) parts.push(markdownInline(p.provider ? `${p.modelId} via ${p.provider}` : p.modelId));
  if (p.timeMs !== undefined) parts.push(formatDuration(p.timeMs));
  if (p.inputTokens + p.outputTokens > 0) parts.push(`${formatCount(p.inputTokens)} in / ${formatCount(p.outputTokens)} out tokens`);
  if (p.modelId || p.costUsd !== 0) parts.push(formatCostOrUnknown(p.costUsd));
  const lines = [`- ${parts.join(' · ')}`];
  for (const f of p.fallbacks) lines.push(`  - fell back from ${markdownInline(f.from)}${f.to ? ` to ${markdownInline(f.to)}` : ''}: ${markdownInline(f.reason)}`);
  if (p.note) lines.push(`  - ${markdownInline(p.note)}`);
  if (p.error) lines.push(`  - ${markdownInline(p.error)}`);
  return lines.join('\n');
}

function planLines(plan: NonNullable<StoredTaskMessage['plan']>): string[] {
  const out = ['### Plan', ''];
  if (plan.summary) out.push(markdownInline(plan.summary), '');
  plan.steps.forEach((s, i) => {
    const files = s.files.length > 0 ? ` (${s.files.map(markdownCode).join(', ')})` : '';
    out.push(`${i + 1}. ${markdownInline(s.title)}${files}`);
  });
  out.push('');
  return out;
}

function outputLines(p: Phase, output: Output): string[] {
  switch (output.kind) {
    case 'findings':
      if (output.findings.length === 0) return [];
      return [
        `### Findings (${markdownInline(p.key)})`,
        '',
        ...output.findings.map(
          (f) =>
            `- ${f.severity} ${markdownCode(`${f.file}:${f.startLine}`)}: ${markdownInline(f.message)}${f.suggestedFix ? ` Suggested fix: ${markdownInline(f.suggestedFix)}` : ''}`,
        ),
        '',
      ];
    case 'validation':
      if (output.validation.diagnostics.length === 0) return [];
      return [
        `### Validation (${markdownInline(p.key)}): ${output.validation.status}`,
        '',
        ...output.validation.diagnostics.map((d) => `- ${markdownInline(d.code)} ${markdownCode(`${d.path}:${d.line}`)}: ${markdownInline(d.message)}`),
        '',
      ];
    default:
      return [];
  }
}

/**
 * A task card in an exported conversation: what was asked, the timeline (model, status, time,
 * tokens, cost per phase), the totals, the plan, review findings, validation errors and the files
 * the change set touches.
 */
export function taskToMarkdown(card: StoredTaskMessage): string[] {
  const out = [`## Task: ${markdownInline(card.profileLabel)} (${card.status})`, '', card.instruction, '', '### Phases', ''];
  for (const p of card.phases) out.push(phaseLine(p));
  out.push('');
  const t = card.totals;
  const models = t.modelsUsed.length > 0 ? ` · models: ${t.modelsUsed.map(markdownInline).join(', ')}` : '';
  out.push(
    `**Total:** ${formatDuration(t.timeMs)} · ${formatCount(t.inputTokens)} in / ${formatCount(t.outputTokens)} out tokens · ${formatCost(t.cost)}${models}`,
    '',
  );
  if (card.cascade) {
    out.push(`Cascade stopped at ${markdownInline(card.cascade.stoppedAt)}${cascadeSaving(card.cascade.savedUsd)}.`, '');
  }
  if (card.stoppedReason) out.push(`Stopped: ${markdownInline(card.stoppedReason)}`, '');
  const plan = card.plan ?? card.phases.flatMap((p) => (p.output?.kind === 'plan' ? [p.output.plan] : []))[0];
  if (plan) out.push(...planLines(plan));
  for (const p of card.phases) if (p.output) out.push(...outputLines(p, p.output));
  const files = card.final?.changeSet?.files ?? [];
  if (files.length > 0) {
    out.push('### Changes', '');
    for (const f of files) out.push(`- ${f.kind} ${markdownCode(f.newPath ? `${f.path} → ${f.newPath}` : f.path)} (+${f.added} −${f.removed})`);
    out.push('');
  }
  return out;
}
