import * as vscode from 'vscode';
import type { z } from 'zod';
import { AnalysisToolError, hotspotsAnswer, repoMapAnswer, symbolAnswer } from '../../core/lmTools/analysisTools';
import { runReview, withoutHiddenFiles, type ReviewSubject } from '../../core/lmTools/reviewTool';
import { resolveTaskToolInput, taskAnswer, taskConfirmation } from '../../core/lmTools/taskTool';
import { LM_TOOLS, type LmToolSpec, type ReviewInput } from '../../core/lmTools/toolCatalogue';
import { parseToolInput, toolError } from '../../core/lmTools/toolResults';
import type { Logger } from '../../core/log/logger';
import { isSecretPath } from '../../core/tasks/research/secretPaths';
import type { AnalysisHandle } from '../analysis/registerAnalysis';
import type { Engine } from '../engine/engine';
import type { TaskServices } from '../tasks/registerTasks';
import { proposedChangeSet } from '../tasks/taskChangeActions';
import { askBudgetModal } from '../budgetModal';
import { pendingChanges } from './pendingChanges';
import { plural } from '../../shared/figures';

export interface LmToolDeps {
  readonly engine: Engine;
  readonly log: Logger;
  readonly analysis: AnalysisHandle;
  readonly tasks: Pick<TaskServices, 'runner' | 'actions' | 'profiles' | 'workspace'>;
  /** Registers `switchboard.lmTools.testHandle` (outside production only). */
  readonly testHandle?: boolean;
}

/**
 * What the integration tests reach through `switchboard.lmTools.testHandle`: a tool's own
 * prepareInvocation. VS Code skips its confirmation dialogs while extension tests run, so what the
 * person would be asked is read here.
 */
export interface LmToolsTestHandle {
  prepare(name: string, input: unknown): Promise<vscode.PreparedToolInvocation | undefined>;
}

/** What one tool does once its input passed its schema: the text result, or AnalysisToolError for input the schema cannot judge. */
type Run<T> = (input: T, token: vscode.CancellationToken, options: vscode.LanguageModelToolInvocationOptions<unknown>) => Promise<string>;

/**
 * Registers Switchboard's language-model tools (declared in package.json, see toolCatalogue.ts) so
 * any agent, and a person with `#`, can use them. Every input is checked against its zod schema
 * (an agent's input is untrusted, and VS Code checks it only loosely); wrong input and failures come
 * back as a text result that says what was wrong, and are logged.
 */
export function registerLmTools(deps: LmToolDeps): vscode.Disposable {
  const { log, analysis, tasks } = deps;
  const withIndex = async (token: vscode.CancellationToken) => {
    const index = await analysis.ensureIndexed(token);
    if (!index) throw new AnalysisToolError('no workspace folder on disk is open, so there is no index');
    return index;
  };
  const tools = new Map<string, vscode.LanguageModelTool<unknown>>();
  const register = <S extends z.ZodType>(spec: LmToolSpec & { readonly input: S }, run: Run<z.output<S>>, prepare?: (input: z.output<S>) => vscode.PreparedToolInvocation) => {
    const tool = toolFor(log, spec, run, prepare);
    tools.set(spec.name, tool);
    return vscode.lm.registerTool(spec.name, tool);
  };
  const disposables = [
    register( LM_TOOLS.repoMap, async (input, token) => repoMapAnswer(await withIndex(token), input)),
    register(LM_TOOLS.symbol, async (input, token) => symbolAnswer(await withIndex(token), input)),
    register(LM_TOOLS.hotspots, async (input, token) => hotspotsAnswer(await withIndex(token), input)),
    register(LM_TOOLS.review, (input, token) => review(deps, input, token), (input) => ({
      invocationMessage: input.target === 'file' ? `Reviewing ${input.file ?? 'a file'} with Switchboard` : 'Reviewing the pending changes with Switchboard',
    })),
    register(
      LM_TOOLS.task,
      async (input, token, options) => {
        const resolved = await resolveTaskToolInput(input, tasks.profiles(), tasks.workspace);
        if (!resolved.ok) throw new AnalysisToolError(resolved.message);
        const result = await tasks.runner.run(resolved.input, {
          origin: 'tool',
          signal: abortSignalOf(token),
          // Called from a chat request, VS Code confirms the research phase's external calls itself; else Switchboard asks.
          externalTools: options.toolInvocationToken ? { toolInvocationToken: options.toolInvocationToken } : 'ask',
        });
        const changeSet = proposedChangeSet(result);
        if (changeSet) {
          // As the task card does: the preview opens and the person decides there; the tool returns now.
          void tasks.actions
            .previewChecked(changeSet, result.validation, `Tool ${LM_TOOLS.task.name}`)
            .then((outcome) => (outcome?.kind === 'accepted' ? tasks.actions.afterAccept(outcome) : undefined))
            .catch((error: unknown) => log.error(`Tool ${LM_TOOLS.task.name}: the preview failed: ${messageOf(error)}`));
        }
        return taskAnswer(result, changeSet !== undefined);
      },
      (input) => {
        const { title, message } = taskConfirmation(input, tasks.profiles());
        return { invocationMessage: 'Running a Switchboard multi-model task', confirmationMessages: { title, message: new vscode.MarkdownString(message) } };
      },
    ),
  ];
  if (deps.testHandle) {
    const handle: LmToolsTestHandle = { prepare: async (name, input) => (await tools.get(name)?.prepareInvocation?.({ input }, new vscode.CancellationTokenSource().token)) ?? undefined };
    disposables.push(vscode.commands.registerCommand('switchboard.lmTools.testHandle', () => handle));
  }
  return vscode.Disposable.from(...disposables);
}

async function review(deps: LmToolDeps, input: ReviewInput, token: vscode.CancellationToken): Promise<string> {
  let subject: ReviewSubject;
  let note = '';
  if (input.target === 'file') {
    const path = input.file as string;
    const text = await deps.tasks.workspace.read(path);
    if (text === undefined) throw new AnalysisToolError(`file: "${path}" cannot be read (it does not exist, is outside the workspace, ignored, a secret or too large)`);
    subject = { kind: 'file', path, text };
  } else {
    const pending = await pendingChanges(token);
    const shown = withoutHiddenFiles(pending.diff, isSecretPath);
    if (shown.hidden.length) {
      deps.log.warn(`Tool ${LM_TOOLS.review.name}: left secret files out of the review: ${shown.hidden.join(', ')}`);
      note = `\n(Not reviewed, as they look like secrets: ${shown.hidden.join(', ')}.)`;
    }
    if (pending.untrackedLeftOut.length) {
      const named = pending.untrackedLeftOut.slice(0, 10).join(', ') + (pending.untrackedLeftOut.length > 10 ? `, and ${pending.untrackedLeftOut.length - 10} more` : '');
      deps.log.info(`Tool ${LM_TOOLS.review.name}: left ${plural(pending.untrackedLeftOut.length, 'untracked file')} out of the review (too many, too large or unreadable): ${named}`);
      note += `\n(Not reviewed, untracked and too many, too large or unreadable: ${named}.)`;
    }
    if (pending.foldersLeftOut.length) {
      const named = pending.foldersLeftOut.map((f) => `${f.name} (${f.reason})`).join(', ');
      deps.log.info(`Tool ${LM_TOOLS.review.name}: left folders out of the review of pending changes: ${named}`);
      note += `\n(Not reviewed, not git repositories: ${pending.foldersLeftOut.map((f) => f.name).join(', ')}.)`;
    }
    if (!shown.diff.trim()) return `There are no pending changes: nothing differs from HEAD and no untracked file is outside .gitignore.${note}`;
    subject = { kind: 'changes', diff: shown.diff };
  }
  const answer = await runReview(deps.engine.router, subject, input.focus, { origin: 'tool', workspace: deps.engine.workspaceId, signal: abortSignalOf(token), askBudget: askBudgetModal });
  if (!answer.ok) throw new Error(answer.text);
  return answer.text + note;
}

function toolFor<S extends z.ZodType>(
  log: Logger,
  spec: LmToolSpec & { readonly input: S },
  run: Run<z.output<S>>,
  prepare?: (input: z.output<S>) => vscode.PreparedToolInvocation,
): vscode.LanguageModelTool<unknown> {
  return {
    prepareInvocation(options) {
      const parsed = parseToolInput(spec, options.input);
      // Wrong input is answered by invoke, with what is wrong; nothing to confirm for it.
      return parsed.ok && prepare ? prepare(parsed.value) : undefined;
    },
    async invoke(options, token) {
      const parsed = parseToolInput(spec, options.input);
      if (!parsed.ok) {
        log.warn(`Tool ${spec.name}: ${parsed.message}`);
        return textResult(parsed.message);
      }
      const started = performance.now();
      try {
        const text = await run(parsed.value, token, options);
        log.info(`Tool ${spec.name} answered in ${Math.round(performance.now() - started)} ms (${text.length} characters)`);
        return textResult(text);
      } catch (error) {
        if (token.isCancellationRequested) throw new vscode.CancellationError();
        if (error instanceof AnalysisToolError) {
          log.warn(`Tool ${spec.name}: invalid input: ${error.message}`);
          return textResult(`Invalid input for ${spec.name}: ${error.message}. Nothing was run; call it again with corrected input.`);
        }
        log.error(`Tool ${spec.name} failed: ${messageOf(error)}`);
        return textResult(toolError(spec.name, messageOf(error)));
      }
    },
  };
}

function textResult(text: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(text)]);
}

function abortSignalOf(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  else token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

