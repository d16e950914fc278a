import { LitElement, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import type { ChatCapability, ChipView, CompletionItem, ContextChip, EditorContextView, ModelsAvailable, TaskProfileOption } from '../../protocol/chatProtocol';
import { addChip, chipFromCompletion, chipKey, chipReference, suggestedChips } from './chips';
import { newId } from './ids';
import { type Mention, mentionAt, removeMention } from './mention';
import { composerStyles } from './composerStyles';
import { baseStyles } from './styles';
import type { PersistedViewState } from './viewState';
import { post } from './vscodeApi';

export interface SendDetail {
  readonly text: string;
  readonly capability: ChatCapability;
  readonly modelId?: string;
  readonly chips: readonly ContextChip[];
  /** Task mode: run a task with this profile instead of answering. */
  readonly taskProfileId?: string;
}

const CAPABILITY_LABELS: Readonly<Record<ChatCapability, string>> = {
  auto: 'Auto',
  understand: 'Understand',
  generate: 'Generate',
  review: 'Review',
  plan: 'Plan',
};
const CAPABILITY_ORDER = Object.keys(CAPABILITY_LABELS) as ChatCapability[];
const COMPLETION_DELAY_MS = 120;

/**
 * The prompt box. A native textarea (not vscode-textarea) because the `@` completion needs the caret
 * position and an ARIA combobox whose listbox lives in the same shadow root as the input.
 */
export class Composer extends LitElement {
  static override properties = {
    models: { attribute: false },
    editorContext: { attribute: false },
    busy: { type: Boolean },
    disabled: { type: Boolean },
    indexReady: { type: Boolean },
    taskProfiles: { attribute: false },
    draft: { state: true },
    mode: { state: true },
    capability: { state: true },
    modelId: { state: true },
    chips: { state: true },
    mention: { state: true },
    items: { state: true },
    active: { state: true },
  };

  declare models: ModelsAvailable | undefined;
  declare editorContext: EditorContextView;
  declare busy: boolean;
  declare disabled: boolean;
  declare indexReady: boolean;
  declare taskProfiles: readonly TaskProfileOption[];

  declare private draft: string;
  /** '' answers; a profile id runs a task with that profile. */
  declare private mode: string;
  declare private capability: ChatCapability;
  declare private modelId: string;
  declare private chips: readonly ChipView[];
  declare private mention: Mention | undefined;
  declare private items: readonly CompletionItem[];
  declare private active: number;

  constructor() {
    super();
    // Reactive properties are declared, not defined, so class-field semantics cannot shadow lit's accessors.
    this.editorContext = {};
    this.busy = false;
    this.disabled = false;
    this.indexReady = false;
    this.taskProfiles = [];
    this.mode = '';
    this.draft = '';
    this.capability = 'auto';
    this.modelId = '';
    this.chips = [];
    this.items = [];
    this.active = 0;
  }

  private queryId: string | undefined;
  private completionTimer: ReturnType<typeof setTimeout> | undefined;

  static override styles = [baseStyles, composerStyles];

  /** Restores what the person had typed before the view was hidden. */
  restore(state: PersistedViewState): void {
    this.draft = state.draft;
    this.capability = state.capability;
    this.modelId = state.modelId ?? '';
    this.chips = state.chips;
  }

  /** Current composer contents, for the view's persisted state. */
  snapshot(): Pick<PersistedViewState, 'draft' | 'capability' | 'modelId' | 'chips'> {
    return { draft: this.draft, capability: this.capability, chips: this.chips, ...(this.modelId ? { modelId: this.modelId } : {}) };
  }

  prefill(text: string, capability: ChatCapability | undefined, chips: readonly ChipView[] | undefined): void {
    this.draft = text;
    if (capability) this.capability = capability;
    if (chips) for (const c of chips) this.chips = addChip(this.chips, c);
    this.changed();
    void this.updateComplete.then(() => this.focusInput());
  }

  focusInput(): void {
    this.renderRoot.querySelector('textarea')?.focus();
  }

  /** The host's answer to a `complete` request; stale answers (an older query) are dropped. */
  showCompletion(queryId: string, items: readonly CompletionItem[]): void {
    if (queryId !== this.queryId || !this.mention) return;
    this.items = items;
    this.active = 0;
  }

  /** Sends the draft if there is one; used by Enter and by a prefill that asks to send at once. */
  send(): void {
    const text = this.draft.trim();
    if (!text || this.busy || this.disabled) return;
    const detail: SendDetail = {
      text,
      capability: this.capability,
      chips: this.chips.map(chipReference),
      ...(this.modelId ? { modelId: this.modelId } : {}),
      ...(this.taskProfile() ? { taskProfileId: this.mode } : {}),
    };
    this.dispatchEvent(new CustomEvent<SendDetail>('sb-send', { detail, bubbles: true, composed: true }));
    this.draft = '';
    this.chips = [];
    this.closeCompletion();
    this.changed();
    // Send turns into Stop (and back): the caret stays in the composer instead of falling to <body>.
    void this.updateComplete.then(() => this.focusInput());
  }

  private changed(): void {
    this.dispatchEvent(new CustomEvent('sb-composer-change', { bubbles: true, composed: true }));
  }

  override render() {
    const suggestions = suggestedChips(this.editorContext, this.chips);
    const open = this.mention !== undefined;
    const activeId = open && this.items.length > 0 ? `mention-${this.active}` : undefined;
    return html`
      ${open ? this.renderCompletion() : nothing}
      ${this.chips.length + suggestions.length > 0
        ? html`<div class="chips" role="list" aria-label="Context">
            ${this.chips.map(
              (c) => html`<span class="chip" role="listitem"
                ><span class="name" title=${'path' in c ? c.path : c.label}>${c.label}</span
                ><button type="button" class="tool" aria-label=${`Remove ${c.label} from the context`} @click=${() => this.removeChip(c)}>×</button></span
              >`,
            )}
            ${suggestions.map(
              (c) => html`<span class="chip suggested" role="listitem"
                ><button type="button" class="tool" aria-label=${`Add ${c.label} to the context`} @click=${() => this.addSuggested(c)}>+ ${c.label}</button></span
              >`,
            )}
          </div>`
        : nothing}
      <textarea
        role="combobox"
        aria-label="Message"
        aria-autocomplete="list"
        aria-haspopup="listbox"
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${ifDefined(open ? 'mention-list' : undefined)}
        aria-activedescendant=${ifDefined(activeId)}
        aria-describedby="composer-hint"
        placeholder=${this.disabled ? 'Set up a model to start chatting' : 'Ask Switchboard… (@ adds a file or symbol)'}
        ?disabled=${this.disabled}
        .value=${this.draft}
        @input=${this.onInput}
        @keydown=${this.onKeyDown}
        @blur=${() => this.closeCompletion()}
        @click=${this.updateMention}
      ></textarea>
      <div class="controls" @focusout=${this.closeListLeft}>
        ${this.renderModePicker()}
        ${this.taskProfile()
          ? nothing
          : html`<vscode-single-select position="above" label="Capability" .value=${this.capability} @change=${this.onCapability}>
              ${CAPABILITY_ORDER.map((c) => html`<vscode-option value=${c}>${CAPABILITY_LABELS[c]}</vscode-option>`)}
            </vscode-single-select>`}
        <vscode-single-select position="above" class="model" label="Model override" .value=${this.modelId} @change=${this.onModel}>
          <vscode-option value="">Model: routed</vscode-option>
          ${this.modelOptions().map((o) => html`<vscode-option value=${o.id} ?disabled=${!o.usable} description=${o.unavailableReason ?? ''}>${o.label}</vscode-option>`)}
        </vscode-single-select>
        <span class="spacer"></span>
        ${this.busy
          ? html`<vscode-button secondary @click=${this.stop} aria-keyshortcuts="Escape" title="Stop (Escape)">Stop</vscode-button>`
          : html`<vscode-button @click=${() => this.send()} ?disabled=${this.disabled || this.draft.trim() === ''} aria-keyshortcuts="Enter" title="Send (Enter)">Send</vscode-button>`}
      </div>
      <div id="composer-hint" class="hint muted">Enter to send · Shift+Enter for a new line · @file: or @symbol: to add context${this.busy ? ' · Escape to stop' : ''}</div>
    `;
  }

  private renderCompletion() {
    const m = this.mention;
    if (!m) return nothing;
    const label = m.kind === 'file' ? 'Files' : m.kind === 'symbol' ? 'Symbols' : 'Files and symbols';
    return html`
      <ul id="mention-list" role="listbox" aria-label=${label}>
        ${this.items.length === 0
          ? html`<li class="empty" role="presentation">${m.kind === 'symbol' && !this.indexReady ? 'No symbol index yet' : m.query ? 'No matches' : 'Type to search'}</li>`
          : this.items.map(
              (item, i) => html`<li
                id=${`mention-${i}`}
                role="option"
                aria-selected=${i === this.active ? 'true' : 'false'}
                @mousedown=${(e: Event) => e.preventDefault()}
                @click=${() => this.accept(i)}
              >
                <span class="name">${item.kind === 'symbol' ? 'symbol' : 'file'}: ${item.label}</span>${item.detail ?? (item.path !== item.label ? item.path : '')
                  ? html`<span class="detail">${item.detail ?? item.path}</span>`
                  : nothing}
              </li>`,
            )}
      </ul>
    `;
  }

  private modelOptions() {
    const all = this.models?.all ?? [];
    if (this.capability === 'auto' || !this.models) return all;
    // The chosen capability's tier first, in tier order, then the rest.
    const tier = this.models.byCapability[this.capability];
    const inTier = tier.map((id) => all.find((o) => o.id === id)).filter((o) => o !== undefined);
    return [...inTier, ...all.filter((o) => !tier.includes(o.id))];
  }

  private onInput = (event: Event): void => {
    this.draft = (event.target as HTMLTextAreaElement).value;
    this.updateMention();
    this.changed();
  };

  private updateMention = (): void => {
    const area = this.renderRoot.querySelector('textarea');
    if (!area) return;
    const mention = area.selectionStart === area.selectionEnd ? mentionAt(area.value, area.selectionStart) : undefined;
    if (!mention) {
      this.closeCompletion();
      return;
    }
    const same = this.mention && this.mention.kind === mention.kind && this.mention.query === mention.query;
    this.mention = mention;
    if (same) return;
    clearTimeout(this.completionTimer);
    this.completionTimer = setTimeout(() => {
      const queryId = newId('q');
      this.queryId = queryId;
      post({ type: 'complete', queryId, kind: mention.kind, query: mention.query });
    }, COMPLETION_DELAY_MS);
  };

  private closeCompletion(): void {
    clearTimeout(this.completionTimer);
    this.mention = undefined;
    this.items = [];
    this.active = 0;
    this.queryId = undefined;
  }

  private accept(index: number): void {
    const item = this.items[index];
    const mention = this.mention;
    if (!item || !mention) return;
    const { text, caret } = removeMention(this.draft, mention);
    this.draft = text;
    this.chips = addChip(this.chips, chipFromCompletion(item));
    this.closeCompletion();
    this.changed();
    void this.updateComplete.then(() => {
      const area = this.renderRoot.querySelector('textarea');
      area?.focus();
      area?.setSelectionRange(caret, caret);
    });
  }

  private onKeyDown = (event: KeyboardEvent): void => {
    if (event.isComposing) return;
    const open = this.mention !== undefined && this.items.length > 0;
    if (open && (event.key === 'ArrowDown' || event.key === 'ArrowUp')) {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + this.items.length) % this.items.length;
      this.renderRoot.querySelector(`#mention-${this.active}`)?.scrollIntoView({ block: 'nearest' });
      return;
    }
    if (open && (event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
      event.preventDefault();
      this.accept(this.active);
      return;
    }
    if (event.key === 'Escape') {
      if (this.mention) {
        event.preventDefault();
        this.closeCompletion();
      } else if (this.busy) {
        event.preventDefault();
        this.stop();
      }
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.altKey) {
      event.preventDefault();
      this.send();
      return;
    }
    if (event.key === 'ArrowUp' && this.draft === '') {
      // Up in an empty box recalls the last prompt, as in a terminal.
      this.dispatchEvent(new CustomEvent('sb-recall', { bubbles: true, composed: true }));
    }
  };

  /** Answer, or Task with one of the profiles; shown only when the host offers profiles. */
  private renderModePicker() {
    if (this.taskProfiles.length === 0) return nothing;
    return html`<vscode-single-select position="above" class="mode" label="Mode" .value=${this.taskProfile() ? this.mode : ''} @change=${this.onMode}>
      <vscode-option value="">Answer</vscode-option>
      ${this.taskProfiles.map((p) => html`<vscode-option value=${p.id} description=${p.description ?? ''}>Task: ${p.label}</vscode-option>`)}
    </vscode-single-select>`;
  }

  /** The chosen profile, while the host still offers it. */
  private taskProfile(): TaskProfileOption | undefined {
    return this.mode ? this.taskProfiles.find((p) => p.id === this.mode) : undefined;
  }

  private onMode = (event: Event): void => {
    this.mode = (event.target as HTMLSelectElement).value;
    this.changed();
  };

  private onCapability = (event: Event): void => {
    const value = (event.target as HTMLSelectElement).value;
    this.capability = CAPABILITY_ORDER.find((c) => c === value) ?? 'auto';
    this.changed();
  };

  private onModel = (event: Event): void => {
    this.modelId = (event.target as HTMLSelectElement).value;
    this.changed();
  };

  private stop = (): void => {
    this.dispatchEvent(new CustomEvent('sb-stop', { bubbles: true, composed: true }));
    this.focusInput();
  };

  /** An open list (capability, model, mode) closes when Tab moves on, instead of covering the composer. */
  private closeListLeft = (event: FocusEvent): void => {
    const select = (event.target as Element | null)?.closest('vscode-single-select') as (HTMLElement & { open: boolean }) | null;
    if (select?.open && !(event.relatedTarget instanceof Node && select.contains(event.relatedTarget))) select.open = false;
  };

  private removeChip(chip: ChipView): void {
    const key = chipKey(chip);
    this.chips = this.chips.filter((c) => chipKey(c) !== key);
    this.changed();
    this.focusInput();
  }

  private addSuggested(chip: ChipView): void {
    this.chips = addChip(this.chips, chip);
    this.changed();
  }

  /** Sets the draft (e.g. recalled from the last prompt) with the caret at the end. */
  setDraft(text: string): void {
    this.draft = text;
    this.changed();
    void this.updateComplete.then(() => {
      const area = this.renderRoot.querySelector('textarea');
      area?.setSelectionRange(text.length, text.length);
    });
  }
}

customElements.define('sb-composer', Composer);
