import { z } from 'zod';
import type { ChatMessage, ModelRequest, ResponseSchema } from '../providers/contract';
import type { Capability } from '../router/capabilities';
import type { RouteOptions } from '../router/modelRouter';
import type { RouteResult } from '../router/routeEvents';
import { parseJsonAnswer } from './jsonAnswer';
import type { Writable } from '../../shared/writable';

/** The part of the router {@link generateObject} needs (ModelRouter fits it). */
export interface StructuredRouter {
  complete(capability: Capability, request: ModelRequest, options?: RouteOptions): Promise<RouteResult>;
}

export interface GenerateObjectRequest extends Omit<ModelRequest, 'responseSchema' | 'responseFormat'> {
  /** Names the schema on the wire (OpenAI's json_schema name, Anthropic's forced tool): [A-Za-z0-9_-], ≤ 64. */
  readonly schemaName: string;
  readonly schemaDescription?: string;
}

export type GenerateObjectResult<T> =
  | { readonly ok: true; readonly object: T; readonly modelId: string; readonly repaired: boolean; readonly results: readonly RouteResult[] }
  | {
      readonly ok: false;
      /** `schema` when every model that answered gave output the schema refused; else why the calls failed. */
      readonly reason: 'schema' | 'failed' | 'cancelled';
      /** A line a person can read, naming the models and what was wrong. */
      readonly message: string;
      readonly results: readonly RouteResult[];
    };

/**
 * Asks the capability's tier for one JSON value valid against `schema`, through each provider's
 * native structured output. An answer that is not valid goes back to the same model once, with the
 * validation error, for a repair; if that fails too the model is excluded and the next model of the
 * tier is asked. Every attempt is recorded by the router; one whose answer the schema refused is
 * recorded as `schema-failed`.
 */
export async function generateObject<T>(
  router: StructuredRouter,
  capability: Capability,
  schema: z.ZodType<T>,
  request: GenerateObjectRequest,
  options: Omit<RouteOptions, 'validate' | 'onlyModel' | 'exclude' | 'preferModel'> & { readonly exclude?: readonly string[] } = {},
): Promise<GenerateObjectResult<T>> {
  const { schemaName, schemaDescription } = request;
  const responseSchema: ResponseSchema = schemaDescription
    ? { name: schemaName, description: schemaDescription, schema: jsonSchemaOf(schema) }
    : { name: schemaName, schema: jsonSchemaOf(schema) };
  const base = requestAsking(request, responseSchema);
  let parsedValue: T | undefined;
  // What was wrong with the last answer, in the validator's words: the router's error wraps it for
  // the log and the person ("<model> answered with output the schema refuses: …"), not for the model.
  let problem: string | undefined;
  const validate = (text: string): string | undefined => {
    const checked = check(schema, text);
    if (checked.ok) parsedValue = checked.value;
    problem = checked.ok ? undefined : checked.error;
    return problem;
  };

  const results: RouteResult[] = [];
  const excluded = [...(options.exclude ?? [])];
  const failures: string[] = [];
  for (;;) {
    parsedValue = undefined;
    const first = await router.complete(capability, base, Object.assign({}, options, { exclude: excluded, validate }));
    results.push(first);
    if (first.outcome === 'success' && parsedValue !== undefined) {
      return { ok: true, object: parsedValue, modelId: first.modelId ?? '', repaired: false, results };
    }
    if (first.outcome === 'cancelled') return { ok: false, reason: 'cancelled', message: 'The request was cancelled.', results };
    const modelId = first.modelId;
    if (first.error?.kind !== 'schema-failed' || !modelId) {
      // The tier failed outright (its own fallbacks are spent), or nothing could be asked.
      const why = first.error?.message ?? 'no model answered';
      return failures.length > 0
        ? { ok: false, reason: 'schema', message: `No model gave valid output. ${failures.join('; ')}; then: ${why}`, results }
        : { ok: false, reason: 'failed', message: why, results };
    }

    // One repair on the same model: its answer and what was wrong with it.
    parsedValue = undefined;
    const repair = await router.complete(capability, repairRequest(base, first.text, problem ?? first.error.message), Object.assign({}, options, { onlyModel: modelId, validate }));
    results.push(repair);
    if (repair.outcome === 'success' && parsedValue !== undefined) {
      return { ok: true, object: parsedValue, modelId, repaired: true, results };
    }
    if (repair.outcome === 'cancelled') return { ok: false, reason: 'cancelled', message: 'The request was cancelled.', results };
    failures.push(`${modelId}: ${repair.error?.message ?? first.error.message}`);
    excluded.push(modelId);
  }
}

/** The fields of a request generateObject passes on as they are (all but its own two). */
type PassedOn = 'messages' | 'maxOutputTokens' | 'temperature' | 'tools' | 'toolChoice';
type MustBeEmpty<T extends never> = T;
// A field added to ModelRequest fails to compile here until requestAsking passes it on.
type _EveryFieldPassedOn = MustBeEmpty<Exclude<keyof GenerateObjectRequest, PassedOn | 'schemaName' | 'schemaDescription'>>;

/**
 * The request to send: the caller's, without generateObject's own fields, asking for the schema.
 * Field by field, not by a rest destructuring, which copies through the runtime on every call.
 */
function requestAsking(request: GenerateObjectRequest, responseSchema: ResponseSchema): ModelRequest {
  const base: Writable<ModelRequest> = { messages: request.messages, responseSchema };
  if (request.maxOutputTokens !== undefined) base.maxOutputTokens = request.maxOutputTokens;
  if (request.temperature !== undefined) base.temperature = request.temperature;
  if (request.tools !== undefined) base.tools = request.tools;
  if (request.toolChoice !== undefined) base.toolChoice = request.toolChoice;
  return base;
}

/**
 * zod's JSON Schema of each schema, written once: a zod schema does not change after it is built,
 * and writing its JSON Schema cost more per call than the router's whole plan (bench/structured).
 * The object is shared between requests, so nothing may change it (every adapter copies or reads it).
 */
const jsonSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  let json = jsonSchemas.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema) as Record<string, unknown>;
    jsonSchemas.set(schema, json);
  }
  return json;
}

/** The request again, with the refused answer as the model's own turn and the problem to fix. */
export function repairRequest(request: ModelRequest, answer: string, problem: string): ModelRequest {
  const messages: ChatMessage[] = [
    ...request.messages,
    { role: 'assistant', content: answer },
    {
      role: 'user',
      content: `That answer is not valid: ${problem}. Answer again with only the corrected JSON value, valid against the schema.`,
    },
  ];
  return Object.assign({}, request, { messages });
}

function check<T>(schema: z.ZodType<T>, text: string): { ok: true; value: T } | { ok: false; error: string } {
  const json = parseJsonAnswer(text);
  if (!json.ok) return json;
  const parsed = schema.safeParse(json.value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: parsed.error.issues.slice(0, 5).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ') };
}
