/**
 * Classification of free-form requests (capability "auto"): the `classify` tier when available,
 * a deterministic scored table of signals otherwise. See classify.ts for the entry point.
 */
export {
  CLASSIFIED_CAPABILITIES,
  COMPLEXITIES,
  CLASSIFICATION_SOURCES,
  classificationInputSchema,
  editorContextSchema,
  parseClassificationInput,
  type Classification,
  type ClassificationInput,
  type ClassificationSource,
  type ClassifiedCapability,
  type Complexity,
  type EditorContext,
} from './types';
export {
  classify,
  callModelWith,
  callModelThroughRouter,
  DEFAULT_CONFIDENCE_THRESHOLD,
  type CallModel,
  type CallModelOptions,
  type CallModelResult,
  type ClassifyOptions,
} from './classify';
export { classifyByRules, explainRules, type RulesVerdict, type SignalContribution } from './rulesClassifier';
export { buildClassifyMessages, buildClassifyRequest, CLASSIFY_SYSTEM_PROMPT, CLASSIFY_REQUEST_OPTIONS, PROMPT_LIMITS } from './modelPrompt';
export { parseModelClassification, modelClassificationSchema, type ModelClassification, type ModelOutputResult } from './modelOutput';
export { CAPABILITY_SIGNALS, type Signal, type SignalHit, type CapabilityWeights } from './signals';
