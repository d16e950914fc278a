import { seededRandom } from '../../src/core/router/rng';

/**
 * A generated routing-data file (`SWITCHBOARD_ROUTING_DATA=generated:500x24`), to check that the
 * replay of a large file stays within a minute. Models differ in skill and price, tasks in
 * difficulty; outcomes are in steps of 0.1 like 10-sample pass@1 values; every task has a date.
 */
export function generateRoutingJsonl(tasks: number, models: number, seed = 1): string {
  const random = seededRandom(seed);
  const names = Array.from({ length: models }, (_, i) => `model-${String(i + 1).padStart(2, '0')}`);
  const skill = names.map(() => 0.2 + 0.75 * random());
  // Dearer models are somewhat better: price grows with skill, times a spread of about 10×.
  const price = skill.map((s) => 0.0005 * Math.exp(4 * s + 2.3 * (random() - 0.5)));
  const lines: string[] = [];
  const day0 = Date.UTC(2024, 0, 1);
  for (let t = 0; t < tasks; t++) {
    const difficulty = random();
    const outcomes: Record<string, number> = {};
    const cost: Record<string, number> = {};
    names.forEach((name, m) => {
      const p = Math.min(1, Math.max(0, (skill[m] as number) + 0.5 - 1.2 * difficulty + 0.3 * (random() - 0.5)));
      outcomes[name] = Math.round(p * 10) / 10;
      cost[name] = Number(((price[m] as number) * (1 + difficulty)).toPrecision(4));
    });
    const date = new Date(day0 + t * 86_400_000).toISOString().slice(0, 10);
    lines.push(JSON.stringify({ task: `t${t + 1}`, date, outcomes, cost }));
  }
  return lines.join('\n') + '\n';
}
