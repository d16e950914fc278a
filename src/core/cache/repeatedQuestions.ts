import { createHash } from 'node:crypto';

/**
 * The questions a surface without its own Retry has already asked in this window, to tell a
 * regeneration from a first ask. VS Code's chat regenerates an `@switchboard` answer by sending the
 * same prompt with the same history again, and no stable API says it is a regeneration: with the
 * response cache on, that served the cached answer again, however often Retry was pressed. Asked a
 * second time here, the same question (the same prompt, references and history) is taken as a
 * regeneration and asks a model; the cache still answers a question first asked in another window or
 * before a restart. Bounded: the least recently asked are forgotten first.
 */
export class RepeatedQuestions {
  private readonly seen = new Map<string, true>();

  constructor(private readonly capacity = 200) {}

  /** Records the question made of `parts`; true when it was asked before (and is still remembered). */
  askedBefore(parts: readonly string[]): boolean {
    const key = createHash('sha256').update(JSON.stringify(parts)).digest('hex');
    const before = this.seen.delete(key);
    this.seen.set(key, true);
    if (this.seen.size > this.capacity) {
      const oldest = this.seen.keys().next();
      if (!oldest.done) this.seen.delete(oldest.value);
    }
    return before;
  }
}
