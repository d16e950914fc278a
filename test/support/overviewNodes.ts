import type { OverviewNode } from '../../src/core/views/overviewNode';

/** The node with this id anywhere in the Models view's tree, depth first. */
export function findNode(nodes: readonly OverviewNode[], id: string): OverviewNode | undefined {
  for (const n of nodes) {
    if (n.id === id) return n;
    const inner = findNode(n.children ?? [], id);
    if (inner) return inner;
  }
  return undefined;
}
