/**
 * Times `count` pairs of `a` and `b` run back to back, `a` first in even pairs and `b` first in odd
 * ones, so that whatever else the machine does meanwhile hits both sides alike. Each function
 * returns its own time in ms; the times come back in pair order, for ratios per pair.
 */
export async function alternatingPairs(count: number, a: () => number | Promise<number>, b: () => number | Promise<number>): Promise<{ readonly a: number[]; readonly b: number[] }> {
  const aMs: number[] = [];
  const bMs: number[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      aMs.push(await a());
      bMs.push(await b());
    } else {
      bMs.push(await b());
      aMs.push(await a());
    }
  }
  return { a: aMs, b: bMs };
}
