import { LitElement, type PropertyValues, html, nothing } from 'lit';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import type { TaskCardView, TaskPhaseView } from '../../protocol/taskCard';
import './planEditor';
import { deepActiveElement } from './focusReturn';
import { baseStyles } from './styles';
import { phaseName } from '../../shared/phaseName';
import { CARD_STATUS_WORDS, cascadeLine, phaseAnnouncement, phaseFigures, phaseIcon, phaseStatusWord, totalsLine } from './taskFormat';
import { renderChangeSet, renderOutput, renderPlan, renderValidation } from './taskOutputs';
import { taskCardStyles } from './taskStyles';
import { post } from './vscodeApi';

type Decision = 'accepted' | 'rejected' | 'resumed' | 'feedback' | 'implementing';

/**
 * A multi-model task in the conversation: the timeline of its phases (status, model, time, tokens,
 * cost, fallbacks and why), each phase's output folded, the plan to approve, totals, and what the
 * person can do when it ends. Every button posts a `task/*` message naming the card's request.
 */
export class TaskCard extends LitElement {
  static override properties = {
    card: { attribute: false },
    open: { state: true },
    feedbackOpen: { state: true },
    feedback: { state: true },
    decided: { state: true },
    announcement: { state: true },
  };

  declare card: TaskCardView;
  declare private open: ReadonlySet<string>;
  declare private feedbackOpen: boolean;
  declare private feedback: string;
  declare private decided: Decision | undefined;
  declare private announcement: string;

  constructor() {
    super();
    this.open = new Set();
    this.feedbackOpen = false;
    this.feedback = '';
    this.announcement = '';
  }

  static override styles = [baseStyles, taskCardStyles];

  /** Focus was inside the card when an update began. */
  private focusWasInside = false;

  /** The view's clock (a test sets its own). */
  now: () => number = () => Date.now();

  /** Calls `redraw` each second until the returned stop is called (a test drives its own ticks). */
  everySecond: (redraw: () => void) => () => void = (redraw) => {
    const timer = setInterval(redraw, 1_000);
    return () => clearInterval(timer);
  };

  /** Stops the redraws of a running phase's elapsed time; set while they run. */
  private stopTicking: (() => void) | undefined;

  /**
   * When this view first saw each running phase running, on its own clock. Not the phase's start on
   * the extension host's clock: in remote development the host runs on another machine, whose clock
   * may differ by more than the phase lasts. A view opened while a phase runs counts from then.
   */
  private readonly runningSince = new Map<string, number>();

  private noteRunning(): void {
    const running = new Set(this.card.phases.filter((p) => p.status === 'running').map((p) => p.key));
    for (const key of this.runningSince.keys()) if (!running.has(key)) this.runningSince.delete(key);
    for (const key of running) if (!this.runningSince.has(key)) this.runningSince.set(key, this.now());
  }

  /** Redraws each second while a phase runs (its elapsed time), and not otherwise. */
  private tick(): void {
    const running = this.isConnected && this.card.status === 'running' && this.runningSince.size > 0;
    if (running && this.stopTicking === undefined) this.stopTicking = this.everySecond(() => this.requestUpdate());
    if (!running && this.stopTicking !== undefined) {
      this.stopTicking();
      this.stopTicking = undefined;
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated) this.tick();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.tick();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.focusWasInside = this.holdsFocus();
    if (!changed.has('card')) return;
    this.noteRunning();
    const before = changed.get('card') as TaskCardView | undefined;
    // Only changes seen live are announced: a card drawn from a reopened conversation stays quiet.
    if (!before) return;
    const old = new Map(before.phases.map((p) => [p.key, p.status]));
    const moved = this.card.phases.filter((p) => old.get(p.key) !== p.status && p.status !== 'waiting');
    const last = moved.at(-1);
    if (last) this.announcement = phaseAnnouncement(last);
    if (before.status !== this.card.status && this.card.status !== 'running') this.announcement = `Task ${CARD_STATUS_WORDS[this.card.status].toLowerCase()}`;
    if (before.status !== 'running' && this.card.status === 'running') this.decided = undefined;
  }

  /**
   * An update can take away the control that has focus: Accept Plan goes with the approval, Stop
   * when the task ends. Focus would fall to the page's <body> and the next Tab start from the top;
   * the card (a message of the list, which takes focus) keeps it instead (issue 17). Without
   * scrolling: focusing a card taller than the list scrolled up to its top, which the list read as
   * the person scrolling away, and it stopped following the task (the finished card's actions were
   * left below the view, behind "Jump to latest").
   */
  protected override updated(): void {
    this.tick();
    if (this.focusWasInside && !this.holdsFocus() && deepActiveElement() === undefined) this.focus({ preventScroll: true });
  }

  /** Whether the focused element is this card or inside it, through the shadow roots on the way. */
  private holdsFocus(): boolean {
    for (let active: Element | null | undefined = document.activeElement; active; active = active.shadowRoot?.activeElement) {
      if (active === this) return true;
    }
    return false;
  }

  override render() {
    const c = this.card;
    const running = c.status === 'running';
    const cascade = cascadeLine(c);
    // The list's element around this one is the article named "Task: …".
    return html`<div class="card" aria-busy=${running ? 'true' : 'false'}>
      <header>
        <div class="heading">
          <span class="title">Task · ${c.profileLabel}</span>
          <span class="card-status">${CARD_STATUS_WORDS[c.status]}</span>
        </div>
        ${running || c.status === 'awaiting-approval'
          ? html`<vscode-button class="stop" secondary aria-label="Stop the task: ends every phase at once" @click=${this.stop}>Stop</vscode-button>`
          : nothing}
      </header>
      <p class="instruction">${c.instruction}</p>
      ${c.notes.length > 0 ? html`<ul class="notes">${c.notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
      <ol class="timeline" aria-label="Phases">
        ${c.phases.map((p) => this.renderPhase(p))}
      </ol>
      ${c.status === 'awaiting-approval' && c.plan
        ? html`<section class="approval" aria-label="Plan awaiting approval"><sb-plan-editor .plan=${c.plan} .requestId=${c.requestId}></sb-plan-editor></section>`
        : nothing}
      ${cascade ? html`<p class="cascade">${cascade}</p>` : nothing}
      ${c.stoppedReason ? html`<p class="stopped" role=${c.status === 'failed' ? 'alert' : nothing}>${c.stoppedReason}</p>` : nothing}
      <p class="totals" aria-label="Totals"><span class="label">${running ? 'So far' : 'Total'}</span> ${totalsLine(c, running ? this.runningMs() : 0)}</p>
      ${this.renderFinal()} ${this.renderEndActions()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </div>`;
  }

  /** How long the running phases have been running, together, on this view's clock. */
  private runningMs(): number {
    const now = this.now();
    let ms = 0;
    for (const p of this.card.phases) {
      const since = p.status === 'running' && p.timeMs === undefined ? this.runningSince.get(p.key) : undefined;
      if (since !== undefined) ms += now - since;
    }
    return ms;
  }

  private renderPhase(p: TaskPhaseView) {
    const expanded = this.open.has(p.key);
    const outputId = `out-${p.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const since = this.runningSince.get(p.key);
    const figures = phaseFigures(p, since === undefined ? undefined : this.now() - since);
    return html`<li class="phase ${p.status}" data-key=${p.key}>
      <div class="line">
        <span class="icon" aria-hidden="true">${phaseIcon(p)}</span>
        <span class="name">${phaseName(p)}</span>
        <span class="status">${phaseStatusWord(p)}</span>
        ${figures.length > 0 ? html`<span class="figures">${figures.join(' · ')}</span>` : nothing}
        ${p.output
          ? html`<button
              type="button"
              class="tool expand"
              aria-expanded=${expanded ? 'true' : 'false'}
              aria-controls=${expanded ? outputId : nothing}
              aria-label=${`${expanded ? 'Hide' : 'Show'} output of ${phaseName(p)}`}
              @click=${() => this.toggle(p.key)}
            >
              ${expanded ? 'Hide output' : 'Show output'}
            </button>`
          : nothing}
      </div>
      ${p.note ? html`<div class="note muted">${p.note}</div>` : nothing}
      ${p.error ? html`<div class=${p.status === 'skipped' ? 'note muted' : 'error'}>${p.error}</div>` : nothing}
      ${p.fallbacks.length > 0
        ? html`<ul class="fallbacks" aria-label="Fallbacks">
            ${p.fallbacks.map((f) => html`<li>Fell back from ${f.from}${f.to ? ` to ${f.to}` : ''}: ${f.reason}</li>`)}
          </ul>`
        : nothing}
      ${p.output && expanded ? html`<div class="output" id=${outputId}>${renderOutput(p.output)}</div>` : nothing}
    </li>`;
  }

  private renderFinal() {
    const f = this.card.final;
    if (!f || this.card.status === 'running') return nothing;
    return html`<section class="final" aria-label="Result">
      ${f.changeSet ? renderChangeSet(f.changeSet) : nothing} ${f.validation ? renderValidation(f.validation, 'validation') : nothing}
      ${f.text ? html`<pre class="text">${f.text}</pre>` : nothing} ${f.plan ? renderPlan(f.plan) : nothing}
    </section>`;
  }

  private renderEndActions() {
    const c = this.card;
    if (c.status === 'running' || c.status === 'awaiting-approval') return nothing;
    const reviewable = c.final?.changeSet !== undefined && c.final.changeSet.files.length > 0 && c.status === 'succeeded';
    const resumable = c.resumeFrom !== undefined && (c.status === 'failed' || c.status === 'cancelled');
    // A Plan task's plan: carried out by an Implement task below, starting from it.
    const implementable = c.status === 'succeeded' && c.final?.plan !== undefined && c.final.plan.steps.length > 0 && c.final.changeSet === undefined;
    if (!reviewable && !resumable && !implementable) return nothing;
    const done = this.decided !== undefined;
    return html`<div class="buttons" role="group" aria-label="What to do with the result">
        ${reviewable
          ? html`<vscode-button class="preview" @click=${() => this.send('task/preview')}>Preview Changes</vscode-button>
              <vscode-button class="accept" secondary ?disabled=${done} @click=${() => this.decide('task/accept', 'accepted')}>Accept All</vscode-button>
              <vscode-button class="reject" secondary ?disabled=${done} @click=${() => this.decide('task/reject', 'rejected')}>Reject All</vscode-button>
              <vscode-button class="feedback" secondary ?disabled=${done} aria-expanded=${this.feedbackOpen ? 'true' : 'false'} @click=${() => (this.feedbackOpen = !this.feedbackOpen)}
                >Send Feedback</vscode-button
              >`
          : nothing}
        ${implementable
          ? html`<vscode-button class="implement" ?disabled=${done} @click=${() => this.decide('task/implement', 'implementing')}>Implement This Plan</vscode-button>`
          : nothing}
        ${resumable
          ? html`<vscode-button class="resume" ?disabled=${done} @click=${() => this.decide('task/resume', 'resumed')}>Resume from ${c.resumeFrom}</vscode-button>`
          : nothing}
      </div>
      ${this.feedbackOpen && !done ? this.renderFeedback() : nothing}
      ${this.decided ? html`<p class="decided muted">${DECISION_WORDS[this.decided]}</p>` : nothing}`;
  }

  private renderFeedback() {
    return html`<form class="feedback-form" @submit=${this.sendFeedback}>
      <textarea aria-label="Feedback for another refine round" .value=${this.feedback} @input=${(e: Event) => (this.feedback = (e.target as HTMLTextAreaElement).value)}></textarea>
      <vscode-button class="send-feedback" ?disabled=${this.feedback.trim() === ''} @click=${this.sendFeedback}>Send</vscode-button>
    </form>`;
  }

  private toggle(key: string): void {
    const next = new Set(this.open);
    if (!next.delete(key)) next.add(key);
    this.open = next;
  }

  private send(type: 'task/preview' | 'task/accept' | 'task/reject' | 'task/resume' | 'task/implement' | 'task/stop'): void {
    post({ type, requestId: this.card.requestId });
  }

  private decide(type: 'task/accept' | 'task/reject' | 'task/resume' | 'task/implement', decision: Decision): void {
    this.send(type);
    this.decided = decision;
  }

  private stop = (): void => {
    this.send('task/stop');
    this.announcement = 'Stopping the task';
  };

  private sendFeedback = (event: Event): void => {
    event.preventDefault();
    const text = this.feedback.trim();
    if (!text) return;
    post({ type: 'task/feedback', requestId: this.card.requestId, text });
    this.feedback = '';
    this.feedbackOpen = false;
    this.decided = 'feedback';
  };
}

const DECISION_WORDS: Readonly<Record<Decision, string>> = {
  accepted: 'Accepted: writing the changes.',
  rejected: 'Rejected: nothing was written.',
  resumed: 'Resuming…',
  feedback: 'Feedback sent: another refine round is starting.',
  implementing: 'Implementing the plan: an Implement task is starting below.',
};

customElements.define('sb-task-card', TaskCard);
