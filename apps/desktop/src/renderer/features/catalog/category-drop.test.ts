import { describe, expect, it } from 'vitest';
import { categoryDropTarget, type TreeNode } from './category-drop';

const leaf = (id: string): TreeNode => ({ id, children: [] });
// a [a1, a2, a3], b, c [c1]
const tree: TreeNode[] = [
  { id: 'a', children: [leaf('a1'), leaf('a2'), leaf('a3')] },
  leaf('b'),
  { id: 'c', children: [leaf('c1')] },
];

describe('dropping a category in the tree', () => {
  it('moves among siblings counting positions without the moved category', () => {
    expect(categoryDropTarget(tree, 'a1', 'a3', 'after')).toEqual({ id: 'a1', parentId: 'a', position: 2 });
    expect(categoryDropTarget(tree, 'a3', 'a1', 'before')).toEqual({ id: 'a3', parentId: 'a', position: 0 });
    expect(categoryDropTarget(tree, 'a1', 'a3', 'before')).toEqual({ id: 'a1', parentId: 'a', position: 1 });
  });

  it('moves to another parent, at the top level, or inside a category as its first child', () => {
    expect(categoryDropTarget(tree, 'a2', 'c1', 'after')).toEqual({ id: 'a2', parentId: 'c', position: 1 });
    expect(categoryDropTarget(tree, 'a2', 'b', 'before')).toEqual({ id: 'a2', parentId: null, position: 1 });
    expect(categoryDropTarget(tree, 'b', 'c', 'inside')).toEqual({ id: 'b', parentId: 'c', position: 0 });
    expect(categoryDropTarget(tree, 'c', 'a', 'before')).toEqual({ id: 'c', parentId: null, position: 0 });
  });

  it('ignores drops that change nothing and refuses a category under itself', () => {
    expect(categoryDropTarget(tree, 'a2', 'a1', 'after')).toBeNull();
    expect(categoryDropTarget(tree, 'a2', 'a3', 'before')).toBeNull();
    expect(categoryDropTarget(tree, 'b', 'b', 'inside')).toBeNull();
    expect(categoryDropTarget(tree, 'c', 'c1', 'inside')).toBeNull();
    expect(categoryDropTarget(tree, 'a', 'a2', 'after')).toBeNull();
    expect(categoryDropTarget(tree, 'x', 'a', 'inside')).toBeNull();
  });
});
