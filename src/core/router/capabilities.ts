/**
 * What a request asks of a model. The router picks among the models of a capability's tier; the
 * providers know nothing of capabilities (a model answers whatever it is sent).
 */
export const CAPABILITIES = ['understand', 'generate', 'review', 'plan', 'classify'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/**
 * How demanding a request is, as the classifier judges it. The adaptive strategy keeps its scores per
 * capability and, where a request has one, per complexity too: a model fine for easy generation may
 * not be for hard.
 */
export const COMPLEXITIES = ['low', 'medium', 'high'] as const;
export type Complexity = (typeof COMPLEXITIES)[number];

/** Per capability, the model ids (`switchboard.models[].id`) to try in order. */
export type Tiers = Partial<Record<Capability, string[]>>;
