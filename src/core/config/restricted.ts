/**
 * Settings that can send requests or keys elsewhere, weaken privacy or raise spending. VS Code
 * ignores their workspace values in Restricted Mode; package.json's `restrictedConfigurations` must
 * list exactly these (a unit test checks it).
 */
export const RESTRICTED_SETTINGS = [
  'switchboard.models',
  'switchboard.tiers',
  'switchboard.experiments',
  'switchboard.privacy.localOnly',
  'switchboard.discovery.ollamaBaseUrl',
  'switchboard.budget.daily',
  'switchboard.budget.monthly',
  'switchboard.budget.policy',
  'switchboard.budget.unattended',
  'switchboard.taskTestCommand',
  'switchboard.research.externalTools',
] as const;
