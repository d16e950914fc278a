import type { ModelRequest } from '../providers/contract';
import type { TaskCatalogue } from './taskPorts';

/** A phase let through the cap: its worst case is held until it ends. */
export interface CapAdmission {
  /** Why the phase may not start; undefined when it may. */
  readonly refusal?: string;
  /**
   * Before the router calls `modelId` for the phase (the model it was admitted on, a fallback, a
   * repair): whether what the phase has paid so far plus that model's worst case on `request` still
   * fits. When it does, the phase holds that from now on instead of what it held, and the answer is
   * undefined; otherwise it is the reason, and the hold is unchanged.
   */
  reprice(modelId: string, request: ModelRequest, paidUsd: number): string | undefined;
  /** Lets go of the phase's worst case (once its cost is added, or it made no call). Idempotent. */
  release(): void;
}

const NOTHING_HELD: CapAdmission = { reprice: () => undefined, release: () => undefined };

/**
 * The task's cost cap: before each phase, what was spent plus the phase's worst case (prompt plus
 * the model's maximum output, at its price) must stay within `maxCostUsd`, and again before each
 * model the router tries for it: a fallback may cost far more than the model the phase was admitted
 * on. Phases running side by side (a critique's critics) count each other's worst case while they
 * run, as the router's budget counts calls in flight: checked one after the other, each would see
 * only what was spent and together they could pass the cap. An unpriced model (a local one) costs
 * nothing here.
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

  /**
   * Whether the phase may start on `modelId` (undefined: the model is not known yet); when it may,
   * its worst case is held until `release()`, and each model the router tries is priced by `reprice`.
   */
  admit(label: string, modelId: string | undefined, request: ModelRequest): CapAdmission {
    if (this.maxCostUsd === undefined) return NOTHING_HELD;
    const worst = modelId === undefined ? undefined : this.catalogue.requestCostUsd(modelId, request);
    const refusal = modelId !== undefined && worst !== undefined ? this.refusal(label, modelId, worst, 0, this.pendingUsd) : undefined;
    if (refusal) return { refusal, reprice: () => refusal, release: () => undefined };
    let held = worst ?? 0;
    let holding = true;
    this.pendingUsd += held;
    return {
      reprice: (id, routed, paidUsd) => {
        const price = this.catalogue.requestCostUsd(id, routed) ?? 0;
        const others = holding ? Math.max(0, this.pendingUsd - held) : this.pendingUsd;
        const why = this.refusal(label, id, price, paidUsd, others);
        if (why || !holding) return why;
        held = paidUsd + price;
        this.pendingUsd = others + held;
        return undefined;
      },
      release: () => {
        if (!holding) return;
        holding = false;
        this.pendingUsd = Math.max(0, this.pendingUsd - held);
      },
    };
  }

  /** Why `worstUsd` on `modelId` would pass the cap, after what was spent, `paidUsd` of this phase's and `othersUsd` held by phases running. */
  private refusal(label: string, modelId: string, worstUsd: number, paidUsd: number, othersUsd: number): string | undefined {
    const max = this.maxCostUsd;
    if (max === undefined || this.spentUsd + paidUsd + othersUsd + worstUsd <= max) return undefined;
    const inFlight = othersUsd > 0 ? ` (and up to $${othersUsd.toFixed(4)} by phases still running)` : '';
    return `cost cap: ${label} on ${modelId} could cost up to $${worstUsd.toFixed(4)}, and $${(this.spentUsd + paidUsd).toFixed(4)} is already spent${inFlight}; the task's limit is $${max.toFixed(2)}`;
  }
}
