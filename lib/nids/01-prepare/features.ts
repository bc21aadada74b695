/**
 * Feature encoding fitted on training rows only: non-finite cells cleaned, numeric columns log-compressed
 * (lib/features signedLog1p) and standard-scaled (lib/features scaler), categoricals one-hot (lib/features
 * one-hot: top-k training values in value order + `<col>=<unknown>`). Serialisable as JSON, so new flows
 * can be encoded the same way.
 */
import { fitOneHot, fitStandardScalerColumns, oneHotCodes, oneHotNames, signedLog1p, standardScore } from '../../features';
import type { HomeNet } from './home-net';
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
  /** Per categorical column, the one-hot values in column order; anything else goes to `<col>=<unknown>`. */
  categories: string[][];
  /** Names of the output columns, numeric first, then one-hot. */
  featureNames: string[];
  /** Training rows the encoder was fitted on. */
  nTrain: number;
  /** The home network of the src_in_home_net / dst_in_home_net features (derived from the address columns); absent = none. */
  homeNet?: HomeNet | null;
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
  for (const col of raw.numeric) {
    const finite = Float64Array.from(trainRows, (i) => col[i]).filter(Number.isFinite).sort();
    const has = finite.length > 0;
    fillNaN.push(opts.nonfinite === 'zero' || !has ? 0 : finite[finite.length >> 1]);
    fillPosInf.push(opts.nonfinite === 'zero' || !has ? 0 : finite[finite.length - 1]);
    fillNegInf.push(opts.nonfinite === 'zero' || !has ? 0 : finite[0]);
  }
  const partial: FeatureEncoder = {
    numericNames: raw.numericNames.slice(), fillNaN, fillPosInf, fillNegInf, nonfinite: opts.nonfinite, log: opts.log,
    mean: [], scale: [], clip: opts.clip, categoricalNames: raw.categoricalNames.slice(), categories: [], featureNames: [], nTrain: trainRows.length,
    // Only when used, so an encoder without it serialises as before.
    ...(raw.homeNet ? { homeNet: raw.homeNet } : {}),
  };
  if (raw.numeric.length) {
    // One cleaned column at a time: the scaler never needs the whole [rows, columns] matrix.
    const scaler = fitStandardScalerColumns(raw.numeric.map((col, j) => Float64Array.from(trainRows, (i) => cleanValue(partial, j, col[i]))));
    partial.mean = scaler.mean;
    partial.scale = scaler.scale;
  }
  partial.categories = raw.categorical.map((col) => fitOneHot(Array.from(trainRows, (i) => col[i]), { maxCategories: opts.maxCategories, order: 'value' }));
  partial.featureNames = [...raw.numericNames, ...raw.categoricalNames.flatMap((name, c) => oneHotNames(name, partial.categories[c]))];
  return partial;
}

/** Cleaned and log-compressed (not yet scaled) value of numeric column j. */
function cleanValue(enc: FeatureEncoder, j: number, v: number): number {
  let x = v;
  if (!Number.isFinite(x)) x = x === Infinity ? enc.fillPosInf[j] : x === -Infinity ? enc.fillNegInf[j] : enc.fillNaN[j];
  return enc.log ? signedLog1p(x) : x;
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
    for (let k = 0; k < rows.length; k++) out[k * f + j] = standardScore(cleanValue(enc, j, col[rows[k]]), m, s, clip);
  });
  let offset = raw.numeric.length;
  raw.categorical.forEach((col, c) => {
    const codes = oneHotCodes(Array.from(rows, (i) => col[i]), enc.categories[c]);
    for (let k = 0; k < rows.length; k++) out[k * f + offset + codes[k]] = 1;
    offset += enc.categories[c].length + 1;
  });
  return out;
}
