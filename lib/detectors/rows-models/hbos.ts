/**
 * HBOS, histogram-based outlier score (Goldstein & Dengel 2012; as PyOD's HBOS): one static histogram
 * of `bins` equal-width bins per dimension on the training rows (density-normalised), and the score of
 * a row is −Σ_d log2(density_d(x_d) + alpha). A value outside the training range within `tol` bin
 * widths takes the edge bin's density; further out, the lowest density of that dimension.
 */
import { checkRows, type Rows } from '../../baselines';

export const HBOS_DEFAULTS = { bins: 10, alpha: 0.1, tol: 0.5 };

export class HbosModel {
  /** Per dimension: bins + 1 edges, then bins log-scores. */
  private edges: Float64Array[] = [];
  private logs: Float64Array[] = [];
  private d = 0;

  constructor(private readonly o: typeof HBOS_DEFAULTS) {
    if (!(Number.isInteger(o.bins) && o.bins >= 2)) throw new Error(`hbos: bins must be an integer ≥ 2, got ${o.bins}`);
    if (!(o.alpha > 0)) throw new Error(`hbos: alpha must be > 0, got ${o.alpha}`);
  }

  fit(train: Rows): void {
    checkRows('hbos.fit', train, { minRows: 2 });
    const [n, d] = train.shape;
    this.d = d;
    this.edges = [];
    this.logs = [];
    for (let f = 0; f < d; f++) {
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = train.data[i * d + f];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi === lo) [lo, hi] = [lo - 0.5, hi + 0.5]; // numpy's histogram of a constant column
      const width = (hi - lo) / this.o.bins;
      const count = new Float64Array(this.o.bins);
      for (let i = 0; i < n; i++) count[Math.min(this.o.bins - 1, Math.floor((train.data[i * d + f] - lo) / width))]++;
      this.edges.push(Float64Array.from({ length: this.o.bins + 1 }, (_, b) => lo + b * width));
      this.logs.push(Float64Array.from(count, (c) => Math.log2(c / (n * width) + this.o.alpha)));
    }
  }

  score(rows: Rows): Float64Array {
    if (!this.logs.length) throw new Error('hbos: call fit() first');
    checkRows('hbos.score', rows, { d: this.d });
    const out = new Float64Array(rows.shape[0]);
    const { bins, tol } = this.o;
    for (let i = 0; i < out.length; i++) {
      let s = 0;
      for (let f = 0; f < this.d; f++) {
        const e = this.edges[f];
        const l = this.logs[f];
        const v = rows.data[i * this.d + f];
        const width = e[1] - e[0];
        let b = Math.floor((v - e[0]) / width);
        if (b < 0) b = e[0] - v <= tol * width ? 0 : -1;
        else if (b >= bins) b = v === e[bins] || v - e[bins] <= tol * width ? bins - 1 : -1;
        s += b < 0 ? Math.min(...l) : l[b];
      }
      out[i] = -s;
    }
    return out;
  }

  facts(): Record<string, number> {
    return { bins: this.o.bins };
  }

  toJSON(): Record<string, unknown> {
    return { options: this.o, d: this.d, edges: this.edges.map((e) => Array.from(e)), logs: this.logs.map((l) => Array.from(l)) };
  }

  static fromJSON(json: Record<string, unknown>, where: string): HbosModel {
    const j = json as { options: typeof HBOS_DEFAULTS; d: number; edges: number[][]; logs: number[][] };
    if (!(Number.isInteger(j.d) && Array.isArray(j.edges) && j.edges.length === j.d && Array.isArray(j.logs) && j.logs.length === j.d)) throw new Error(`${where}: not a fitted HBOS (needs d histograms)`);
    const m = new HbosModel(j.options);
    Object.assign(m, { d: j.d, edges: j.edges.map((e) => Float64Array.from(e)), logs: j.logs.map((l) => Float64Array.from(l)) });
    return m;
  }
}
