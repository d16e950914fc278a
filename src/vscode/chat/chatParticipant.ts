import * as vscode from 'vscode';
import { AnswerAccumulator } from '../../presentation/chat/answerAccumulator';
import { ReasoningQuote, withoutReasoningQuotes } from '../../presentation/chat/reasoningQuote';
import type { ResolvedContext, StoredMessage, StoredUserMessage } from '../../core/chat/conversationSchema';
import { metaLine } from '../../core/chat/markdownExport';
import { RepeatedQuestions } from '../../core/cache/repeatedQuestions';
import type { Logger } from '../../core/log/logger';
import { participantRoute, pickedModelWords, type PickedChat } from '../../core/lmProvider/pickedModel';
import type { RoutedCapability } from '../../protocol/chatProtocol';
import type { Engine } from '../engine/engine';
import { relativePath } from '../workspacePaths';
import { type ParticipantTaskDeps, type ParticipantTaskResult, runParticipantTask } from '../tasks/participantTask';

export const PARTICIPANT_ID = 'switchboard.participant';

const COMMAND_CAPABILITIES: Readonly<Record<string, RoutedCapability>> = { explain: 'understand', generate: 'generate', review: 'review', plan: 'plan' };
const MAX_REFERENCE_CHARS = 100_000;

export interface ParticipantDeps {
  readonly engine: Engine;
  readonly log: Logger;
  /** `/task`: multi-model tasks, when they are wired. */
  readonly task?: ParticipantTaskDeps;
}

/** What a participant's answer reports back (VS Code keeps it with the turn). */
export interface ParticipantResult extends vscode.ChatResult {
  readonly metadata: { readonly modelId?: string; readonly costUsd: number | null; readonly capability?: RoutedCapability };
}

/** The text a `#file` or selection reference stands for. */
async function resolveReference(ref: vscode.ChatPromptReference): Promise<ResolvedContext | undefined> {
  const value = ref.value;
  if (typeof value === 'string') return { label: ref.modelDescription ?? 'Attached text', text: value.slice(0, MAX_REFERENCE_CHARS) };
  const uri = value instanceof vscode.Uri ? value : value instanceof vscode.Location ? value.uri : undefined;
  if (!uri) return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  const path = relativePath(uri);
  if (value instanceof vscode.Location && !value.range.isEmpty) {
    return { label: `Lines ${value.range.start.line + 1}-${value.range.end.line + 1} of ${path}`, path, languageId: doc.languageId, startLine: value.range.start.line + 1, endLine: value.range.end.line + 1, text: doc.getText(value.range) };
  }
  return { label: `The file ${path}`, path, languageId: doc.languageId, text: doc.getText().slice(0, MAX_REFERENCE_CHARS) };
}

/** The chat's picked model, where this VS Code passes one (`request.model`, 1.95+ and not always set). */
function pickedChat(request: vscode.ChatRequest): PickedChat | undefined {
  const model = (request as { model?: vscode.LanguageModelChat }).model;
  return model ? { vendor: model.vendor, id: model.id, name: model.name } : undefined;
}

/** Earlier turns with this participant, as the chat's own transcript shape. */
function historyFrom(context: vscode.ChatContext): StoredMessage[] {
  const out: StoredMessage[] = [];
  context.history.forEach((turn, i) => {
    if (turn instanceof vscode.ChatRequestTurn) {
      out.push({ role: 'user', id: `h${i}`, text: turn.prompt, capability: 'auto', chips: [], context: [], createdAt: 0 });
    } else if (turn instanceof vscode.ChatResponseTurn) {
      const text = withoutReasoningQuotes(turn.response.map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : '')).join(''));
      out.push({ role: 'assistant', id: `h${i}`, requestId: `h${i}`, text, status: turn.result.errorDetails ? 'error' : 'done', createdAt: 0 });
    }
  });
  return out;
}

/**
 * `@switchboard` in VS Code's own chat: the same tiers, classifier and router as the Switchboard
 * view, through the same answer engine. `/explain`, `/generate`, `/review` and `/plan` pick the
 * capability; otherwise it is classified. Reasoning streams as a quote above the answer (see ReasoningQuote).
 */
export function participantHandler(deps: ParticipantDeps) {
  const asked = new RepeatedQuestions();
  return async (request: vscode.ChatRequest, context: vscode.ChatContext, stream: vscode.ChatResponseStream, token: vscode.CancellationToken): Promise<ParticipantResult | ParticipantTaskResult> => {
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    if (request.command === 'task' && deps.task) {
      try {
        const references = (await Promise.all(request.references.map((r) => resolveReference(r).catch(() => undefined)))).flatMap((r) => (r?.path ? [{ path: r.path, text: r.text, ...(r.languageId ? { languageId: r.languageId } : {}), ...(r.startLine !== undefined && r.endLine !== undefined ? { startLine: r.startLine, endLine: r.endLine } : {}) }] : []));
        return await runParticipantTask(deps.task, request, references, stream, abort.signal);
      } finally {
        cancel.dispose();
      }
    }
    const command = request.command ? COMMAND_CAPABILITIES[request.command] : undefined;
    // The model picked in the chat's picker: a Switchboard model decides (a slash command still wins).
    const pick = participantRoute(pickedChat(request));
    const explicit = command ?? (pick.capability !== 'auto' ? pick.capability : undefined);
    const startedAt = Date.now();
    const accumulator = new AnswerAccumulator({ requestId: 'participant', ...(explicit ? { capability: explicit } : {}), capabilitySource: command ? 'command' : 'user', startedAt, health: () => deps.engine.router.healthSnapshot() });
    const quote = new ReasoningQuote();
    try {
      const references = (await Promise.all(request.references.map((r) => resolveReference(r).catch(() => undefined)))).filter((r): r is ResolvedContext => r !== undefined);
      const prompt: StoredUserMessage = { role: 'user', id: 'p', text: request.prompt || (explicit === 'understand' ? 'Explain this.' : request.prompt), capability: explicit ?? 'auto', chips: [], context: references, createdAt: startedAt };
      const selection = references.find((r) => r.startLine !== undefined);
      const editorContext = selection ? { selection: { text: selection.text.slice(0, 4000), languageId: selection.languageId ?? 'plaintext', lineCount: (selection.endLine ?? 1) - (selection.startLine ?? 1) + 1 } } : {};
      const history = historyFrom(context);
      // VS Code's Retry sends the same question again: a model answers it, not the response cache.
      const again = asked.askedBefore([explicit ?? 'auto', pick.pickedModel ?? '', prompt.text, ...references.flatMap((r) => [r.label, r.text]), ...history.map((m) => JSON.stringify(m))]);
      if (again) deps.log.debug('@switchboard: the same question again (a Retry): a model answers it, not the response cache.');
      const answer = deps.engine.answer(
        { kind: 'prompt', capability: explicit ?? 'auto', prompt, history, editorContext },
        { signal: abort.signal, origin: 'participant', ...(pick.pickedModel ? { pickedModel: pick.pickedModel } : {}), ...(again ? { cache: 'refresh' as const } : {}) },
      );
      let explanation: string | undefined;
      for await (const event of answer) {
        if (event.type === 'answer-end' && event.result.failure !== undefined) deps.log.error(`@switchboard failed: ${event.result.failure}`);
        if (event.type === 'answer-end') explanation = event.result.route?.explanation;
        for (const message of accumulator.push(event)) {
          if (message.type === 'answer/delta') stream.markdown(quote.text(message.text));
          else if (message.type === 'answer/reasoning') stream.markdown(quote.reasoning(message.text));
          else if (message.type === 'answer/progress') stream.progress(message.note);
        }
      }
      const end = accumulator.end();
      stream.markdown(`\n\n---\n*${metaLine(end.meta).replace(/[*_`]/g, '')}*`);
      const picked = pickedModelWords(pick, end.meta.modelId, explanation);
      if (picked) {
        stream.markdown(`\n\n*${picked.replace(/[*_`]/g, '')}*`);
        deps.log.info(`@switchboard: ${picked}`);
      }
      return {
        metadata: { ...(end.meta.modelId ? { modelId: end.meta.modelId } : {}), costUsd: end.meta.costUsd, capability: end.meta.capability },
        ...(end.error ? { errorDetails: { message: end.error.message } } : {}),
      };
    } catch (error) {
      deps.log.error(`@switchboard failed: ${(error as Error).message}`);
      return { metadata: { costUsd: null }, errorDetails: { message: abort.signal.aborted ? 'Stopped.' : `Switchboard could not answer: ${(error as Error).message}` } };
    } finally {
      cancel.dispose();
    }
  };
}

/** Registers `@switchboard` where VS Code's chat API exists; does nothing elsewhere. */
export function registerChatParticipant(extensionUri: vscode.Uri, deps: ParticipantDeps): vscode.Disposable {
  const chatApi = (vscode as { chat?: typeof vscode.chat }).chat;
  if (!chatApi || typeof chatApi.createChatParticipant !== 'function') return new vscode.Disposable(() => undefined);
  const participant = chatApi.createChatParticipant(PARTICIPANT_ID, participantHandler(deps));
  participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'switchboard.svg');
  return participant;
}
