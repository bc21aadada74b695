/** The in-memory prepared data every later step uses, in the original's schema: features, label index, weight. */
import type { LabelIndexer } from './indexer';

/** One split: row-major features [n, nFeatures] (the `scaled_features` vectors), label indices, sample weights. */
export interface NidsSplit {
  x: Float32Array;
  y: Int32Array;
  w: Float32Array;
  n: number;
}

export interface NidsData {
  train: NidsSplit;
  val: NidsSplit;
  test: NidsSplit;
  nFeatures: number;
  /** Names of the feature columns (f0, f1, … when prepared files do not carry them). */
  featureNames: string[];
  indexer: LabelIndexer;
  /** Index of the benign class for the attack-vs-benign view; null when there is none. */
  benignIndex: number | null;
}

/** Split sizes and label names of a prepared set, checked for consistency. */
export function checkSplit(s: NidsSplit, nFeatures: number, nClasses: number, name: string): void {
  if (s.n === 0) throw new Error(`the ${name} split is empty`);
  if (s.x.length !== s.n * nFeatures) throw new Error(`${name} split: ${s.x.length} feature values do not form ${s.n} rows of ${nFeatures}`);
  if (s.y.length !== s.n || s.w.length !== s.n) throw new Error(`${name} split: labels/weights do not match ${s.n} rows`);
  for (let i = 0; i < s.x.length; i++) {
    if (!Number.isFinite(s.x[i])) throw new Error(`${name} split: non-finite feature value ${s.x[i]} at row ${Math.floor(i / nFeatures)}, feature ${i % nFeatures}; clean the features first`);
  }
  for (let i = 0; i < s.n; i++) {
    if (!(s.y[i] >= 0 && s.y[i] < nClasses)) throw new Error(`${name} split: label index ${s.y[i]} at row ${i} is outside the label indexer's ${nClasses} classes`);
    if (!(s.w[i] >= 0 && Number.isFinite(s.w[i]))) throw new Error(`${name} split: weight ${s.w[i]} at row ${i} must be a finite number ≥ 0`);
  }
}

/** Class counts of label indices. */
export function classCounts(y: ArrayLike<number>, k: number): number[] {
  const c = new Array<number>(k).fill(0);
  for (let i = 0; i < y.length; i++) c[y[i]]++;
  return c;
}

/**
 * Per-class weights from training labels. 'balanced': n / (k · n_c) over the k classes present (mean 1
 * per training row, as scikit-learn's class_weight='balanced'), capped at `maxWeight`; 'none': all 1.
 * Example: classWeights([0,0,0,1], 2, 'balanced', null) → [0.667, 2].
 */
export function classWeights(yTrain: ArrayLike<number>, k: number, mode: 'balanced' | 'none', maxWeight: number | null): number[] {
  if (mode === 'none') return new Array<number>(k).fill(1);
  const counts = classCounts(yTrain, k);
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c === 0 ? 1 : Math.min(yTrain.length / (present * c), maxWeight ?? Infinity)));
}

/** Sample weights: the class weight of each row's label. */
export function sampleWeights(y: ArrayLike<number>, perClass: number[]): Float32Array {
  return Float32Array.from({ length: y.length }, (_, i) => perClass[y[i]]);
}

/** Index of the benign label: the name given, else BENIGN / normal / normal. (case-insensitive); null if absent. */
export function findBenign(labels: string[], name: string | null): number | null {
  if (name !== null) {
    const i = labels.indexOf(name);
    if (i < 0) throw new Error(`benign label "${name}" (nids.data.benign_label) is not among the labels ${labels.slice(0, 8).join(', ')}${labels.length > 8 ? ', …' : ''}`);
    return i;
  }
  const i = labels.findIndex((l) => /^(benign|normal\.?)$/i.test(l));
  return i >= 0 ? i : null;
}
