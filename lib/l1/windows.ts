/**
 * L1's baseline rows: per-feature mean, standard deviation and last value of stride-1 windows of a
 * standardised series, straight from prefix sums (windows themselves: lib/features/windows*.ts).
 */
import type { Rows } from '../baselines';
import { seriesRows, type Series } from '../features';

/**
 * Per-feature mean, standard deviation and last value of each window at `starts`: `[n, 3F]`, the rows the
 * PCA and isolation-forest baselines see (lib/baselines summariseWindows, computed from prefix sums in O(F) per window).
 */
export function summariseAt(series: Series, T: number, starts: ArrayLike<number>): Rows {
  const { data, F } = series;
  const rows = seriesRows(series);
  const sum = new Float64Array((rows + 1) * F);
  const sq = new Float64Array((rows + 1) * F);
  for (let i = 0; i < rows; i++) {
    for (let f = 0; f < F; f++) {
      const v = data[i * F + f];
      sum[(i + 1) * F + f] = sum[i * F + f] + v;
      sq[(i + 1) * F + f] = sq[i * F + f] + v * v;
    }
  }
  const out = new Float32Array(starts.length * 3 * F);
  for (let k = 0; k < starts.length; k++) {
    const s = starts[k];
    const o = k * 3 * F;
    for (let f = 0; f < F; f++) {
      const mean = (sum[(s + T) * F + f] - sum[s * F + f]) / T;
      const variance = Math.max(0, (sq[(s + T) * F + f] - sq[s * F + f]) / T - mean * mean);
      out[o + f] = mean;
      out[o + F + f] = Math.sqrt(variance);
      out[o + 2 * F + f] = data[(s + T - 1) * F + f];
    }
  }
  return { data: out, shape: [starts.length, 3 * F] };
}
