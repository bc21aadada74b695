/**
 * kNN distance (Ramaswamy et al. 2000; PyOD's KNN "largest"): the score of a row is its Euclidean
 * distance to its k-th nearest standardised training row. Training rows are capped at `max_fit` (a
 * seeded sample) so scoring stays O(n · max_fit · d).
 */
import { checkRows, type Rows } from '../../baselines';
import { createRng } from '../../random';
import { capRows } from './kmeans';
import { fitStandardScaler, scalerFromJSON, scalerToJSON, standardiseRows, type StandardScaler } from './standardised';

export const KNN_DEFAULTS = { k: 5, max_fit: 5000, seed: 0 };

export class KnnModel {
  private scaler: StandardScaler | null = null;
  private ref: Float64Array | null = null;
  private d = 0;
  private n = 0;

  constructor(private readonly o: typeof KNN_DEFAULTS) {
    if (!(Number.isInteger(o.k) && o.k >= 1)) throw new Error(`knn: k must be an integer ≥ 1, got ${o.k}`);
  }

  fit(train: Rows): void {
    checkRows('knn.fit', train, { minRows: this.o.k });
    const rows = capRows(train, this.o.max_fit, createRng(this.o.seed));
    this.d = rows.shape[1];
    this.n = rows.shape[0];
    this.scaler = fitStandardScaler(rows.data, this.d);
    this.ref = standardiseRows(rows, this.scaler);
  }

  /** Distance to the k-th nearest training row, per row. */
  score(rows: Rows): Float64Array {
    if (!this.ref || !this.scaler) throw new Error('knn: call fit() first');
    checkRows('knn.score', rows, { d: this.d });
    const x = standardiseRows(rows, this.scaler);
    const { k } = this.o;
    const d = this.d;
    const best = new Float64Array(k);
    const out = new Float64Array(rows.shape[0]);
    for (let i = 0; i < out.length; i++) {
      best.fill(Infinity); // ascending; best[k − 1] is the current k-th smallest
      for (let r = 0; r < this.n; r++) {
        let s = 0;
        for (let f = 0; f < d && s < best[k - 1]; f++) {
          const t = x[i * d + f] - this.ref[r * d + f];
          s += t * t;
        }
        if (s < best[k - 1]) insertSorted(best, s);
      }
      out[i] = Math.sqrt(best[k - 1]);
    }
    return out;
  }

  facts(): Record<string, number> {
    return { neighbours: this.o.k, reference_rows: this.n };
  }

  toJSON(): Record<string, unknown> {
    if (!this.ref || !this.scaler) throw new Error('knn: call fit() first');
    return { options: this.o, d: this.d, n: this.n, scaler: scalerToJSON(this.scaler), reference: Array.from(this.ref) };
  }

  static fromJSON(json: Record<string, unknown>, where: string): KnnModel {
    const j = json as { options: typeof KNN_DEFAULTS; d: number; n: number; scaler: unknown; reference: number[] };
    if (!(Number.isInteger(j.d) && Number.isInteger(j.n) && Array.isArray(j.reference) && j.reference.length === j.n * j.d)) throw new Error(`${where}: not a fitted kNN (needs d, n and n×d reference values)`);
    const m = new KnnModel(j.options);
    Object.assign(m, { d: j.d, n: j.n, scaler: scalerFromJSON(j.scaler, `${where} scaler`), ref: Float64Array.from(j.reference) });
    return m;
  }
}

/** Put `v` into the ascending array `a`, dropping its largest entry. */
function insertSorted(a: Float64Array, v: number): void {
  let i = a.length - 1;
  while (i > 0 && a[i - 1] > v) {
    a[i] = a[i - 1];
    i--;
  }
  a[i] = v;
}
