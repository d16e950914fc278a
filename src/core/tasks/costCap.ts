import type { ModelRequest } from '../providers/contract';
import type { TaskCatalogue } from './taskPorts';

/** A phase let through the cap: its worst case is held until it ends. */
export interface CapAdmission {
  /** Why the phase may not start; undefined when it may. */
  readonly refusal?: string;
  /** Lets go of the phase's worst case (once its cost is added, or it made no call). Idempotent. */
  release(): void;
}

const NOTHING_HELD: CapAdmission = { release: () => undefined };

/**
 * The task's cost cap: before each phase, what was spent plus the phase's worst case (prompt plus
 * the model's maximum output, at its price) must stay within `maxCostUsd`. Phases running side by
 * side (a critique's critics) count each other's worst case while they run, as the router's budget
 * counts calls in flight: checked one after the other, each would see only what was spent and
 * together they could pass the cap. An unpriced model (a local one) costs nothing here.
 */
export class CostCap {
  private spentUsd = 0;
  private pendingUsd = 0;

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

  /** Whether the phase may start; when it may, its worst case is held until `release()`. */
  admit(label: string, modelId: string | undefined, request: ModelRequest): CapAdmission {
    if (this.maxCostUsd === undefined || modelId === undefined) return NOTHING_HELD;
    const worst = this.catalogue.worstCaseCostUsd(modelId, request);
    if (worst === undefined) return NOTHING_HELD;
    if (this.spentUsd + this.pendingUsd + worst > this.maxCostUsd) {
      const inFlight = this.pendingUsd > 0 ? ` (and up to $${this.pendingUsd.toFixed(4)} by phases still running)` : '';
      return { refusal: `cost cap: ${label} on ${modelId} could cost up to $${worst.toFixed(4)}, and $${this.spentUsd.toFixed(4)} is already spent${inFlight}; the task's limit is $${this.maxCostUsd.toFixed(2)}`, release: () => undefined };
    }
    this.pendingUsd += worst;
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.pendingUsd = Math.max(0, this.pendingUsd - worst);
      },
    };
  }
}
