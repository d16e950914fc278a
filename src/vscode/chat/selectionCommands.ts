import * as vscode from 'vscode';
import type { AnswerEnd } from '../../presentation/chat/answerAccumulator';
import type { RoutedCapability } from '../../protocol/chatProtocol';
import type { ChatController } from './chatController';
import type { HostPrompt } from './hostPrompt';
import { selectionContext } from './contextResolver';
import type { EditorTracker } from './editorTracker';
import { newId } from '../../shared/newId';

/** Arguments a caller (another extension, a test, a keybinding) may pass instead of being asked. */
export interface SelectionCommandArgs {
  /** The instruction or question; skips the input box. */
  readonly instruction?: string;
  /** Resolve only when the answer has ended (for callers that want the result). */
  readonly wait?: boolean;
}

interface CommandSpec {
  readonly id: string;
  readonly capability: RoutedCapability;
  /** Asks for an instruction first; the prompt is built from it. */
  readonly ask?: { readonly prompt: string; readonly placeHolder: string; readonly value?: string };
  readonly prompt: (instruction: string | undefined, what: string) => string;
  /** Needs code to work on: the selection, or the whole file when nothing is selected. */
  readonly needsCode: boolean;
  /** The answer is code that replaces the selection: Apply targets those lines. */
  readonly replacesSelection: boolean;
}

/** Single answers from the editor; Generate Tests, Add Documentation and Plan Task… are tasks now (src/vscode/tasks/taskCommands.ts). */
export const SELECTION_COMMANDS: readonly CommandSpec[] = [
  { id: 'switchboard.explainSelection', capability: 'understand', needsCode: true, replacesSelection: false, prompt: (_i, what) => `Explain ${what}.` },
  {
    id: 'switchboard.generate',
    capability: 'generate',
    needsCode: false,
    replacesSelection: true,
    ask: { prompt: 'What should Switchboard write?', placeHolder: 'e.g. a function that parses ISO durations' },
    prompt: (i, what) => (what === 'this code' ? (i ?? '') : `${i ?? ''}\n\nUse ${what} as the starting point; answer with code that replaces it.`),
  },
  {
    id: 'switchboard.refactorSelection',
    capability: 'generate',
    needsCode: true,
    replacesSelection: true,
    ask: { prompt: 'How should the selected code change?', placeHolder: 'e.g. extract the loop into a function', value: 'Simplify it without changing behaviour' },
    prompt: (i, what) => `Refactor ${what}: ${i ?? 'simplify it without changing behaviour'}. Answer with the full replacement in one code block.`,
  },
  { id: 'switchboard.reviewSelection', capability: 'review', needsCode: true, replacesSelection: false, prompt: (_i, what) => `Review ${what}.` },
];

export interface SelectionCommandDeps {
  readonly controller: ChatController;
  readonly tracker: EditorTracker;
  readonly reveal: (preserveFocus: boolean) => Promise<void>;
}

/** Runs one editor command: builds the prompt from the selection, reveals the chat and answers there. */
export async function runSelectionCommand(spec: CommandSpec, deps: SelectionCommandDeps, args: unknown): Promise<AnswerEnd | undefined> {
  const options = (typeof args === 'object' && args !== null ? args : {}) as SelectionCommandArgs;
  const editor = deps.tracker.editor;
  const code = editor ? selectionContext(editor, spec.needsCode) : undefined;
  if (spec.needsCode && !code) {
    void vscode.window.showInformationMessage('Switchboard: open a file and select the code first.');
    return undefined;
  }
  let instruction = typeof options.instruction === 'string' ? options.instruction : undefined;
  if (spec.ask && instruction === undefined) {
    instruction = await vscode.window.showInputBox({ title: 'Switchboard', prompt: spec.ask.prompt, placeHolder: spec.ask.placeHolder, ...(spec.ask.value ? { value: spec.ask.value } : {}), ignoreFocusOut: true });
    if (instruction === undefined || instruction.trim().length === 0) return undefined;
  }
  const what = code ? (code.chip.kind === 'selection' ? 'the selected code' : `the file ${code.target.path}`) : 'this code';
  const prompt: HostPrompt = {
    text: spec.prompt(instruction, what).trim(),
    capability: spec.capability,
    chips: code ? [code.chip] : [],
    context: code ? [code.context] : [],
    ...(code && spec.replacesSelection && code.chip.kind === 'selection' ? { applyTarget: code.target } : {}),
    fromCommand: true,
  };
  const requestId = deps.controller.startPrompt(newId('r'), deps.controller.currentConversationId, prompt);
  // The answer does not wait for the view: it streams in the host and the view catches up on `ready`.
  revealQuietly(deps);
  return options.wait ? deps.controller.answerDone(requestId) : undefined;
}

/** Ask About Selection…: the composer, prefilled with the selection as context; or a direct question. */
export async function askAboutSelection(deps: SelectionCommandDeps, args: unknown): Promise<AnswerEnd | undefined> {
  const options = (typeof args === 'object' && args !== null ? args : {}) as SelectionCommandArgs;
  const editor = deps.tracker.editor;
  const code = editor ? selectionContext(editor, false) : undefined;
  if (typeof options.instruction === 'string' && options.instruction.trim().length > 0) {
    const requestId = deps.controller.startPrompt(newId('r'), deps.controller.currentConversationId, {
      text: options.instruction,
      capability: 'auto',
      chips: code ? [code.chip] : [],
      context: code ? [code.context] : [],
      fromCommand: true,
    });
    revealQuietly(deps);
    return options.wait ? deps.controller.answerDone(requestId) : undefined;
  }
  deps.controller.prefill({ type: 'composer/prefill', text: '', capability: 'auto', ...(code ? { chips: [{ kind: 'selection', label: code.chip.label }] } : {}) });
  await deps.reveal(false);
  return undefined;
}

function revealQuietly(deps: SelectionCommandDeps): void {
  deps.reveal(true).catch(() => undefined);
}
