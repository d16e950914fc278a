import { ProviderProtocolError } from './normalizeError';

export interface ResponseInfo {
  readonly status: number;
  readonly headers: Headers;
}

export interface GuardedFetchOptions {
  readonly fetch?: typeof fetch;
  /** Ends the request at once, on top of whatever signal the SDK passes. */
  readonly signal: AbortSignal;
  /** Receives the status and headers of each response (SDK errors may drop them). */
  readonly onResponse?: (info: ResponseInfo) => void;
  /** Fails the body stream on a line that is not JSON, instead of letting the SDK skip it. */
  readonly validateNdjson?: boolean;
}

/**
 * A fetch for SDKs that take no per-request signal or swallow bad stream lines (the `ollama`
 * package: `list()` has no signal, and it only logs malformed NDJSON lines and carries on).
 */
export function createGuardedFetch(options: GuardedFetchOptions): typeof fetch {
  const base = options.fetch ?? globalThis.fetch;
  return async (input, init) => {
    const signal = init?.signal ? AbortSignal.any([init.signal, options.signal]) : options.signal;
    const response = await base(input, Object.assign({}, init, { signal }));
    options.onResponse?.({ status: response.status, headers: response.headers });
    if (!options.validateNdjson || !response.ok || !response.body) {
      return response;
    }
    return new Response(response.body.pipeThrough(ndjsonValidator()), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

function ndjsonValidator(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let pending = '';
  // Complete lines pass on one by one, so the lines before a bad one still reach the SDK.
  const pass = (line: string, controller: TransformStreamDefaultController<Uint8Array>): boolean => {
    if (line.trim() !== '') {
      try {
        JSON.parse(line);
      } catch {
        controller.error(new ProviderProtocolError('malformed-chunk', `the stream sent a line that is not JSON: ${line.slice(0, 80)}`));
        return false;
      }
    }
    controller.enqueue(encoder.encode(`${line}\n`));
    return true;
  };
  return new TransformStream({
    transform(chunk, controller) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!pass(line, controller)) return;
      }
    },
    flush(controller) {
      const rest = pending + decoder.decode();
      if (rest.trim() !== '') pass(rest, controller);
    },
  });
}
