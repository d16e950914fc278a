import assert from 'node:assert/strict';
import type { ModelRequest } from '../../../src/core/providers/contract';
import { CostCap } from '../../../src/core/tasks/costCap';
import type { TaskCatalogue } from '../../../src/core/tasks/taskPorts';

/** Each model's worst case, whatever the request; `local` is unpriced. */
const WORST: Record<string, number> = { cheap: 0.2, critic: 0.7, mid: 0.5, pricey: 0.95 };
const catalogue = { requestCostUsd: (id: string) => WORST[id] } as unknown as TaskCatalogue;
const request: ModelRequest = { messages: [{ role: 'user', content: 'x' }] };

describe('the task cost cap', () => {
  it('prices each model the router tries for a phase: what the phase paid plus that model\'s worst case; allowed, the hold follows that model', () => {
    const cap = new CostCap(catalogue, 1);
    const generate = cap.admit('generate', 'cheap', request);
    assert.equal(generate.refusal, undefined);
    // A critic beside it sees the cheap model's hold (0.2 + 0.7 fits).
    const critic = cap.admit('critique', 'critic', request);
    assert.equal(critic.refusal, undefined);
    critic.release();

    // The cheap model failed after costing 0.1: its fallback is held instead (0.1 + 0.5).
    assert.equal(generate.reprice('mid', request, 0.1), undefined);
    assert.equal(
      cap.admit('critique', 'mid', request).refusal,
      "cost cap: critique on mid could cost up to $0.5000, and $0.0000 is already spent (and up to $0.6000 by phases still running); the task's limit is $1.00",
      'another phase sees the hold of the model actually tried',
    );
    // A fallback that would pass the cap is refused with the reason, and the hold stays as it was.
    assert.equal(generate.reprice('pricey', request, 0.1), "cost cap: generate on pricey could cost up to $0.9500, and $0.1000 is already spent; the task's limit is $1.00");
    assert.match(cap.admit('critique', 'mid', request).refusal ?? '', /up to \$0\.6000 by phases still running/);

    cap.add(0.3);
    generate.release();
    generate.release();
    assert.equal(cap.admit('review', 'critic', request).refusal, undefined, 'after release only what was spent counts (0.3 + 0.7)');
  });

  it('prices the fallbacks of a phase admitted on no known or no priced model', () => {
    const cap = new CostCap(catalogue, 0.5);
    for (const planned of [undefined, 'local']) {
      const phase = cap.admit('generate', planned, request);
      assert.equal(phase.refusal, undefined);
      assert.equal(phase.reprice('local', request, 0), undefined, 'an unpriced model costs nothing here');
      assert.match(phase.reprice('pricey', request, 0) ?? '', /^cost cap: generate on pricey could cost up to \$0\.9500/);
      phase.release();
    }
  });

  it('without a limit, nothing is refused or held', () => {
    const cap = new CostCap(catalogue, undefined);
    const phase = cap.admit('generate', 'pricey', request);
    assert.equal(phase.refusal, undefined);
    assert.equal(phase.reprice('pricey', request, 100), undefined);
  });
});
