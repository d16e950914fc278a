import * as vscode from 'vscode';
import { CallGuard } from '../../core/providers/callGuard';
import {
  type FinishReason,
  type LanguageModel,
  type ModelErrorKind,
  type ModelRequest,
  ModelError,
  type StreamOptions,
  type StreamPart,
} from '../../core/providers/contract';
import { DEFAULT_FIRST_TOKEN_TIMEOUT_MS, DEFAULT_TIMEOUT_MS } from '../../core/providers/modelSettings';
import { toVscodeLmRequest } from './vscodeLmRequest';
import { LOOP_MARKER_OPTION, type LoopGuard, type OutgoingRequest } from '../../core/lmProvider/loopGuard';

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
 * Tools and tool calls are native (`LanguageModelChatTool`, tool-call parts); structured output is
 * asked for in the prompt, as the API has no mechanism for it; the 1.100 API streams no reasoning.
 */
export function createVscodeLmModel(loopGuard: LoopGuard, settings: VscodeLmSettings): LanguageModel {
  return {
    specificationVersion: 'v2',
    provider: 'vscode-lm',
    modelId: settings.model,
    stream: (request, options) => streamVscodeLm(loopGuard, settings, request, options),
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

async function* streamVscodeLm(loopGuard: LoopGuard, settings: VscodeLmSettings, request: ModelRequest, options?: StreamOptions): AsyncGenerator<StreamPart> {
  const guard = new CallGuard({
    signal: options?.signal,
    timeoutMs: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    firstTokenTimeoutMs: settings.firstTokenTimeoutMs ?? DEFAULT_FIRST_TOKEN_TIMEOUT_MS,
  });
  const cancellation = new vscode.CancellationTokenSource();
  const onAbort = () => cancellation.cancel();
  guard.signal.addEventListener('abort', onAbort, { once: true });
  // Everything generated (answer text and tool calls' JSON), for the output count.
  let output = '';
  let finish: FinishReason = 'stop';
  let chat: vscode.LanguageModelChat | undefined;
  let outgoing: OutgoingRequest | undefined;
  try {
    const { messages, tools, toolMode } = toVscodeLmRequest(request, settings.model);
    chat = await selectVscodeLmModel(settings.model);
    if (!chat) {
      throw new ModelError({
        kind: 'model-not-found',
        message: `No VS Code language model matches "${settings.model}". Install or sign in to the extension that provides it (e.g. GitHub Copilot Chat), or fix the model name in switchboard.models.`,
        provider: 'vscode-lm',
        modelId: settings.model,
      });
    }
    const refusal = loopGuard.refusal(chat);
    if (refusal) throw new ModelError({ kind: 'model-not-found', message: refusal, provider: 'vscode-lm', modelId: settings.model });
    const maxTokens = request.maxOutputTokens ?? settings.maxOutputTokens;
    outgoing = loopGuard.beginOutgoing(chat, request.messages.flatMap((m) => (m.role === 'user' ? [m.content] : [])));
    const response = await chat.sendRequest(
      messages,
      {
        justification: 'Switchboard routes your request to this model.',
        // The marker lets the loop guard recognize this request if a wrapper hands it back to Switchboard.
        modelOptions: { ...(maxTokens ? { maxTokens } : {}), [LOOP_MARKER_OPTION]: outgoing.marker },
        ...(toolMode !== undefined ? { tools, toolMode } : {}),
      },
      cancellation.token,
    );
    // `stream`, not `text`: tool calls arrive only there, as whole calls with parsed input.
    for await (const part of response.stream) {
      if (guard.signal.aborted) break;
      if (part instanceof vscode.LanguageModelTextPart) {
        if (part.value.length === 0) continue;
        guard.markFirstToken();
        output += part.value;
        yield { type: 'text-delta', text: part.value };
      } else if (part instanceof vscode.LanguageModelToolCallPart) {
        guard.markFirstToken();
        finish = 'tool-calls';
        output += `${part.name}${JSON.stringify(part.input)}`;
        yield { type: 'tool-call', call: { id: part.callId, name: part.name, arguments: part.input } };
      }
      // Other parts (the API's placeholder for future kinds) carry nothing we can use.
    }
    if (guard.signal.aborted) throw abortError(guard, settings.model);
    const counter = chat;
    const [input, out] = await Promise.all([
      Promise.all(messages.map((m) => counter.countTokens(m, cancellation.token))).then((counts) => counts.reduce((a, b) => a + b, 0)),
      counter.countTokens(output, cancellation.token),
    ]);
    yield {
      type: 'finish',
      reason: finish,
      usage: {
        input: { tokens: input, source: 'estimated' },
        output: { tokens: out, source: 'estimated' },
        cacheRead: { tokens: 0, source: 'estimated' },
        cacheWrite: { tokens: 0, source: 'estimated' },
      },
    };
  } catch (error) {
    if (error instanceof ModelError) throw error;
    // The model handed this very request back to Switchboard: say so, and never ask it again.
    const loop = chat ? loopGuard.refusal(chat) : undefined;
    if (loop) throw new ModelError({ kind: 'model-not-found', message: loop, provider: 'vscode-lm', modelId: settings.model, cause: error });
    if (guard.signal.aborted) throw abortError(guard, settings.model);
    throw normalizeVscodeLmError(error, settings.model);
  } finally {
    outgoing?.end();
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
