/** Per-feature errors of windows (what lib/detectors reconstructionScores gives with the `feature_mean` reduction). */
/** Mean of `perFeature` `[n, F]` over the rows in `[lo, hi)`, per feature. */
export function meanPerFeature(perFeature: Float32Array, F: number, lo: number, hi: number): number[] {
  const out = new Array<number>(F).fill(0);
  for (let i = lo; i < hi; i++) for (let f = 0; f < F; f++) out[f] += perFeature[i * F + f];
  return out.map((s) => s / Math.max(1, hi - lo));
}
