/**
 * Stage 4's inputs: the encoded windows, labels and times of stage 2 and the best model folder of
 * stage 3, checked for presence and agreeing shapes before anything is computed. A missing file is
 * an error naming it and the stage that writes it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadNpy, type NdArray } from '../../io/npy';
import type { Windows } from '../../baselines';

export const SPLITS = ['train', 'val', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

/** One split's windows `[n, T, F]` with window-end labels, any-in-window labels and window-end times (epoch ms). */
export interface SplitArrays {
  X: Windows;
  y: Uint8Array;
  yAny: Uint8Array;
  tMs: Float64Array;
}

/** Artefact paths under the run folder R (names fixed by lib/gru-sae/README.md). */
export function evaluatePaths(runDir: string) {
  const enc = (name: string) => path.join(runDir, 'encoded', name);
  return {
    encoded: (split: SplitName) => ({ X: enc(`X_${split}.npy`), y: enc(`y_${split}.npy`), yAny: enc(`y_any_${split}.npy`), t: enc(`t_${split}.npy`) }),
    model: path.join(runDir, 'model', 'best'),
    metrics: path.join(runDir, 'metrics.json'),
    thresholds: path.join(runDir, 'thresholds.json'),
    scores: (split: 'val' | 'test') => path.join(runDir, 'scores', `${split}.csv`),
  };
}

/** Throw unless every stage-2 array and the stage-3 model exist, listing all that are missing. */
export function requireEvaluateInputs(runDir: string): void {
  const p = evaluatePaths(runDir);
  const missing: string[] = [];
  for (const split of SPLITS) {
    for (const file of Object.values(p.encoded(split))) if (!fs.existsSync(file)) missing.push(`${file} (stage 2 encode)`);
  }
  if (!fs.existsSync(path.join(p.model, 'model.json'))) missing.push(`${path.join(p.model, 'model.json')} (stage 3 train)`);
  if (missing.length) {
    throw new Error(`stage 4 evaluate: missing artefact${missing.length > 1 ? 's' : ''}:\n  ${missing.join('\n  ')}\nrun the stage named beside each first (npm run pipeline -- --start-from N)`);
  }
}

/** Load and check one split: dtypes, `[n, T, F]` shape, equal lengths, binary labels, finite times. */
export function loadSplit(runDir: string, split: SplitName): SplitArrays {
  const p = evaluatePaths(runDir).encoded(split);
  const X = expect(loadNpy(p.X), Float32Array, 'float32', p.X);
  if (X.shape.length !== 3) throw new Error(`${p.X}: expected windows [n, seq_len, F], got shape [${X.shape}]; re-run stage 2 (encode)`);
  const n = X.shape[0];
  const y = expect(loadNpy(p.y), Uint8Array, 'uint8', p.y).data;
  const yAny = expect(loadNpy(p.yAny), Uint8Array, 'uint8', p.yAny).data;
  const tMs = expect(loadNpy(p.t), Float64Array, 'float64', p.t).data;
  for (const [file, a] of [[p.y, y], [p.yAny, yAny], [p.t, tMs]] as const) {
    if (a.length !== n) throw new Error(`${file} holds ${a.length} values but ${p.X} holds ${n} windows; re-run stage 2 (encode)`);
  }
  for (const [file, a] of [[p.y, y], [p.yAny, yAny]] as const) {
    const bad = a.findIndex((v) => v > 1);
    if (bad >= 0) throw new Error(`${file}: labels must be 0 or 1, got ${a[bad]} at window ${bad}`);
  }
  const badT = tMs.findIndex((v) => !Number.isFinite(v));
  if (badT >= 0) throw new Error(`${p.t}: non-finite time ${tMs[badT]} at window ${badT}`);
  return { X: X as Windows, y, yAny, tMs };
}

function expect<T extends NdArray['data']>(a: NdArray, ctor: new (n: number) => T, dtype: string, file: string): NdArray<T> {
  if (!(a.data instanceof ctor)) throw new Error(`${file}: expected dtype ${dtype}, got ${a.data.constructor.name}; re-run stage 2 (encode)`);
  return a as NdArray<T>;
}

/** Throw unless all splits share seq_len and F. */
export function checkSameWindowShape(splits: Record<SplitName, SplitArrays>): [number, number] {
  const [, T, F] = splits.train.X.shape;
  for (const s of SPLITS) {
    const [, t, f] = splits[s].X.shape;
    if (t !== T || f !== F) throw new Error(`X_${s}.npy has windows [${t}, ${f}] but X_train.npy has [${T}, ${F}]; the encoded splits disagree, re-run stage 2 (encode)`);
  }
  return [T, F];
}
