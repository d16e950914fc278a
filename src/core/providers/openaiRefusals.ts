/**
 * Recognizes a chat-completions server refusing a request feature it does not implement, from the
 * SDK's error (status and message). Servers word this freely; the phrasings below come from
 * llama.cpp, vLLM, LM Studio, Ollama's OpenAI endpoint and OpenAI itself.
 */

const REFUSAL_STATUSES = new Set([400, 422]);

/**
 * e.g. "response_format type json_schema is not supported", "Invalid value: 'json_schema'",
 * "response_format type must be one of \"text\" or \"json_object\"", "Input should be 'text' or 'json_object'".
 */
const NAMES_RESPONSE_FORMAT = /json_schema|response_format/i;
const REFUSES_VALUE = /not supported|unsupported|does not support|doesn't support|not implemented|invalid value|invalid type|must be|should be|one of|unknown|not allowed|not permitted/i;

/** e.g. "x does not support tools", "tools param requires --jinja flag", "\"auto\" tool choice requires --enable-auto-tool-choice". */
const NAMES_TOOLS = /\btools?\b|tool[_ ]choice|function[_ ]call/i;
const REFUSES_FEATURE = /not supported|unsupported|does not support|doesn't support|not implemented|requires|not enabled|not available|not allowed/i;

/** The server cannot take `response_format: { type: 'json_schema' }` (a 400 before any token). */
export function isJsonSchemaRefusal(error: unknown): boolean {
  const facts = refusalFacts(error);
  return facts !== undefined && NAMES_RESPONSE_FORMAT.test(facts) && REFUSES_VALUE.test(facts);
}

/** The server or model cannot take `tools`. */
export function isToolsRefusal(error: unknown): boolean {
  const facts = refusalFacts(error);
  return facts !== undefined && NAMES_TOOLS.test(facts) && REFUSES_FEATURE.test(facts);
}

/** The error's message when it is a refusal-shaped HTTP error, else undefined. */
function refusalFacts(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const { status, message } = error as { status?: unknown; message?: unknown };
  return typeof status === 'number' && REFUSAL_STATUSES.has(status) && typeof message === 'string' ? message : undefined;
}

/**
 * The model takes no temperature but its default: OpenAI's reasoning models answer "Unsupported
 * value: 'temperature' does not support 0 with this model. Only the default (1) value is supported."
 */
export function isTemperatureRefusal(error: unknown): boolean {
  const facts = refusalFacts(error);
  const param = (error as { param?: unknown } | null)?.param;
  return facts !== undefined && (param === 'temperature' || /\btemperature\b/i.test(facts)) && REFUSES_VALUE.test(facts);
}
