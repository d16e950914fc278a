import type { BudgetAnswer, BudgetQuestion } from '../router/routeEvents';

/**
 * The budget's `ask` policy for a request from VS Code's model picker: there is no Switchboard view
 * to ask in, so it asks with a notification where one can be shown (a focused window), and otherwise
 * (or when nobody answers in time) applies `switchboard.budget.unattended`. Which happened is said
 * in the log.
 */

export interface BudgetAskDeps {
  /** Whether a notification can be shown and seen now. */
  readonly canNotify: boolean;
  /** Shows the question; undefined when it was dismissed. */
  readonly notify: (question: BudgetQuestion, signal: AbortSignal) => Promise<BudgetAnswer | undefined>;
  /** The configured answer when nobody can be asked. */
  readonly unattended: BudgetAnswer;
  /** How long a notification waits for an answer. */
  readonly timeoutMs: number;
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly log: (line: string) => void;
}

export const BUDGET_NOTIFICATION_TIMEOUT_MS = 120_000;

export async function answerBudgetUnattended(question: BudgetQuestion, deps: BudgetAskDeps): Promise<BudgetAnswer> {
  const prefix = `Budget (model picker, request ${question.requestId}): ${question.modelId} is over budget;`;
  if (!deps.canNotify) {
    deps.log(`${prefix} no notification can be shown now, so switchboard.budget.unattended applies: ${deps.unattended}.`);
    return deps.unattended;
  }
  const stop = new AbortController();
  try {
    const answer = await Promise.race([
      deps.notify(question, stop.signal).then(
        (a) => ({ from: 'notification' as const, answer: a }),
        () => ({ from: 'notification' as const, answer: undefined }),
      ),
      // Aborted once the notification answers: that rejection is expected and ignored.
      deps.sleep(deps.timeoutMs, stop.signal).then(
        () => ({ from: 'timeout' as const, answer: undefined }),
        () => ({ from: 'timeout' as const, answer: undefined }),
      ),
    ]);
    if (answer.from === 'timeout') {
      deps.log(`${prefix} the notification had no answer within ${Math.round(deps.timeoutMs / 1000)} s, so switchboard.budget.unattended applies: ${deps.unattended}.`);
      return deps.unattended;
    }
    const chosen = answer.answer ?? 'block';
    deps.log(`${prefix} asked by notification, answered ${answer.answer ?? 'nothing (dismissed), so block'}.`);
    return chosen;
  } finally {
    stop.abort();
  }
}
