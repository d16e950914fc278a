import type { ExperimentConfig } from '../config/settings/experiments';
import { type CostFigure, describeCost, formatCost, formatCostDetail, formatCount, formatDuration, formatPercent, formatUsd } from '../../shared/figures';
import { servedCalls, type MetricsRow } from '../metrics/metricsQuery';
import { signalsOfModel, type SignalFigure } from '../metrics/signalFigures';
import type { SpendSummary } from '../metrics/spendTable';
import type { Capability } from '../router/capabilities';
import type { HealthSnapshot } from '../router/health';
import type { RouteDecision } from '../router/routeEvents';
import type { OverviewNode } from './overviewNode';

/** Live figures for the Models view and the status bar, gathered by the host from the router and the store. */
export interface ModelStatusInput {
  readonly now: number;
  readonly health: readonly HealthSnapshot[];
  /** Store rows grouped by model for each window. */
  readonly byModel: { readonly today: readonly MetricsRow[]; readonly week: readonly MetricsRow[]; readonly month: readonly MetricsRow[] };
  /** What the router would do now, per capability (router.explain). */
  readonly decisions: Partial<Record<Capability, RouteDecision>>;
  readonly budget: BudgetFigures;
  readonly experiments: readonly ExperimentConfig[];
  /** Store rows of the last 30 days grouped by experiment and variant. */
  readonly byVariant: readonly MetricsRow[];
  /** Quality signals of the last 30 days per model and capability (absent: none read). */
  readonly signals?: readonly SignalFigure[];
}

export interface BudgetFigures {
  readonly daily?: number;
  readonly monthly?: number;
  readonly today: SpendSummary;
  readonly month: SpendSummary;
}

const cost = (row: MetricsRow | undefined): CostFigure => ({ knownUsd: row?.costKnownUsd ?? 0, unknownCount: row?.costUnknownCount ?? 0 });

export function healthWords(h: HealthSnapshot | undefined, now: number): { label: string; icon: string; tone: OverviewNode['tone'] } {
  if (!h || h.state === 'closed') return { label: 'healthy', icon: 'pass', tone: 'ok' };
  if (h.state === 'half-open' || h.probeDue) return { label: 'recovering (probing)', icon: 'sync', tone: 'warning' };
  const probe = h.probeAt !== undefined ? ` · probe in ${formatDuration(Math.max(0, h.probeAt - now))}` : '';
  return { label: `down (circuit open)${probe}`, icon: 'error', tone: 'error' };
}

/**
 * "structured output 92% of 25": how often the model's structured answers matched their schema,
 * and how many answers that rests on. Empty when it gave none (old rollups read 0), so nothing is
 * shown rather than "n/a".
 */
export function structuredOutputWords(row: MetricsRow | undefined): string {
  if (!row || row.structured === 0) return '';
  return `structured output ${formatPercent(row.structuredSuccessRate)} of ${formatCount(row.structured)}`;
}

/** "23 of 25 answers matched the requested schema; 2 did not." Empty like {@link structuredOutputWords}. */
export function structuredOutputDetail(row: MetricsRow | undefined): string {
  if (!row || row.structured === 0) return '';
  const valid = row.structured - row.schemaFailed;
  const refused = row.schemaFailed === 0 ? 'none failed' : `${formatCount(row.schemaFailed)} did not`;
  return `${formatCount(valid)} of ${formatCount(row.structured)} answer${row.structured === 1 ? '' : 's'} matched the requested schema; ${refused}.`;
}

/** The model row's tooltip line that explains "structured output 92% of 25" in its description; empty when that is not shown. */
export function modelStructuredTooltip(modelId: string, input: ModelStatusInput): string {
  const detail = structuredOutputDetail(input.byModel.today.find((r) => r.modelId === modelId));
  return detail ? `Structured output today: ${detail}` : '';
}

/** The one-line figures after a model's name: "healthy · 42 calls · 98% · structured output 92% of 25 · p50 1.2 s · $0.12 today". */
export function modelDescription(modelId: string, input: ModelStatusInput): string {
  const health = healthWords(input.health.find((h) => h.modelId === modelId), input.now);
  const today = input.byModel.today.find((r) => r.modelId === modelId);
  if (!today || today.count === 0) return `${health.label} · no calls today`;
  const structured = structuredOutputWords(today);
  return `${health.label} · ${formatCount(today.count)} call${today.count === 1 ? '' : 's'} · ${formatPercent(today.successRate)}${structured ? ` · ${structured}` : ''} · p50 ${formatDuration(today.latencyP50Ms)} · ${formatCost(cost(today))} today`;
}

/** The detail rows under a model: health, then the figures per window. */
export function modelStatusNodes(modelId: string, input: ModelStatusInput): OverviewNode[] {
  const h = input.health.find((x) => x.modelId === modelId);
  const health = healthWords(h, input.now);
  const id = (suffix: string) => `models/${modelId}/status/${suffix}`;
  const nodes: OverviewNode[] = [
    {
      id: id('health'),
      label: 'Health',
      description: health.label,
      icon: health.icon,
      tone: health.tone,
      tooltip: h?.lastError
        ? `Last error (${new Date(h.lastError.at).toLocaleTimeString('en-GB')}): ${h.lastError.kind}: ${h.lastError.message}${h.openedAt ? `\nCircuit opened ${new Date(h.openedAt).toLocaleTimeString('en-GB')}` : ''}${h.probeAt ? `\nNext probe ${new Date(h.probeAt).toLocaleTimeString('en-GB')}` : ''}`
        : 'No recent failure.',
    },
  ];
  if (h?.lastError) {
    nodes.push({ id: id('lastError'), label: 'Last error', description: `${h.lastError.kind}: ${h.lastError.message}`, tooltip: h.lastError.message, icon: 'warning', tone: 'warning' });
  }
  const month = input.byModel.month.find((r) => r.modelId === modelId);
  const today = input.byModel.today.find((r) => r.modelId === modelId);
  const week = input.byModel.week.find((r) => r.modelId === modelId);
  nodes.push(
    { id: id('requests'), label: 'Requests', description: `${formatCount(today?.count ?? 0)} today · ${formatCount(week?.count ?? 0)} this week · ${formatCount(month?.count ?? 0)} in 30 days`, icon: 'pulse' },
    successNode(id('success'), month, signalsOfModel(input.signals ?? [], modelId)),
    acceptanceNode(id('acceptance'), modelId, input.signals ?? []),
    { id: id('latency'), label: 'Latency (30 days)', description: `p50 ${formatDuration(month?.latencyP50Ms)} · p95 ${formatDuration(month?.latencyP95Ms)}`, icon: 'watch' },
    { id: id('ttft'), label: 'Time to first token', description: `p50 ${formatDuration(month?.ttftP50Ms)} · p95 ${formatDuration(month?.ttftP95Ms)}`, icon: 'dashboard' },
    {
      id: id('tokens'),
      label: 'Tokens (30 days)',
      description: `${formatCount(month?.inputTokens ?? 0)} in · ${formatCount(month?.outputTokens ?? 0)} out · ${formatCount(month?.cacheReadTokens ?? 0)} cached`,
      icon: 'symbol-number',
    },
    {
      id: id('cost'),
      label: 'Cost',
      description: `${formatCostDetail(cost(today))} today · ${formatCostDetail(cost(week))} this week · ${formatCostDetail(cost(month))} in 30 days`,
      tooltip: 'Unknown means the provider has no price (e.g. VS Code language models); it is never counted as $0.',
      icon: 'credit-card',
    },
  );
  return nodes;
}

/** "86% accepted (41)": the share of answers kept, and how many signals it rests on. Empty without any. */
export function acceptanceWords(figure: SignalFigure | undefined): string {
  if (!figure || figure.acceptanceRate === undefined) return '';
  return `${formatPercent(figure.acceptanceRate)} accepted (${formatCount(figure.accepted + figure.rejected)})`;
}

const KIND_WORDS: Readonly<Record<string, string>> = {
  apply: 'Apply',
  'task-change': 'task changes',
  'task-validation': 'task checks',
  rating: 'ratings',
  'retry-other-model': 'retried with another model',
};

/** Acceptance per capability, with what it rests on in the tooltip. */
function acceptanceNode(id: string, modelId: string, signals: readonly SignalFigure[]): OverviewNode {
  const mine = signals.filter((f) => f.modelId === modelId && f.acceptanceRate !== undefined);
  const kinds = (f: SignalFigure) =>
    Object.entries(f.byKind)
      .map(([kind, c]) => `${KIND_WORDS[kind] ?? kind} ${c.accepted} kept, ${c.rejected} not`)
      .join('; ');
  return {
    id,
    label: 'Acceptance (30 days)',
    description: mine.length > 0 ? mine.map((f) => `${f.capability ?? ''} ${acceptanceWords(f)}`).join(' · ') : 'no signals yet',
    tooltip:
      (mine.length > 0 ? `${mine.map((f) => `${f.capability ?? ''}: ${kinds(f)}`).join('\n')}\n` : '') +
      'Answers kept (Apply or a task change accepted, checks passed, rated up) out of those with a signal (also rejected, failed, rated down, retried with another model). The adaptive strategy learns from them.',
    icon: 'thumbsup',
  };
}

function successNode(id: string, month: MetricsRow | undefined, signals?: SignalFigure): OverviewNode {
  const structured = structuredOutputWords(month);
  const accepted = acceptanceWords(signals);
  return {
    id,
    label: 'Success rate (30 days)',
    description: [formatPercent(month?.successRate), structured, accepted].filter((w) => w).join(' · '),
    ...(structured ? { tooltip: `Structured output (30 days): ${structuredOutputDetail(month)} A refused answer counts as a failure in the success rate too.` } : {}),
    icon: 'check',
  };
}

/** "→ fast (primary)" with the router's full explanation as tooltip. */
export function decisionDescription(decision: RouteDecision | undefined): { description?: string; tooltip?: string } {
  if (!decision) return {};
  if (decision.blocked) return { description: 'blocked by budget', tooltip: decision.explanation };
  if (!decision.chosen) return { description: 'no model available now', tooltip: decision.explanation };
  return { description: `→ ${decision.chosen}${decision.role ? ` (${decision.role})` : ''}`, tooltip: decision.explanation };
}

export function budgetNode(budget: BudgetFigures): OverviewNode {
  const line = (label: string, spent: SpendSummary, limit: number | undefined) => {
    const spentText = formatCost({ knownUsd: spent.knownUsd, unknownCount: spent.unknownCount });
    return limit === undefined ? `${spentText} ${label} (no limit)` : `${spentText} of ${formatUsd(limit)} ${label} (${formatPercent(spent.knownUsd / limit)})`;
  };
  const fraction = budgetFraction(budget);
  return {
    id: 'budget',
    label: 'Budget',
    description: line('today', budget.today, budget.daily),
    icon: 'credit-card',
    tone: fraction >= 1 ? 'error' : fraction >= 0.8 ? 'warning' : 'normal',
    tooltip: 'Spend of this workspace against switchboard.budget.daily and switchboard.budget.monthly.',
    command: { id: 'switchboard.openSettings', title: 'Open Settings', args: ['switchboard.budget'] },
    children: [
      { id: 'budget/today', label: 'Today', description: line('today', budget.today, budget.daily) },
      { id: 'budget/month', label: 'This month', description: line('this month', budget.month, budget.monthly) },
    ],
  };
}

/** The largest share of a limit spent (0 without limits). */
export function budgetFraction(budget: BudgetFigures): number {
  const parts = [budget.daily ? budget.today.knownUsd / budget.daily : 0, budget.monthly ? budget.month.knownUsd / budget.monthly : 0];
  return Math.max(...parts);
}

export function experimentsNode(experiments: readonly ExperimentConfig[], byVariant: readonly MetricsRow[]): OverviewNode | undefined {
  if (experiments.length === 0) return undefined;
  return {
    id: 'experiments',
    label: 'Experiments',
    description: String(experiments.length),
    icon: 'beaker',
    expanded: true,
    children: experiments.map((e) => ({
      id: `experiments/${e.id}`,
      label: e.id,
      description: `${e.capability}${e.enabled ? '' : ' (off)'}`,
      icon: 'beaker',
      expanded: true,
      children: e.variants.map((v) => {
        const row = byVariant.find((r) => r.experiment === e.id && r.variant === v.name);
        // Per call a model answered: the cache's answers cost nothing and asked no model.
        const served = row ? servedCalls(row) : 0;
        const perCall = row && served > 0 && row.costUnknownCount === 0 ? ` · ${formatUsd(row.costKnownUsd / served)}/call` : row && row.costUnknownCount > 0 ? ' · cost unknown' : '';
        return {
          id: `experiments/${e.id}/${v.name}`,
          label: v.name,
          description: row && row.count > 0 ? `${formatCount(row.count)} calls${row.cachedResponses > 0 ? ` (${formatCount(row.cachedResponses)} from the cache)` : ''} · ${formatPercent(row.successRate)} · p50 ${formatDuration(row.latencyP50Ms)}${perCall}` : 'no calls yet',
          tooltip: `${v.name}: ${v.models.join(' → ')} (weight ${v.weight})`,
          icon: 'symbol-field',
        } satisfies OverviewNode;
      }),
    })),
  };
}

/**
 * The status bar: "$0.42 · 1 model down", warning when a budget is at 80% or more. A model is down
 * when its circuit is open or, for `localDown` (model id → why), its local server is not running or
 * lacks it, so the bar never says "all models up" while the Models view says one is not running.
 */
export function statusBarSummary(
  input: Pick<ModelStatusInput, 'health' | 'budget'>,
  modelCount: number,
  localDown: ReadonlyMap<string, string> = new Map(),
  /** privacy.localOnly is on: said in the bar, since it decides which models may answer at all. */
  localOnly = false,
): { text: string; tooltip: string; warning: boolean; error: boolean } {
  const open = input.health.filter((h) => h.state === 'open').map((h) => h.modelId);
  const down = new Set([...open, ...localDown.keys()]).size;
  const today = { knownUsd: input.budget.today.knownUsd, unknownCount: input.budget.today.unknownCount };
  // Only unpriced calls today: "unknown" alone in the bar did not say what was unknown.
  const spent = today.knownUsd === 0 && today.unknownCount > 0 ? 'cost unknown' : formatCost(today);
  const fraction = budgetFraction(input.budget);
  const healthText = modelCount === 0 ? 'no models' : down === 0 ? 'all models up' : `${down} model${down === 1 ? '' : 's'} down`;
  const limit = input.budget.daily !== undefined ? ` of ${formatUsd(input.budget.daily)} daily budget (${formatPercent(input.budget.today.knownUsd / input.budget.daily)})` : '';
  return {
    text: `${spent} · ${healthText}${localOnly ? ' · local only' : ''}`,
    tooltip: `Switchboard: spent today ${describeCost(today)}${limit}; ${healthText}${[...localDown].map(([id, why]) => ` (${id}: ${why})`).join('')}.${localOnly ? ' Local-only mode is on: only models on this machine are asked.' : ''} Click to open the Models view.`,
    warning: fraction >= 0.8 || down > 0,
    error: fraction >= 1,
  };
}
