import assert from 'node:assert/strict';
import type { QualitySignal } from '../../../src/core/metrics/qualitySignal';
import { changeProducer, phaseTarget } from '../../../src/core/tasks/taskSignals';
import { BROKEN_DRAFT, DEFAULT_SCRIPT, profile, run, useTaskWorld, type ModelSpec } from './taskHarness';

/**
 * A task's checks are quality signals against the attempt that wrote the checked draft, named by
 * the request id the phase now carries (the attempt records carry the same one).
 */
describe('task quality signals', () => {
  const world = useTaskWorld();
  const MODELS: ModelSpec[] = [
    { id: 'claude-plan', server: 'anthropic' },
    { id: 'llama-research', server: 'ollama' },
    { id: 'gpt-coder', server: 'openai' },
    { id: 'llama-review', server: 'ollama' },
  ];
  const TIERS = { plan: ['claude-plan'], understand: ['llama-research'], generate: ['gpt-coder'], review: ['llama-review'] };

  it('records the broken draft’s failed check against generate and the refined draft’s pass against refine, linked by request id', async () => {
    const signals: QualitySignal[] = [];
    const { ports, records } = world.setup({
      models: MODELS,
      tiers: TIERS,
      script: (kind, req, model) => (kind === 'generate' ? BROKEN_DRAFT : DEFAULT_SCRIPT(kind, req, model)),
      ports: { recordSignal: (s) => signals.push(s) },
    });
    const { result } = await run(ports, { profile: profile('implement') });
    assert.equal(result.status, 'succeeded', result.stoppedReason);

    const generate = result.phases.find((p) => p.key === 'generate');
    const refine = result.phases.find((p) => p.key === 'refine#1');
    assert.ok(generate?.requestId && refine?.requestId && generate.requestId !== refine.requestId);
    // The phase's request id is its attempts' own.
    assert.ok(records.some((r) => r.requestId === generate.requestId && r.phase === 'generate' && r.outcome === 'success'));
    assert.ok(records.some((r) => r.requestId === refine.requestId && r.phase === 'refine'));

    assert.deepEqual(
      signals.map((s) => ({ kind: s.kind, value: s.value, requestId: s.requestId, modelId: s.modelId, capability: s.capability, workspace: s.workspace })),
      [
        { kind: 'task-validation', value: 'failed', requestId: generate.requestId, modelId: 'gpt-coder', capability: 'generate', workspace: 'ws-1' },
        { kind: 'task-validation', value: 'passed', requestId: refine.requestId, modelId: 'gpt-coder', capability: 'generate', workspace: 'ws-1' },
      ],
    );
    // The change the person will accept or reject is the refined one.
    const producer = changeProducer(result);
    assert.equal(producer?.key, 'refine#1');
    assert.deepEqual(producer && phaseTarget(producer), { requestId: refine.requestId, modelId: 'gpt-coder', capability: 'generate' });
  });

  it('records nothing for a draft that could not be checked', async () => {
    const signals: QualitySignal[] = [];
    const { ports } = world.setup({ models: MODELS, tiers: TIERS, validator: null, ports: { recordSignal: (s) => signals.push(s) } });
    const { result } = await run(ports, { profile: profile('implement') });
    assert.equal(result.validation?.status, 'not-validated');
    assert.deepEqual(signals, []);
  });
});
