import * as vscode from 'vscode';
import { relativePath } from '../workspacePaths';
import type { TaskFile, TaskProblem } from '../../core/tasks/taskTypes';
import { selectionContext } from '../chat/contextResolver';

/** The selection as whole lines (or the whole file when nothing is selected), as a task's file. */
export function selectionTaskFile(editor: vscode.TextEditor): TaskFile | undefined {
  const code = selectionContext(editor, true);
  if (!code?.context.path) return undefined;
  const { path, languageId, text, startLine, endLine } = code.context;
  const whole = editor.selection.isEmpty;
  return { path, text, ...(languageId ? { languageId } : {}), ...(!whole && startLine !== undefined && endLine !== undefined ? { startLine, endLine } : {}) };
}

const SEVERITIES: Readonly<Record<vscode.DiagnosticSeverity, TaskProblem['severity'] | undefined>> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'info',
  // Hints are style nudges, not problems to fix.
  [vscode.DiagnosticSeverity.Hint]: undefined,
};

/** The problems VS Code reports in the selected lines (the whole file when nothing is selected), errors first. */
export function selectionProblems(editor: vscode.TextEditor): TaskProblem[] {
  const doc = editor.document;
  const sel = editor.selection;
  const lines = sel.isEmpty ? undefined : new vscode.Range(sel.start.line, 0, sel.end.line, Number.MAX_SAFE_INTEGER);
  const path = relativePath(doc.uri);
  const problems: TaskProblem[] = [];
  for (const d of vscode.languages.getDiagnostics(doc.uri)) {
    const severity = SEVERITIES[d.severity];
    if (!severity || (lines && !lines.intersection(d.range))) continue;
    const code = typeof d.code === 'object' ? d.code.value : d.code;
    problems.push({ path, line: d.range.start.line + 1, message: d.message, severity, ...(code !== undefined ? { code: `${d.source === 'ts' && typeof code === 'number' ? 'TS' : ''}${code}` } : {}) });
  }
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return problems.sort((a, b) => rank[a.severity] - rank[b.severity] || a.line - b.line);
}
