/**
 * A fetch for OpenAI-compatible servers that answer errors in vLLM's older shape,
 * `{ "object": "error", "message": "…", "type": "BadRequestError", "code": 400 }`, instead of
 * OpenAI's `{ "error": { "message": "…" } }`. The `openai` SDK reads only `error`, so such a
 * failure would reach us as "400 status code (no body)", and the server's reason (which feature
 * it refused, why) would be lost. This rewraps the body in OpenAI's shape; every other response
 * passes through untouched.
 */
export function liftTopLevelErrors(base: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await base(input, init);
    if (response.ok) {
      return response;
    }
    const text = await response.text();
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    headers.delete('content-encoding');
    return new Response(rewrap(text), { status: response.status, statusText: response.statusText, headers });
  };
}

function rewrap(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof body !== 'object' || body === null || 'error' in body) {
    return text;
  }
  const { message, type, code, param } = body as Record<string, unknown>;
  return typeof message === 'string' ? JSON.stringify({ error: { message, type: type ?? null, code: code ?? null, param: param ?? null } }) : text;
}
