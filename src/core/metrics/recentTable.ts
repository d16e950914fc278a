import type { Capability } from '../router/capabilities';
import { isRoutedRecord, type AttemptRecord } from './attemptRecord';

/** The last N attempts per model and capability, oldest first: what the adaptive router replays. */
export class RecentTable {
  private readonly byKey = new Map<string, AttemptRecord[]>();

  constructor(private readonly limit: number) {}

  add(record: AttemptRecord): void {
    // A Test Model call is no measurement of how a model serves a capability.
    if (!isRoutedRecord(record)) return;
    const key = recentKey(record.modelId, record.capability);
    let list = this.byKey.get(key);
    if (!list) {
      list = [];
      this.byKey.set(key, list);
    }
    // Two windows' records interleave in time; keep the list ordered by start time.
    let at = list.length;
    while (at > 0 && (list[at - 1] as AttemptRecord).time > record.time) at--;
    // The saved snapshot and the raw log can both hold an attempt: keep it once.
    for (let i = at - 1; i >= 0 && (list[i] as AttemptRecord).time === record.time; i--) {
      if ((list[i] as AttemptRecord).requestId === record.requestId) return;
    }
    if (at === 0 && list.length >= this.limit) return;
    list.splice(at, 0, record);
    if (list.length > this.limit) list.splice(0, list.length - this.limit);
  }

  get(modelId: string, capability: Capability, limit = this.limit): readonly AttemptRecord[] {
    const list = this.byKey.get(recentKey(modelId, capability)) ?? [];
    return list.slice(Math.max(0, list.length - limit));
  }

  *all(): Generator<AttemptRecord> {
    for (const list of this.byKey.values()) yield* list;
  }
}

function recentKey(modelId: string, capability: Capability): string {
  return `${modelId}\u0000${capability}`;
}
