import * as vscode from 'vscode';
import { DisposableBase } from '../../core/lifecycle/disposable';
import { Emitter } from '../../core/lifecycle/emitter';
import type { Logger } from '../../core/log/logger';
import { LOOP_MARKER_OPTION, type LoopGuard } from '../../core/lmProvider/loopGuard';
import { listProviderModels, parseProviderModelId, providerModelsKey, SWITCHBOARD_VENDOR, type ProviderModelInfo } from '../../core/lmProvider/providerModels';
import { providerOutcome } from '../../core/lmProvider/providerOutcome';
import { incomingTexts, routeFor, toModelRequest, type IncomingMessage, type IncomingPart } from '../../core/lmProvider/providerRequest';
import { answerBudgetUnattended, BUDGET_NOTIFICATION_TIMEOUT_MS } from '../../core/lmProvider/unattendedBudget';
import { estimateTokens } from '../../core/providers/tokenEstimate';
import { abortableSleep } from '../../core/router/abort';
import type { BudgetAnswer, BudgetQuestion } from '../../core/router/routeEvents';
import type { AnswerResult } from '../../core/tasks/answer';
import type { Engine } from '../engine/engine';
import type { SettingsService } from '../settingsService';
import {
  type LanguageModelChatInformation,
  type LanguageModelChatProvider,
  type LanguageModelChatRequestMessage,
  type LanguageModelResponsePart,
  type ProvideLanguageModelChatResponseOptions,
  registerProviderFunction,
} from './lmProviderApi';
import { plural } from '../../shared/figures';

export interface ChatProviderDeps {
  /** Undefined until the engine has been built: the provider is registered before it (see registerChatProvider). */
  readonly engine: () => Engine | undefined;
  readonly settings: SettingsService;
  readonly loopGuard: LoopGuard;
  readonly log: Logger;
}

type Info = LanguageModelChatInformation & { readonly info: ProviderModelInfo };

/**
 * Switchboard as a language-model provider (VS Code 1.104+): the picker's model is routed through
 * the same answer engine as the chat, recorded with origin `model-picker`. Every decision is in
 * src/core/lmProvider; this only copies VS Code's parts in and the router's parts out.
 */
export class SwitchboardChatProvider extends DisposableBase implements LanguageModelChatProvider<Info> {
  private readonly changed = this.register(new Emitter<void>());
  readonly onDidChangeLanguageModelChatInformation = this.changed.event;
  private lastKey = '';

  constructor(private readonly deps: ChatProviderDeps) {
    super();
    this.lastKey = providerModelsKey(this.models());
    this.register(deps.loopGuard.onDidExclude(() => this.refresh()));
  }

  /** The engine is built: list its models from now on, and follow its rebuilds. */
  attach(engine: Engine): void {
    this.register(engine.onDidRebuild(() => this.refresh()));
    this.refresh();
  }

  /** Fires the change event when the list differs (models, tiers, or what a server refused). */
  refresh(): void {
    const key = providerModelsKey(this.models());
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.changed.fire();
  }

  private models(): ProviderModelInfo[] {
    const guard = this.deps.loopGuard;
    const engine = this.deps.engine();
    if (!engine) return [];
    return listProviderModels({ registry: engine.models, excluded: (e) => e.config.provider === 'vscode-lm' && guard.excludesName(e.config.model) });
  }

  provideLanguageModelChatInformation(): Info[] {
    return this.models().map((info) => ({
      id: info.id,
      name: info.name,
      family: info.family,
      version: info.version,
      tooltip: info.tooltip,
      ...(info.detail ? { detail: info.detail } : {}),
      maxInputTokens: info.maxInputTokens,
      maxOutputTokens: info.maxOutputTokens,
      capabilities: info.capabilities,
      info,
    }));
  }

  async provideLanguageModelChatResponse(
    model: Info,
    messages: readonly LanguageModelChatRequestMessage[],
    options: ProvideLanguageModelChatResponseOptions,
    progress: vscode.Progress<LanguageModelResponsePart>,
    token: vscode.CancellationToken,
  ): Promise<void> {
    const incoming = messages.map(toIncoming);
    const loop = this.deps.loopGuard.checkIncoming({ marker: options.modelOptions?.[LOOP_MARKER_OPTION], texts: incomingTexts(incoming) });
    if (loop) throw new Error(loop.message);
    const target = parseProviderModelId(model.id);
    if (!target) throw new Error(`Switchboard has no model "${model.id}"; pick one from the list again.`);
    const maxTokens = options.modelOptions?.['maxTokens'];
    const request = toModelRequest(incoming, {
      ...(options.tools ? { tools: options.tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })) } : {}),
      toolMode: options.toolMode === vscode.LanguageModelChatToolMode.Required ? 'required' : 'auto',
      ...(typeof maxTokens === 'number' ? { maxOutputTokens: maxTokens } : {}),
    });
    const engine = this.deps.engine();
    if (!engine) throw new Error('Switchboard is still starting; try again in a moment.');
    const { capability, pickedModel } = routeFor(target);
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    let result: AnswerResult | undefined;
    try {
      const answer = engine.answer(
        { kind: 'request', capability, request },
        { signal: abort.signal, origin: 'model-picker', ...(pickedModel ? { pickedModel } : {}), askBudget: (q) => this.askBudget(q, abort.signal) },
      );
      for await (const event of answer) {
        if (event.type === 'decision') this.deps.log.info(`Model picker: ${model.name} → ${event.decision.explanation}`);
        else if (event.type === 'text-delta') progress.report(new vscode.LanguageModelTextPart(event.text));
        else if (event.type === 'tool-call') progress.report(new vscode.LanguageModelToolCallPart(event.call.id, event.call.name, asObject(event.call.arguments)));
        else if (event.type === 'answer-end') result = event.result;
      }
    } finally {
      cancel.dispose();
      // A server may have refused tools or a schema during this request: the list says so from now on.
      this.refresh();
    }
    const outcome = providerOutcome(model.name, result ?? { outcome: 'error', failure: 'the answer ended without a result' });
    if (outcome.ok) this.deps.log.info(outcome.logLine);
    else if (outcome.cancelled) {
      this.deps.log.info(outcome.logLine);
      throw new vscode.CancellationError();
    } else {
      this.deps.log.warn(outcome.logLine);
      throw new Error(outcome.errorMessage);
    }
  }

  provideTokenCount(_model: Info, text: string | LanguageModelChatRequestMessage): Promise<number> {
    if (typeof text === 'string') return Promise.resolve(estimateTokens(text));
    const parts = toIncoming(text).parts;
    return Promise.resolve(parts.reduce((sum, p) => sum + estimateTokens(partText(p)), 0));
  }

  private askBudget(question: BudgetQuestion, signal: AbortSignal): Promise<BudgetAnswer> {
    return answerBudgetUnattended(question, {
      canNotify: vscode.window.state.focused,
      notify: async (q, stop) => {
        const items: (vscode.MessageItem & { answer: BudgetAnswer })[] = [{ title: 'Allow this request', answer: 'allow' }];
        if (q.stepDownTo) items.push({ title: `Use ${q.stepDownTo}`, answer: 'step-down' });
        items.push({ title: 'Block', answer: 'block' });
        // A notification, not a modal: the request may come from an agent the person is not watching.
        const picked = await Promise.race([
          vscode.window.showWarningMessage(`Switchboard (model picker): ${q.message}`, ...items),
          new Promise<undefined>((resolve) => {
            stop.addEventListener('abort', () => resolve(undefined), { once: true });
            signal.addEventListener('abort', () => resolve(undefined), { once: true });
          }),
        ]);
        return picked?.answer;
      },
      unattended: this.deps.settings.value.settings.router.budget.unattended,
      timeoutMs: BUDGET_NOTIFICATION_TIMEOUT_MS,
      sleep: abortableSleep,
      log: (line) => this.deps.log.info(line),
    });
  }
}

/** VS Code's message parts as the core's plain ones. */
function toIncoming(message: LanguageModelChatRequestMessage): IncomingMessage {
  const role = message.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : message.role === vscode.LanguageModelChatMessageRole.User ? 'user' : 'system';
  const parts: IncomingPart[] = message.content.map((part): IncomingPart => {
    if (part instanceof vscode.LanguageModelTextPart) return { type: 'text', text: part.value };
    if (part instanceof vscode.LanguageModelToolCallPart) return { type: 'tool-call', callId: part.callId, name: part.name, input: part.input };
    if (part instanceof vscode.LanguageModelToolResultPart) {
      const text = part.content.map((c) => (c instanceof vscode.LanguageModelTextPart ? c.value : '')).join('');
      return { type: 'tool-result', callId: part.callId, text };
    }
    return { type: 'other' };
  });
  return { role, parts };
}

function partText(part: IncomingPart): string {
  if (part.type === 'text' || part.type === 'tool-result') return part.text;
  if (part.type === 'tool-call') return `${part.name}${JSON.stringify(part.input)}`;
  return '';
}

function asObject(value: unknown): object {
  return typeof value === 'object' && value !== null ? value : {};
}

/**
 * Registers the provider where VS Code has the API (1.104+); on older versions logs one line and
 * does without it. Called before the engine is built: the engine's first discovery lists
 * `vscode.lm` models, and VS Code holds that list until every contributed vendor (Switchboard's
 * too) has registered, so registering after it would stall activation (28 s on 1.139).
 */
export function registerChatProvider(deps: Omit<ChatProviderDeps, 'engine'>): { readonly disposable: vscode.Disposable; attach(engine: Engine): void } {
  const register = registerProviderFunction();
  if (!register) {
    deps.log.info(`VS Code ${vscode.version} has no language-model provider API (it needs 1.104+): Switchboard's models are not offered in VS Code's model picker; its chat, @switchboard and commands work as usual.`);
    return { disposable: new vscode.Disposable(() => undefined), attach: () => undefined };
  }
  let engine: Engine | undefined;
  const provider = new SwitchboardChatProvider({ ...deps, engine: () => engine });
  const registration = register(SWITCHBOARD_VENDOR, provider);
  return {
    disposable: vscode.Disposable.from(registration, provider),
    attach: (built) => {
      engine = built;
      provider.attach(built);
      // The engine builds its first models after activation (the keys come from SecretStorage): count them then.
      void built.ready.then(() => deps.log.info(`Language-model provider registered (vendor ${SWITCHBOARD_VENDOR}): ${plural(provider.provideLanguageModelChatInformation().length, 'model')} in VS Code's model picker.`));
    },
  };
}
