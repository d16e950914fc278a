import assert from 'node:assert/strict';
import { sumTaskPhases, type TaskCardView } from '../../../src/protocol/taskCard';
import { finishedTaskCard } from '../chat/taskCards';
import { type BrowserGlobals, installBrowserGlobals } from './support/browserGlobals';

/** The component is required at run time (see answerView.test.ts); this is the part the tests use. */
interface TaskCardElement extends HTMLElement {
  readonly updateComplete: Promise<unknown>;
  card: TaskCardView;
  now: () => number;
  everySecond: (redraw: () => void) => () => void;
}
interface LitLike extends HTMLElement {
  readonly updateComplete: Promise<unknown>;
}

/** The card's phases with generate still running: no figures of its own yet, `extra` added. */
function generateRunning(card: TaskCardView, extra: Partial<TaskCardView['phases'][number]> = {}): TaskCardView['phases'] {
  return card.phases.map((p) => (p.key === 'generate' ? { ...p, status: 'running' as const, fallbacks: [], costUsd: 0, inputTokens: 0, outputTokens: 0, timeMs: undefined, ttftMs: undefined, ...extra } : p));
}

describe('task card (jsdom)', function () {
  this.timeout(20_000);
  let env: BrowserGlobals;

  before(() => {
    env = installBrowserGlobals();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../../src/webview/chat/taskCardView');
  });
  after(() => env.uninstall());

  /** A card on a clock that stands still (its running phases read 0 s) and that never ticks by itself. */
  async function mount(card: TaskCardView): Promise<TaskCardElement> {
    const el = document.createElement('sb-task-card') as TaskCardElement;
    el.now = () => Date.UTC(2026, 11, 5, 9, 0, 0);
    el.everySecond = () => () => undefined;
    el.card = card;
    document.body.replaceChildren(el);
    await el.updateComplete;
    env.posted.length = 0;
    return el;
  }

  const root = (el: HTMLElement): ShadowRoot => {
    assert.ok(el.shadowRoot, 'rendered');
    return el.shadowRoot;
  };
  const row = (el: HTMLElement, key: string) => {
    const li = root(el).querySelector(`li.phase[data-key="${key}"]`);
    assert.ok(li, `phase ${key} rendered`);
    return li;
  };
  /** The focused element, through shadow roots. */
  const deepActive = (): Element | null => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active;
  };
  const text = (node: Element | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

  it('draws each phase with its status word, model, time, tokens and cost, and totals that add up', async () => {
    const el = await mount(finishedTaskCard());
    const generate = text(row(el, 'generate'));
    assert.match(generate, /Generate 1 file gpt-4o \(openai\) · 3\.0 s · 2,000 in \/ 900 out tokens · \$0\.031/, 'a phase that succeeded says what it gave');
    assert.match(generate, /Fell back from local-coder to gpt-4o: Ollama is not running/);
    assert.match(generate, /your picked model \(gpt-4o\) applies here/);
    assert.match(text(row(el, 'research')), /local-coder .* unknown/, 'an unknown price reads unknown, not $0');
    assert.match(text(row(el, 'refine')), /Refine skipped/);
    // Why a phase was skipped is a note, not an error (it was drawn in the error colour).
    assert.equal(row(el, 'refine').querySelector('.error'), null);
    assert.equal(text(row(el, 'refine').querySelector('.note')), 'not needed');
    assert.equal(text(row(el, 'plan').querySelector('.icon')), '✓');
    // 0.012 + 0.031 + 0.009 known, research unpriced; times 1.2 + 0.4 + 3 + 0.8 + 0.25 s.
    assert.match(text(root(el).querySelector('.totals')), /Total 5\.7 s · 3,500 in \/ 1,250 out tokens · ≥ \$0\.052 · models: claude-sonnet, local-coder, gpt-4o/);
  });

  it('a phase still running shows its model but no cost until its call ends', async () => {
    const done = finishedTaskCard();
    const card: TaskCardView = {
      ...done,
      status: 'running',
      phases: done.phases.map((p) => (p.key === 'generate' ? { ...p, status: 'running', fallbacks: [], costUsd: 0, inputTokens: 0, outputTokens: 0, timeMs: undefined, ttftMs: undefined } : p)),
    };
    const el = await mount(card);
    const generate = text(row(el, 'generate').querySelector('.line'));
    assert.match(generate, /Generate running gpt-4o \(openai\)/);
    assert.doesNotMatch(generate, /\$/, generate);
    assert.doesNotMatch(generate, /received/, 'nothing received yet: no count');
  });

  it('a running phase says about how many tokens it has received; once it ends, its own figures replace the count', async () => {
    const done = finishedTaskCard();
    const el = await mount({ ...done, status: 'running', phases: generateRunning(done, { receivedTokens: 1234 }) });
    assert.match(text(row(el, 'generate').querySelector('.line')), /Generate running gpt-4o \(openai\) · 0 s · ~1,234 tokens received/);
    // A card stored mid-phase and read back after the task ended: the count is not shown beside real figures.
    el.card = { ...done, phases: done.phases.map((p) => (p.key === 'generate' ? { ...p, receivedTokens: 1234 } : p)) };
    await el.updateComplete;
    assert.doesNotMatch(text(row(el, 'generate').querySelector('.line')), /received/);
  });

  it('a running phase shows how long it has been running on the view’s clock, redrawn each second, and stops redrawing when nothing runs', async () => {
    const done = finishedTaskCard();
    const SEEN = Date.UTC(2026, 11, 5, 9, 0, 0);
    const runningCard = (phases: TaskCardView['phases']): TaskCardView => ({ ...done, status: 'running', phases, totals: sumTaskPhases(phases) });
    let clock = SEEN;
    let redraw: (() => void) | undefined;
    let stops = 0;
    const el = document.createElement('sb-task-card') as TaskCardElement;
    el.now = () => clock;
    el.everySecond = (fn) => {
      redraw = fn;
      return () => {
        stops++;
        redraw = undefined;
      };
    };
    el.card = runningCard(generateRunning(done));
    document.body.replaceChildren(el);
    await el.updateComplete;
    const line = () => text(row(el, 'generate').querySelector('.line'));
    assert.match(line(), /Generate running gpt-4o \(openai\) · 0 s/);
    assert.match(text(root(el).querySelector('.totals')), /^So far /, 'the phases that ended, while one still runs: not yet the total');
    assert.ok(redraw, 'a phase is running: the card redraws each second');
    clock = SEEN + 2_900;
    redraw();
    await el.updateComplete;
    assert.match(line(), /Generate running gpt-4o \(openai\) · 2 s/);
    // The phases that ended took 2.65 s (plan 1.2, research 0.4, review 0.8, validate 0.25), and generate has run 2.9 s.
    assert.match(text(root(el).querySelector('.totals')), /^So far 5 s · /, 'the time so far grows with the running phase, in whole seconds as its line');
    // An update of the same running phase (tokens received) goes on counting from when it was first seen.
    clock = SEEN + 75_900;
    el.card = runningCard(generateRunning(done, { receivedTokens: 50 }));
    await el.updateComplete;
    assert.match(line(), /Generate running gpt-4o \(openai\) · 1 min 15 s · ~50 tokens received/, 'whole seconds: no tenths flickering');
    // The phase ends: its own time replaces the count, and the redraws stop.
    el.card = runningCard(done.phases);
    await el.updateComplete;
    assert.equal(redraw, undefined);
    assert.equal(stops, 1);
    assert.match(line(), /Generate 1 file gpt-4o \(openai\) · 3\.0 s/);
    // Run again (a refine round of the same key, a resume): counted afresh from when it is seen.
    clock = SEEN + 100_000;
    el.card = runningCard(generateRunning(done));
    await el.updateComplete;
    assert.match(line(), /running gpt-4o \(openai\) · 0 s/);
    // Taken out of the page while a phase runs (another conversation shown): no redraws left behind.
    assert.ok(redraw);
    el.remove();
    assert.equal(redraw, undefined);
    assert.equal(stops, 2);
  });

  it('a finding is drawn as text and its file:line opens the editor', async () => {
    const el = await mount(finishedTaskCard());
    const toggle = row(el, 'review').querySelector<HTMLButtonElement>('button.expand');
    assert.equal(toggle?.getAttribute('aria-expanded'), 'false');
    // It names the output it controls only while that output exists (issue 17 item 4).
    assert.equal(toggle?.hasAttribute('aria-controls'), false);
    assert.match(toggle?.getAttribute('aria-label') ?? '', /^Show output/, 'the name starts with the visible words');
    toggle?.click();
    await el.updateComplete;
    const review = row(el, 'review');
    assert.equal(toggle?.getAttribute('aria-expanded'), 'true');
    const controlled = toggle?.getAttribute('aria-controls') ?? '';
    assert.ok(controlled && root(el).getElementById(controlled), 'aria-controls names the open output');
    assert.equal(review.querySelector('.findings b'), null, 'model output never becomes HTML');
    assert.match(text(review.querySelector('.findings')), /warning src\/cart\.ts:14 Discount <b>not<\/b> capped Suggested fix: Math\.min/);
    review.querySelector<HTMLButtonElement>('button.link')?.click();
    assert.deepEqual(env.posted, [{ type: 'task/open', path: 'src/cart.ts', line: 14 }]);
  });

  it('Stop posts task/stop while the task runs', async () => {
    const running = finishedTaskCard({ status: 'running', final: undefined });
    const el = await mount(running);
    root(el).querySelector<HTMLElement>('vscode-button.stop')?.click();
    assert.deepEqual(env.posted, [{ type: 'task/stop', requestId: 't9' }]);
    el.card = { ...running, status: 'succeeded' };
    await el.updateComplete;
    assert.equal(root(el).querySelector('vscode-button.stop'), null, 'no Stop once the task ended');
  });

  it('the plan awaiting approval is editable and Accept Plan posts the edited steps', async () => {
    const plan = { summary: 'Add a discount code', steps: [{ title: 'Add the field', files: ['src/checkout.ts'] }, { title: 'Drop me', files: [] }] };
    const el = await mount(finishedTaskCard({ status: 'awaiting-approval', plan, phases: finishedTaskCard().phases.slice(0, 1), final: undefined }));
    const editor = root(el).querySelector('sb-plan-editor') as LitLike | null;
    assert.ok(editor, 'plan editor shown');
    await editor.updateComplete;
    const er = root(editor);
    const input = (selector: string) => {
      const found = er.querySelector<HTMLTextAreaElement>(selector);
      assert.ok(found, selector);
      return found;
    };
    const setValue = async (field: HTMLTextAreaElement, value: string) => {
      field.value = value;
      field.dispatchEvent(new window.Event('input', { bubbles: true }));
      await editor.updateComplete;
    };
    await setValue(input('li:nth-child(1) textarea.title'), 'Add the discount field');
    er.querySelector<HTMLButtonElement>('li:nth-child(2) button.remove')?.click();
    await editor.updateComplete;
    er.querySelector<HTMLButtonElement>('button.add')?.click();
    await editor.updateComplete;
    await setValue(input('li:nth-child(2) textarea.title'), 'Test it');
    await setValue(input('li:nth-child(2) textarea.files'), 'test/cart.test.ts, src/cart.ts ');
    er.querySelector<HTMLElement>('vscode-button.accept')?.click();
    assert.deepEqual(env.posted, [
      {
        type: 'task/plan',
        requestId: 't9',
        answer: 'accept',
        steps: [
          { title: 'Add the discount field', files: ['src/checkout.ts'] },
          { title: 'Test it', files: ['test/cart.test.ts', 'src/cart.ts'] },
        ],
      },
    ]);
    env.posted.length = 0;
    er.querySelector<HTMLElement>('vscode-button.cancel')?.click();
    assert.deepEqual(env.posted, [{ type: 'task/plan', requestId: 't9', answer: 'cancel' }]);
  });

  it('keeps focus on the card when Accept Plan, pressed from the keyboard, goes away with the approval', async () => {
    const plan = { summary: 'Add a discount code', steps: [{ title: 'Add the field', files: ['src/checkout.ts'] }] };
    const awaiting = finishedTaskCard({ status: 'awaiting-approval', plan, phases: finishedTaskCard().phases.slice(0, 1), final: undefined });
    const el = await mount(awaiting);
    el.tabIndex = 0;
    const editor = root(el).querySelector('sb-plan-editor') as LitLike | null;
    await editor?.updateComplete;
    const accept = editor?.shadowRoot?.querySelector<HTMLElement>('vscode-button.accept');
    assert.ok(accept, 'Accept Plan shown');
    accept.focus();
    assert.equal(deepActive(), accept);
    el.card = { ...awaiting, status: 'running', plan: undefined };
    await el.updateComplete;
    assert.equal(root(el).querySelector('sb-plan-editor'), null, 'the approval is gone');
    assert.equal(deepActive(), el, 'focus is on the card, not lost to the page');
  });

  it('leaves focus alone when it was elsewhere', async () => {
    const running = finishedTaskCard({ status: 'running', final: undefined });
    const el = await mount(running);
    el.tabIndex = 0;
    const outside = document.createElement('button');
    document.body.append(outside);
    outside.focus();
    el.card = { ...running, status: 'succeeded' };
    await el.updateComplete;
    assert.equal(deepActive(), outside);
  });

  it('a finished change set offers Preview, Accept All, Reject All and feedback', async () => {
    const el = await mount(finishedTaskCard());
    assert.match(text(root(el).querySelector('.final')), /edit src\/checkout\.ts \+2 −1 Validation passed \(1 file checked\)/);
    root(el).querySelector<HTMLElement>('vscode-button.preview')?.click();
    root(el).querySelector<HTMLElement>('vscode-button.feedback')?.click();
    await el.updateComplete;
    const area = root(el).querySelector<HTMLTextAreaElement>('.feedback-form textarea');
    assert.ok(area, 'feedback field opened');
    area.value = 'cap the discount at the total';
    area.dispatchEvent(new window.Event('input', { bubbles: true }));
    await el.updateComplete;
    root(el).querySelector<HTMLElement>('vscode-button.send-feedback')?.click();
    await el.updateComplete;
    assert.deepEqual(env.posted, [
      { type: 'task/preview', requestId: 't9' },
      { type: 'task/feedback', requestId: 't9', text: 'cap the discount at the total' },
    ]);
  });

  it('a validate phase says what its check found, and the result lists the errors beside Accept All', async () => {
    const passed = await mount(finishedTaskCard());
    assert.match(text(row(passed, 'validate').querySelector('.line')), /^✓ Validate passed 250 ms/);

    const failed = { status: 'failed' as const, diagnostics: [{ path: 'src/checkout.ts', line: 4, column: 10, code: 'TS2835', message: 'Relative import paths need explicit file extensions.' }], files: [{ path: 'src/checkout.ts', check: 'types' as const }] };
    const card = finishedTaskCard();
    const el = await mount({
      ...card,
      phases: card.phases.map((p) => (p.key === 'validate' ? { ...p, output: { kind: 'validation' as const, validation: failed } } : p)),
      final: { ...card.final, validation: failed },
    });
    // The phase ran ("succeeded" as a phase) but its line says what it found, with a warning icon.
    const line = text(row(el, 'validate').querySelector('.line'));
    assert.match(line, /^⚠ Validate found 1 new error 250 ms/, line);
    assert.doesNotMatch(line, /succeeded/);
    const final = root(el).querySelector('.final');
    assert.match(text(final), /Validation failed: 1 new error TS2835 src\/checkout\.ts:4 Relative import paths need explicit file extensions\./);
    final?.querySelector<HTMLElement>('button.link')?.click();
    assert.deepEqual(env.posted, [{ type: 'task/open', path: 'src/checkout.ts', line: 4 }]);
  });

  it('a failed task offers Resume from the phase that failed', async () => {
    const el = await mount(finishedTaskCard({ status: 'failed', resumeFrom: 'generate', stoppedReason: 'generate failed: every model failed', final: undefined }));
    const resume = root(el).querySelector<HTMLElement>('vscode-button.resume');
    assert.equal(text(resume), 'Resume from generate');
    assert.equal(root(el).querySelector('vscode-button.accept'), null, 'nothing to accept');
    resume?.click();
    assert.deepEqual(env.posted, [{ type: 'task/resume', requestId: 't9' }]);
  });

  it('a finished plan offers Implement This Plan; a change set does not', async () => {
    const plan = { summary: 'Discount codes', steps: [{ title: 'Add the codes', files: ['src/codes.ts'] }] };
    const el = await mount(finishedTaskCard({ final: { plan } }));
    const implement = root(el).querySelector<HTMLElement>('vscode-button.implement');
    assert.equal(text(implement), 'Implement This Plan');
    assert.equal(root(el).querySelector('vscode-button.accept'), null, 'nothing to accept');
    implement?.click();
    await el.updateComplete;
    assert.deepEqual(env.posted, [{ type: 'task/implement', requestId: 't9' }]);
    assert.equal(text(root(el).querySelector('.decided')), 'Implementing the plan: an Implement task is starting below.');
    assert.equal(root(el).querySelector<HTMLElement & { disabled: boolean }>('vscode-button.implement')?.disabled, true, 'pressed once');
    const changes = await mount(finishedTaskCard());
    assert.equal(root(changes).querySelector('vscode-button.implement'), null);
  });

  it('announces a phase that changes while the person watches', async () => {
    const card = finishedTaskCard({ status: 'running' });
    const el = await mount(card);
    assert.equal(text(root(el).querySelector('[aria-live="polite"]')), '', 'a card drawn from history stays quiet');
    el.card = { ...card, phases: card.phases.map((p) => (p.key === 'refine' ? { ...p, status: 'running', modelId: 'gpt-4o' } : p)) };
    await el.updateComplete;
    assert.equal(text(root(el).querySelector('[aria-live="polite"]')), 'Refine running on gpt-4o');
  });
});
