/**
 * Flat clustering from a condensed tree, following hdbscan's `get_clusters` / `do_labelling` /
 * `get_probabilities` / `get_stability_scores` (identical in sklearn.cluster.HDBSCAN):
 * - 'eom' (excess of mass): bottom-up, a cluster is kept when its stability ≥ the summed best
 *   stability of its children (strictly greater children win); the root takes part only with
 *   allowSingleCluster.
 * - 'leaf': the clusters with no child clusters; when the root never splits, no cluster (as the
 *   library does, allowSingleCluster or not).
 * A point belongs to the nearest selected cluster above the place it fell out, else it is noise.
 * When the root itself is selected (allowSingleCluster), a point is labelled only if its λ reaches the
 * largest λ among the root's rows (the library's rule), so points shed before the root dies are noise.
 */
import type { CondensedTree } from './condensed-tree';

export type SelectionMethod = 'eom' | 'leaf';

/** Per-point labels and strengths, and per-label stability, in the order of the labels. */
export interface FlatClustering {
  /** −1 = noise; clusters 0..k−1 numbered by their lowest point index. */
  labels: Int32Array;
  /** Membership strength in [0, 1]: min(λ_p, λ_max(C)) / λ_max(C); 0 for noise. */
  probabilities: Float64Array;
  nClusters: number;
  /** Σ (λ − λ_birth) of each selected cluster. */
  stability: Float64Array;
  /** hdbscan's `cluster_persistence_`: stability / (size · max λ of the tree), 1 when that max is 0 or ∞. */
  persistence: Float64Array;
}

/** Select clusters from `t` and label its points. */
export function selectClusters(t: CondensedTree, opts: { method: SelectionMethod; allowSingleCluster: boolean }): FlatClustering {
  const nc = t.nClusters;
  const selected = opts.method === 'eom' ? eomSelection(t, opts.allowSingleCluster) : leafSelection(t);
  // owner[c]: the selected cluster at or above c (−1 if none); parents have smaller ids.
  const owner = new Int32Array(nc);
  for (let c = 0; c < nc; c++) {
    const up = c === 0 ? -1 : owner[t.parent[c]];
    owner[c] = up >= 0 ? up : selected[c] ? c : -1;
  }
  const n = t.pointCluster.length;
  const labels = new Int32Array(n).fill(-1);
  const probabilities = new Float64Array(n);
  const labelOf = new Int32Array(nc).fill(-1);
  let k = 0;
  for (let p = 0; p < n; p++) {
    const c = owner[t.pointCluster[p]];
    if (c < 0) continue;
    const lambda = t.pointLambda[p];
    if (c === 0 && !(lambda >= t.death[0])) continue;
    if (labelOf[c] < 0) labelOf[c] = k++;
    labels[p] = labelOf[c];
    const max = t.death[c];
    probabilities[p] = max === 0 || lambda === Infinity ? 1 : Math.min(lambda, max) / max;
  }
  const stability = new Float64Array(k);
  const counts = new Int32Array(k);
  for (let c = 0; c < nc; c++) if (labelOf[c] >= 0) stability[labelOf[c]] = t.stability[c];
  for (let p = 0; p < n; p++) if (labels[p] >= 0) counts[labels[p]]++;
  let maxLambda = 0;
  for (let p = 0; p < n; p++) if (t.pointLambda[p] > maxLambda) maxLambda = t.pointLambda[p];
  for (let c = 1; c < nc; c++) if (t.birth[c] > maxLambda) maxLambda = t.birth[c];
  const persistence = stability.map((s, i) => (maxLambda === Infinity || maxLambda === 0 ? 1 : s / (counts[i] * maxLambda)));
  return { labels, probabilities, nClusters: k, stability, persistence };
}

/** Excess of mass: 1 where a cluster beats its subtree (before descendants of kept clusters are dropped). */
function eomSelection(t: CondensedTree, allowSingleCluster: boolean): Uint8Array {
  const nc = t.nClusters;
  const selected = new Uint8Array(nc);
  const best = new Float64Array(nc);
  const childSum = new Float64Array(nc);
  const last = allowSingleCluster ? 0 : 1;
  for (let c = nc - 1; c >= last; c--) {
    if (childSum[c] > t.stability[c]) {
      best[c] = childSum[c];
    } else {
      selected[c] = 1;
      best[c] = t.stability[c];
    }
    if (c > 0) childSum[t.parent[c]] += best[c];
  }
  return selected;
}

/** Leaves of the cluster tree, the root excluded. */
function leafSelection(t: CondensedTree): Uint8Array {
  const selected = new Uint8Array(t.nClusters);
  const hasChild = new Uint8Array(t.nClusters);
  for (let c = 1; c < t.nClusters; c++) hasChild[t.parent[c]] = 1;
  for (let c = 1; c < t.nClusters; c++) if (!hasChild[c]) selected[c] = 1;
  return selected;
}
