/** A type-check's outcome as the card and the log read it (the engine's ValidationReport and the card's view both fit). */
export interface CheckOutcome {
  readonly status: 'passed' | 'failed' | 'not-validated';
  readonly diagnostics: readonly unknown[];
}

/**
 * What a validate phase that ran says it found: "passed", "found 1 new error", "nothing checked".
 * The phase "succeeded" in running even when the draft has type errors; said as that, the card and
 * the log read "Validate succeeded" of a check that failed.
 */
export function checkWords(check: CheckOutcome): string {
  if (check.status === 'passed') return 'passed';
  if (check.status === 'not-validated') return 'nothing checked';
  const n = check.diagnostics.length;
  return `found ${n} new ${n === 1 ? 'error' : 'errors'}`;
}

/**
 * A phase's status as every surface says it: a validate phase that ran says what its check found
 * ("passed", "found 1 new error"), any other phase its status. The card, `@switchboard`'s transcript
 * and the Markdown export read alike (the transcript and the export once said "Validate succeeded"
 * of a check that found errors).
 */
export function phaseStatusWords(status: string, check: CheckOutcome | undefined): string {
  return status === 'succeeded' && check ? checkWords(check) : status;
}
