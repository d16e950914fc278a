import type { SkipReason } from './fileKinds';

/** What the Models view shows about the workspace index. */
export type IndexState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'indexing'; readonly done: number; readonly total: number }
  | {
      readonly kind: 'ready';
      readonly files: number;
      readonly symbols: number;
      readonly skipped: number;
      readonly at: number;
      /** Why files were skipped, for the tooltip ("3 oversized, 1 minified"). */
      readonly skippedBy?: Readonly<Partial<Record<SkipReason, number>>>;
    }
  | { readonly kind: 'failed'; readonly message: string };
