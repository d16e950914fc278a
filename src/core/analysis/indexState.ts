/** What the Models view shows about the workspace index. */
export type IndexState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'indexing'; readonly done: number; readonly total: number }
  | { readonly kind: 'ready'; readonly files: number; readonly symbols: number; readonly skipped: number; readonly at: number }
  | { readonly kind: 'failed'; readonly message: string };
