/**
 * Write the window tensor X [n_windows, seq_len, F] as float32 .npy straight from the feature rows,
 * a chunk of windows at a time: the full tensor (1 GB+ on the 200k-event demo) is never held in
 * memory, and no second copy is made for serialising. Same bytes as saveNpy(materializeWindows(…)).
 */
import * as fs from 'node:fs';
import { npyHeader } from '../../io/npy';
import type { WindowPlan } from '../../features';

/** Stream windows of `plan` over row-major features [n, F] into `file` as .npy float32 [n_windows, seq_len, F]. */
export function writeWindowsNpy(file: string, plan: WindowPlan, features: Float32Array, nFeatures: number, opts: { chunkWindows?: number } = {}): void {
  const { order, ends, seqLen } = plan;
  if (features.length !== order.length * nFeatures) throw new Error(`writeWindowsNpy: ${features.length} feature values are not ${order.length} rows × ${nFeatures}`);
  const chunk = opts.chunkWindows ?? 4096;
  const per = seqLen * nFeatures;
  const buf = new Float32Array(Math.min(chunk, Math.max(1, ends.length)) * per);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, npyHeader('<f4', [ends.length, seqLen, nFeatures]));
    for (let w0 = 0; w0 < ends.length; w0 += chunk) {
      const w1 = Math.min(ends.length, w0 + chunk);
      let o = 0;
      for (let w = w0; w < w1; w++) {
        const e = ends[w];
        for (let p = e - seqLen + 1; p <= e; p++) {
          const r = order[p] * nFeatures;
          for (let j = 0; j < nFeatures; j++) buf[o + j] = features[r + j];
          o += nFeatures;
        }
      }
      fs.writeSync(fd, new Uint8Array(buf.buffer, 0, o * 4));
    }
  } finally {
    fs.closeSync(fd);
  }
}
