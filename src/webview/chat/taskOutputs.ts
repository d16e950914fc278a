import { html, nothing } from 'lit';
import type { TaskChangeSetView, TaskOutputView, TaskPlanView, TaskValidationView } from '../../protocol/taskCard';
import { post } from './vscodeApi';

/**
 * A phase's output inside its fold. Everything here is model output or derived from it, so it is
 * drawn as text nodes only (lit escapes them): never as HTML.
 */

function openButton(path: string, line: number) {
  const where = `${path}:${line}`;
  return html`<button type="button" class="tool link" aria-label=${`Open ${where}`} @click=${() => post({ type: 'task/open', path, line })}>${where}</button>`;
}

export function renderPlan(plan: TaskPlanView) {
  return html`${plan.summary ? html`<p class="summary">${plan.summary}</p>` : nothing}
    <ul class="checklist" aria-label="Plan">
      ${plan.steps.map(
        (s) => html`<li>
          <span aria-hidden="true">☐</span> ${s.title}${s.files.length > 0 ? html` <span class="muted">(${s.files.join(', ')})</span>` : nothing}
          ${s.detail ? html`<div class="muted detail">${s.detail}</div>` : nothing}
        </li>`,
      )}
    </ul>`;
}

export function renderChangeSet(changeSet: TaskChangeSetView) {
  return html`${changeSet.summary ? html`<p class="summary">${changeSet.summary}</p>` : nothing}
    <ul class="files" aria-label="Changed files">
      ${changeSet.files.map(
        (f) => html`<li>
          <span class="kind">${f.kind}</span> ${f.newPath ? `${f.path} → ${f.newPath}` : f.path}
          <span class="lines" aria-label=${`${f.added} lines added, ${f.removed} removed`}>+${f.added} −${f.removed}</span>
        </li>`,
      )}
    </ul>`;
}

export function validationSummary(v: TaskValidationView): string {
  if (v.status === 'not-validated') return 'Not validated (no file could be checked)';
  if (v.status === 'passed') return `Validation passed (${v.files.length} ${v.files.length === 1 ? 'file' : 'files'} checked)`;
  return `Validation failed: ${v.diagnostics.length} new ${v.diagnostics.length === 1 ? 'error' : 'errors'}`;
}

/**
 * A check's summary and its errors, each opening its line. Drawn under the validate phase and again
 * in the result, beside the Accept All it informs (`summaryClass` tells the two apart): the errors
 * themselves, not only how many.
 */
export function renderValidation(v: TaskValidationView, summaryClass = 'summary') {
  return html`<p class=${summaryClass}>${validationSummary(v)}</p>
    ${v.diagnostics.length > 0
      ? html`<ul class="diagnostics" aria-label="Diagnostics">
          ${v.diagnostics.map((d) => html`<li><span class="code">${d.code}</span> ${openButton(d.path, d.line)} ${d.message}</li>`)}
        </ul>`
      : nothing}`;
}

export function renderOutput(output: TaskOutputView) {
  switch (output.kind) {
    case 'text':
      return html`<pre class="text">${output.text}</pre>`;
    case 'plan':
      return renderPlan(output.plan);
    case 'change-set':
      return renderChangeSet(output.changeSet);
    case 'validation':
      return renderValidation(output.validation);
    case 'research':
      return html`<p class="summary">${output.sources.length} ${output.sources.length === 1 ? 'source' : 'sources'}, ${output.toolCalls} tool calls</p>
        <ul class="sources" aria-label="Sources">
          ${output.sources.map((s) => html`<li>${s}</li>`)}
        </ul>`;
    case 'verdict':
      return html`<p class="summary">${output.accept ? 'Judge accepted the draft' : 'Judge rejected the draft'}: ${output.reason}</p>`;
    case 'findings':
      if (output.findings.length === 0) return html`<p class="summary">No findings.</p>`;
      return html`<ul class="findings" aria-label="Findings">
        ${output.findings.map(
          (f) => html`<li>
            <span class="severity ${f.severity}">${f.severity}</span> ${openButton(f.file, f.startLine)} ${f.message}
            ${f.suggestedFix ? html`<div class="fix"><span class="muted">Suggested fix:</span> <code>${f.suggestedFix}</code></div>` : nothing}
          </li>`,
        )}
      </ul>`;
  }
}
