/**
 * What a request asks of a model. The router picks among the models of a capability's tier; the
 * providers know nothing of capabilities (a model answers whatever it is sent).
 */
export const CAPABILITIES = ['understand', 'generate', 'review', 'plan', 'classify'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Per capability, the model ids (`switchboard.models[].id`) to try in order. */
export type Tiers = Partial<Record<Capability, string[]>>;
