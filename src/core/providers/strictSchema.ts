import type { JsonSchema } from './contract';

/**
 * Whether OpenAI's strict structured outputs accept a schema as it is: a root object; every object
 * closed (`additionalProperties: false`) with every property listed in `required`; none of the
 * keywords strict mode refuses; at most 10 levels of nesting. The schema is never rewritten to fit
 * (that would change its meaning: an optional field would become required), so a schema that does
 * not fit is sent with `strict: false`, as a hint the model follows without constrained decoding.
 * Source: platform.openai.com/docs/guides/structured-outputs, "Supported schemas".
 */
export function isStrictCompatible(schema: JsonSchema): boolean {
  if (!isObjectSchema(schema) || Array.isArray(schema['anyOf'])) {
    return false;
  }
  return fits(schema, 0);
}

const MAX_NESTING = 10;
const REFUSED_KEYWORDS = ['allOf', 'oneOf', 'not', 'if', 'then', 'else', 'dependentRequired', 'dependentSchemas', 'patternProperties'];

function fits(schema: Readonly<Record<string, unknown>>, depth: number): boolean {
  if (depth > MAX_NESTING || REFUSED_KEYWORDS.some((keyword) => keyword in schema)) {
    return false;
  }
  const properties = asSchema(schema['properties']) ?? {};
  const isObject = isObjectSchema(schema);
  if (isObject) {
    const required = Array.isArray(schema['required']) ? new Set(schema['required']) : new Set();
    if (schema['additionalProperties'] !== false || Object.keys(properties).some((key) => !required.has(key))) {
      return false;
    }
  }
  const children: unknown[] = [
    ...Object.values(properties),
    ...listOf(schema['anyOf']),
    ...listOf(schema['prefixItems']),
    ...Object.values(asSchema(schema['$defs']) ?? {}),
    ...Object.values(asSchema(schema['definitions']) ?? {}),
    ...(Array.isArray(schema['items']) ? schema['items'] : schema['items'] === undefined ? [] : [schema['items']]),
  ];
  // Nesting counts objects within objects; a `true`/`false` schema is not one strict mode takes.
  return children.every((child) => {
    const sub = asSchema(child);
    return sub === undefined ? typeof child !== 'boolean' : fits(sub, isObject ? depth + 1 : depth);
  });
}

function isObjectSchema(schema: Readonly<Record<string, unknown>>): boolean {
  const type = schema['type'];
  return type === 'object' || (Array.isArray(type) && type.includes('object')) || (type === undefined && 'properties' in schema);
}

function asSchema(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
