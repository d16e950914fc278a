import { z } from 'zod';

/**
 * What a free-form request ("auto") is classified into: the four capabilities that have tiers of
 * their own. `classify` is the tier that does the classifying, so it is never an answer.
 */
export const CLASSIFIED_CAPABILITIES = ['understand', 'generate', 'review', 'plan'] as const;
export type ClassifiedCapability = (typeof CLASSIFIED_CAPABILITIES)[number];

// Defined with the capabilities: the router and the records use it too, and import nothing of the classifier.
export { COMPLEXITIES, type Complexity } from '../router/capabilities';
import type { Complexity } from '../router/capabilities';

/** Who decided a classification, so every routing explanation can say so. */
export const CLASSIFICATION_SOURCES = ['model', 'rules', 'rules-after-model-failure', 'rules-below-threshold'] as const;
export type ClassificationSource = (typeof CLASSIFICATION_SOURCES)[number];

/**
 * What the editor showed when the request was typed. Every field is optional: a request typed in
 * an empty window has `{}`. The VS Code layer fills it in; the core only reads it.
 */
export const editorContextSchema = z
  .object({
    /** The non-empty selection in the active editor ("this", "here" usually point at it). */
    selection: z
      .object({
        /** The selected text, possibly truncated by the caller; `lineCount` is the true size. */
        text: z.string(),
        /** VS Code language id of the document, e.g. "typescript", "python". */
        languageId: z.string(),
        /** Lines the selection spans (at least 1). */
        lineCount: z.number().int().min(1),
      })
      .strict()
      .optional(),
    /** The file in the active editor, whether or not anything is selected. */
    activeFile: z
      .object({
        /** Workspace-relative path where possible; only its shape is used, never its contents. */
        path: z.string(),
        languageId: z.string(),
      })
      .strict()
      .optional(),
    /** Pending changes on show: an SCM diff, staged changes or a pull request being looked at. */
    diff: z
      .object({
        /** Files the diff touches. */
        files: z.number().int().min(0),
        /** The unified diff text, possibly truncated, when the caller has it at hand. */
        text: z.string().optional(),
      })
      .strict()
      .optional(),
    /** Error and warning diagnostics in the active file (or in the selection when there is one). */
    diagnostics: z.number().int().min(0).optional(),
  })
  .strict();

export type EditorContext = z.infer<typeof editorContextSchema>;

export const classificationInputSchema = z
  .object({
    /** What the person typed, verbatim. */
    text: z.string(),
    context: editorContextSchema,
  })
  .strict();

export type ClassificationInput = z.infer<typeof classificationInputSchema>;

export interface Classification {
  readonly capability: ClassifiedCapability;
  readonly complexity: Complexity;
  /** 0..1: the model's own figure, or the rules' share of the winning score. */
  readonly confidence: number;
  readonly source: ClassificationSource;
  /** Sentences a person can read, most important first: why this capability won, and who decided. */
  readonly reasons: readonly string[];
}

/**
 * Parses an input handed across a boundary (the extension API, a webview message). A bad input
 * gets a message naming the field, e.g. `context.selection.lineCount: Too small: expected number to be >=1`.
 */
export function parseClassificationInput(
  value: unknown,
): { readonly ok: true; readonly value: ClassificationInput } | { readonly ok: false; readonly error: string } {
  const parsed = classificationInputSchema.safeParse(value);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: describeIssues(parsed.error.issues) };
}

/** "path.to.field: message; other: message" — one line, naming where each problem is. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((i) => `${i.path.length === 0 ? '(root)' : i.path.map(String).join('.')}: ${i.message}`)
    .join('; ');
}
