import type { ModelRequest } from '../providers/contract';
import type { TaskCatalogue } from './taskPorts';

/**
 * The task's cost cap: before each phase, what was spent plus the phase's worst case (prompt plus
 * the model's maximum output, at its price) must stay within `maxCostUsd`. An unpriced model
 * (a local one) costs nothing here.
 */
export class CostCap {
  private spentUsd = 0;

  constructor(
    private readonly catalogue: TaskCatalogue,
    readonly maxCostUsd: number | undefined,
  ) {}

  get spent(): number {
    return this.spentUsd;
  }

  add(costUsd: number | undefined): void {
    this.spentUsd += costUsd ?? 0;
  }

  /** Why the phase may not start, or undefined when it may. */
  refuse(label: string, modelId: string | undefined, request: ModelRequest): string | undefined {
    if (this.maxCostUsd === undefined || modelId === undefined) return undefined;
    const worst = this.catalogue.worstCaseCostUsd(modelId, request);
    if (worst === undefined || this.spentUsd + worst <= this.maxCostUsd) return undefined;
    return `cost cap: ${label} on ${modelId} could cost up to $${worst.toFixed(4)}, and $${this.spentUsd.toFixed(4)} is already spent; the task's limit is $${this.maxCostUsd.toFixed(2)}`;
  }
}
