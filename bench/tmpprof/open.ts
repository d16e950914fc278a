import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricsStore } from '../../src/core/metrics/metricsStore';
import { fillSyntheticStore, syntheticRecord } from '../lib/syntheticModels';
async function main() {
  const CALLS = Number(process.env.CALLS ?? 60000);
  const dir = process.env.DIR ?? mkdtempSync(join(tmpdir(), 'sb-open-'));
  if (!process.env.DIR) {
    const filled = await fillSyntheticStore(dir, CALLS, 30, { success: 0.93, error: 0.07, workspaces: ['file:///home/dev/app'] });
    const today = Math.floor(Date.now() / 86_400_000) * 86_400_000;
    for (let i = 0; i < CALLS / 30; i++) {
      filled.clock.now = today + Math.floor(((Date.now() - today) * i) / (CALLS / 30));
      filled.store.append(syntheticRecord(filled.next, filled.clock.now, CALLS + i, { workspaces: ['file:///home/dev/app'] }));
    }
    filled.store.dispose();
    console.log(dir);
  }
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const s = await MetricsStore.open(dir, { retentionDays: 30, watch: true });
    const t1 = performance.now();
    s.recentAll(); const t2 = performance.now();
    s.signals({ from: Date.now() - 30 * 86_400_000 });
    console.log('open', (t1 - t).toFixed(0), 'recentAll', (t2 - t1).toFixed(0), 'signals', (performance.now() - t2).toFixed(0), s.health().records);
    s.dispose();
  }
}
void main();
