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
