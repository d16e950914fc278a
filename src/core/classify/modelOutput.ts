import { z } from 'zod';
import { jsonObjectCandidates } from '../structured/jsonAnswer';
import { CLASSIFIED_CAPABILITIES, COMPLEXITIES, describeIssues } from './types';

/**
 * Reading the `classify` tier's answer. Tolerant about the wrapping (models add code fences,
 * "Sure! Here is the JSON:" or a sentence after), strict about the fields: an unknown capability,
 * a confidence of 85 or "0.9" as a string is an invalid answer, never guessed at. Extra keys
 * (some models add "reason") are ignored.
 */
export const modelClassificationSchema = z.object({
  capability: z.enum(CLASSIFIED_CAPABILITIES),
  complexity: z.enum(COMPLEXITIES),
  confidence: z.number().min(0).max(1),
});

export type ModelClassification = z.infer<typeof modelClassificationSchema>;

export type ModelOutputResult =
  | { readonly ok: true; readonly value: ModelClassification }
  | { readonly ok: false; readonly error: string };

/** Longest model answer looked at; a classifier that writes an essay has failed anyway. */
const MAX_OUTPUT_CHARS = 20_000;

export function parseModelClassification(raw: string): ModelOutputResult {
  const text = raw.length > MAX_OUTPUT_CHARS ? raw.slice(0, MAX_OUTPUT_CHARS) : raw;
  const candidates = jsonObjectCandidates(text);
  if (candidates.length === 0) return { ok: false, error: `no JSON object in the answer: ${preview(raw)}` };
  let lastError = '';
  for (const candidate of candidates) {
    let value: unknown;
    try {
      value = JSON.parse(candidate);
    } catch {
      lastError = `not valid JSON: ${preview(candidate)}`;
      continue;
    }
    const parsed = modelClassificationSchema.safeParse(value);
    if (parsed.success) return { ok: true, value: parsed.data };
    // A well-formed object with wrong fields is the model's answer: report it rather than look further.
    return { ok: false, error: `answer has invalid fields: ${describeIssues(parsed.error.issues)}` };
  }
  return { ok: false, error: lastError };
}

function preview(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return JSON.stringify(one.length > 120 ? `${one.slice(0, 120)}…` : one);
}
