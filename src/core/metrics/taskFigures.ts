import type { AttemptRecord } from './attemptRecord';

/** A cost over some calls: the known sum, and how many calls had no price (never counted as $0). */
export interface TaskCost {
  readonly knownUsd: number;
  readonly unknownCount: number;
}

/** One multi-model task, from the attempts that carry its id. */
export interface TaskFigure {
  readonly taskId: string;
  /** Epoch ms: the first call's start and the last call's end. */
  readonly startedAt: number;
  readonly endedAt: number;
  /** Wall time from the first call's start to the last call's end (parallel phases overlap). */
  readonly totalMs: number;
  /** Phases in the order their first call started (phases started together in the task order). */
  readonly phases: readonly string[];
  /** Models that were called, in the order first called. */
  readonly models: readonly string[];
  readonly calls: number;
  /** Calls that ended in an error or a schema failure (a fallback usually followed). */
  readonly failedCalls: number;
  readonly cost: TaskCost;
}

/** One phase across the tasks of a range. */
export interface PhaseFigure {
  readonly phase: string;
  /** Tasks that ran the phase. */
  readonly tasks: number;
  readonly calls: number;
  /** Sum over those tasks of the phase's wall time (its first call's start to its last call's end). */
  readonly totalMs: number;
  /** totalMs / tasks. */
  readonly meanMs: number;
  readonly cost: TaskCost;
}

export interface TaskFigures {
  /** The most recent tasks (by start), newest first, at most the limit asked for. */
  readonly tasks: readonly TaskFigure[];
  /** Every phase of every task in the range, in the task order (plan, research, generate, …). */
  readonly phases: readonly PhaseFigure[];
}

/** The order phases run in a task; a phase of another name sorts after these, by name. */
const PHASE_ORDER = ['plan', 'research', 'generate', 'review', 'refine', 'validate'];

interface Span {
  start: number;
  end: number;
  calls: number;
  cost: { knownUsd: number; unknownCount: number };
}

interface TaskAcc extends Span {
  failed: number;
  readonly phases: Map<string, Span>;
  readonly models: string[];
}

const newSpan = (r: AttemptRecord): Span => ({ start: r.time, end: r.time + r.latencyMs, calls: 0, cost: { knownUsd: 0, unknownCount: 0 } });

function extend(span: Span, r: AttemptRecord): void {
  span.start = Math.min(span.start, r.time);
  span.end = Math.max(span.end, r.time + r.latencyMs);
  span.calls += 1;
  if (r.costUsd === undefined) span.cost.unknownCount += 1;
  else span.cost.knownUsd += r.costUsd;
}

function phaseRank(phase: string): number {
  const i = PHASE_ORDER.indexOf(phase);
  return i < 0 ? PHASE_ORDER.length : i;
}

/**
 * Cost and time per task and per phase, from the raw attempts (only those with a `taskId` count; a
 * plain answer is no task). Attempts may come in any order. A call without a phase counts in its
 * task but in no phase.
 */
export function summarizeTasks(records: Iterable<AttemptRecord>, limit: number): TaskFigures {
  const tasks = new Map<string, TaskAcc>();
  const ordered = [...records].filter((r): r is AttemptRecord & { readonly taskId: string } => r.taskId !== undefined).sort((a, b) => a.time - b.time);
  for (const r of ordered) {
    let task = tasks.get(r.taskId);
    if (!task) tasks.set(r.taskId, (task = { ...newSpan(r), failed: 0, phases: new Map(), models: [] }));
    extend(task, r);
    if (r.outcome === 'error' || r.outcome === 'schema-failed') task.failed += 1;
    if (!task.models.includes(r.modelId)) task.models.push(r.modelId);
    if (r.phase !== undefined) {
      let phase = task.phases.get(r.phase);
      if (!phase) task.phases.set(r.phase, (phase = newSpan(r)));
      extend(phase, r);
    }
  }
  const byPhase = new Map<string, { tasks: number; calls: number; totalMs: number; cost: { knownUsd: number; unknownCount: number } }>();
  for (const task of tasks.values()) {
    for (const [name, span] of task.phases) {
      let p = byPhase.get(name);
      if (!p) byPhase.set(name, (p = { tasks: 0, calls: 0, totalMs: 0, cost: { knownUsd: 0, unknownCount: 0 } }));
      p.tasks += 1;
      p.calls += span.calls;
      p.totalMs += span.end - span.start;
      p.cost.knownUsd += span.cost.knownUsd;
      p.cost.unknownCount += span.cost.unknownCount;
    }
  }
  const recent = [...tasks.entries()]
    .sort(([a, x], [b, y]) => y.start - x.start || (a < b ? -1 : 1))
    .slice(0, Math.max(0, limit))
    .map(([taskId, t]): TaskFigure => ({
      taskId,
      startedAt: t.start,
      endedAt: t.end,
      totalMs: t.end - t.start,
      phases: [...t.phases.entries()].sort(([a, x], [b, y]) => x.start - y.start || phaseRank(a) - phaseRank(b)).map(([name]) => name),
      models: [...t.models],
      calls: t.calls,
      failedCalls: t.failed,
      cost: { ...t.cost },
    }));
  const phases = [...byPhase.entries()]
    .sort(([a], [b]) => phaseRank(a) - phaseRank(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([phase, p]): PhaseFigure => ({ phase, tasks: p.tasks, calls: p.calls, totalMs: p.totalMs, meanMs: p.totalMs / p.tasks, cost: { ...p.cost } }));
  return { tasks: recent, phases };
}
