import type { ModelConfig } from './modelConfig';

/**
 * Whether a model runs on this machine, so that code sent to it stays here. An explicit `local`
 * setting wins; otherwise Ollama without a remote URL, and any loopback endpoint, count as local.
 * VS Code's language models are never local: they are served by another extension's cloud.
 */
export function isLocal(m: Pick<ModelConfig, 'provider' | 'baseUrl' | 'local'>): boolean {
  if (m.local !== undefined) return m.local;
  if (m.provider === 'vscode-lm') return false;
  if (m.baseUrl) return isLoopbackHost(new URL(m.baseUrl).hostname);
  return m.provider === 'ollama';
}

/**
 * localhost, *.localhost, 127.x.x.x, ::1 and ::ffff:127.x.x.x: an endpoint on this machine. And
 * 0.0.0.0 and ::, "every address" to a server but this machine to a client: vLLM, llama.cpp's server
 * and uvicorn print http://0.0.0.0:8000 as the address they serve on, and people paste it as it is.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost') || h === '0.0.0.0') return true;
  if (h === '::1' || h === '::') return true;
  // WHATWG URLs write an IPv4-mapped address in hex: [::ffff:127.0.0.1] reads back as ::ffff:7f00:1.
  return /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:(127\.\d+\.\d+\.\d+|7f[0-9a-f]{2}:[0-9a-f]{1,4})$/.test(h);
}
