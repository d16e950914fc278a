import type { References } from './types';

/**
 * A file's references as runs per name: `ids[k]` is the index in `names` of the k-th reference
 * met and `packed[k]` its position (line * POSITION_COLUMN_SPAN + column). A counting sort of the
 * (name id, position) pairs, so each name's positions stay in the order they were met.
 */
export function packReferences(names: string[], ids: readonly number[], packed: readonly number[]): References {
  const count = names.length;
  const index = new Int32Array(count + 1);
  const total = ids.length;
  for (let k = 0; k < total; k++) { const at = (ids[k] as number) + 1; index[at] = (index[at] as number) + 1; }
  for (let i = 0; i < count; i++) index[i + 1] = (index[i + 1] as number) + (index[i] as number);
  const positions = new Int32Array(total);
  const fill = index.slice(0, count);
  for (let k = 0; k < total; k++) {
    const id = ids[k] as number;
    positions[fill[id] as number] = packed[k] as number;
    fill[id] = (fill[id] as number) + 1;
  }
  return { names, index, positions };
}
