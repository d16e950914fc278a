import type { ChatMessage, LanguageModel, ModelRequest } from '../providers/contract';
import { buildClassifyMessages, CLASSIFY_REQUEST_OPTIONS } from './modelPrompt';
import { generateObject, type StructuredRouter } from '../structured/generateObject';
import { modelClassificationSchema, parseModelClassification } from './modelOutput';
import { classifyByRules } from './rulesClassifier';
import type { Classification, ClassificationInput } from './types';

/** Same default as `switchboard.routing.confidenceThreshold`. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.6;

export interface CallModelOptions extends Omit<ModelRequest, 'messages'> {
  readonly signal?: AbortSignal;
}

/**
 * Sends the classify prompt to the `classify` tier and returns the whole answer text. The router
 * supplies this (it owns candidates, fallback and metrics for the tier); it throws when the tier
 * fails. The options carry the request hints (short, temperature 0, JSON) and the caller's signal.
 */
export type CallModel = (messages: readonly ChatMessage[], options: CallModelOptions) => Promise<CallModelResult>;

/** The answer text, optionally with the model that wrote it (named in the reasons). */
export type CallModelResult = string | { readonly text: string; readonly modelId?: string };

export interface ClassifyOptions {
  /** Absent (no classify tier, localOnly with no local model...): the rules decide alone. */
  readonly callModel?: CallModel;
  /** Below this model confidence the rules decide. Defaults to {@link DEFAULT_CONFIDENCE_THRESHOLD}. */
  readonly threshold?: number;
  /** Cancels the model call; a cancelled classification rejects rather than falling back. */
  readonly signal?: AbortSignal;
  /** Scrubs secrets from a failed call's message before it enters the reasons (e.g. `SecretRedactor.redact`). */
  readonly redact?: (text: string) => string;
}

/**
 * Classifies a free-form request: the `classify` tier when there is one, the deterministic rules
 * when there is none, when the call fails, when its answer is not valid, or when its confidence is
 * below the threshold. `source` and `reasons` say which decided and why.
 */
export async function classify(input: ClassificationInput, options: ClassifyOptions = {}): Promise<Classification> {
  const threshold = options.threshold ?? DEFAULT_CONFIDENCE_THRESHOLD;
  if (!options.callModel) return classifyByRules(input);

  let answer: CallModelResult;
  try {
    answer = await options.callModel(buildClassifyMessages(input), Object.assign({}, CLASSIFY_REQUEST_OPTIONS, { signal: options.signal }));
  } catch (err) {
    // Cancellation is the caller's decision, not a model failure: do not answer a cancelled request.
    if (options.signal?.aborted) throw err;
    return fallBack(input, 'rules-after-model-failure', `classify model failed: ${errorMessage(err, options.redact)}`);
  }
  options.signal?.throwIfAborted();
  const raw = typeof answer === 'string' ? answer : answer.text;
  const who = typeof answer !== 'string' && answer.modelId ? `classify model ${answer.modelId}` : 'classify model';

  const parsed = parseModelClassification(raw);
  if (!parsed.ok) return fallBack(input, 'rules-after-model-failure', `${who} gave an invalid answer: ${parsed.error}`);

  const { capability, complexity, confidence } = parsed.value;
  if (confidence < threshold) {
    return fallBack(
      input,
      'rules-below-threshold',
      `${who} said ${capability} with confidence ${formatConfidence(confidence)}, below the threshold ${formatConfidence(threshold)}`,
    );
  }
  return {
    capability,
    complexity,
    confidence,
    source: 'model',
    reasons: [`${who} said ${capability} (${complexity}) with confidence ${formatConfidence(confidence)}`],
  };
}

function fallBack(input: ClassificationInput, source: Classification['source'], why: string): Classification {
  const rules = classifyByRules(input);
  return Object.assign({}, rules, { source, reasons: [`${why}; the rules decided`, ...rules.reasons] });
}

/**
 * Adapts a provider-contract model into a {@link CallModel} by collecting its streamed text, for
 * callers that hold one model rather than the router (tests, the bench, a single-model setup).
 */
export function callModelWith(model: LanguageModel): CallModel {
  return async (messages, { signal, ...hints }) => {
    let text = '';
    for await (const part of model.stream({ messages, ...hints }, signal ? { signal } : undefined)) {
      if (part.type === 'text-delta') text += part.text;
    }
    return { text, modelId: model.modelId };
  };
}

/**
 * Sends the prompt to the `classify` tier through the router as structured output
 * ({@link generateObject}): each provider is asked for the classification schema natively, the
 * answer is validated, repaired once, and the next model of the tier asked when it stays invalid;
 * every call gets the tier's candidates, fallback, budgets and metrics like any other. Anything but
 * a valid classification throws, which makes {@link classify} fall back to the rules.
 */
export function callModelThroughRouter(router: StructuredRouter, options: { readonly workspace?: string } = {}): CallModel {
  return async (messages, { signal, responseFormat: _json, responseSchema: _schema, ...hints }) => {
    const result = await generateObject(
      router,
      'classify',
      modelClassificationSchema,
      { messages, ...hints, schemaName: 'classification', schemaDescription: 'What the request asks of a coding assistant.' },
      Object.assign({}, signal ? { signal } : {}, options.workspace !== undefined ? { workspace: options.workspace } : {}),
    );
    if (!result.ok) {
      if (result.reason === 'cancelled') signal?.throwIfAborted();
      throw new Error(`classify tier: ${result.message}`);
    }
    return { text: JSON.stringify(result.object), modelId: result.modelId };
  };
}

export interface RouterClassifierOptions {
  /** Whether a classify tier exists now; without one the rules decide alone and no model is called. */
  readonly hasClassifyTier: () => boolean;
  /** The workspace the classifier's calls count against (spend and budget), like any other call. */
  readonly workspace?: string;
  /** Read per classification, so a settings change applies to the next one. */
  readonly threshold?: () => number;
  readonly redact?: (text: string) => string;
}

/**
 * A classifier that asks the `classify` tier through the router when there is one (its calls carry
 * the workspace, so they count in its spend and budget), and the rules otherwise.
 */
export function routerClassifier(router: StructuredRouter, options: RouterClassifierOptions): (input: ClassificationInput, signal?: AbortSignal) => Promise<Classification> {
  return (input, signal) =>
    classify(
      input,
      Object.assign(
        {},
        options.hasClassifyTier() ? { callModel: callModelThroughRouter(router, options.workspace !== undefined ? { workspace: options.workspace } : {}) } : {},
        options.threshold ? { threshold: options.threshold() } : {},
        options.redact ? { redact: options.redact } : {},
        signal ? { signal } : {},
      ),
    );
}

function errorMessage(err: unknown, redact: ((text: string) => string) | undefined): string {
  const raw = err instanceof Error ? err.message : String(err);
  const message = redact ? redact(raw) : raw;
  // One line, bounded: this ends up in explanations shown to people and in logs.
  const line = message.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

function formatConfidence(n: number): string {
  return n.toFixed(2);
}
