/**
 * KMeansAD (Yairi et al. 2001; TSB-AD's "KMeansAD", among the strongest on SMD): k-means on
 * standardised training windows, score = Euclidean distance to the nearest centroid. k-means++
 * initialisation and Lloyd iterations, all seeded. Training rows are capped at `max_fit` (seeded sample).
 */
import { checkRows, type Rows } from '../../baselines';
import { squaredDistance } from '../../cluster/distance';
import { createRng, sampleSorted, type Rng } from '../../random';
import { fitStandardScaler, scalerFromJSON, scalerToJSON, standardiseRows, type StandardScaler } from './standardised';

export const KMEANS_DEFAULTS = { k: 20, iterations: 50, max_fit: 20000, seed: 0 };

export class KMeansModel {
  private scaler: StandardScaler | null = null;
  private centroids: Float64Array | null = null;
  private d = 0;
  private k = 0;
  iterationsRun = 0;

  constructor(private readonly o: typeof KMEANS_DEFAULTS) {
    if (!(Number.isInteger(o.k) && o.k >= 1)) throw new Error(`kmeans: k must be an integer ≥ 1, got ${o.k}`);
    if (!(Number.isInteger(o.iterations) && o.iterations >= 1)) throw new Error(`kmeans: iterations must be an integer ≥ 1, got ${o.iterations}`);
  }

  fit(train: Rows): void {
    checkRows('kmeans.fit', train, { minRows: 2 });
    const rng = createRng(this.o.seed);
    const rows = capRows(train, this.o.max_fit, rng);
    this.d = rows.shape[1];
    this.scaler = fitStandardScaler(rows.data, this.d);
    const x = standardiseRows(rows, this.scaler);
    const n = rows.shape[0];
    this.k = Math.min(this.o.k, n);
    let c = plusPlus(x, n, this.d, this.k, rng);
    for (this.iterationsRun = 1; this.iterationsRun <= this.o.iterations; this.iterationsRun++) {
      const next = lloydStep(x, n, this.d, c, this.k);
      const moved = next.some((v, i) => v !== c[i]);
      c = next;
      if (!moved) break;
    }
    this.centroids = c;
  }

  /** Distance to the nearest centroid, per row. */
  score(rows: Rows): Float64Array {
    if (!this.centroids || !this.scaler) throw new Error('kmeans: call fit() first');
    checkRows('kmeans.score', rows, { d: this.d });
    const x = standardiseRows(rows, this.scaler);
    const n = rows.shape[0];
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.sqrt(nearest(x, i * this.d, this.centroids, this.k, this.d).dist);
    return out;
  }

  facts(): Record<string, number> {
    return { clusters: this.k, iterations: Math.min(this.iterationsRun, this.o.iterations) };
  }

  toJSON(): Record<string, unknown> {
    if (!this.centroids || !this.scaler) throw new Error('kmeans: call fit() first');
    return { options: this.o, d: this.d, k: this.k, iterations_run: this.iterationsRun, scaler: scalerToJSON(this.scaler), centroids: Array.from(this.centroids) };
  }

  static fromJSON(json: Record<string, unknown>, where: string): KMeansModel {
    const j = json as { options: typeof KMEANS_DEFAULTS; d: number; k: number; iterations_run: number; scaler: unknown; centroids: number[] };
    if (!(Number.isInteger(j.d) && Number.isInteger(j.k) && Array.isArray(j.centroids) && j.centroids.length === j.k * j.d)) throw new Error(`${where}: not a fitted k-means (needs d, k and k×d centroid values)`);
    const m = new KMeansModel(j.options);
    Object.assign(m, { d: j.d, k: j.k, iterationsRun: j.iterations_run, scaler: scalerFromJSON(j.scaler, `${where} scaler`), centroids: Float64Array.from(j.centroids) });
    return m;
  }
}

/** At most `max` rows, a seeded sample in time order (all rows when there are fewer). */
export function capRows(rows: Rows, max: number, rng: Rng): Rows {
  const [n, d] = rows.shape;
  if (n <= max) return rows;
  const keep = sampleSorted(Int32Array.from({ length: n }, (_, i) => i), max, rng);
  const data = new Float32Array(keep.length * d);
  keep.forEach((r, k) => data.set(rows.data.subarray(r * d, (r + 1) * d), k * d));
  return { data, shape: [keep.length, d] };
}

function nearest(x: Float64Array, at: number, c: Float64Array, k: number, d: number): { index: number; dist: number } {
  let best = 0;
  let dist = Infinity;
  for (let j = 0; j < k; j++) {
    const s = crossDistance(x, at, c, j * d, d);
    if (s < dist) [best, dist] = [j, s];
  }
  return { index: best, dist };
}

/** ‖x[a..a+d) − y[b..b+d)‖² across two arrays. */
function crossDistance(x: Float64Array, a: number, y: Float64Array, b: number, d: number): number {
  let s = 0;
  for (let f = 0; f < d; f++) {
    const t = x[a + f] - y[b + f];
    s += t * t;
  }
  return s;
}

/** k-means++: the first centroid uniform, each next one with probability ∝ squared distance to the chosen. */
function plusPlus(x: Float64Array, n: number, d: number, k: number, rng: Rng): Float64Array {
  const c = new Float64Array(k * d);
  const first = rng.int(0, n - 1);
  c.set(x.subarray(first * d, (first + 1) * d), 0);
  const dist = Float64Array.from({ length: n }, (_, i) => squaredDistance(x, i * d, first * d, d));
  for (let j = 1; j < k; j++) {
    const total = dist.reduce((a, b) => a + b, 0);
    let pick = n - 1;
    if (total > 0) {
      let u = rng.next() * total;
      for (let i = 0; i < n; i++) if ((u -= dist[i]) <= 0) { pick = i; break; }
    } else pick = rng.int(0, n - 1);
    c.set(x.subarray(pick * d, (pick + 1) * d), j * d);
    for (let i = 0; i < n; i++) dist[i] = Math.min(dist[i], squaredDistance(x, i * d, pick * d, d));
  }
  return c;
}

/** One Lloyd step: assign each row to its nearest centroid, move each centroid to its rows' mean (an empty one stays). */
function lloydStep(x: Float64Array, n: number, d: number, c: Float64Array, k: number): Float64Array {
  const sum = new Float64Array(k * d);
  const count = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const j = nearest(x, i * d, c, k, d).index;
    count[j]++;
    for (let f = 0; f < d; f++) sum[j * d + f] += x[i * d + f];
  }
  const next = Float64Array.from(c);
  for (let j = 0; j < k; j++) if (count[j] > 0) for (let f = 0; f < d; f++) next[j * d + f] = sum[j * d + f] / count[j];
  return next;
}
