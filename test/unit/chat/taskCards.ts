import type { TaskCardView, TaskPhaseView } from '../../../src/protocol/taskCard';
import { sumTaskPhases } from '../../../src/protocol/taskCard';

const phase = (p: Partial<TaskPhaseView> & Pick<TaskPhaseView, 'key' | 'phase' | 'status'>): TaskPhaseView => ({
  fallbacks: [],
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
  ...p,
});

/** A finished implement task with every kind of output a phase can show. */
export function finishedTaskCard(over: Partial<TaskCardView> = {}): TaskCardView {
  const phases: TaskPhaseView[] = [
    phase({
      key: 'plan',
      phase: 'plan',
      status: 'succeeded',
      modelId: 'claude-sonnet',
      provider: 'anthropic',
      timeMs: 1200,
      ttftMs: 300,
      inputTokens: 500,
      outputTokens: 200,
      costUsd: 0.012,
      output: { kind: 'plan', plan: { summary: 'Add a discount code', steps: [{ title: 'Add the field', files: ['src/checkout.ts'] }, { title: 'Apply it', files: ['src/cart.ts'] }] } },
    }),
    phase({ key: 'research', phase: 'research', status: 'succeeded', modelId: 'local-coder', timeMs: 400, inputTokens: 100, outputTokens: 50, costUsd: null, output: { kind: 'research', sources: ['src/cart.ts'], toolCalls: 2 } }),
    phase({
      key: 'generate',
      phase: 'generate',
      status: 'succeeded',
      modelId: 'gpt-4o',
      provider: 'openai',
      timeMs: 3000,
      inputTokens: 2000,
      outputTokens: 900,
      costUsd: 0.031,
      note: 'your picked model (gpt-4o) applies here',
      fallbacks: [{ from: 'local-coder', to: 'gpt-4o', reason: 'Ollama is not running' }],
      output: { kind: 'change-set', changeSet: { summary: 'discount', files: [{ kind: 'edit', path: 'src/checkout.ts', added: 2, removed: 1 }] } },
    }),
    phase({
      key: 'review',
      phase: 'review',
      status: 'succeeded',
      modelId: 'claude-sonnet',
      timeMs: 800,
      inputTokens: 900,
      outputTokens: 100,
      costUsd: 0.009,
      output: { kind: 'findings', findings: [{ file: 'src/cart.ts', startLine: 14, endLine: 16, severity: 'warning', message: 'Discount <b>not</b> capped', suggestedFix: 'Math.min(total, code.amount)' }] },
    }),
    phase({ key: 'refine', phase: 'refine', status: 'skipped', error: 'not needed' }),
    phase({
      key: 'validate',
      phase: 'validate',
      status: 'succeeded',
      timeMs: 250,
      output: { kind: 'validation', validation: { status: 'passed', diagnostics: [], files: [{ path: 'src/checkout.ts', check: 'types' }] } },
    }),
  ];
  return {
    role: 'task',
    id: 'm9',
    requestId: 't9',
    taskId: 'task9',
    profileId: 'implement',
    profileLabel: 'Implement',
    instruction: 'add a discount code to the checkout',
    status: 'succeeded',
    pattern: 'single',
    phases,
    notes: [],
    totals: sumTaskPhases(phases),
    elapsedMs: 5000,
    final: {
      changeSet: { summary: 'discount', files: [{ kind: 'edit', path: 'src/checkout.ts', added: 2, removed: 1 }] },
      validation: { status: 'passed', diagnostics: [], files: [{ path: 'src/checkout.ts', check: 'types' }] },
    },
    createdAt: 3,
    ...over,
  };
}
