import type { Anchors } from '../analysis/repoMap';
import type { Classification, ClassificationInput, EditorContext } from '../classify/types';
import type { RoutedCapability } from '../chat/chatVocabulary';
import type { StoredMessage, StoredUserMessage } from '../chat/conversationSchema';
import { anchorsFor } from '../chat/promptAnchors';
import { buildRequest } from '../chat/promptBuilder';
import type { Logger } from '../log/logger';
import type { ModelRequest } from '../providers/contract';
import type { Capability } from '../router/capabilities';
import type { RouteEvent, RouteOutcome, RouteResult } from '../router/routeEvents';
import type { RouteOptions } from '../router/routeOptions';
import type { TaskRouter } from './taskPorts';

/*
 * One engine for every single answer: the Switchboard chat, the `@switchboard` participant and the
 * exported API's route/complete all run an answer through here, as a task of one phase: classify
 * ('auto'), gather ranked repo context, build the request, route it. The front ends only present
 * the events. Plain answers carry no task id: the metrics' task views are for multi-phase tasks.
 */

/** Tokens of ranked repo context added to understand/generate/review prompts when the index exists. */
export const REPO_CONTEXT_TOKENS = 2000;

export type AnswerClassifier = (input: ClassificationInput, signal?: AbortSignal) => Promise<Classification>;

/** The analyzer's ranked map of declarations around a prompt (the VS Code layer's ContextSource fits). */
export interface RepoContextSource {
  /** Whether an index exists now; the answer never waits for indexing. */
  readonly ready?: () => boolean;
  rankedContext(anchors: Anchors, tokenBudget: number): Promise<string | undefined>;
}

export interface AnswerPorts {
  readonly router: Pick<TaskRouter, 'route'>;
  /** Decides 'auto' (see routerClassifier: the classify tier through the router, else the rules). */
  readonly classify: AnswerClassifier;
  /** Without it, prompts carry only the context they name. */
  readonly context?: RepoContextSource;
  readonly log: Logger;
  /** Budgets and spend are per workspace. */
  readonly workspaceId?: string;
  /** Whether a model id is configured now (a model picked earlier may have gone). */
  readonly knowsModel?: (modelId: string) => boolean;
}

/**
 * A cut-off answer to take up again: the model gets it as its own turn and is asked to go on from
 * where it stopped. The capability is the first attempt's, so nothing is classified again.
 */
export interface AnswerContinuation {
  readonly capability: RoutedCapability;
  /** The text that arrived before the stream dropped. */
  readonly text: string;
}

/** What the model is told after its own cut-off text. */
export const CONTINUE_INSTRUCTION =
  'Your answer above was cut off. Continue it from exactly where it stopped, mid-sentence or mid-code-block if need be. Do not repeat any of it and do not add an introduction.';

/** A prompt in a conversation: the request is built from it, its history and any repo context. */
export interface PromptAnswerInput {
  readonly kind: 'prompt';
  readonly capability: RoutedCapability | 'auto';
  readonly prompt: StoredUserMessage;
  readonly history: readonly StoredMessage[];
  /** What the classifier reads for 'auto' (selection, active file, diff). */
  readonly editorContext?: EditorContext;
  /** Workspace-relative path of the active editor's file: an anchor of the repo context. */
  readonly activeFile?: string;
  /** Set when this answer continues a cut-off one to `prompt` (see AnswerContinuation). */
  readonly continuation?: AnswerContinuation;
}

/** A request the caller built (the exported API): sent as it is. */
export interface RequestAnswerInput {
  readonly kind: 'request';
  readonly capability: Capability | 'auto';
  readonly request: ModelRequest;
  readonly editorContext?: EditorContext;
}

export type AnswerInput = PromptAnswerInput | RequestAnswerInput;

export type AnswerOptions = Omit<RouteOptions, 'workspace'>;

export interface AnswerResult {
  /** The router's outcome; 'cancelled' when the signal ended it, 'error' when Switchboard itself failed. */
  readonly outcome: RouteOutcome;
  /** The capability routed to; undefined when the answer ended before it was known. */
  readonly capability?: Capability;
  readonly classification?: Classification;
  /** The router's result; undefined when the answer ended before routing finished. */
  readonly route?: RouteResult;
  /** A failure inside Switchboard (not a model's): its message. */
  readonly failure?: string;
}

export type AnswerEvent =
  /** Something to tell the person while waiting (choosing a capability, a model that has gone). */
  | { readonly type: 'note'; readonly note: string }
  | { readonly type: 'classified'; readonly classification: Classification }
  | RouteEvent
  /** Always the last event, exactly once. */
  | { readonly type: 'answer-end'; readonly result: AnswerResult };

function lastUserText(request: ModelRequest): string {
  return [...request.messages].reverse().find((m) => m.role === 'user')?.content ?? '';
}

async function repoContext(ports: AnswerPorts, capability: RoutedCapability, input: PromptAnswerInput): Promise<string | undefined> {
  const source = ports.context;
  // A plan is about the task, not the code around it; the map would crowd out the request.
  if (!source || capability === 'plan' || !(source.ready?.() ?? true)) return undefined;
  try {
    return await source.rankedContext(anchorsFor(input.prompt.context, input.prompt.chips, input.activeFile), REPO_CONTEXT_TOKENS);
  } catch (error) {
    ports.log.warn(`Answer: ranked context failed, answering without it: ${(error as Error).message}`);
    return undefined;
  }
}

/**
 * Runs one answer. Yields a note and the classification for 'auto', the router's events, then
 * exactly one `answer-end`. Never throws: a cancelled signal ends with 'cancelled', a failure inside
 * Switchboard with 'error' and its message in `failure`.
 */
export async function* runAnswer(ports: AnswerPorts, input: AnswerInput, options: AnswerOptions = {}): AsyncGenerator<AnswerEvent> {
  const signal = options.signal;
  let classification: Classification | undefined;
  let capability: Capability | undefined;
  let route: RouteResult | undefined;
  const end = (outcome: RouteOutcome, failure?: string): AnswerEvent => ({
    type: 'answer-end',
    result: { outcome, ...(capability ? { capability } : {}), ...(classification ? { classification } : {}), ...(route ? { route } : {}), ...(failure !== undefined ? { failure } : {}) },
  });
  try {
    const continuation = input.kind === 'prompt' ? input.continuation : undefined;
    if (input.capability === 'auto' && !continuation) {
      yield { type: 'note', note: 'Choosing a capability…' };
      const text = input.kind === 'prompt' ? input.prompt.text : lastUserText(input.request);
      classification = await ports.classify({ text, context: input.editorContext ?? {} }, signal);
      yield { type: 'classified', classification };
    }
    let request: ModelRequest;
    if (input.kind === 'prompt') {
      const routed: RoutedCapability = continuation?.capability ?? classification?.capability ?? (input.capability === 'auto' ? 'understand' : input.capability);
      capability = routed;
      const repoMap = signal?.aborted ? undefined : await repoContext(ports, routed, input);
      request = buildRequest(routed, input.history, input.prompt, repoMap);
      if (continuation) {
        request = { ...request, messages: [...request.messages, { role: 'assistant', content: continuation.text }, { role: 'user', content: CONTINUE_INSTRUCTION }] };
      }
    } else {
      capability = classification?.capability ?? (input.capability === 'auto' ? 'understand' : input.capability);
      request = input.request;
    }
    if (signal?.aborted) {
      yield end('cancelled');
      return;
    }
    const preferred = options.pickedModel ?? options.preferModel;
    if (preferred && ports.knowsModel && !ports.knowsModel(preferred)) yield { type: 'note', note: `${preferred} is not configured any more; the router chooses instead.` };
    // The classifier's complexity, so the adaptive scores of that complexity decide and learn.
    const complexity = options.complexity ?? classification?.complexity;
    for await (const event of ports.router.route(capability, request, { ...options, ...(ports.workspaceId !== undefined ? { workspace: ports.workspaceId } : {}), ...(complexity ? { complexity } : {}) })) {
      if (event.type === 'done') route = event.result;
      yield event;
    }
    if (route) yield end(route.outcome);
    else yield signal?.aborted ? end('cancelled') : end('error', 'the router ended without a result');
  } catch (error) {
    yield signal?.aborted ? end('cancelled') : end('error', (error as Error).message);
  }
}
