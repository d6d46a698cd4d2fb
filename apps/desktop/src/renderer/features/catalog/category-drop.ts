// Where a category dragged in the tree lands: the parent and position the API's move takes
// (`position` counts the new siblings without the moved category, as the server does).

export interface TreeNode {
  id: string;
  children: readonly TreeNode[];
}

export type DropPlace = 'before' | 'after' | 'inside';

/** A node of the tree by id, with its parent's id and its siblings (itself included). */
export function findInTree<T extends { id: string; children: readonly T[] }>(
  nodes: readonly T[],
  id: string,
  parentId: string | null = null,
): { node: T; parentId: string | null; siblings: readonly T[] } | null {
  for (const node of nodes) {
    if (node.id === id) return { node, parentId, siblings: nodes };
    const below = findInTree(node.children, id, node.id);
    if (below) return below;
  }
  return null;
}

function contains(node: TreeNode, id: string): boolean {
  return node.children.some((child) => child.id === id || contains(child, id));
}

/**
 * The move for dropping `dragId` before, after or inside `dropId` (inside = first child), or
 * null when the drop changes nothing or would put a category under itself.
 */
export function categoryDropTarget(
  roots: readonly TreeNode[],
  dragId: string,
  dropId: string,
  place: DropPlace,
): { id: string; parentId: string | null; position: number } | null {
  const dragged = findInTree(roots, dragId);
  const target = findInTree(roots, dropId);
  if (!dragged || !target || dragId === dropId || contains(dragged.node, dropId)) return null;
  const move =
    place === 'inside'
      ? { id: dragId, parentId: dropId, position: 0 }
      : (() => {
          const siblings = target.siblings.filter((n) => n.id !== dragId).map((n) => n.id);
          const at = siblings.indexOf(dropId);
          return { id: dragId, parentId: target.parentId, position: place === 'before' ? at : at + 1 };
        })();
  // Put back where it was: same parent, same index among its siblings.
  const unchanged =
    move.parentId === dragged.parentId && move.position === dragged.siblings.indexOf(dragged.node);
  return unchanged ? null : move;
}
