/**
 * Condensed cluster tree (Campello et al.; hdbscan's `condense_tree`), walked top-down with
 * λ = 1 / distance. At a node of cluster C that splits at λ into parts:
 * - two or more parts of ≥ minClusterSize points: each such part is a new child cluster born at λ;
 * - exactly one: it carries on as C;
 * - in every case the points of the smaller parts fall out of C at λ.
 * Stability of C = Σ over its rows (λ − λ_birth(C)) · size, rows being its fallen points (size 1)
 * and its child clusters (their size at birth), as in hdbscan's `compute_stability`.
 */
import type { Hierarchy } from './linkage';

/** Cluster 0 is the root; a cluster's parent always has a smaller id. */
export interface CondensedTree {
  nClusters: number;
  /** Parent cluster (−1 for the root). */
  parent: Int32Array;
  /** λ at which each cluster appears (0 for the root). */
  birth: Float64Array;
  /** Points in each cluster at birth. */
  size: Int32Array;
  /** Σ (λ − λ_birth) over the cluster's rows; +Infinity when points fall out at λ = ∞ (duplicates). */
  stability: Float64Array;
  /** Largest λ among each cluster's rows (fallen points and child births): hdbscan's `max_lambdas`. */
  death: Float64Array;
  /** Per point: the cluster it falls out of, and at which λ. */
  pointCluster: Int32Array;
  pointLambda: Float64Array;
}

/** Condense `h` with clusters of at least `minClusterSize` (≥ 2) points. */
export function condenseTree(h: Hierarchy, minClusterSize: number): CondensedTree {
  const n = h.n;
  const maxClusters = Math.max(1, Math.floor(n / minClusterSize) * 2);
  const parent = new Int32Array(maxClusters).fill(-1);
  const birth = new Float64Array(maxClusters);
  const size = new Int32Array(maxClusters);
  const pointCluster = new Int32Array(n);
  const pointLambda = new Float64Array(n);
  size[0] = n;
  let nClusters = 1;

  const sub = new Int32Array(2 * n); // scratch stack for subtree walks
  const fallOut = (node: number, cluster: number, lambda: number): void => {
    let top = 0;
    sub[top++] = node;
    while (top > 0) {
      const v = sub[--top];
      if (v < n) {
        pointCluster[v] = cluster;
        pointLambda[v] = lambda;
      } else {
        for (let c = h.firstChild[v]; c >= 0; c = h.nextSibling[c]) sub[top++] = c;
      }
    }
  };

  // Work list of (hierarchy node, cluster it belongs to); clusters get ids in creation order.
  const workNode: number[] = [h.root];
  const workCluster: number[] = [0];
  if (h.root < n) fallOut(h.root, 0, Infinity); // a single point: nothing to split
  while (workNode.length > 0) {
    const node = workNode.pop() as number;
    const cluster = workCluster.pop() as number;
    if (node < n) continue;
    const hgt = h.height[node];
    const lambda = hgt > 0 ? 1 / hgt : Infinity;
    let big = 0;
    for (let c = h.firstChild[node]; c >= 0; c = h.nextSibling[c]) if (h.size[c] >= minClusterSize) big++;
    for (let c = h.firstChild[node]; c >= 0; c = h.nextSibling[c]) {
      if (h.size[c] < minClusterSize) {
        fallOut(c, cluster, lambda);
      } else if (big === 1) {
        workNode.push(c);
        workCluster.push(cluster);
      } else {
        const id = nClusters++;
        parent[id] = cluster;
        birth[id] = lambda;
        size[id] = h.size[c];
        workNode.push(c);
        workCluster.push(id);
      }
    }
  }

  const stability = new Float64Array(nClusters);
  const death = new Float64Array(nClusters);
  for (let p = 0; p < n; p++) {
    const c = pointCluster[p];
    stability[c] += pointLambda[p] - birth[c];
    if (pointLambda[p] > death[c]) death[c] = pointLambda[p];
  }
  for (let c = 1; c < nClusters; c++) {
    const p = parent[c];
    stability[p] += (birth[c] - birth[p]) * size[c];
    if (birth[c] > death[p]) death[p] = birth[c];
  }
  return {
    nClusters,
    parent: parent.slice(0, nClusters),
    birth: birth.slice(0, nClusters),
    size: size.slice(0, nClusters),
    stability,
    death,
    pointCluster,
    pointLambda,
  };
}
