import type { Complexity } from '../../src/core/router/capabilities';
import type { Random } from '../../src/core/router/rng';
import type { RoutingTask } from './routingData';

/**
 * The complexity the router is told for each task, as the classifier would give it: the file's
 * `difficulty` (easy, medium, hard → low, medium, high) is the truth, and a simulated classifier of
 * the stated accuracy reports it or, with the remaining probability, a neighbouring level (seeded).
 * The rules classifier measures 75.6% on held-out requests (`npm run bench -- classifier`). Tasks
 * without a difficulty get none, and the router uses the capability's scores for them.
 */
export const CLASSIFIER_COMPLEXITY_ACCURACY = 0.75;

const LEVELS: Readonly<Record<string, Complexity>> = { easy: 'low', low: 'low', medium: 'medium', hard: 'high', high: 'high' };
const ORDER: readonly Complexity[] = ['low', 'medium', 'high'];

export function classifiedComplexity(tasks: readonly RoutingTask[], accuracy: number, random: Random): Map<RoutingTask, Complexity> {
  const out = new Map<RoutingTask, Complexity>();
  for (const task of tasks) {
    const truth = task.difficulty !== undefined ? LEVELS[task.difficulty.toLowerCase()] : undefined;
    if (truth === undefined) continue;
    if (random() < accuracy) {
      out.set(task, truth);
      continue;
    }
    const i = ORDER.indexOf(truth);
    const neighbours = [ORDER[i - 1], ORDER[i + 1]].filter((c): c is Complexity => c !== undefined);
    out.set(task, neighbours[Math.floor(random() * neighbours.length)] as Complexity);
  }
  return out;
}
