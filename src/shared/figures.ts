/**
 * Text for figures, shared by the Models view, the status bar and the dashboard. Pure (no DOM, no
 * Node) so every surface reads a figure the same way. English with fixed `en-US` number forms.
 */

/** A cost that may be partly unknown: the known sum and how many calls had no price. */
export interface CostFigure {
  readonly knownUsd: number;
  readonly unknownCount: number;
}

const usd2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * Dollars: cents from $0.10 up; below, two significant digits, so that per-call costs stay
 * comparable ($0.0092 against $0.010) and small spends do not read $0.00.
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return 'unknown';
  if (usd === 0) return '$0.00';
  const abs = Math.abs(usd);
  const sign = usd < 0 ? '-' : '';
  // toPrecision switches to exponent notation below 1e-6.
  if (abs < 0.000001) return `${sign}< $0.000001`;
  if (abs < 0.1) return `${sign}$${abs.toPrecision(2)}`;
  return usd2.format(usd);
}

/**
 * A cost that may be partly unknown, in a few characters: `$1.23`; `≥ $1.23` when some calls had
 * no price (the known part is a lower bound); `unknown` when nothing is known. Never `$0.00` for
 * an unknown.
 */
export function formatCost(cost: CostFigure): string {
  if (cost.unknownCount === 0) return formatUsd(cost.knownUsd);
  if (cost.knownUsd === 0) return 'unknown';
  return `≥ ${formatUsd(cost.knownUsd)}`;
}

/** One phase's or call's cost, `unknown` when it had no price (null): the task card and its Markdown export. */
export function formatCostOrUnknown(usd: number | null): string {
  return formatCost({ knownUsd: usd ?? 0, unknownCount: usd === null ? 1 : 0 });
}

/** The same cost in words, for captions, tables and screen readers. */
export function describeCost(cost: CostFigure): string {
  if (cost.unknownCount === 0) return formatUsd(cost.knownUsd);
  const calls = plural(cost.unknownCount, 'call');
  if (cost.knownUsd === 0) return `unknown (${calls} without a price)`;
  return `${formatUsd(cost.knownUsd)} known, plus ${calls} of unknown cost`;
}

/** Durations: `850 ms`, `1.2 s`, `12 s`, `2 min 5 s`, `1 h 2 min`; `n/a` when there is none. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return 'n/a';
  // 999.6 ms reads "1.0 s", not "1000 ms".
  if (ms < 999.5) return `${Math.round(ms)} ms`;
  const s = ms / 1_000;
  if (s < 10) {
    const tenths = Math.round(s * 10) / 10;
    return tenths >= 10 ? '10 s' : `${tenths.toFixed(1)} s`;
  }
  if (s < 60) {
    const whole = Math.round(s);
    return whole >= 60 ? '1 min 0 s' : `${whole} s`;
  }
  const totalSeconds = Math.round(s);
  if (totalSeconds < 3_600) return `${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)} h ${totalMinutes % 60} min`;
}

/** A 0..1 rate as a percentage with at most one decimal (`93.4%`, `100%`); `n/a` when undefined. */
export function formatPercent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return 'n/a';
  const pct = Math.round(rate * 1_000) / 10;
  return `${Number.isInteger(pct) ? pct.toFixed(0) : pct.toFixed(1)}%`;
}

export function formatCount(n: number): string {
  return count.format(n);
}

export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

/** A cost for a table cell, with the count of unpriced calls: `$1.23`, `$1.23 + 4 unknown`, `unknown (4)`. */
export function formatCostDetail(cost: CostFigure): string {
  if (cost.unknownCount === 0) return formatUsd(cost.knownUsd);
  if (cost.knownUsd === 0) return `unknown (${formatCount(cost.unknownCount)})`;
  return `${formatUsd(cost.knownUsd)} + ${formatCount(cost.unknownCount)} unknown`;
}
