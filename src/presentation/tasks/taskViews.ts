import { diffLines } from 'diff';
import type { ChangeSet, FileChange, PhaseOutput, PhaseResult, Plan, ValidationReport } from '../../core/tasks/taskTypes';
import type { TaskChangeSetView, TaskFileChangeView, TaskOutputView, TaskPhaseView, TaskPlanView, TaskValidationView } from '../../protocol/taskCard';

/** Lines added and removed between two texts (a file's before and after). */
function lineCounts(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) added += part.count ?? 0;
    else if (part.removed) removed += part.count ?? 0;
  }
  return { added, removed };
}

function lineCount(text: string): number {
  if (text.length === 0) return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export function fileChangeView(change: FileChange): TaskFileChangeView {
  switch (change.kind) {
    case 'create':
      return { kind: 'create', path: change.path, added: lineCount(change.after), removed: 0 };
    case 'delete':
      return { kind: 'delete', path: change.path, added: 0, removed: lineCount(change.before) };
    case 'edit':
      return { kind: 'edit', path: change.path, ...lineCounts(change.before, change.after) };
    case 'rename':
      return { kind: 'rename', path: change.path, newPath: change.newPath, ...lineCounts(change.before, change.after) };
  }
}

export function changeSetView(changeSet: ChangeSet): TaskChangeSetView {
  return { summary: changeSet.summary, files: changeSet.changes.map(fileChangeView) };
}

export function validationView(report: ValidationReport): TaskValidationView {
  return {
    status: report.status,
    diagnostics: report.diagnostics.map((d) => ({ path: d.path, line: d.line, column: d.column, code: d.code, message: d.message })),
    files: report.files.map((f) => ({ path: f.path, check: f.check })),
  };
}

export function planView(plan: Plan): TaskPlanView {
  return { summary: plan.summary, steps: plan.steps.map((s) => ({ title: s.title, ...(s.detail ? { detail: s.detail } : {}), files: [...s.files] })) };
}

export function outputView(output: PhaseOutput): TaskOutputView {
  switch (output.kind) {
    case 'text':
      return { kind: 'text', text: output.text };
    case 'plan':
      return { kind: 'plan', plan: planView(output.plan) };
    case 'research':
      return { kind: 'research', sources: [...output.sources], toolCalls: output.toolCalls };
    case 'change-set':
      return { kind: 'change-set', changeSet: changeSetView(output.changeSet) };
    case 'findings':
      return { kind: 'findings', findings: output.findings.map((f) => ({ ...f })) };
    case 'verdict':
      return { kind: 'verdict', accept: output.verdict.accept, reason: output.verdict.reason };
    case 'validation':
      return { kind: 'validation', validation: validationView(output.report) };
  }
}

/**
 * A finished phase as the timeline shows it. An unknown price is `null` only when a model was
 * called (a validate phase calls none and costs nothing).
 */
export function phaseView(result: PhaseResult, fallbackNote?: string): TaskPhaseView {
  const calledModel = result.modelId !== undefined || result.inputTokens + result.outputTokens > 0;
  const note = result.note ?? fallbackNote;
  return {
    key: result.key,
    phase: result.phase,
    ...(result.round !== undefined ? { round: result.round } : {}),
    status: result.status,
    ...(result.modelId ? { modelId: result.modelId } : {}),
    ...(result.provider ? { provider: result.provider } : {}),
    fallbacks: result.fallbacks.map((f) => ({ from: f.from, ...(f.to ? { to: f.to } : {}), reason: f.reason })),
    timeMs: result.timeMs,
    ...(result.ttftMs !== undefined ? { ttftMs: result.ttftMs } : {}),
    inputTokens: result.inputTokens,
    outputTokens: result.outputTokens,
    costUsd: result.costUsd ?? (calledModel ? null : 0),
    ...(note ? { note } : {}),
    ...(result.error ? { error: result.error } : {}),
    ...(result.output ? { output: outputView(result.output) } : {}),
  };
}
