import type * as ApplyMergeModule from './applyMerge';
import type { ApplyPlan, ApplyRequest } from './applyText';

let merger: typeof ApplyMergeModule | undefined;

/**
 * mergeCodeBlock (applyMerge.ts) in the calling thread, its module required on the first merge: it
 * parses with TypeScript, which the extension's bundle leaves out (9 MB of compiler that activation
 * would pay for); esbuild.js builds it apart as dist/applyMerge.js, as the tokenizer is. The one place
 * that requires it, for a task's drafts and the chat's Apply alike.
 */
export function mergeHere(request: ApplyRequest): ApplyPlan {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  merger ??= require('./applyMerge') as typeof ApplyMergeModule;
  return merger.mergeCodeBlock(request);
}
