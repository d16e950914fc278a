import assert from 'node:assert/strict';
import { assignVariant, stableUnitHash } from '../../../src/core/experiments/variantAssignment';
import { experimentSchema, type ExperimentConfig } from '../../../src/core/config/settings/experiments';
import { registered } from './fakeModel';
import { ask, makeRouter, route } from './harness';

const EXPERIMENT: ExperimentConfig = experimentSchema.parse({
  id: 'review-ab',
  capability: 'review',
  variants: [
    { name: 'control', models: ['a'], weight: 1 },
    { name: 'challenger', models: ['b'], weight: 1 },
  ],
});

describe('A/B experiments', () => {
  it('assigns the same variant to a conversation every time', () => {
    const first = assignVariant([EXPERIMENT], 'review', 'conversation-7');
    for (let i = 0; i < 20; i++) assert.deepEqual(assignVariant([EXPERIMENT], 'review', 'conversation-7'), first);
    assert.equal(stableUnitHash('x'), stableUnitHash('x'));
  });

  it('splits conversations by weight', () => {
    const counts = new Map<string, number>();
    const weighted = { ...EXPERIMENT, variants: [{ name: 'control', models: ['a'], weight: 3 }, { name: 'challenger', models: ['b'], weight: 1 }] };
    for (let i = 0; i < 2000; i++) {
      const v = assignVariant([weighted], 'review', `conv-${i}`)?.variant ?? 'none';
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const control = counts.get('control') ?? 0;
    // 1500 expected; a hash split over 2000 keys stays well within ±150.
    assert.ok(control > 1350 && control < 1650, `control ${control}`);
    assert.equal(control + (counts.get('challenger') ?? 0), 2000);
  });

  it('applies only to its capability and only when enabled', () => {
    assert.equal(assignVariant([EXPERIMENT], 'generate', 'c'), undefined);
    assert.equal(assignVariant([{ ...EXPERIMENT, enabled: false }], 'review', 'c'), undefined);
  });

  it('routes with the variant tier and tags every attempt with experiment and variant', async () => {
    const a = registered({ id: 'a', provider: 'openai' });
    const b = registered({ id: 'b', provider: 'anthropic' });
    const c = registered({ id: 'c', provider: 'ollama' });
    const { router } = makeRouter({ models: [a, b, c], tiers: { review: ['c'] }, settings: { experiments: [{ ...EXPERIMENT, variants: [{ name: 'control', models: ['a', 'c'], weight: 1 }, { name: 'challenger', models: ['b', 'c'], weight: 1 }] }] } });
    const seen = new Map<string, string>();
    for (let i = 0; i < 30; i++) {
      const conversationId = `conv-${i % 6}`;
      if (i % 5 === 0) a.model.then({ type: 'fail', kind: 'server' });
      const { result } = await route(router, 'review', ask(), { conversationId });
      for (const attempt of result.attempts) {
        assert.equal(attempt.experiment, 'review-ab');
        assert.ok(attempt.variant === 'control' || attempt.variant === 'challenger');
        const previous = seen.get(conversationId);
        if (previous) assert.equal(attempt.variant, previous, 'sticky per conversation');
        seen.set(conversationId, attempt.variant);
      }
      const variant = seen.get(conversationId);
      if (result.modelId !== 'c') assert.equal(result.modelId, variant === 'control' ? 'a' : 'b');
      assert.match(result.explanation, new RegExp(`experiment review-ab: variant ${variant}`));
    }
    assert.equal(new Set(seen.values()).size, 2, 'both variants get traffic');
  });

  it("keeps a task's requests outside a conversation in one variant, and explains the variant its request will get", async () => {
    const a = registered({ id: 'a', provider: 'openai' });
    const b = registered({ id: 'b', provider: 'anthropic' });
    const { router } = makeRouter({ models: [a, b], tiers: { review: ['a'] }, settings: { experiments: [EXPERIMENT] } });
    const variants = new Set<string>();
    for (let t = 0; t < 12; t++) {
      const taskId = `task-${t}`;
      const predicted = router.explain('review', { taskId });
      const first = await route(router, 'review', ask(), { taskId });
      const second = await route(router, 'review', ask('The refined draft.'), { taskId });
      assert.equal(second.result.attempts[0]?.variant, first.result.attempts[0]?.variant, `${taskId}: one variant for the task's phases`);
      assert.equal(predicted.chosen, first.result.modelId, `${taskId}: explain names the model the request gets`);
      variants.add(first.result.attempts[0]?.variant ?? '');
    }
    assert.equal(variants.size, 2, 'tasks are split between the variants');
    // A conversation still decides where there is one.
    const inConversation = await route(router, 'review', ask(), { conversationId: 'conversation-7', taskId: 'task-0' });
    assert.equal(inConversation.result.attempts[0]?.variant, assignVariant([EXPERIMENT], 'review', 'conversation-7')?.variant);
  });

  it('rejects experiments that cannot be compared', () => {
    const one = experimentSchema.safeParse({ id: 'x', capability: 'review', variants: [{ name: 'a', models: ['m'] }] });
    assert.equal(one.success, false);
    const dup = experimentSchema.safeParse({ id: 'x', capability: 'review', variants: [{ name: 'a', models: ['m'] }, { name: 'a', models: ['n'] }] });
    assert.equal(dup.success, false);
    assert.deepEqual(dup.error?.issues[0]?.path, ['variants', 1, 'name']);
    const zero = experimentSchema.safeParse({ id: 'x', capability: 'review', variants: [{ name: 'a', models: ['m'], weight: 0 }, { name: 'b', models: ['n'], weight: 0 }] });
    assert.equal(zero.success, false);
  });
});
