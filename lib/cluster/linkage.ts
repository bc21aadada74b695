/**
 * Single-linkage hierarchy from a spanning tree (Kruskal order over its n − 1 edges, union–find).
 *
 * Ties: every merge at the same distance h becomes ONE node whose children are the components that
 * exist just below h, so a node may have more than two children. This is the HDBSCAN* definition
 * (Campello et al. 2015: remove all edges of weight ≥ h at once) and makes the hierarchy independent
 * of which minimum spanning tree was found and of the order of equal edges. The hdbscan library
 * builds a binary tree instead, whose shape under ties depends on edge order; without ties the two
 * are the same.
 */
import type { SpanningTree } from './mst';

/**
 * Nodes 0..n−1 are the points; internal nodes are numbered from n. Children are linked lists
 * (firstChild / nextSibling, −1 terminated).
 */
export interface Hierarchy {
  n: number;
  root: number;
  /** Merge distance of each internal node (0 for points). */
  height: Float64Array;
  /** Points under each node. */
  size: Int32Array;
  firstChild: Int32Array;
  nextSibling: Int32Array;
}

/** The single-linkage hierarchy of `tree` over n points (n ≥ 1). */
export function singleLinkage(tree: SpanningTree, n: number): Hierarchy {
  const cap = Math.max(2 * n - 1, 1);
  const height = new Float64Array(cap);
  const size = new Int32Array(cap);
  const firstChild = new Int32Array(cap).fill(-1);
  const lastChild = new Int32Array(cap).fill(-1);
  const nextSibling = new Int32Array(cap).fill(-1);
  for (let i = 0; i < n; i++) size[i] = 1;
  const append = (parent: number, child: number): void => {
    if (lastChild[parent] < 0) firstChild[parent] = child;
    else nextSibling[lastChild[parent]] = child;
    lastChild[parent] = child;
  };
  /** Move all children of `src` (dead afterwards) to the end of `dst`'s list. */
  const absorb = (dst: number, src: number): void => {
    nextSibling[lastChild[dst]] = firstChild[src];
    lastChild[dst] = lastChild[src];
  };

  const uf = new Int32Array(n);
  for (let i = 0; i < n; i++) uf[i] = i;
  const find = (a: number): number => {
    let r = a;
    while (uf[r] !== r) r = uf[r];
    while (uf[a] !== r) {
      const next = uf[a];
      uf[a] = r;
      a = next;
    }
    return r;
  };
  const compNode = new Int32Array(n);
  for (let i = 0; i < n; i++) compNode[i] = i;

  const order = Array.from({ length: tree.weight.length }, (_, i) => i).sort((a, b) => tree.weight[a] - tree.weight[b] || a - b);
  let next = n;
  for (const e of order) {
    const w = tree.weight[e];
    const ra = find(tree.from[e]);
    const rb = find(tree.to[e]);
    const na = compNode[ra];
    const nb = compNode[rb];
    const openA = na >= n && height[na] === w;
    const openB = nb >= n && height[nb] === w;
    let node: number;
    if (openA) {
      node = na;
      if (openB) absorb(na, nb);
      else append(na, nb);
    } else if (openB) {
      node = nb;
      append(nb, na);
    } else {
      node = next++;
      height[node] = w;
      append(node, na);
      append(node, nb);
    }
    size[node] = size[na] + size[nb];
    uf[rb] = ra;
    compNode[ra] = node;
  }
  return { n, root: compNode[find(0)], height, size, firstChild, nextSibling };
}
