import * as vscode from 'vscode';
import { ConversationStore } from '../../core/chat/conversationStore';
import { DisposableStore } from '../../core/lifecycle/disposable';
import type { Logger } from '../../core/log/logger';
import type { HostToWebview } from '../../protocol/chatProtocol';
import type { Engine } from '../engine/engine';
import type { KeyStore } from '../keyStore';
import type { SettingsService } from '../settingsService';
import { ChatViewProvider } from '../views/chatViewProvider';
import { ChatController } from './chatController';
import type { ChatConversations } from './chatConversations';
import { participantHandler, registerChatParticipant } from './chatParticipant';
import { ChatPersistence } from './chatPersistence';
import type { ContextSource } from './contextResolver';
import type { CodeActions } from './codeActions';
import { DiffApplier } from './diffApply';
import { EditorTracker } from './editorTracker';
import { SELECTION_COMMANDS, askAboutSelection, runSelectionCommand } from './selectionCommands';
import type { TaskServices } from '../tasks/registerTasks';
import { TaskController, type TaskChat } from '../tasks/taskController';
import { TaskSessionFile } from '../tasks/taskSessionFile';
import { TaskSessionStore } from '../../core/tasks/taskSessionStore';
import { registerTaskCommands } from '../tasks/taskCommands';

export type { ContextSource } from './contextResolver';

export interface ChatRegistrationDeps {
  readonly engine: Engine;
  readonly settings: SettingsService;
  readonly keys: KeyStore;
  readonly log: Logger;
  /** The analyzer's ranked context and symbol completion, when the index exists. */
  readonly contextSource?: ContextSource;
  /** Multi-model tasks: the card in the chat, the task commands, `/task` in the participant. */
  readonly tasks?: TaskServices;
}

/** What the integration tests reach through `switchboard.chat.testHandle` (registered outside production only). */
export interface ChatTestHandle {
  readonly controller: ChatController;
  readonly conversations: ChatConversations;
  readonly codeActions: CodeActions;
  readonly persistence: ChatPersistence;
  readonly applier: DiffApplier;
  /** The task cards' controller, when tasks are wired. */
  readonly tasks?: TaskController;
  /** The `@switchboard` participant's handler, callable without VS Code's chat UI. */
  readonly participant: ReturnType<typeof participantHandler>;
  /** Every message the host posts from now on, as the view would receive it. */
  record(): { readonly messages: HostToWebview[]; dispose(): void };
  /** Raw message as if the view sent it (validated like one). */
  receive(raw: unknown): Promise<void>;
  /**
   * Shows the real chat view and resolves once VS Code has set it up and it is visible: a suite that
   * then says `ready` itself is not undone by the view being set up a moment later (which marks the
   * view not ready until its page loads).
   */
  showView(): Promise<void>;
  /**
   * What the next window builds from the files, as after a reload: both files written now, then a
   * task controller over a conversation store and a session store read back from them, posting to
   * `messages`. The live controller is untouched.
   */
  reloadTasks?(): Promise<ReloadedTasks>;
}

export interface ReloadedTasks {
  readonly controller: TaskController;
  readonly store: ConversationStore;
  readonly messages: HostToWebview[];
  dispose(): void;
}

/**
 * The chat: its view, its editor commands and apply-with-diff, conversations persisted per
 * workspace. Returns one disposable for all of it.
 */
export function registerChat(context: vscode.ExtensionContext, deps: ChatRegistrationDeps): vscode.Disposable {
  // Disposed last registered first: the participant and subscriptions go before the controller and the store.
  const lifetime = new DisposableStore();
  const storage = context.storageUri ?? context.globalStorageUri;
  const persistence = new ChatPersistence(vscode.Uri.joinPath(storage, 'chat', context.storageUri ? 'conversations.json' : 'conversations-no-workspace.json').fsPath, deps.log);
  const loaded = persistence.load();
  const store = new ConversationStore(loaded.conversations);
  store.setShown(loaded.shown);
  persistence.attach(store);

  // The tracker reports after a debounce, by which time `chat` exists.
  const tracker = new EditorTracker((view) => chat.post({ type: 'editorContext', context: view }));
  const applier = new DiffApplier(deps.log, deps.tasks?.merger);
  const sessionFile = new TaskSessionFile(vscode.Uri.joinPath(storage, 'chat', context.storageUri ? 'tasks.json' : 'tasks-no-workspace.json').fsPath, deps.log);
  const sessions = new TaskSessionStore(deps.tasks ? sessionFile.load() : []);
  sessionFile.attach(sessions);
  const chatPort: TaskChat = {
    post: (message) => chat.post(message),
    show: (conversationId) => chat.conversations.receive({ type: 'conversation/select', conversationId }),
    get isViewReady() {
      return chat.isViewReady;
    },
  };
  const tasks: TaskController | undefined = deps.tasks ? taskController(deps.tasks, deps.engine, store, sessions, tracker, deps.log, chatPort) : undefined;
  const { tasks: _services, ...chatDeps } = deps;
  const chat: ChatController = new ChatController({ ...chatDeps, store, persistence, tracker, applier, ...(tasks ? { tasks } : {}) });
  const provider = new ChatViewProvider(context.extensionUri, chat);
  const reveal = (preserveFocus: boolean) => provider.reveal(preserveFocus);

  lifetime.add(vscode.window.registerWebviewViewProvider(ChatViewProvider.viewType, provider, { webviewOptions: { retainContextWhenHidden: false } }));
  lifetime.add(provider);
  lifetime.add(tracker);
  lifetime.add(applier);
  lifetime.add(chat);
  if (tasks) lifetime.add(tasks);
  lifetime.add(sessions);
  lifetime.add(sessionFile);
  lifetime.add(store);
  lifetime.add(persistence);
  // Models, keys and health change what the composer offers and whether it is usable; a recorded call
  // fires the same event but rarely changes any of that, so the controller posts only what changed.
  lifetime.add(deps.engine.onDidChange(() => chat.postEngineChange()));
  lifetime.add(deps.keys.onDidChange(() => chat.postState()));
  // The composer's mode picker lists the task profiles, which live in settings.
  if (tasks) lifetime.add(deps.settings.onDidChange(() => chat.postState()));
  const participantDeps = { ...deps, ...(deps.tasks ? { task: { runner: deps.tasks.runner, profiles: deps.tasks.profiles, log: deps.log } } : {}) };
  lifetime.add(registerChatParticipant(context.extensionUri, participantDeps));
  // Indexing reports progress often; the view only cares when readiness flips.
  let indexReady = deps.contextSource?.ready?.() ?? false;
  const readiness = deps.contextSource?.onDidChangeReady?.(() => {
    const now = deps.contextSource?.ready?.() ?? false;
    if (now !== indexReady) {
      indexReady = now;
      chat.postState();
    }
  });
  if (readiness) lifetime.add(readiness);

  const register = (id: string, run: (...args: unknown[]) => unknown) => lifetime.add(vscode.commands.registerCommand(id, run));
  const commandDeps = { controller: chat, tracker, reveal };
  for (const spec of SELECTION_COMMANDS) register(spec.id, (args) => runSelectionCommand(spec, commandDeps, args));
  if (tasks) registerTaskCommands(register, { tasks, tracker, reveal, currentConversationId: () => chat.currentConversationId });
  register('switchboard.askAboutSelection', (args) => askAboutSelection(commandDeps, args));
  register('switchboard.newChat', async () => {
    await chat.receive({ type: 'conversation/new' });
    await reveal(false);
  });
  register('switchboard.renameConversation', async () => {
    const current = chat.currentConversationId;
    if (current === undefined) {
      void vscode.window.showInformationMessage('Switchboard: this chat has no conversation to rename yet; ask something first.');
      return false;
    }
    return chat.conversations.rename(current);
  });

  if (context.extensionMode !== vscode.ExtensionMode.Production) {
    register('switchboard.chat.testHandle', (): ChatTestHandle => ({
      controller: chat,
      conversations: chat.conversations,
      codeActions: chat.codeActions,
      persistence,
      applier,
      ...(tasks ? { tasks } : {}),
      participant: participantHandler(participantDeps),
      record: () => {
        const messages: HostToWebview[] = [];
        const sink = chat.addSink((m) => messages.push(m));
        return { messages, dispose: () => sink.dispose() };
      },
      receive: (raw) => chat.receive(raw),
      showView: async () => {
        await reveal(true);
        await provider.shown();
      },
      ...(deps.tasks ? { reloadTasks: () => reloadTasks(deps.tasks!, deps.engine, persistence, sessionFile, tracker, deps.log) } : {}),
    }));
  }

  return lifetime;
}

async function reloadTasks(services: TaskServices, engine: Engine, persistence: ChatPersistence, sessionFile: TaskSessionFile, tracker: EditorTracker, log: Logger): Promise<ReloadedTasks> {
  await persistence.flush();
  await sessionFile.flush();
  const store = new ConversationStore(persistence.load().conversations);
  const sessions = new TaskSessionStore(new TaskSessionFile(sessionFile.file, log).load());
  const messages: HostToWebview[] = [];
  // Built as the next window builds it (signals included), posting to `messages` instead of a view.
  const controller = taskController(services, engine, store, sessions, tracker, log, { post: (m) => messages.push(m), show: () => Promise.resolve(), isViewReady: false });
  return {
    controller,
    store,
    messages,
    dispose: () => {
      controller.dispose();
      sessions.dispose();
      store.dispose();
    },
  };
}

function taskController(services: TaskServices, engine: Engine, store: ConversationStore, sessions: TaskSessionStore, tracker: EditorTracker, log: Logger, chat: TaskChat): TaskController {
  return new TaskController({
    signals: { recordSignal: (signal) => engine.metrics.recordSignal(signal), now: Date.now, workspaceId: engine.workspaceId, log },
    runner: services.runner,
    actions: services.actions,
    profiles: services.profiles,
    store,
    sessions,
    tracker,
    log,
    chat,
  });
}
