/**
 * Isolation forest (Liu, Ting & Zhou, ICDM 2008). Each tree isolates a random subsample of ψ
 * training rows by random axis-parallel cuts; anomalies are isolated in fewer cuts, so their expected
 * path length E[h(x)] is short and s(x) = 2^(−E[h(x)] / c(ψ)) is close to 1 (higher = more anomalous;
 * ≈ 0.5 everywhere means no distinct anomalies).
 */
import { createRng, partialShuffle, type Rng } from '../random';
import { checkRows, type Detector, type Rows } from './detector';

export interface IForestOptions {
  /** Number of trees t. Default 100. */
  trees?: number;
  /** Subsample size ψ per tree (clamped to the training rows). Default 256. */
  sampleSize?: number;
  /** Seed of every random choice (subsamples, features, cut points). Default 0. */
  seed?: number;
}

const EULER_GAMMA = 0.5772156649015329;

/**
 * c(n): average path length of an unsuccessful search in a binary search tree of n points, the
 * paper's normaliser 2H(n − 1) − 2(n − 1)/n with H(i) ≈ ln i + γ; c(2) = 1 and c(n ≤ 1) = 0 exactly
 * (as scikit-learn). Example: c(256) ≈ 10.2448.
 */
export function averagePathLength(n: number): number {
  if (n <= 1) return 0;
  if (n === 2) return 1;
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** Flat storage of all trees: node i of the forest is a leaf when feature[i] = −1. */
interface Forest {
  roots: Int32Array;
  feature: Int32Array;
  split: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Training rows that reached a leaf (its c(size) correction). */
  size: Int32Array;
  nodes: number;
}

export class IsolationForest implements Detector {
  readonly name = 'iforest';
  readonly trees: number;
  readonly sampleSize: number;
  readonly seed: number;
  private forest: Forest | null = null;
  private d = 0;
  private psi = 0;

  constructor(opts: IForestOptions = {}) {
    this.trees = opts.trees ?? 100;
    this.sampleSize = opts.sampleSize ?? 256;
    this.seed = opts.seed ?? 0;
    if (!(Number.isInteger(this.trees) && this.trees >= 1)) throw new Error(`IsolationForest: trees must be an integer ≥ 1, got ${this.trees}`);
    if (!(Number.isInteger(this.sampleSize) && this.sampleSize >= 2)) throw new Error(`IsolationForest: sampleSize must be an integer ≥ 2, got ${this.sampleSize}`);
    if (!Number.isInteger(this.seed)) throw new Error(`IsolationForest: seed must be an integer, got ${this.seed}`);
  }

  /** The subsample size actually used, min(ψ, n) (0 before fit). */
  get effectiveSampleSize(): number {
    return this.psi;
  }

  fit(train: Rows): void {
    checkRows('IsolationForest.fit', train, { minRows: 2 });
    this.d = train.shape[1];
    this.psi = Math.min(this.sampleSize, train.shape[0]);
    this.forest = growForest(train, this.trees, this.psi, createRng(this.seed));
  }

  /** The fitted forest as plain JSON (exact). */
  toJSON(): Record<string, unknown> {
    const f = this.forest;
    if (!f) throw new Error('IsolationForest: call fit() first');
    const used = (a: Int32Array | Float64Array) => Array.from(a.subarray(0, f.nodes));
    return {
      trees: this.trees, sample_size: this.sampleSize, seed: this.seed, d: this.d, psi: this.psi, nodes: f.nodes,
      roots: Array.from(f.roots), feature: used(f.feature), split: used(f.split), left: used(f.left), right: used(f.right), size: used(f.size),
    };
  }

  /** A fitted forest from `toJSON`'s output; `where` names the source in errors. */
  static fromJSON(json: Record<string, unknown>, where: string): IsolationForest {
    const j = json as Record<string, number & number[]>;
    const arrays = ['feature', 'split', 'left', 'right', 'size'];
    if (!(Number.isInteger(j.nodes) && Array.isArray(j.roots) && arrays.every((k) => Array.isArray(j[k]) && j[k].length === j.nodes))) {
      throw new Error(`${where}: not a fitted isolation forest (needs roots and ${arrays.join(', ')} of \`nodes\` entries)`);
    }
    const det = new IsolationForest({ trees: j.trees, sampleSize: j.sample_size, seed: j.seed });
    det.d = j.d;
    det.psi = j.psi;
    det.forest = {
      roots: Int32Array.from(j.roots), feature: Int32Array.from(j.feature), split: Float64Array.from(j.split),
      left: Int32Array.from(j.left), right: Int32Array.from(j.right), size: Int32Array.from(j.size), nodes: j.nodes,
    };
    return det;
  }

  /** s(x) = 2^(−mean path length / c(ψ)) ∈ (0, 1], per row. */
  score(rows: Rows): Float64Array {
    if (!this.forest) throw new Error('IsolationForest: call fit() first');
    checkRows('IsolationForest.score', rows, { d: this.d });
    return scoreForest(this.forest, rows, averagePathLength(this.psi));
  }
}

function growForest(train: Rows, trees: number, psi: number, rng: Rng): Forest {
  const [n, d] = train.shape;
  const cap = trees * (2 * psi - 1);
  const f: Forest = {
    roots: new Int32Array(trees), feature: new Int32Array(cap).fill(-1), split: new Float64Array(cap),
    left: new Int32Array(cap), right: new Int32Array(cap), size: new Int32Array(cap), nodes: 0,
  };
  const rowOrder = Int32Array.from({ length: n }, (_, i) => i);
  const featureOrder = Int32Array.from({ length: d }, (_, i) => i);
  const maxDepth = Math.ceil(Math.log2(psi));
  for (let t = 0; t < trees; t++) {
    partialShuffle(rowOrder, psi, rng); // the first ψ entries: a uniform sample without replacement
    const sample = rowOrder.slice(0, psi);
    f.roots[t] = grow(f, train, sample, 0, psi, 0, maxDepth, featureOrder, rng);
  }
  return f;
}

/** Grow the subtree over sample[lo, hi); returns its node index. */
function grow(f: Forest, x: Rows, sample: Int32Array, lo: number, hi: number, depth: number, maxDepth: number, features: Int32Array, rng: Rng): number {
  const node = f.nodes++;
  f.size[node] = hi - lo;
  if (depth >= maxDepth || hi - lo <= 1) return node;
  const cut = randomCut(x, sample, lo, hi, features, rng);
  if (!cut) return node; // every feature constant on this node: nothing left to isolate
  const d = x.shape[1];
  let mid = lo;
  for (let i = lo; i < hi; i++) {
    if (x.data[sample[i] * d + cut.feature] < cut.split) {
      const tmp = sample[i];
      sample[i] = sample[mid];
      sample[mid++] = tmp;
    }
  }
  f.feature[node] = cut.feature;
  f.split[node] = cut.split;
  f.left[node] = grow(f, x, sample, lo, mid, depth + 1, maxDepth, features, rng);
  f.right[node] = grow(f, x, sample, mid, hi, depth + 1, maxDepth, features, rng);
  return node;
}

/**
 * A uniformly random feature among those not constant on the node (features drawn without
 * replacement until one varies), and a cut uniform in (min, max] of the node's values on it.
 */
function randomCut(x: Rows, sample: Int32Array, lo: number, hi: number, features: Int32Array, rng: Rng): { feature: number; split: number } | null {
  const d = x.shape[1];
  for (let k = 0; k < d; k++) {
    const j = k + Math.floor(rng.next() * (d - k));
    const q = features[j];
    features[j] = features[k];
    features[k] = q;
    let min = Infinity, max = -Infinity;
    for (let i = lo; i < hi; i++) {
      const v = x.data[sample[i] * d + q];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (max > min) {
      let split = min + rng.next() * (max - min);
      if (!(split > min)) split = min + (max - min) / 2; // keep both sides non-empty (x < split goes left)
      return { feature: q, split };
    }
  }
  return null;
}

function scoreForest(f: Forest, rows: Rows, cPsi: number): Float64Array {
  const [n, d] = rows.shape;
  const out = new Float64Array(n);
  const trees = f.roots.length;
  for (let i = 0; i < n; i++) {
    const base = i * d;
    let total = 0;
    for (let t = 0; t < trees; t++) {
      let node = f.roots[t];
      let depth = 0;
      while (f.feature[node] >= 0) {
        node = rows.data[base + f.feature[node]] < f.split[node] ? f.left[node] : f.right[node];
        depth++;
      }
      total += depth + averagePathLength(f.size[node]);
    }
    out[i] = Math.pow(2, -total / trees / cPsi);
  }
  return out;
}
