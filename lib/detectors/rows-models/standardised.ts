/** Rows standardised with training statistics, as float64 (what the distance-based detectors compare). */
import { fitStandardScaler, scalerFromJSON, scalerToJSON, type StandardScaler } from '../../features';
import type { Rows } from '../../baselines';

/** (x − mean) / scale of every value, float64 `[n·d]`. */
export function standardiseRows(rows: Rows, s: StandardScaler): Float64Array {
  const d = rows.shape[1];
  const out = new Float64Array(rows.data.length);
  for (let i = 0; i < rows.data.length; i++) out[i] = (rows.data[i] - s.mean[i % d]) / s.scale[i % d];
  return out;
}

export { fitStandardScaler, scalerFromJSON, scalerToJSON, type StandardScaler };
