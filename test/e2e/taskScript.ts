// One Implement task as the fake models answer it, shared by the suites that run a task: the plan
// the card shows for approval, the research notes, and a change set (a new module of discount codes
// and the invoice total with a code applied) that the fixture's TypeScript accepts.
import type { FakeBehaviour, RecordedRequest } from '../support/fakeProviders';
import { kindOf } from '../support/taskRequests';

export const TASK_PLAN = {
  summary: 'Discount codes on the invoice total.',
  steps: [
    { title: 'Add the discount codes in a new module', files: ['src/discountCodes.ts'] },
    { title: 'Apply a code to the invoice total', files: ['src/invoice.ts'] },
  ],
};

export const RESEARCH_NOTES = 'invoiceTotalCents in src/invoice.ts rounds the taxed subtotal; amounts are integer cents.';

export const CODES_FILE =
  "/** Discount codes and the share of the total each takes off. */\nexport const DISCOUNT_CODES: Readonly<Record<string, number>> = { SAVE10: 0.1, SPRING: 0.05 };\n\nexport function codeRate(code: string): number {\n  return DISCOUNT_CODES[code.toUpperCase()] ?? 0;\n}\n";

export const totalWithCode = (rounded: boolean): string =>
  "import { codeRate } from './discountCodes.js';\n\n/** The invoice total after a discount code, in cents. */\nexport function invoiceTotalWithCodeCents(items: readonly LineItem[], code: string, taxRate = 0): number {\n" +
  `  const total = invoiceTotalCents(items, taxRate) * (1 - codeRate(code));\n  return ${rounded ? 'Math.round(total)' : 'total'};\n}\n`;

export const taskDraft = (rounded: boolean) => ({
  summary: 'Discount codes: a new module of codes, and the invoice total with a code applied.',
  changes: [
    { action: 'create', path: 'src/discountCodes.ts', newPath: null, code: CODES_FILE },
    { action: 'edit', path: 'src/invoice.ts', newPath: null, code: totalWithCode(rounded) },
  ],
});

const said = (value: unknown): FakeBehaviour => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return { kind: 'text', chunks: [text.slice(0, 12), text.slice(12)] };
};

/**
 * One model answering every phase of the task: the plan, the notes, the rounded draft and a review
 * with no finding (so no refine round). Anything else is a plain answer.
 */
export function answerWholeTask(request: RecordedRequest): FakeBehaviour {
  switch (kindOf(request)) {
    case 'plan':
      return said(TASK_PLAN);
    case 'research':
      return said(RESEARCH_NOTES);
    case 'generate':
    case 'refine':
      return said(taskDraft(true));
    case 'review':
      return said({ findings: [] });
    default:
      return said('An answer outside the task.');
  }
}
