import { z } from 'zod';
import { costOf, type PricedModel } from '../pricing/costOf';
import { inputProblem } from './diagnostics';

/*
 * "Add Model…" asks what a call costs when nothing else can say: a model on the person's own
 * OpenAI-compatible server (a name the @pydantic/genai-prices catalog does not know, at an address
 * that is not a known provider's) would otherwise read "Cost: unknown" on every answer, and no
 * budget could count it, until they wrote `price` into settings.json by hand.
 */

const SAMPLE = {
  input: { tokens: 1000, source: 'estimated' },
  output: { tokens: 1000, source: 'estimated' },
  cacheRead: { tokens: 0, source: 'estimated' },
  cacheWrite: { tokens: 0, source: 'estimated' },
} as const;

/**
 * Whether nothing prices `model`: no `price`, not free (Ollama, `local: true`), not in the catalog.
 * VS Code's language models are left out: their calls are paid for by another extension's plan.
 */
export function priceIsUnknown(model: PricedModel): boolean {
  return model.provider !== 'vscode-lm' && costOf(SAMPLE, model).source === 'unknown';
}

/** A price the person types: USD per million tokens, as providers list them. */
export const perMillionSchema = z
  .string()
  .trim()
  .min(1, 'Enter a price in USD per million tokens, e.g. 0.6')
  .transform(Number)
  .pipe(z.number({ error: 'Enter a number, e.g. 0.6 (USD per million tokens)' }).nonnegative('A price cannot be negative'));

/** The input box's message for `text`, or undefined when it is a price (VS Code's `validateInput`). */
export function perMillionProblem(text: string): string | undefined {
  return inputProblem(perMillionSchema, text);
}
