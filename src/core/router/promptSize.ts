import type { ChatMessage } from '../providers/contract';
import { estimateMessagesTokens, estimateTokens, messagesUpperBound } from '../providers/tokenEstimate';

/** Counts tokens for budgets and context fit; the default uses a real tokenizer (o200k). */
export interface TokenEstimator {
  messages(messages: readonly ChatMessage[]): number;
  text(text: string): number;
  /**
   * A bound `messages` never passes, cheap to find. Without one, every question about the prompt's
   * size is answered by counting it.
   */
  messagesUpperBound?(messages: readonly ChatMessage[]): number;
}

export const DEFAULT_TOKEN_ESTIMATOR: TokenEstimator = { messages: estimateMessagesTokens, text: estimateTokens, messagesUpperBound };

/**
 * A request's prompt size, counted when something needs the count and at most once: a context
 * window the prompt clearly fits, an `ordered` tier, no budget and a provider that reports its usage
 * need none, and the count of a new text was most of what the router did before a call
 * (bench/structured). What does need it (a worst-case cost, a window the bound cannot settle, usage a
 * provider did not report) gets the same count a plan made eagerly would have.
 */
export class PromptSize {
  private counted: number | undefined;
  private bound: number | undefined;

  constructor(
    private readonly messages: readonly ChatMessage[],
    private readonly estimator: TokenEstimator,
  ) {}

  /** The estimated token count (counted now, the first time it is asked). */
  get tokens(): number {
    this.counted ??= this.messages.length > 0 ? this.estimator.messages(this.messages) : 0;
    return this.counted;
  }

  /**
   * Whether the prompt leaves room for `limit` tokens: the cheap bound settles it when it fits, else
   * the count. An empty prompt (a count of 0) always fits; what the output needs is the model's to refuse.
   */
  fitsWithin(limit: number): boolean {
    if (this.counted === undefined && this.estimator.messagesUpperBound) {
      this.bound ??= this.estimator.messagesUpperBound(this.messages);
      if (this.bound <= limit) return true;
    }
    const tokens = this.tokens;
    return tokens === 0 || tokens <= limit;
  }
}
