import * as vscode from 'vscode';
import { CallGuard } from '../../core/providers/callGuard';
import {
  type ChatMessage,
  type LanguageModel,
  type ModelErrorKind,
  type ModelRequest,
  ModelError,
  type StreamOptions,
  type StreamPart,
} from '../../core/providers/contract';
import { DEFAULT_FIRST_TOKEN_TIMEOUT_MS, DEFAULT_TIMEOUT_MS } from '../../core/providers/modelSettings';

export interface VscodeLmSettings {
  /** Matches `LanguageModelChat.id`, or `family`, or `vendor/family` (e.g. `copilot/gpt-4o`). */
  readonly model: string;
  readonly timeoutMs?: number;
  readonly firstTokenTimeoutMs?: number;
  readonly maxOutputTokens?: number;
}

/**
 * VS Code's Language Model API as a provider. Token counts come from the model's own `countTokens`
 * and are marked estimated (the serving extension never reports billed usage); cost stays unknown.
 */
export function createVscodeLmModel(settings: VscodeLmSettings): LanguageModel {
  return {
    specificationVersion: 'v2',
    provider: 'vscode-lm',
    modelId: settings.model,
    stream: (request, options) => streamVscodeLm(settings, request, options),
  };
}

/** Finds the chat model a setting names: an id, a family, or `vendor/family`. */
export async function selectVscodeLmModel(name: string): Promise<vscode.LanguageModelChat | undefined> {
  const all = await vscode.lm.selectChatModels();
  const [vendor, family] = name.includes('/') ? name.split('/', 2) : [undefined, undefined];
  return (
    all.find((m) => m.id === name) ??
    all.find((m) => vendor !== undefined && m.vendor === vendor && m.family === family) ??
    all.find((m) => m.family === name)
  );
}

function toVscodeMessages(messages: readonly ChatMessage[]): vscode.LanguageModelChatMessage[] {
  // The API has no system role: system text goes first, as user text, which is what Copilot Chat does.
  // Tool turns are written as text until this adapter passes tools natively (provider contract v2).
  return messages.map((m) =>
    m.role === 'assistant'
      ? vscode.LanguageModelChatMessage.Assistant(m.content)
      : vscode.LanguageModelChatMessage.User(m.role === 'tool' ? `Result of ${m.toolName}: ${m.content}` : m.content),
  );
}

async function* streamVscodeLm(settings: VscodeLmSettings, request: ModelRequest, options?: StreamOptions): AsyncGenerator<StreamPart> {
  const guard = new CallGuard({
    signal: options?.signal,
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    firstTokenTimeoutMs: settings.firstTokenTimeoutMs ?? DEFAULT_FIRST_TOKEN_TIMEOUT_MS,
  });
  const cancellation = new vscode.CancellationTokenSource();
  const onAbort = () => cancellation.cancel();
  guard.signal.addEventListener('abort', onAbort, { once: true });
  let output = '';
  try {
    const chat = await selectVscodeLmModel(settings.model);
    if (!chat) {
      throw new ModelError({
        kind: 'model-not-found',
        message: `No VS Code language model matches "${settings.model}". Install or sign in to the extension that provides it (e.g. GitHub Copilot Chat), or fix the model name in switchboard.models.`,
        provider: 'vscode-lm',
        modelId: settings.model,
      });
    }
    const messages = toVscodeMessages(request.messages);
    const response = await chat.sendRequest(
      messages,
      { justification: 'Switchboard routes your request to this model.', modelOptions: settings.maxOutputTokens ? { maxTokens: settings.maxOutputTokens } : undefined },
      cancellation.token,
    );
    for await (const text of response.text) {
      if (guard.signal.aborted) break;
      if (text.length === 0) continue;
      guard.markFirstToken();
      output += text;
      yield { type: 'text-delta', text };
    }
    if (guard.signal.aborted) throw abortError(guard, settings.model);
    const [input, out] = await Promise.all([
      Promise.all(messages.map((m) => chat.countTokens(m, cancellation.token))).then((counts) => counts.reduce((a, b) => a + b, 0)),
      chat.countTokens(output, cancellation.token),
    ]);
    yield {
      type: 'finish',
      reason: 'stop',
      usage: {
        input: { tokens: input, source: 'estimated' },
        output: { tokens: out, source: 'estimated' },
        cacheRead: { tokens: 0, source: 'estimated' },
        cacheWrite: { tokens: 0, source: 'estimated' },
      },
    };
  } catch (error) {
    if (error instanceof ModelError) throw error;
    if (guard.signal.aborted) throw abortError(guard, settings.model);
    throw normalizeVscodeLmError(error, settings.model);
  } finally {
    guard.signal.removeEventListener('abort', onAbort);
    guard.dispose();
    cancellation.dispose();
  }
}

function abortError(guard: CallGuard, model: string): ModelError {
  const kind: ModelErrorKind = guard.cause ?? 'cancelled';
  const message =
    kind === 'cancelled' ? 'The request was cancelled.' : kind === 'timeout-first-token' ? `${model} sent no token in time.` : `${model} did not finish in time.`;
  return new ModelError({ kind, message, provider: 'vscode-lm', modelId: model });
}

function normalizeVscodeLmError(error: unknown, model: string): ModelError {
  if (error instanceof vscode.LanguageModelError) {
    const code = error.code;
    const kind: ModelErrorKind = code === vscode.LanguageModelError.NotFound.name ? 'model-not-found' : code === vscode.LanguageModelError.Blocked.name ? 'rate-limit' : code === vscode.LanguageModelError.NoPermissions.name ? 'auth' : 'server';
    const hint =
      kind === 'auth'
        ? 'Allow Switchboard to use this model when VS Code asks (Manage Language Model Access).'
        : kind === 'rate-limit'
          ? 'The provider is limiting requests; try again shortly.'
          : kind === 'model-not-found'
            ? 'The model is no longer available.'
            : '';
    return new ModelError({ kind, message: `${model}: ${error.message} ${hint}`.trim(), provider: 'vscode-lm', modelId: model, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ModelError({ kind: 'server', message: `${model} failed: ${message}`, provider: 'vscode-lm', modelId: model, cause: error });
}
