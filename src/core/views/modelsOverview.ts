import { chargesNothing } from '../pricing/costOf';
import type { SettingsDiagnostic } from '../config/diagnostics';
import type { SwitchboardSettings } from '../config/parseSettings';
import type { ModelConfig } from '../models/modelConfig';
import { CAPABILITIES } from '../router/capabilities';
import type { IndexState } from '../analysis/indexState';
import { isLocal } from '../models/modelLocality';
import { type OllamaChecks, ollamaModelProblem } from '../modelDiscovery/ollamaReachability';
import { type KeySlot, keySlotFor, slotsInUse } from '../secrets/keySlots';
import { gettingStartedNode } from './gettingStarted';
import { indexNode } from './indexStatus';
import type { OverviewNode } from './overviewNode';
import { type ModelStatusInput, budgetNode, decisionDescription, experimentsNode, healthWords, modelDescription, modelStatusNodes, modelStructuredTooltip } from './modelStatus';

/** Where a slot's key currently comes from. Never the key itself. */
export type KeyStatus = { readonly kind: 'stored' } | { readonly kind: 'env'; readonly envVar: string } | { readonly kind: 'missing' };

export interface OverviewInput {
  readonly settings: SwitchboardSettings;
  readonly diagnostics: readonly SettingsDiagnostic[];
  readonly keyStatus: (slot: KeySlot) => KeyStatus;
  /** Settings whose workspace values VS Code ignores because the workspace is not trusted. */
  readonly ignoredInRestrictedMode: readonly string[];
  /** Set when no models are configured: what discovery built the models and tiers from, or why it found none. */
  readonly discovery?: { readonly notes: readonly string[]; readonly reasons: readonly string[] };
  /** Live health, figures, decisions and budget; absent until the engine has started. */
  readonly status?: ModelStatusInput;
  /** The workspace index behind ranked context. */
  readonly index?: IndexState;
  /** The last probe of each configured Ollama server; absent until one has answered. */
  readonly ollama?: OllamaChecks;
}

/**
 * Builds the Models view: tiers, models, API keys, settings problems and the workspace index. Never
 * empty: without models it shows the steps to add one (see gettingStarted.ts for why those are tree
 * rows and not welcome content).
 */
export function buildModelsOverview(input: OverviewInput): OverviewNode[] {
  const { settings, diagnostics } = input;
  const nodes: OverviewNode[] = [];
  const hasModels = settings.models.length > 0;
  if (input.ignoredInRestrictedMode.length > 0) nodes.push(restrictedNode(input.ignoredInRestrictedMode));
  if (diagnostics.length > 0) nodes.push(problemsNode(diagnostics));
  if (!hasModels) {
    nodes.push(gettingStartedNode({ discoveryEnabled: settings.discovery.enabled, ...(input.discovery ? { discovery: input.discovery } : {}) }));
    if (input.index) nodes.push(indexNode(input.index, { expanded: true }));
    return nodes;
  }
  if (input.discovery) nodes.push(discoveryNode(input.discovery));
  if (input.status) nodes.push(budgetNode(input.status.budget));
  nodes.push(tiersNode(settings, input.status));
  nodes.push(modelsNode(settings.models, input.keyStatus, input.status, input.ollama));
  const experiments = input.status ? experimentsNode(input.status.experiments, input.status.byVariant) : undefined;
  if (experiments) nodes.push(experiments);
  nodes.push(keysNode(settings.models, input.keyStatus));
  if (input.index) nodes.push(indexNode(input.index, { expanded: false }));
  return nodes;
}

function restrictedNode(ignored: readonly string[]): OverviewNode {
  return {
    id: 'restricted',
    label: 'Restricted Mode',
    description: 'workspace model settings ignored',
    tooltip: `This workspace is not trusted, so its values for ${ignored.join(', ')} are ignored and your user settings apply. Trust the workspace to use them.`,
    icon: 'shield',
    tone: 'warning',
    command: { id: 'workbench.trust.manage', title: 'Manage Workspace Trust' },
  };
}

function discoveryNode(discovery: NonNullable<OverviewInput['discovery']>): OverviewNode {
  const lines = [...discovery.notes, ...discovery.reasons];
  return {
    id: 'discovery',
    label: 'Discovered models',
    description: 'no models configured',
    tooltip: `${lines.join('\n')}\nAdd models to switchboard.models to choose your own.`,
    icon: 'search',
    command: { id: 'switchboard.addModel', title: 'Add Model…' },
    children: lines.map((line, i) => ({ id: `discovery/${i}`, label: line, tooltip: line, icon: 'info' })),
  };
}

function problemsNode(diagnostics: readonly SettingsDiagnostic[]): OverviewNode {
  return {
    id: 'problems',
    label: 'Settings problems',
    description: String(diagnostics.length),
    icon: 'warning',
    tone: 'error',
    expanded: true,
    children: diagnostics.map((d, i) => ({
      id: `problems/${i}`,
      label: d.path,
      description: d.message,
      tooltip: `${d.path}: ${d.message}`,
      icon: d.severity === 'error' ? 'error' : 'warning',
      tone: d.severity,
      command: { id: 'switchboard.openSettings', title: 'Open Settings', args: [settingIdOf(d.path)] },
    })),
  };
}

/** `switchboard.models[2].baseUrl` → `switchboard.models`. */
export function settingIdOf(path: string): string {
  const match = /^switchboard\.[A-Za-z]+(?:\.[A-Za-z]+)?/.exec(path);
  const id = match ? match[0] : 'switchboard';
  // Capability keys under tiers are not settings of their own.
  return id.startsWith('switchboard.tiers') ? 'switchboard.tiers' : id.startsWith('switchboard.models') ? 'switchboard.models' : id;
}

function tiersNode(settings: Pick<SwitchboardSettings, 'tiers' | 'models'>, status: ModelStatusInput | undefined): OverviewNode {
  return {
    id: 'tiers',
    label: 'Tiers',
    icon: 'layers',
    expanded: true,
    children: CAPABILITIES.map((capability) => {
      // The router's rule (ModelRegistry.tier): no tier set means every model in settings order; a
      // tier that is set but lists no usable model means none.
      const configured = settings.tiers[capability];
      const ids = configured ?? settings.models.map((m) => m.id);
      const decision = ids.length > 0 ? decisionDescription(status?.decisions[capability]) : {};
      const implicit = configured === undefined ? ` No ${capability} tier is set, so every model may answer, in settings order; set switchboard.tiers.${capability} to choose.` : '';
      return {
        id: `tiers/${capability}`,
        label: capability,
        description: ids.length > 0 ? tierDescription(decision.description, status?.decisions[capability]?.chosen, ids) : configured ? 'no usable models' : 'no models',
        tooltip:
          ids.length > 0
            ? (decision.tooltip ?? `${capability}: ${ids[0]} answers first; ${ids.length > 1 ? `then ${ids.slice(1).join(', ')} in order` : 'no fallback'}.`) + implicit
            : configured
              ? `switchboard.tiers.${capability} lists no usable model (empty, or every id in it was skipped: see Settings problems), so nothing answers ${capability}.`
              : `No models in the ${capability} tier: add model ids to switchboard.tiers.${capability}.`,
        icon: ids.length > 0 ? 'list-ordered' : 'circle-slash',
        tone: ids.length > 0 ? 'normal' : 'warning',
        children: ids.map((id, index) => ({
          id: `tiers/${capability}/${id}`,
          label: id,
          description: index === 0 ? 'primary' : `fallback ${index}`,
          icon: index === 0 ? 'star-full' : 'arrow-small-down',
        })),
      } satisfies OverviewNode;
    }),
  };
}

function modelsNode(models: readonly ModelConfig[], keyStatus: OverviewInput['keyStatus'], live: ModelStatusInput | undefined, ollama: OllamaChecks | undefined): OverviewNode {
  return {
    id: 'models',
    label: 'Models',
    description: String(models.length),
    icon: 'server',
    expanded: true,
    children: models.map((m) => {
      const slot = keySlotFor(m);
      const status = slot ? keyStatus(slot) : undefined;
      const needsKey = slot?.required === true && status?.kind === 'missing';
      const local = isLocal(m);
      const details: OverviewNode[] = [
        { id: `models/${m.id}/provider`, label: 'Provider', description: m.provider },
        { id: `models/${m.id}/model`, label: 'Model', description: m.model },
        { id: `models/${m.id}/endpoint`, label: 'Endpoint', description: m.baseUrl ?? 'provider default' },
        { id: `models/${m.id}/where`, label: 'Runs', description: local ? 'locally (code stays on this machine)' : 'in the cloud' },
      ];
      if (m.contextWindow) details.push({ id: `models/${m.id}/ctx`, label: 'Context window', description: `${m.contextWindow.toLocaleString('en-US')} tokens` });
      if (m.maxOutputTokens) details.push({ id: `models/${m.id}/max`, label: 'Max output', description: `${m.maxOutputTokens.toLocaleString('en-US')} tokens` });
      details.push({
        id: `models/${m.id}/price`,
        label: 'Price',
        description: m.price
          ? `$${m.price.input} in / $${m.price.output} out per 1M tokens (override)`
          : chargesNothing(m)
            ? m.local === true
              ? 'free (you set local: true)'
              : 'free (Ollama)'
            : 'bundled price data (unknown if the model is not listed; set a price)',
      });
      if (slot) details.push(keyNode(`models/${m.id}/key`, slot, keyStatus(slot)));
      const health = live ? healthWords(live.health.find((h) => h.modelId === m.id), live.now) : undefined;
      const down = health?.tone === 'error' || health?.tone === 'warning';
      // The probe only advises: a circuit opened by real calls says more, so it wins the icon.
      const problem = ollamaModelProblem(m, ollama);
      if (problem) details.unshift({ id: `models/${m.id}/ollama`, label: 'Ollama', description: problem.reason, tooltip: problem.detail, icon: 'warning', tone: 'warning' });
      const structured = live && !needsKey && !problem ? modelStructuredTooltip(m.id, live) : '';
      const tooltip = `${m.id}: ${m.model} via ${m.provider}${m.baseUrl ? ` at ${m.baseUrl}` : ''}${structured ? `\n${structured}` : ''}`;
      return {
        id: `models/${m.id}`,
        label: m.id,
        description: needsKey ? `${m.provider} · ${m.model} · key missing` : problem ? `${m.provider} · ${m.model} · ${problem.reason}` : live ? modelDescription(m.id, live) : `${m.provider} · ${m.model}`,
        tooltip: problem ? `${tooltip}\n${problem.detail}` : tooltip,
        icon: needsKey ? 'key' : down ? health.icon : problem ? 'debug-disconnect' : local ? 'home' : 'cloud',
        tone: needsKey ? 'warning' : down ? health.tone : problem ? 'warning' : 'normal',
        contextValue: slot ? 'model.keyed' : 'model',
        children: live ? [...modelStatusNodes(m.id, live), ...details] : details,
      } satisfies OverviewNode;
    }),
  };
}

function keysNode(models: readonly ModelConfig[], keyStatus: OverviewInput['keyStatus']): OverviewNode {
  const slots = slotsInUse(models, false);
  return {
    id: 'keys',
    label: 'API keys',
    description: slots.length === 0 ? 'none needed' : undefined,
    icon: 'key',
    expanded: true,
    children: slots.map((slot) => keyNode(`keys/${slot.id}`, slot, keyStatus(slot))),
  };
}

function keyNode(id: string, slot: KeySlot, status: KeyStatus): OverviewNode {
  const description =
    status.kind === 'stored'
      ? 'set (secret storage)'
      : status.kind === 'env'
        ? `from $${status.envVar}`
        : slot.required
          ? 'not set: click to set'
          : 'none (not required)';
  return {
    id,
    label: slot.label,
    description,
    tooltip:
      status.kind === 'missing' && slot.required
        ? `No key for ${slot.label}. Set one with 'Switchboard: Set API Key…'${slot.envVar ? ` or the ${slot.envVar} environment variable` : ''}.`
        : `${slot.label}: ${description}`,
    icon: status.kind === 'missing' ? (slot.required ? 'warning' : 'circle-outline') : 'pass',
    tone: status.kind === 'missing' && slot.required ? 'warning' : 'ok',
    contextValue: status.kind === 'stored' ? 'keySlot.stored' : 'keySlot',
    command: { id: 'switchboard.setApiKey', title: 'Set API Key…', args: [{ slot: slot.id }] },
  };
}

/**
 * A tier row: who would answer now, then the rest of the tier, without saying a model twice
 * ("→ fast (primary) · then strong → local"; "→ fast (primary)" alone for a tier of one). When a
 * fallback would answer, the whole tier follows so the person sees who is being skipped.
 */
export function tierDescription(decision: string | undefined, chosen: string | undefined, ids: readonly string[]): string {
  if (!decision) return ids.join(' → ');
  if (chosen !== undefined && chosen === ids[0]) return ids.length > 1 ? `${decision} · then ${ids.slice(1).join(' → ')}` : decision;
  return `${decision} · tier ${ids.join(' → ')}`;
}
