import type {
  AnswerAction,
  AssistantMessageView,
  ConversationSummary,
  EditorContextView,
  HostToWebview,
  MessageView,
  ModelsAvailable,
  SetupSummary,
  TaskProfileOption,
} from '../../protocol/chatProtocol';
import { foldTaskEvent } from './taskCardState';

/** An answer in flight: its message (once the host started it) and the latest progress note. */
export interface InFlight {
  readonly requestId: string;
  readonly messageId?: string;
  readonly note?: string;
}

export interface Banner {
  readonly message: string;
  readonly actions: readonly AnswerAction[];
}

export interface BudgetAsk {
  readonly requestId: string;
  readonly message: string;
  readonly stepDownTo?: string;
}

/** Everything the chat view renders, except the text of answers still streaming (see LiveAnswers). */
export interface ChatViewState {
  /** False until the first `state` snapshot: the view shows the welcome's "reading settings". */
  readonly loaded: boolean;
  readonly conversations: readonly ConversationSummary[];
  readonly currentConversationId: string | undefined;
  readonly messages: readonly MessageView[];
  readonly models: ModelsAvailable;
  readonly setup: SetupSummary | undefined;
  readonly usable: boolean;
  readonly indexReady: boolean;
  /** What the composer's Task mode offers; empty hides the mode picker. */
  readonly taskProfiles: readonly TaskProfileOption[];
  readonly editorContext: EditorContextView;
  readonly inFlight: readonly InFlight[];
  readonly banner: Banner | undefined;
  readonly budgetAsk: BudgetAsk | undefined;
}

/** Events the view raises itself, folded by the same reducer as the host's messages. */
export type LocalEvent =
  | { readonly type: 'local/sent'; readonly requestId: string }
  | { readonly type: 'local/dismissBanner' }
  | { readonly type: 'local/budgetAnswered'; readonly requestId: string };

export const EMPTY_MODELS: ModelsAvailable = { all: [], byCapability: { understand: [], generate: [], review: [], plan: [] } };

export const INITIAL_STATE: ChatViewState = {
  loaded: false,
  conversations: [],
  currentConversationId: undefined,
  messages: [],
  models: EMPTY_MODELS,
  setup: undefined,
  usable: false,
  indexReady: false,
  taskProfiles: [],
  editorContext: {},
  inFlight: [],
  banner: undefined,
  budgetAsk: undefined,
};

function updateAnswer(messages: readonly MessageView[], requestId: string, update: (m: AssistantMessageView) => AssistantMessageView): readonly MessageView[] {
  const index = messages.findIndex((m) => m.role === 'assistant' && m.requestId === requestId);
  const found = messages[index];
  if (index < 0 || found?.role !== 'assistant') return messages;
  const next = messages.slice();
  next[index] = update(found);
  return next;
}

/**
 * Folds one host message (or local event) into the view state. Pure: returns the same object when
 * nothing changed, so the view can skip rendering. `answer/delta` and `answer/reasoning` never
 * change this state: the streaming text lives in LiveAnswers, so a token does not re-render the
 * message list.
 */
export function reduceChatState(state: ChatViewState, event: HostToWebview | LocalEvent): ChatViewState {
  switch (event.type) {
    case 'setup':
      return { ...state, setup: event.summary };
    case 'state': {
      const s = event.state;
      // A snapshot may show an answer as finished whose answer/end this view never saw.
      const finished = new Set(s.messages.flatMap((m) => (m.role === 'assistant' && m.status !== 'streaming' ? [m.requestId] : [])));
      return {
        ...state,
        loaded: true,
        conversations: s.conversations,
        currentConversationId: s.currentConversationId,
        messages: s.messages,
        models: s.models,
        setup: s.setup,
        usable: s.usable,
        indexReady: s.indexReady,
        taskProfiles: s.taskProfiles ?? [],
        inFlight: [
          ...state.inFlight.filter((f) => !finished.has(f.requestId)),
          // Answers still streaming in the host (the view was hidden or reloaded meanwhile) can be stopped.
          ...s.messages.flatMap((m) =>
            m.role === 'assistant' && m.status === 'streaming' && !state.inFlight.some((f) => f.requestId === m.requestId) ? [{ requestId: m.requestId, messageId: m.id }] : [],
          ),
        ],
      };
    }
    case 'editorContext':
      return { ...state, editorContext: event.context };
    case 'message/user': {
      if (event.conversationId !== state.currentConversationId) {
        // The first message of a new conversation: the host has just created it.
        if (state.currentConversationId !== undefined || state.messages.length > 0) return state;
      }
      const index = state.messages.findIndex((m) => m.id === event.message.id);
      const messages = index >= 0 ? [...state.messages.slice(0, index), event.message] : [...state.messages, event.message];
      return { ...state, currentConversationId: event.conversationId, messages };
    }
    case 'answer/start': {
      const inFlight = [...state.inFlight.filter((f) => f.requestId !== event.requestId), { requestId: event.requestId, messageId: event.messageId }];
      if (event.conversationId !== state.currentConversationId) return { ...state, inFlight };
      const existing = state.messages.find((m) => m.id === event.messageId);
      if (existing?.role === 'assistant' && event.continues !== undefined) {
        // A continuation streams onto the cut-off answer: the same message, under the new request.
        const resumed: AssistantMessageView = { role: 'assistant', id: existing.id, requestId: event.requestId, text: event.continues, ...(existing.reasoning ? { reasoning: existing.reasoning } : {}), status: 'streaming', createdAt: existing.createdAt };
        return { ...state, inFlight, messages: state.messages.map((m) => (m.id === existing.id ? resumed : m)) };
      }
      if (existing) return { ...state, inFlight };
      const answer: AssistantMessageView = { role: 'assistant', id: event.messageId, requestId: event.requestId, text: '', status: 'streaming', createdAt: event.createdAt };
      return { ...state, inFlight, messages: [...state.messages, answer] };
    }
    case 'answer/progress': {
      if (!state.inFlight.some((f) => f.requestId === event.requestId)) return state;
      return { ...state, inFlight: state.inFlight.map((f) => (f.requestId === event.requestId ? { ...f, note: event.note } : f)) };
    }
    case 'answer/delta':
    case 'answer/reasoning':
      return state;
    case 'answer/end': {
      const inFlight = state.inFlight.filter((f) => f.requestId !== event.requestId);
      const messages = updateAnswer(state.messages, event.requestId, (m) => {
        const next: AssistantMessageView = { ...m, text: event.text, ...(event.reasoning ? { reasoning: event.reasoning } : {}), status: event.status };
        return { ...next, ...(event.meta ? { meta: event.meta } : {}), ...(event.error ? { error: event.error } : {}) };
      });
      const budgetAsk = state.budgetAsk?.requestId === event.requestId ? undefined : state.budgetAsk;
      return { ...state, inFlight, messages, budgetAsk };
    }
    case 'budget/ask':
      return { ...state, budgetAsk: { requestId: event.requestId, message: event.message, ...(event.stepDownTo ? { stepDownTo: event.stepDownTo } : {}) } };
    case 'error': {
      // An error about a request that never started (e.g. rejected send) also ends its "in flight".
      const inFlight = event.requestId ? state.inFlight.filter((f) => f.requestId !== event.requestId || f.messageId !== undefined) : state.inFlight;
      return { ...state, inFlight, banner: { message: event.message, actions: event.actions ?? [] } };
    }
    case 'task/event':
      return foldTaskEvent(state, event);
    case 'completion':
    case 'composer/prefill':
    case 'announce':
    case 'focus/return':
      return state;
    case 'local/sent':
      return { ...state, banner: undefined, inFlight: [...state.inFlight, { requestId: event.requestId }] };
    case 'local/dismissBanner':
      return state.banner ? { ...state, banner: undefined } : state;
    case 'local/budgetAnswered':
      return state.budgetAsk?.requestId === event.requestId ? { ...state, budgetAsk: undefined } : state;
  }
}

/** Whether anything is streaming or waiting to start: the composer shows Stop instead of Send. */
export function isBusy(state: ChatViewState): boolean {
  return state.inFlight.length > 0;
}
