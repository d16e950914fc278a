/** The property a non-object answer travels in where the schema's root must be an object. */
export const WRAPPED_ANSWER_KEY = 'value';

/**
 * Anthropic's tool input_schema and OpenAI's structured output (json_schema, and JSON mode) both
 * need an object at the root (400 otherwise), but a response schema may be an array, a string or a
 * union. Such a schema becomes the one property of
 * an object; its `$defs`/`definitions` move up to the new root so `#/$defs/…` references resolve.
 */
export function wrapForToolInput(schema: Record<string, unknown>): { schema: Record<string, unknown>; wrapped: boolean } {
  if (schema['type'] === 'object') return { schema, wrapped: false };
  const { $defs, definitions } = schema;
  // The dialect belongs at the root; the definitions go up to it.
  const value = Object.fromEntries(Object.entries(schema).filter(([key]) => key !== '$defs' && key !== 'definitions' && key !== '$schema'));
  return {
    schema: {
      type: 'object',
      properties: { [WRAPPED_ANSWER_KEY]: value },
      required: [WRAPPED_ANSWER_KEY],
      additionalProperties: false,
      ...($defs !== undefined ? { $defs } : {}),
      ...(definitions !== undefined ? { definitions } : {}),
    },
    wrapped: true,
  };
}

/**
 * The answer a wrapped schema carried in `value`, as JSON text. Text that is not such an object is
 * passed on as it came, so the schema check says what is wrong with it.
 */
export function unwrapAnswer(json: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return json;
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) && WRAPPED_ANSWER_KEY in parsed) {
    return JSON.stringify((parsed as Record<string, unknown>)[WRAPPED_ANSWER_KEY]);
  }
  return json;
}
