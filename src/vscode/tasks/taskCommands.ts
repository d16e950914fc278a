import * as vscode from 'vscode';
import type { TaskFile, TaskInput, TaskProblem, TaskProfile, TaskResult } from '../../core/tasks/taskTypes';
import type { EditorTracker } from '../chat/editorTracker';
import { selectionProblems, selectionTaskFile } from './editorTaskInput';
import type { TaskController } from './taskController';
import { newId } from '../../shared/newId';

/** Arguments a caller (a test, a keybinding, another extension) may pass instead of being asked. */
export interface TaskCommandArgs {
  readonly profileId?: string;
  readonly instruction?: string;
  /** Resolve with the task's result once it ends. */
  readonly wait?: boolean;
}

export interface TaskCommandDeps {
  readonly tasks: TaskController;
  readonly tracker: EditorTracker;
  readonly currentConversationId: () => string | undefined;
  readonly reveal: (preserveFocus: boolean) => Promise<void>;
}

const argsOf = (args: unknown): TaskCommandArgs => (typeof args === 'object' && args !== null ? (args as TaskCommandArgs) : {});

/** Run Task…: a profile from a QuickPick, then the instruction; the selection (if any) goes with it. */
export async function runTaskCommand(deps: TaskCommandDeps, raw: unknown): Promise<TaskResult | undefined> {
  const args = argsOf(raw);
  let profile = args.profileId ? deps.tasks.profile(args.profileId) : undefined;
  if (args.profileId && !profile) {
    void vscode.window.showWarningMessage(`Switchboard: there is no task profile "${args.profileId}" (switchboard.tasks).`);
    return undefined;
  }
  if (!profile) {
    const items = deps.tasks.profileOptions().map((p) => ({ label: p.label, description: p.id, ...(p.description ? { detail: p.description } : {}), id: p.id }));
    const picked = await vscode.window.showQuickPick(items, { title: 'Switchboard: Run Task', placeHolder: 'Which kind of task?', matchOnDescription: true, matchOnDetail: true });
    profile = picked ? deps.tasks.profile(picked.id) : undefined;
    if (!profile) return undefined;
  }
  const editor = deps.tracker.editor;
  const file = editor && !editor.selection.isEmpty ? selectionTaskFile(editor) : undefined;
  // The box's title names the profile ("Switchboard: Plan Task"): the prompt need not ("the Plan Task task").
  return startTask(deps, profile, args, { files: file ? [file] : [], prompt: file ? `What should the task do? The selection in ${file.path} goes with it.` : 'What should the task do?' });
}

/** Implement…: the instruction, with the selection (or the active file) as context. */
export async function implementCommand(deps: TaskCommandDeps, raw: unknown): Promise<TaskResult | undefined> {
  const profile = requireProfile(deps, 'implement');
  if (!profile) return undefined;
  const editor = deps.tracker.editor;
  const file = editor ? selectionTaskFile(editor) : undefined;
  return startTask(deps, profile, argsOf(raw), { files: file ? [file] : [], prompt: 'What should Switchboard implement?', placeHolder: 'e.g. add a discount code to the checkout' });
}

/** Fix Problems in Selection: the selection's diagnostics as the task's problems, profile `fix`. */
export async function fixProblemsCommand(deps: TaskCommandDeps, raw: unknown): Promise<TaskResult | undefined> {
  const profile = requireProfile(deps, 'fix');
  const editor = deps.tracker.editor;
  if (!profile) return undefined;
  if (!editor) {
    void vscode.window.showInformationMessage('Switchboard: open a file and select the code with the problems first.');
    return undefined;
  }
  const problems = selectionProblems(editor);
  if (problems.length === 0) {
    void vscode.window.showInformationMessage('Switchboard: VS Code reports no problems in the selected lines.');
    return undefined;
  }
  const file = selectionTaskFile(editor);
  const args = argsOf(raw);
  const instruction = args.instruction ?? `Fix ${problems.length === 1 ? 'this problem' : `these ${problems.length} problems`}:\n${problems.map(problemLine).join('\n')}`;
  return startTask(deps, profile, { ...args, instruction }, { files: file ? [file] : [], problems });
}

/**
 * The editor commands that were single answers and are tasks now (Generate Tests, Add Documentation,
 * Plan Task…): the same command ids, running the `tests`, `document` and `plan` profiles.
 */
export async function profileCommand(deps: TaskCommandDeps, profileId: string, instruction: (what: string) => string | undefined, ask: { prompt: string; placeHolder: string } | undefined, raw: unknown): Promise<TaskResult | undefined> {
  const profile = requireProfile(deps, profileId);
  if (!profile) return undefined;
  const editor = deps.tracker.editor;
  const file = editor ? selectionTaskFile(editor) : undefined;
  if (!ask && !file) {
    void vscode.window.showInformationMessage('Switchboard: open a file and select the code first.');
    return undefined;
  }
  const what = file ? (file.startLine !== undefined ? `the selected code in ${file.path}` : `the file ${file.path}`) : 'this code';
  const args = argsOf(raw);
  const fixed = instruction(what);
  return startTask(deps, profile, fixed !== undefined && args.instruction === undefined ? { ...args, instruction: fixed } : args, { files: file ? [file] : [], ...(ask ? { prompt: ask.prompt, placeHolder: ask.placeHolder } : {}) });
}

async function startTask(
  deps: TaskCommandDeps,
  profile: TaskProfile,
  args: TaskCommandArgs,
  how: { readonly files: readonly TaskFile[]; readonly problems?: readonly TaskProblem[]; readonly prompt?: string; readonly placeHolder?: string },
): Promise<TaskResult | undefined> {
  let instruction = typeof args.instruction === 'string' ? args.instruction : undefined;
  if (instruction === undefined) {
    instruction = await vscode.window.showInputBox({ title: `Switchboard: ${profile.label}`, prompt: how.prompt ?? 'What should the task do?', ...(how.placeHolder ? { placeHolder: how.placeHolder } : {}), ignoreFocusOut: true });
  }
  if (!instruction || instruction.trim().length === 0) return undefined;
  const input: TaskInput = { instruction: instruction.trim(), profile, files: how.files, ...(how.problems ? { problems: how.problems } : {}) };
  const requestId = await deps.tasks.start(newId('r'), deps.currentConversationId(), input, 'command');
  // The task runs in the host whether or not the view shows; the card catches up when it does.
  deps.reveal(true).catch(() => undefined);
  return args.wait ? deps.tasks.done(requestId) : undefined;
}

function requireProfile(deps: TaskCommandDeps, id: string): TaskProfile | undefined {
  const profile = deps.tasks.profile(id);
  if (!profile) void vscode.window.showWarningMessage(`Switchboard: the "${id}" task profile is missing or turned off in switchboard.tasks.`);
  return profile;
}

function problemLine(p: TaskProblem): string {
  return `- ${p.path}:${p.line} ${p.severity}${p.code ? ` ${p.code}` : ''}: ${p.message}`;
}

interface ProfileCommandSpec {
  readonly id: string;
  readonly profileId: string;
  /** The fixed instruction, from what the command works on; undefined asks for one. */
  readonly instruction: (what: string) => string | undefined;
  readonly ask?: { readonly prompt: string; readonly placeHolder: string };
}

/** The editor commands that are task entry points: the same ids as before, no second command for the same thing. */
export const TASK_PROFILE_COMMANDS: readonly ProfileCommandSpec[] = [
  { id: 'switchboard.generateTests', profileId: 'tests', instruction: (what) => `Write unit tests for ${what}, using the test framework and style this project already uses. Cover the edge cases.` },
  { id: 'switchboard.addDocumentation', profileId: 'document', instruction: (what) => `Add documentation comments to ${what} in the language's usual style (JSDoc, docstrings, ...), saying why as well as what. Change nothing else.` },
  { id: 'switchboard.planTask', profileId: 'plan', instruction: () => undefined, ask: { prompt: 'What do you want to do?', placeHolder: 'e.g. add retry with backoff to every HTTP call' } },
];

/** Registers Run Task…, Implement…, Fix Problems in Selection and the profile commands. */
export function registerTaskCommands(register: (id: string, run: (...args: unknown[]) => unknown) => void, deps: TaskCommandDeps): void {
  register('switchboard.runTask', (args) => runTaskCommand(deps, args));
  register('switchboard.implement', (args) => implementCommand(deps, args));
  register('switchboard.fixProblems', (args) => fixProblemsCommand(deps, args));
  for (const spec of TASK_PROFILE_COMMANDS) register(spec.id, (args) => profileCommand(deps, spec.profileId, spec.instruction, spec.ask, args));
}
