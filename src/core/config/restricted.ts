/**
 * Settings that can send requests or keys elsewhere, or weaken privacy. VS Code ignores their
 * workspace values in Restricted Mode; package.json's `restrictedConfigurations` must list exactly these
 * (a unit test checks it).
 */
export const RESTRICTED_SETTINGS = ['switchboard.models', 'switchboard.tiers'] as const;
