import { LitElement, css, html } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { TaskPlanStepView, TaskPlanView } from '../../protocol/taskCard';
import { baseStyles } from './styles';
import { post } from './vscodeApi';

interface EditableStep {
  readonly title: string;
  readonly detail?: string;
  /** As typed: comma-separated paths. */
  readonly files: string;
}

function editable(step: TaskPlanStepView): EditableStep {
  return { title: step.title, ...(step.detail ? { detail: step.detail } : {}), files: step.files.join(', ') };
}

/** A step's title and files are one line each, wrapped to fit: Enter does not break them. */
function oneLine(event: KeyboardEvent): void {
  if (event.key === 'Enter') event.preventDefault();
}

function toStep(step: EditableStep): { title: string; detail?: string; files: string[] } {
  const files = step.files
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
  return { title: step.title.trim(), ...(step.detail ? { detail: step.detail } : {}), files };
}

/**
 * The plan while it waits for approval: each step's text and files can be edited, steps added or
 * removed; Accept Plan sends the steps as they now stand, Cancel ends the task.
 */
export class PlanEditor extends LitElement {
  static override properties = {
    plan: { attribute: false },
    requestId: { attribute: false },
    steps: { state: true },
  };

  declare plan: TaskPlanView;
  declare requestId: string;
  declare private steps: readonly EditableStep[];

  constructor() {
    super();
    this.steps = [];
  }

  private seeded: TaskPlanView | undefined;

  static override styles = [
    baseStyles,
    css`
      ol {
        margin: 4px 0;
        padding-left: 1.6em;
      }
      li {
        margin-bottom: 6px;
      }
      .row {
        display: flex;
        gap: 4px;
        align-items: center;
      }
      /* Textareas that grow with their text: in a narrow side bar a one-line input cut a step's title
         off mid-word, and the person approved steps they could not read whole. */
      textarea {
        font: inherit;
        color: var(--vscode-input-foreground);
        background: var(--vscode-input-background);
        border: 1px solid var(--vscode-input-border, var(--vscode-contrastBorder, transparent));
        padding: 2px 4px;
        flex: 1;
        min-width: 0;
        resize: none;
        field-sizing: content;
        overflow-wrap: anywhere;
      }
      textarea.files {
        font-size: 0.92em;
        margin-top: 2px;
        width: 100%;
        box-sizing: border-box;
      }
      .buttons {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin-top: 6px;
      }
    `,
  ];

  protected override willUpdate(): void {
    // A new plan (not a re-render of the same one) replaces what was being edited.
    if (this.plan !== this.seeded) {
      this.seeded = this.plan;
      this.steps = this.plan.steps.map(editable);
    }
  }

  override render() {
    const empty = this.steps.every((s) => s.title.trim() === '');
    return html`
      <ol aria-label="Plan steps, editable">
        ${this.steps.map(
          (s, i) => html`<li>
            <div class="row">
              <textarea
                class="title"
                rows="1"
                aria-label=${`Step ${i + 1}`}
                .value=${s.title}
                @keydown=${oneLine}
                @input=${(e: Event) => this.edit(i, { title: (e.target as HTMLTextAreaElement).value })}
              ></textarea>
              <button type="button" class="tool remove" aria-label=${`Remove step ${i + 1}`} @click=${() => this.removeStep(i)}>×</button>
            </div>
            <textarea
              class="files"
              rows="1"
              aria-label=${`Files step ${i + 1} touches, separated by commas`}
              placeholder="files, separated by commas"
              .value=${s.files}
              @keydown=${oneLine}
              @input=${(e: Event) => this.edit(i, { files: (e.target as HTMLTextAreaElement).value })}
            ></textarea>
          </li>`,
        )}
      </ol>
      <button type="button" class="tool add" @click=${this.add}>+ Add step</button>
      <div class="buttons" role="group" aria-label="Plan approval">
        <vscode-button class="accept" ?disabled=${empty} @click=${this.accept}>Accept Plan</vscode-button>
        <vscode-button class="cancel" secondary @click=${this.cancel}>Cancel</vscode-button>
      </div>
    `;
  }

  private edit(index: number, change: Partial<EditableStep>): void {
    this.steps = this.steps.map((s, i) => (i === index ? { ...s, ...change } : s));
  }

  private removeStep(index: number): void {
    this.steps = this.steps.filter((_, i) => i !== index);
  }

  private add = (): void => {
    this.steps = [...this.steps, { title: '', files: '' }];
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLTextAreaElement>('li:last-child textarea.title')?.focus());
  };

  private accept = (): void => {
    const steps = this.steps.filter((s) => s.title.trim() !== '').map(toStep);
    if (steps.length === 0) return;
    post({ type: 'task/plan', requestId: this.requestId, answer: 'accept', steps });
  };

  private cancel = (): void => {
    post({ type: 'task/plan', requestId: this.requestId, answer: 'cancel' });
  };
}

customElements.define('sb-plan-editor', PlanEditor);
