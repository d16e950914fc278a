import type { ProviderKind } from '../providers/contract';

/**
 * How to find a model's price in `@pydantic/genai-prices`: by its provider id when we know it, by the
 * endpoint's address (the library matches each provider's `api_pattern`, e.g. api.groq.com → groq), or
 * by the model name alone as a last resort.
 */
export type CatalogLookup =
  | { readonly kind: 'provider'; readonly providerId: string }
  | { readonly kind: 'api-url'; readonly providerApiUrl: string }
  | { readonly kind: 'model-name' };

export function catalogLookupFor(provider: ProviderKind, baseUrl: string | undefined): CatalogLookup {
  switch (provider) {
    case 'openai':
      // A base URL on an "openai" model is usually a proxy (Azure, a gateway); the price is still OpenAI's.
      return { kind: 'provider', providerId: 'openai' };
    case 'anthropic':
      return { kind: 'provider', providerId: 'anthropic' };
    case 'openai-compatible': {
      const url = parseUrl(baseUrl);
      if (url) return { kind: 'api-url', providerApiUrl: url.origin + url.pathname };
      return { kind: 'model-name' };
    }
    case 'ollama':
    case 'vscode-lm':
      // Never priced from the catalog: ollama runs locally (free) and vscode.lm does not say what it costs.
      return { kind: 'model-name' };
  }
}

function parseUrl(value: string | undefined): URL | undefined {
  if (!value) return undefined;
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}
