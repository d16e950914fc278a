import type { Anchors } from '../analysis/repoMap';
import type { Classification, ClassificationInput, EditorContext } from '../classify/types';
import type { RoutedCapability } from '../chat/chatVocabulary';
import type { StoredMessage, StoredUserMessage } from '../chat/conversationSchema';
import { anchorsFor } from '../chat/promptAnchors';
import { buildRequest } from '../chat/promptBuilder';
import type { Logger } from '../log/logger';
import type { ModelRequest } from '../providers/contract';
import type { Capability } from '../router/capabilities';
import type { RouteResult } from '../router/routeEvents';
import type { RouteOptions } from '../router/routeOptions';
import { driveTask, type TaskBasics, type TaskLife } from './taskLife';
import type { TaskRouter } from './taskPorts';
import { PhaseRouter } from './phaseRouter';
import { note } from './taskRun';
import { phaseFigures, phaseResultOf, phaseStart } from './taskTotals';
import { ANSWER_PHASE, STOPPED_REASON, type PhaseFallback, type PhaseOutput, type PhaseStatus, type TaskEvent, type TaskProfile } from './taskTypes';
import { newId } from '../../shared/newId';

/*
 * A plain answer (the chat, the participant, the model picker, the API) is a task of one phase on
 * the same engine as every other task: classify ('auto'), gather ranked repo context, build the
 * request, route it, streaming the router's events as the phase's. Its attempts keep the caller's
 * origin and carry no task id: an answer's rollup buckets stay one per model and hour (a task id
 * per answer would make one per answer), and its phase names the request id they all carry.
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
  readonly router: Pick<TaskRouter, 'complete'>;
  /** Decides 'auto' (see routerClassifier: the classify tier through the router, else the rules). */
  readonly classify: AnswerClassifier;
  /** Without it, prompts carry only the context they name. */
  readonly context?: RepoContextSource;
  readonly log: Logger;
  /** Budgets and spend are per workspace. */
  readonly workspaceId?: string;
  /** Whether a model id is configured now (a model picked earlier may have gone). */
  readonly knowsModel?: (modelId: string) => boolean;
  /** The task's clock and id (defaults: the wall clock and a random id). */
  readonly now?: () => number;
  readonly newId?: () => string;
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

/** The profile a plain answer runs under; its one phase is the answer phase, which no profile in settings names. */
export const ANSWER_PROFILE: TaskProfile = {
  id: 'answer',
  label: 'Answer',
  description: 'One answer: classify when asked, add repo context, route.',
  builtIn: true,
  phases: [],
  phaseSettings: {},
  pattern: 'single',
  maxRefineRounds: 0,
  maxParallel: 1,
  approvePlan: false,
};

interface AnswerRun extends TaskLife {
  output?: PhaseOutput;
}

/**
 * Runs one answer as a task of one phase: `task-start`, `phase-start`, notes and the classification
 * for 'auto', the router's events as `phase-route`, `phase-end`, then one `task-end`. Never throws.
 */
export function runAnswerTask(ports: AnswerPorts, input: AnswerInput, options: AnswerOptions = {}): AsyncIterable<TaskEvent> {
  const basics: TaskBasics = { log: ports.log, now: ports.now ?? Date.now, newId: ports.newId ?? (() => newId('a')) };
  return driveTask<AnswerRun>({
    basics,
    profile: ANSWER_PROFILE,
    // Two literals, not a spread: an object literal with spreads is slow on Node 20 (see phaseResultOf).
    options: options.signal ? { phaseNames: [ANSWER_PHASE], signal: options.signal } : { phaseNames: [ANSWER_PHASE] },
    make: (life): AnswerRun => life,
    flow: (run) => answerPhase(ports, basics, run, input, options),
    outcome: (run) => (run.output ? { final: run.output } : {}),
  });
}

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

/** The answer phase: ends with one `phase-end` whatever happens, a failure inside Switchboard included. */
async function answerPhase(ports: AnswerPorts, basics: TaskBasics, run: AnswerRun, input: AnswerInput, options: AnswerOptions): Promise<void> {
  const { taskId, signal } = run;
  const startedAt = basics.now();
  const continuation = input.kind === 'prompt' ? input.continuation : undefined;
  let capability: Capability | undefined = continuation?.capability ?? (input.capability === 'auto' ? undefined : input.capability);
  run.emit(phaseStart(taskId, ANSWER_PHASE, ANSWER_PHASE, undefined, capability, startedAt));
  let route: RouteResult | undefined;
  let fallbacks: readonly PhaseFallback[] = [];
  let failure: string | undefined;
  try {
    let classification: Classification | undefined;
    if (input.capability === 'auto' && !continuation) {
      note(run, 'Choosing a capability…');
      const text = input.kind === 'prompt' ? input.prompt.text : lastUserText(input.request);
      classification = await ports.classify({ text, context: input.editorContext ?? {} }, signal);
      run.emit({ type: 'classified', taskId, key: ANSWER_PHASE, classification });
    }
    let request: ModelRequest;
    if (input.kind === 'prompt') {
      const routed: RoutedCapability = continuation?.capability ?? classification?.capability ?? (input.capability === 'auto' ? 'understand' : input.capability);
      capability = routed;
      const repoMap = signal.aborted ? undefined : await repoContext(ports, routed, input);
      request = buildRequest(routed, input.history, input.prompt, repoMap);
      if (continuation) {
        request = Object.assign({}, request, { messages: [...request.messages, { role: 'assistant', content: continuation.text }, { role: 'user', content: CONTINUE_INSTRUCTION }] });
      }
    } else {
      capability = classification?.capability ?? (input.capability === 'auto' ? 'understand' : input.capability);
      request = input.request;
    }
    if (!signal.aborted) {
      const preferred = options.pickedModel ?? options.preferModel;
      if (preferred && ports.knowsModel && !ports.knowsModel(preferred)) note(run, `${preferred} is not configured any more; the router chooses instead.`);
      // The classifier's complexity, so the adaptive scores of that complexity decide and learn.
      const complexity = options.complexity ?? classification?.complexity;
      const routeOptions: RouteOptions = Object.assign({}, options, { signal }, ports.workspaceId !== undefined ? { workspace: ports.workspaceId } : {}, complexity ? { complexity } : {});
      // As every task phase routes: the router's events re-emitted as the phase's, its fallbacks kept.
      const router = new PhaseRouter(ports.router, routeOptions, (event) => run.emit({ type: 'phase-route', taskId, key: ANSWER_PHASE, event }));
      try {
        route = await router.complete(capability, request);
      } finally {
        fallbacks = router.fallbacks;
      }
    }
  } catch (error) {
    if (!signal.aborted) failure = (error as Error).message;
  }
  const status: PhaseStatus = route ? statusOf(route) : signal.aborted ? 'cancelled' : 'failed';
  const error = route?.error?.message ?? (status === 'failed' ? (failure ?? `the ${capability ?? 'answer'} tier gave no answer`) : undefined);
  if (route?.text) run.output = { kind: 'text', text: route.text };
  const result = phaseResultOf({ key: ANSWER_PHASE, phase: ANSWER_PHASE, status, capability, startedAt, output: run.output, error }, phaseFigures(route ? [route] : [], fallbacks));
  run.phases.push(result);
  if (status === 'cancelled') run.stop = { status: 'cancelled', reason: STOPPED_REASON };
  else if (status === 'failed') run.stop = { status: 'failed', reason: `answer failed: ${error ?? 'unknown error'}` };
  run.emit({ type: 'phase-end', taskId, result });
}

function statusOf(route: RouteResult): PhaseStatus {
  if (route.outcome === 'success') return 'succeeded';
  return route.outcome === 'cancelled' ? 'cancelled' : 'failed';
}
