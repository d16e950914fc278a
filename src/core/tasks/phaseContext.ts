import { estimateTokens } from '../providers/tokenEstimate';
import type { SignalTarget } from '../metrics/qualitySignal';
import type { ChangeSet, Finding, Plan, TaskFile, TaskInput, TaskProblem, ValidationReport } from './taskTypes';

/*
 * What each phase is told: the task, the files and problems given, and earlier phases' outputs,
 * as titled sections trimmed to the model's context window. Sections are kept in priority order;
 * the research context comes last and fills what is left.
 */

export interface ContextSection {
  readonly title: string;
  readonly text: string;
}

/** The outputs of earlier phases a later phase may be told about. */
export interface TaskState {
  plan?: Plan;
  research?: { readonly context: string; readonly sources: readonly string[]; readonly toolCalls: number };
  draft?: ChangeSet;
  /** The attempt that wrote the draft: a validation of it is a quality signal against that attempt. */
  draftBy?: SignalTarget;
  /** What the model's change set said that could not be applied (a file that does not exist…). */
  draftProblems: string[];
  findings: Finding[];
  validation?: ValidationReport;
}

export function emptyState(): TaskState {
  return { draftProblems: [], findings: [] };
}

export function filesSection(files: readonly TaskFile[]): ContextSection | undefined {
  if (files.length === 0) return undefined;
  const text = files
    .map((f) => {
      const range = f.startLine !== undefined ? ` (lines ${f.startLine}-${f.endLine ?? f.startLine})` : '';
      return `--- ${f.path}${range}\n${f.text}`;
    })
    .join('\n\n');
  return { title: 'Files given', text };
}

export function problemsSection(problems: readonly TaskProblem[] | undefined): ContextSection | undefined {
  if (!problems?.length) return undefined;
  return { title: 'Problems to fix', text: problems.map((p) => `- ${p.severity} ${p.code ? `${p.code} ` : ''}${p.path}:${p.line}: ${p.message}`).join('\n') };
}

export function planSection(plan: Plan | undefined): ContextSection | undefined {
  if (!plan) return undefined;
  const steps = plan.steps.map((s, i) => `${i + 1}. ${s.title}${s.detail ? ` — ${s.detail}` : ''}${s.files.length ? ` [files: ${s.files.join(', ')}]` : ''}`);
  return { title: 'Plan', text: `${plan.summary}\n${steps.join('\n')}` };
}

export function draftSection(draft: ChangeSet | undefined, title = 'Draft change set'): ContextSection | undefined {
  if (!draft) return undefined;
  const files = draft.changes.map((c) => {
    switch (c.kind) {
      case 'delete':
        return `--- delete ${c.path}`;
      case 'rename':
        return `--- rename ${c.path} -> ${c.newPath}\n${c.after}`;
      default:
        return `--- ${c.kind} ${c.path}\n${c.after}`;
    }
  });
  return { title, text: `${draft.summary}\n\n${files.join('\n\n')}` };
}

export function findingsSection(findings: readonly Finding[], title = 'Review findings'): ContextSection | undefined {
  if (findings.length === 0) return undefined;
  const lines = findings.map((f) => `- ${f.severity} ${f.file}:${f.startLine}-${f.endLine}: ${f.message}${f.suggestedFix ? ` (suggested fix: ${f.suggestedFix})` : ''}`);
  return { title, text: lines.join('\n') };
}

export function diagnosticsSection(report: ValidationReport | undefined, problems: readonly string[] = []): ContextSection | undefined {
  const lines = (report?.status === 'failed' ? report.diagnostics : []).map((d) => `- ${d.code} ${d.path}:${d.line}:${d.column}: ${d.message}`);
  lines.push(...problems.map((p) => `- ${p}`));
  return lines.length ? { title: 'Type-check errors the draft introduces', text: lines.join('\n') } : undefined;
}

export function researchSection(state: TaskState): ContextSection | undefined {
  return state.research?.context ? { title: 'Workspace context', text: state.research.context } : undefined;
}

export function instructionSection(input: TaskInput): ContextSection {
  return { title: 'Task', text: input.instruction };
}

const TRIMMED = '\n…[trimmed to fit the model’s context window]';

/** `text` cut to about `maxTokens` (never more), marked when cut. */
export function fitText(text: string, maxTokens: number): string {
  if (maxTokens <= 0) return '';
  let tokens = estimateTokens(text);
  if (tokens <= maxTokens) return text;
  let cut = text;
  // Characters per token vary with the text; shrink by the measured ratio until it fits.
  for (let i = 0; i < 6 && tokens > maxTokens; i++) {
    cut = cut.slice(0, Math.max(0, Math.floor(cut.length * (maxTokens / tokens) * 0.95) - TRIMMED.length));
    tokens = estimateTokens(cut + TRIMMED);
  }
  return tokens <= maxTokens ? cut + TRIMMED : '';
}

/**
 * The sections as one prompt of at most `maxTokens` (estimated): each in order while it fits,
 * the first that does not is trimmed, and `fill` gets whatever is left.
 */
export function renderSections(sections: readonly (ContextSection | undefined)[], fill: ContextSection | undefined, maxTokens: number): string {
  const parts: string[] = [];
  if (!Number.isFinite(maxTokens)) {
    // No window to fit (the model's is unknown): nothing to count.
    for (const section of [...sections, fill]) if (section?.text) parts.push(`## ${section.title}\n${section.text}`);
    return parts.join('\n\n');
  }
  let left = maxTokens;
  for (const section of [...sections, fill]) {
    if (!section) continue;
    const header = `## ${section.title}\n`;
    const room = left - estimateTokens(header) - 2;
    if (room <= 0) break;
    const body = fitText(section.text, room);
    if (!body) continue;
    const part = header + body;
    parts.push(part);
    left -= estimateTokens(part) + 2;
  }
  return parts.join('\n\n');
}
