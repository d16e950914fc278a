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

/** localhost, *.localhost, 127.x.x.x and ::1: an endpoint on this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h.endsWith('.localhost');
}
