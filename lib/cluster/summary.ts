/**
 * One row per cluster for the L1 exploration table: how big each cluster is and which share of its
 * windows are attacks. Noise (−1) is always its own first row, even when empty, so nightly tables
 * line up.
 */

export interface ClusterRow {
  /** Cluster label; −1 = noise. */
  cluster: number;
  /** Points with this label. */
  size: number;
  /** size / all points (0 when there are none). */
  share: number;
  /** Attack points / size; null without attack labels or for an empty row. */
  attack_rate: number | null;
}

/**
 * Rows sorted by cluster (noise first) for `labels` `[n]` (−1 or a cluster id ≥ 0) and optional 0/1
 * `attack` `[n]`. Example: clusterSummary(Int32Array.of(0, 0, -1, 1), Uint8Array.of(1, 0, 1, 0)) →
 * [{ cluster: −1, size: 1, share: 0.25, attack_rate: 1 }, { 0, 2, 0.5, 0.5 }, { 1, 1, 0.25, 0 }].
 */
export function clusterSummary(labels: Int32Array, attack: Uint8Array | null): ClusterRow[] {
  const fn = 'clusterSummary';
  if (!(labels instanceof Int32Array)) throw new Error(`${fn}: labels must be an Int32Array`);
  if (attack !== null && !(attack instanceof Uint8Array)) throw new Error(`${fn}: attack must be a Uint8Array of 0/1 or null`);
  if (attack !== null && attack.length !== labels.length) throw new Error(`${fn}: ${labels.length} labels but ${attack.length} attack flags`);
  const size = new Map<number, number>([[-1, 0]]);
  const attacks = new Map<number, number>([[-1, 0]]);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c < -1) throw new Error(`${fn}: label ${c} at index ${i} (labels are −1 for noise or ≥ 0)`);
    size.set(c, (size.get(c) ?? 0) + 1);
    if (attack !== null) {
      const a = attack[i];
      if (a !== 0 && a !== 1) throw new Error(`${fn}: attack flag ${a} at index ${i} (must be 0 or 1)`);
      attacks.set(c, (attacks.get(c) ?? 0) + a);
    }
  }
  const n = labels.length;
  return [...size.keys()]
    .sort((a, b) => a - b)
    .map((cluster) => {
      const s = size.get(cluster) as number;
      return {
        cluster,
        size: s,
        share: n > 0 ? s / n : 0,
        attack_rate: attack !== null && s > 0 ? (attacks.get(cluster) ?? 0) / s : null,
      };
    });
}
