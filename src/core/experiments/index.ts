export { assignVariant, experimentSchema, experimentsSchema, stableUnitHash, variantSchema } from './experiment';
export type { ExperimentConfig, VariantAssignment, VariantConfig } from './experiment';
