/**
 * Feature encoding fitted on training rows only: non-finite cells cleaned, numeric columns log-compressed
 * and standard-scaled, categoricals one-hot (top-k training values + "other"). Serialisable as JSON,
 * so new flows can be encoded the same way.
 */
import type { RawFlows } from './raw';

export type NonFinitePolicy = 'impute' | 'zero' | 'drop';

export interface FeatureEncoder {
  numericNames: string[];
  /** Replacement for NaN (training median), +Infinity (training max), −Infinity (training min) per numeric column. */
  fillNaN: number[];
  fillPosInf: number[];
  fillNegInf: number[];
  nonfinite: NonFinitePolicy;
  /** sign(x)·log1p(|x|) before scaling. */
  log: boolean;
  mean: number[];
  scale: number[];
  /** Scaled values clipped to ±clip; 0 = none. */
  clip: number;
  categoricalNames: string[];
  /** Per categorical column, the one-hot values in column order; anything else goes to `<col>=__other__`. */
  categories: string[][];
  /** Names of the output columns, numeric first, then one-hot. */
  featureNames: string[];
  /** Training rows the encoder was fitted on. */
  nTrain: number;
}

export interface FitEncoderOptions {
  nonfinite: NonFinitePolicy;
  log: boolean;
  clip: number;
  maxCategories: number;
}

/** Per numeric column: +Inf, −Inf and NaN/empty cells among `rows`. */
export interface NonFiniteCounts {
  column: string;
  pos_inf: number;
  neg_inf: number;
  nan: number;
}

/** Count non-finite cells per numeric column over `rows` (all rows when omitted); columns without any are left out. */
export function countNonFinite(raw: RawFlows, rows?: ArrayLike<number>): { columns: NonFiniteCounts[]; cells: number; rows: number } {
  const n = rows ? rows.length : raw.labels.length;
  const at = (k: number) => (rows ? rows[k] : k);
  const bad = new Uint8Array(n);
  const columns: NonFiniteCounts[] = [];
  let cells = 0;
  raw.numeric.forEach((col, j) => {
    const c = { column: raw.numericNames[j], pos_inf: 0, neg_inf: 0, nan: 0 };
    for (let k = 0; k < n; k++) {
      const v = col[at(k)];
      if (Number.isFinite(v)) continue;
      if (v === Infinity) c.pos_inf++;
      else if (v === -Infinity) c.neg_inf++;
      else c.nan++;
      bad[k] = 1;
    }
    const total = c.pos_inf + c.neg_inf + c.nan;
    if (total) columns.push(c);
    cells += total;
  });
  return { columns, cells, rows: bad.reduce((a, b) => a + b, 0) };
}

/** Rows (of `rows`) whose numeric cells are all finite: what 'drop' keeps. */
export function finiteRows(raw: RawFlows, rows: Int32Array): Int32Array {
  return rows.filter((i) => raw.numeric.every((col) => Number.isFinite(col[i])));
}

/** Fit the encoder on the training rows only. */
export function fitFeatureEncoder(raw: RawFlows, trainRows: Int32Array, opts: FitEncoderOptions): FeatureEncoder {
  if (trainRows.length === 0) throw new Error('fitFeatureEncoder: no training rows');
  const fillNaN: number[] = [];
  const fillPosInf: number[] = [];
  const fillNegInf: number[] = [];
  const mean: number[] = [];
  const scale: number[] = [];
  for (const col of raw.numeric) {
    const finite = Float64Array.from(trainRows, (i) => col[i]).filter(Number.isFinite).sort();
    const has = finite.length > 0;
    fillNaN.push(opts.nonfinite === 'zero' || !has ? 0 : finite[finite.length >> 1]);
    fillPosInf.push(opts.nonfinite === 'zero' || !has ? 0 : finite[finite.length - 1]);
    fillNegInf.push(opts.nonfinite === 'zero' || !has ? 0 : finite[0]);
  }
  const partial: FeatureEncoder = {
    numericNames: raw.numericNames.slice(), fillNaN, fillPosInf, fillNegInf, nonfinite: opts.nonfinite, log: opts.log,
    mean, scale, clip: opts.clip, categoricalNames: raw.categoricalNames.slice(), categories: [], featureNames: [], nTrain: trainRows.length,
  };
  raw.numeric.forEach((col, j) => {
    let s = 0;
    let ss = 0;
    for (const i of trainRows) s += cleanValue(partial, j, col[i]);
    const m = s / trainRows.length;
    for (const i of trainRows) {
      const d = cleanValue(partial, j, col[i]) - m;
      ss += d * d;
    }
    const sd = Math.sqrt(ss / trainRows.length);
    mean.push(m);
    scale.push(sd > 1e-12 ? sd : 1); // a constant column maps to 0, as scikit-learn's StandardScaler
  });
  partial.categories = raw.categorical.map((col) => topValues(Array.from(trainRows, (i) => col[i]), opts.maxCategories));
  partial.featureNames = [
    ...raw.numericNames,
    ...raw.categoricalNames.flatMap((name, c) => [...partial.categories[c].map((v) => `${name}=${v}`), `${name}=__other__`]),
  ];
  return partial;
}

/** Cleaned and log-compressed (not yet scaled) value of numeric column j. */
function cleanValue(enc: FeatureEncoder, j: number, v: number): number {
  let x = v;
  if (!Number.isFinite(x)) x = x === Infinity ? enc.fillPosInf[j] : x === -Infinity ? enc.fillNegInf[j] : enc.fillNaN[j];
  return enc.log ? Math.sign(x) * Math.log1p(Math.abs(x)) : x;
}

function topValues(values: string[], k: number): string[] {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, k).map((e) => e[0]).sort();
}

/** Encode `rows` of the raw table: a row-major float32 matrix [rows.length, featureNames.length]. */
export function transformFeatures(raw: RawFlows, rows: Int32Array, enc: FeatureEncoder): Float32Array {
  if (raw.numericNames.join('\u0000') !== enc.numericNames.join('\u0000') || raw.categoricalNames.join('\u0000') !== enc.categoricalNames.join('\u0000')) {
    throw new Error('transformFeatures: the table\'s columns differ from the ones the encoder was fitted on');
  }
  const f = enc.featureNames.length;
  const out = new Float32Array(rows.length * f);
  const clip = enc.clip > 0 ? enc.clip : Infinity;
  raw.numeric.forEach((col, j) => {
    const m = enc.mean[j];
    const s = enc.scale[j];
    for (let k = 0; k < rows.length; k++) {
      const z = (cleanValue(enc, j, col[rows[k]]) - m) / s;
      out[k * f + j] = z > clip ? clip : z < -clip ? -clip : z;
    }
  });
  let offset = raw.numeric.length;
  raw.categorical.forEach((col, c) => {
    const cats = enc.categories[c];
    const pos = new Map(cats.map((v, i) => [v, i]));
    for (let k = 0; k < rows.length; k++) out[k * f + offset + (pos.get(col[rows[k]]) ?? cats.length)] = 1;
    offset += cats.length + 1;
  });
  return out;
}
