import * as vscode from 'vscode';
import { workspaceRoots } from '../../core/analysis/workspaceRoots';
import { fileFolders } from '../workspacePaths';
import type { GlobMap } from '../../core/analysis/globMatcher';
import type { IndexState } from '../../core/analysis/indexState';
import { DisposableStore } from '../../core/lifecycle/disposable';
import type { Logger } from '../../core/log/logger';
import { abortableSleep } from '../../core/router/abort';
import { waitForIndex, type ResearchNote } from '../../core/tasks/research/indexWait';
import { researchIndexOf } from '../../core/tasks/research/researchIndex';
import { isSecretPath } from '../../core/tasks/research/secretPaths';
import { workspaceIgnoreCheck } from '../../core/tasks/research/workspaceGuard';
import { WorkspaceResearch } from '../../core/tasks/research/workspaceResearch';
import type { CodeMerger, ResearchSource, TaskWorkspace } from '../../core/tasks/taskPorts';
import { mergeHere } from '../../core/chat/mergeHere';
import type { TaskProfile } from '../../core/tasks/taskTypes';
import { ThreadedValidator, ValidationThread } from '../../core/validation/validationThread';
import { type TypeScriptLib, typeScriptLib } from './typeScriptLib';
import { indexReadiness } from '../analysis/indexReadiness';
import type { AnalysisHandle } from '../analysis/registerAnalysis';
import { ExternalToolAccess } from '../lmTools/externalToolAccess';
import type { Engine } from '../engine/engine';
import type { SettingsService } from '../settingsService';
import type { TaskChangesHandle } from './registerTaskChanges';
import { PREVIEW_CHANGE_SET_COMMAND, parseChangeSetArgument, parseValidationArgument } from './participantTask';
import { TaskChangeActions, type ChangeOutcome } from './taskChangeActions';
import { type RunTask, TaskRunner } from './taskRunner';
import { TaskValidators } from './taskValidators';
import { createTaskWorkspaceReader } from './taskWorkspaceReader';

export interface TaskServicesDeps {
  readonly engine: Engine;
  readonly settings: SettingsService;
  readonly log: Logger;
  readonly analysis: AnalysisHandle;
  readonly changes: TaskChangesHandle;
  readonly runTask: RunTask;
  /** switchboard.tasks.profiles: built-ins first, then the person's own. */
  readonly profiles: () => readonly TaskProfile[];
  /** switchboard.tasks.testCommand. */
  readonly testCommand: () => string | undefined;
  /** The validation thread's script (dist/worker/validationWorker.js). */
  readonly validationWorker: string;
  /** Registers `switchboard.tasks.testHandle` (outside production only). */
  readonly testHandle?: boolean;
}

/** What the integration tests reach through `switchboard.tasks.testHandle`. */
export interface TasksTestHandle {
  readonly research: () => ResearchSource | undefined;
  readonly validators: TaskValidators;
  /** Other extensions' tools for research; a test answers `ask` in place of the modal. */
  readonly externalTools: ExternalToolAccess;
  /** Where the validators' TypeScript libs come from. */
  readonly typeScriptLib: () => TypeScriptLib;
  /** The workspace index's state now (the Models view shows it only after its refresh delay). */
  readonly indexState: () => IndexState;
}

/** What every task front end shares: one runner over the extension's ports, and the change actions. */
export interface TaskServices extends vscode.Disposable {
  readonly runner: TaskRunner;
  readonly actions: TaskChangeActions;
  readonly validators: TaskValidators;
  readonly profiles: () => readonly TaskProfile[];
  /** The tasks' read-only view of the workspace (never an ignored file or a secret). */
  readonly workspace: TaskWorkspace;
  /** Merges code blocks by declaration on the validation thread while it runs (a task's drafts, the chat's Apply). */
  readonly merger: CodeMerger;
}

/**
 * The task host, made once per activation: the workspace reader (open editors first; never an ignored
 * file or a secret), one warm validator per folder, research over the analysis index (started when a
 * task starts, waited for up to INDEX_WAIT_MS while it is being built), and the runner every front end goes through.
 */
export function registerTasks(deps: TaskServicesDeps): TaskServices {
  const lifetime = new DisposableStore();
  const ignoreChecks = new Map<string, (relativePath: string) => boolean>();
  const isIgnored = (folder: string, relativePath: string): boolean => {
    let check = ignoreChecks.get(folder);
    if (!check) {
      // The same rules as the index: .gitignore, files.exclude and search.exclude.
      const uri = vscode.Uri.file(folder);
      const exclude = [vscode.workspace.getConfiguration('files', uri).get<GlobMap>('exclude') ?? {}, vscode.workspace.getConfiguration('search', uri).get<GlobMap>('exclude') ?? {}];
      check = workspaceIgnoreCheck(folder, { exclude });
      ignoreChecks.set(folder, check);
    }
    return check(relativePath);
  };
  lifetime.add(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) ignoreChecks.clear();
    }),
  );
  const maxBytes = () => deps.settings.value.settings.analysis.maxFileSizeKb * 1024;
  const workspace = createTaskWorkspaceReader({ log: deps.log, isSecret: isSecretPath, isIgnored, maxBytes });
  // Looked up once, when the first validator is made (a session with no task never asks).
  let lib: TypeScriptLib | undefined;
  const libOf = (): TypeScriptLib => (lib ??= typeScriptLib(deps.log));
  // Type checks run on a thread of their own: building a program holds whoever runs it for seconds.
  const thread = lifetime.add(new ValidationThread(deps.validationWorker, deps.log));
  const validators = lifetime.add(new TaskValidators(({ root }) => new ThreadedValidator(thread, { root, ...(libOf().directory ? { libDirectory: libOf().directory } : {}) })));
  // A draft is laid into its files there too, and the chat's Apply merges there: the thread has the
  // parser loaded (a task with a check prepares it from the start), where the host would load it
  // (about 230 ms, once) and parse each file itself. With no thread running (no task with a check
  // yet, or idle), starting one would take longer than that: the host merges.
  const merger: CodeMerger = {
    merge: async (request) => {
      if (!thread.started) return mergeHere(request);
      try {
        return await thread.merge(request);
      } catch (error) {
        deps.log.warn(`Merge: merging into ${request.path} on the validation thread failed (${error instanceof Error ? error.message : String(error)}); merging in the extension host instead.`);
        return mergeHere(request);
      }
    },
  };
  const index = researchIndexOf(() => (deps.analysis.state.kind === 'ready' ? deps.analysis.index : undefined));
  const readiness = indexReadiness(deps.analysis, { autoIndex: () => deps.settings.value.settings.analysis.autoIndex });
  const awaitIndex = (signal: AbortSignal | undefined, onNote: (note: ResearchNote) => void) => waitForIndex(readiness, { ...(signal ? { signal } : {}), onNote, delay: abortableSleep, now: () => performance.now() });
  let research: { key: string; source: ResearchSource } | undefined;
  const researchSource = (): ResearchSource | undefined => {
    const folders = fileFolders();
    if (folders.length === 0) return undefined;
    // Every folder: research reads and searches each, names files as the workspace does (server/src/a.ts).
    const roots = workspaceRoots(
      folders.map((f) => f.uri.fsPath),
      folders.map((f) => f.name),
    );
    const key = JSON.stringify(roots);
    // A task is starting: the index its research reads is built meanwhile (its plan comes first), not 3 s after activation.
    if (deps.analysis.state.kind === 'idle') readiness.start();
    if (research?.key !== key) {
      research = { key, source: new WorkspaceResearch({ roots, index, read: (path) => workspace.read(path), isIgnored: (path, root) => isIgnored(root, path), log: deps.log, awaitIndex }) };
    }
    return research.source;
  };
  const externalTools = new ExternalToolAccess(deps.settings, deps.log);
  const runner = new TaskRunner({ engine: deps.engine, settings: deps.settings, log: deps.log, workspace, merger, validators, research: researchSource, externalTools }, deps.runTask);
  const actions = new TaskChangeActions({ changes: deps.changes, log: deps.log, testCommand: deps.testCommand, validator: () => validators.forWorkspace() });
  // The participant's "Preview Changes" button: the change set travels as the command's argument.
  lifetime.add(
    vscode.commands.registerCommand(PREVIEW_CHANGE_SET_COMMAND, async (arg: unknown, validationArg: unknown): Promise<ChangeOutcome | undefined> => {
      const parsed = parseChangeSetArgument(arg);
      if (!parsed.ok) {
        deps.log.warn(`Task: Preview Changes got a malformed change set (ignored): ${parsed.reason}`);
        return undefined;
      }
      const validation = parseValidationArgument(validationArg);
      if (validation.problem) deps.log.warn(`Task: Preview Changes got a malformed validation report (the change set is offered unchecked): ${validation.problem}`);
      const outcome = await actions.previewChecked(parsed.changeSet, validation.report, 'Task (@switchboard Preview Changes)');
      if (outcome?.kind === 'accepted') await actions.afterAccept(outcome);
      return outcome;
    }),
  );
  if (deps.testHandle) lifetime.add(vscode.commands.registerCommand('switchboard.tasks.testHandle', (): TasksTestHandle => ({ research: researchSource, validators, externalTools, typeScriptLib: libOf, indexState: () => deps.analysis.state })));
  return { runner, actions, validators, profiles: deps.profiles, workspace, merger, dispose: () => lifetime.dispose() };
}
