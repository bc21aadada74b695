/**
 * Data preparation: raw flows → cleaned, split (before any fit), encoded on training rows only,
 * labels indexed, class-balanced weights; or prepared parquet files in the original's schema.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromRoot } from '../../io/paths';
import { createRng } from '../../random';
import type { NidsConfig } from '../config';
import { classCounts, classWeights, findBenign, sampleWeights, type NidsData, type NidsSplit, checkSplit } from './data';
import type pl from 'nodejs-polars';
import { flowDataset, type FlowDatasetSpec } from './datasets';
import { countNonFinite, finiteRows, fitFeatureEncoder, transformFeatures, type FeatureEncoder, type NonFiniteCounts } from './features';
import { fitLabelIndexer, indexLabels, loadLabelIndexer, unseenLabels, type LabelIndexer } from './indexer';
import { readPreparedParquet, type PreparedTable } from './parquet';
import { frameToRawFlows, readFlowFrame, listFlowFiles, takeRows, timeOrder, type RawFlows } from './raw';
import { capPerClass, oversamplePerClass, stratifiedSplit, timeSplit, timeSplitIndices, type SplitIndices } from '../../features';

/** What preparation did, for the report and experiment_summary.json. */
export interface PrepInfo {
  source: 'raw' | 'prepared';
  dataset: string;
  files: string[];
  notes: string;
  rows: number;
  split_strategy: 'stratified' | 'time' | 'given';
  split_rows: { train: number; val: number; test: number };
  /** Training rows before the per-class cap (null when not capped). */
  train_rows_before_cap: number | null;
  /** Training rows added by data.oversample_to (copies of rare classes' rows); null = off. */
  train_rows_oversampled?: number | null;
  nonfinite: { policy: string; cells: number; rows: number; dropped_rows: number; columns: NonFiniteCounts[] } | null;
  /** Rows of validation/test labels never seen in training that were skipped (unseen_labels: skip). */
  skipped_unseen: Record<string, Record<string, number>>;
  dropped_columns: string[];
  numeric_columns: string[];
  categorical_columns: string[];
  class_counts: Record<'train' | 'val' | 'test', Record<string, number>>;
  class_weights: Record<string, number>;
  weight_source: string;
}

export interface Prepared {
  data: NidsData;
  info: PrepInfo;
  /** The fitted encoder (raw data only), to encode new flows the same way. */
  encoder: FeatureEncoder | null;
}

/** Prepare data as the config says: prepared parquet when `train_path` is set, else the raw dataset. */
export function prepareNidsData(cfg: NidsConfig, log: (line: string) => void = () => {}): Prepared {
  return cfg.train_path ? loadPreparedData(cfg, log) : prepareRawData(cfg, log);
}

/**
 * Raw dataset → Prepared. Reads ../shared/data or data/demo (or `source`: a dataset spec and its text
 * frame, e.g. a test fixture); nothing is fitted on validation or test rows.
 */
export function prepareRawData(cfg: NidsConfig, log: (line: string) => void = () => {}, source?: { spec: FlowDatasetSpec; frame: pl.DataFrame }): Prepared {
  const spec = source?.spec ?? flowDataset(cfg.dataset);
  const files = source ? [] : listFlowFiles(spec);
  let raw = frameToRawFlows(source?.frame ?? readFlowFrame(spec, files), spec, {
    dropColumns: cfg.data.drop_columns, categorical: cfg.data.categorical_columns, keepTimestamp: cfg.data.keep_timestamp,
    homeNet: cfg.data.home_net,
  }, files);
  if (spec.order === 'time' && raw.timeMs) raw = takeRows(raw, timeOrder(raw));
  const n = raw.labels.length;
  log(`read ${n} flows from ${files.length} file(s) of ${spec.name}: ${raw.numericNames.length} numeric, ${raw.categoricalNames.length} categorical columns; dropped ${raw.dropped.join(', ') || 'none'}`);
  const nonfinite = countNonFinite(raw);
  let kept: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
  if (cfg.data.nonfinite === 'drop') kept = finiteRows(raw, kept);
  log(`non-finite cells: ${nonfinite.cells} in ${nonfinite.rows} rows (${nonfinite.columns.map((c) => c.column).join(', ') || 'none'}); policy ${cfg.data.nonfinite}${kept.length < n ? `, ${n - kept.length} rows dropped` : ''}`);
  const strategy = cfg.data.split === 'auto' ? (spec.order === 'time' ? 'time' : 'stratified') : (cfg.data.split as 'time' | 'stratified');
  const split = splitRows(raw, kept, strategy, cfg);
  const beforeCap = split.train.length;
  if (cfg.data.max_train_rows !== null) split.train = capPerClass(split.train, raw.labels, cfg.data.max_train_rows, cfg.data.min_rows_per_class, createRng(cfg.seed).fork('train-cap'));
  const beforeOversampling = split.train.length;
  if (cfg.data.oversample_to !== null) split.train = oversamplePerClass(split.train, raw.labels, cfg.data.oversample_to, createRng(cfg.seed).fork('oversample'));
  const indexer = fitLabelIndexer(Array.from(split.train, (i) => raw.labels[i]), spec.labelColumn);
  const skipped = handleUnseen(raw, split, indexer, cfg.data.unseen_labels as 'error' | 'skip');
  const encoder = fitFeatureEncoder(raw, split.train, {
    nonfinite: cfg.data.nonfinite as 'impute' | 'zero' | 'drop', log: cfg.data.numeric_log, clip: cfg.data.clip, maxCategories: cfg.data.onehot_max_categories,
  });
  const yTrain = indexLabels(Array.from(split.train, (i) => raw.labels[i]), indexer);
  const perClass = classWeights(yTrain, indexer.labels.length, cfg.data.weighting as 'balanced' | 'none', cfg.data.max_weight);
  const make = (rows: Int32Array): NidsSplit => {
    const y = indexLabels(Array.from(rows, (i) => raw.labels[i]), indexer);
    return { x: transformFeatures(raw, rows, encoder), y, w: sampleWeights(y, perClass), n: rows.length };
  };
  const data: NidsData = {
    train: make(split.train), val: make(split.val), test: make(split.test),
    nFeatures: encoder.featureNames.length, featureNames: encoder.featureNames, indexer,
    benignIndex: findBenign(indexer.labels, cfg.data.benign_label ?? spec.benignLabel),
  };
  const capped = beforeCap !== beforeOversampling;
  const oversampled = cfg.data.oversample_to === null ? null : data.train.n - beforeOversampling;
  log(`split ${strategy}: train ${data.train.n}${capped ? ` (capped from ${beforeCap}, classes under ${cfg.data.min_rows_per_class} rows kept whole)` : ''}${oversampled ? ` (${oversampled} copies of rows of classes under ${cfg.data.oversample_to})` : ''}, val ${data.val.n}, test ${data.test.n}; ${data.nFeatures} features, ${indexer.labels.length} classes`);
  const info: PrepInfo = {
    source: 'raw', dataset: spec.name, files, notes: spec.notes, rows: n, split_strategy: strategy,
    split_rows: { train: data.train.n, val: data.val.n, test: data.test.n },
    train_rows_before_cap: capped ? beforeCap : null,
    train_rows_oversampled: oversampled,
    nonfinite: { policy: cfg.data.nonfinite, cells: nonfinite.cells, rows: nonfinite.rows, dropped_rows: n - kept.length, columns: nonfinite.columns },
    skipped_unseen: skipped, dropped_columns: raw.dropped, numeric_columns: raw.numericNames, categorical_columns: raw.categoricalNames,
    class_counts: countsByName(data), class_weights: Object.fromEntries(indexer.labels.map((l, i) => [l, perClass[i]])),
    weight_source: weightSource(cfg),
  };
  return { data, info, encoder };
}

/** Where the split fractions are set, for empty-split messages. */
const FRACTIONS_HINT = 'nids.data.train_fraction / val_fraction';

function splitRows(raw: RawFlows, kept: Int32Array, strategy: 'time' | 'stratified', cfg: NidsConfig): SplitIndices {
  const fractions = { train: cfg.data.train_fraction, val: cfg.data.val_fraction };
  const local = strategy === 'time'
    ? timeSplitIndices(timeSplit(kept.length, fractions, { hint: FRACTIONS_HINT }))
    : stratifiedSplit(Array.from(kept, (i) => raw.labels[i]), fractions, createRng(cfg.seed).fork('split'), { hint: FRACTIONS_HINT });
  const toGlobal = (a: Int32Array) => Int32Array.from(a, (k) => kept[k]);
  return { train: toGlobal(local.train), val: toGlobal(local.val), test: toGlobal(local.test) };
}

/** Validation/test rows whose label training never saw: an error naming them, or (skip) removed and counted. */
function handleUnseen(raw: RawFlows, split: SplitIndices, indexer: LabelIndexer, policy: 'error' | 'skip'): Record<string, Record<string, number>> {
  const skipped: Record<string, Record<string, number>> = {};
  for (const name of ['val', 'test'] as const) {
    const unseen = unseenLabels(Array.from(split[name], (i) => raw.labels[i]), indexer);
    if (!Object.keys(unseen).length) continue;
    const list = Object.entries(unseen).map(([l, c]) => `"${l}" (${c} rows)`).join(', ');
    if (policy === 'error') {
      throw new Error(`the ${name} split holds labels never seen in training: ${list}. The classifier cannot predict them; set nids.data.unseen_labels to "skip" (--data.unseen_labels skip) to drop those rows (they are counted in the report), or use a stratified split (--data.split stratified)`);
    }
    const known = new Set(indexer.labels);
    split[name] = split[name].filter((i) => known.has(raw.labels[i]));
    if (split[name].length === 0) throw new Error(`the ${name} split is empty after skipping unseen labels ${list}`);
    skipped[name] = unseen;
  }
  return skipped;
}

function countsByName(d: NidsData): PrepInfo['class_counts'] {
  const k = d.indexer.labels.length;
  const named = (y: Int32Array) => Object.fromEntries(classCounts(y, k).map((c, i) => [d.indexer.labels[i], c]));
  return { train: named(d.train.y), val: named(d.val.y), test: named(d.test.y) };
}

function weightSource(cfg: NidsConfig): string {
  return cfg.data.weighting === 'balanced' ? `class-balanced from training labels${cfg.data.max_weight !== null ? `, capped at ${cfg.data.max_weight}` : ''}` : 'uniform (weighting: none)';
}

/**
 * Prepared parquet (the original's schema) → Prepared. Beside the training file, `val_df.parquet`,
 * `test_df.parquet` and `label_indexer.json` are used when present and not given explicitly; a missing
 * validation or test file is cut from the training file (stratified, seeded). A missing `weight`
 * column gets class-balanced weights from the training labels (nids.data.weighting).
 */
export function loadPreparedData(cfg: NidsConfig, log: (line: string) => void = () => {}): Prepared {
  const trainFile = fromRoot(cfg.train_path!);
  const beside = (name: string) => {
    const f = path.join(path.dirname(trainFile), name);
    return fs.existsSync(f) ? f : null;
  };
  const valFile = cfg.val_path ? fromRoot(cfg.val_path) : beside('val_df.parquet');
  const testFile = cfg.test_path ? fromRoot(cfg.test_path) : beside('test_df.parquet');
  const indexerFile = cfg.label_indexer_path ? fromRoot(cfg.label_indexer_path) : beside('label_indexer.json') ?? beside('label_indexer');
  const train = readPreparedParquet(trainFile, 'training file (--train-path)');
  const val = valFile ? readPreparedParquet(valFile, 'validation file (--val-path)') : null;
  const test = testFile ? readPreparedParquet(testFile, 'test file (--test-path)') : null;
  for (const [t, f] of [[val, valFile], [test, testFile]] as const) {
    if (t && t.nFeatures !== train.nFeatures) throw new Error(`${f}: ${t.nFeatures} features per row, but the training file has ${train.nFeatures}`);
  }
  let indexer: LabelIndexer;
  if (indexerFile) indexer = loadLabelIndexer(indexerFile);
  else if (train.labelNames) indexer = fitLabelIndexer(train.labelNames);
  else {
    const k = [train, val, test].reduce((m, t) => (t?.labelIndex ? t.labelIndex.reduce((a, v) => Math.max(a, v), m) : m), 0) + 1;
    indexer = { labels: Array.from({ length: k }, (_, i) => String(i)), counts: null, stringOrderType: 'frequencyDesc', inputCol: 'Label', outputCol: 'label' };
    log(`no label indexer (--label-indexer-path, or label_indexer.json beside the training file): classes are named 0…${k - 1}`);
  }
  const k = indexer.labels.length;
  const toIndex = (t: PreparedTable, file: string): Int32Array => {
    if (t.labelIndex) return t.labelIndex;
    const y = indexLabels(t.labelNames!, indexer);
    const bad = y.indexOf(-1);
    if (bad >= 0) throw new Error(`${file}: label "${t.labelNames![bad]}" at row ${bad} is not in the label indexer (${indexer.labels.join(', ')})`);
    return y;
  };
  const yTrain = toIndex(train, trainFile);
  const perClass = classWeights(yTrain, k, cfg.data.weighting as 'balanced' | 'none', cfg.data.max_weight);
  let weightNote = 'the files\' weight column';
  if (!train.weight) {
    weightNote = `no weight column in ${path.basename(trainFile)}: ${weightSource(cfg)}`;
    log(weightNote);
  }
  const toSplit = (t: PreparedTable, file: string): NidsSplit => {
    const y = toIndex(t, file);
    return { x: t.x, y, w: t.weight ?? sampleWeights(y, perClass), n: t.n };
  };
  let trainSplit = toSplit(train, trainFile);
  let valSplit = val ? toSplit(val, valFile!) : null;
  let testSplit = test ? toSplit(test, testFile!) : null;
  const rng = createRng(cfg.seed).fork('prepared-split');
  if (!valSplit || !testSplit) {
    const parts = cutFromTrain(trainSplit, train.nFeatures, !testSplit, !valSplit, cfg, rng);
    log(`cut ${[!valSplit ? `validation (${parts.val?.n})` : '', !testSplit ? `test (${parts.test?.n})` : ''].filter(Boolean).join(' and ')} rows from the training file (stratified, seed ${cfg.seed})`);
    trainSplit = parts.train;
    valSplit ??= parts.val!;
    testSplit ??= parts.test!;
  }
  const nFeatures = trainSplit.x.length / trainSplit.n;
  const data: NidsData = {
    train: trainSplit, val: valSplit, test: testSplit, nFeatures,
    featureNames: featureNamesBeside(trainFile, nFeatures), indexer, benignIndex: findBenign(indexer.labels, cfg.data.benign_label),
  };
  for (const name of ['train', 'val', 'test'] as const) checkSplit(data[name], nFeatures, k, name);
  const skipped = dropUntrainedClasses(data, cfg.data.unseen_labels as 'error' | 'skip');
  const info: PrepInfo = {
    source: 'prepared', dataset: 'prepared', files: [trainFile, valFile, testFile, indexerFile].filter((f): f is string => f !== null), notes: 'prepared parquet in the original schema (scaled_features, label, weight)',
    rows: data.train.n + data.val.n + data.test.n, split_strategy: 'given', split_rows: { train: data.train.n, val: data.val.n, test: data.test.n },
    train_rows_before_cap: null, nonfinite: null, skipped_unseen: skipped, dropped_columns: [], numeric_columns: [], categorical_columns: [],
    class_counts: countsByName(data), class_weights: Object.fromEntries(indexer.labels.map((l, i) => [l, perClass[i]])), weight_source: weightNote,
  };
  log(`prepared data: train ${data.train.n}, val ${data.val.n}, test ${data.test.n} rows; ${nFeatures} features; ${k} classes`);
  return { data, info, encoder: null };
}

function cutFromTrain(s: NidsSplit, f: number, needTest: boolean, needVal: boolean, cfg: NidsConfig, rng: ReturnType<typeof createRng>) {
  const parts = stratifiedSplit(s.y, { train: cfg.data.train_fraction, val: cfg.data.val_fraction }, rng, { hint: FRACTIONS_HINT });
  const take = (rows: Int32Array): NidsSplit => {
    const x = new Float32Array(rows.length * f);
    rows.forEach((r, k) => x.set(s.x.subarray(r * f, (r + 1) * f), k * f));
    return { x, y: Int32Array.from(rows, (r) => s.y[r]), w: Float32Array.from(rows, (r) => s.w[r]), n: rows.length };
  };
  const trainRows = Int32Array.from([...parts.train, ...(needVal ? [] : parts.val), ...(needTest ? [] : parts.test)]).sort();
  return { train: take(trainRows), val: needVal ? take(parts.val) : null, test: needTest ? take(parts.test) : null };
}

/** Classes with validation/test rows but no training row: error, or skip those rows. */
function dropUntrainedClasses(d: NidsData, policy: 'error' | 'skip'): Record<string, Record<string, number>> {
  const k = d.indexer.labels.length;
  const trained = classCounts(d.train.y, k).map((c) => c > 0);
  const skipped: Record<string, Record<string, number>> = {};
  for (const name of ['val', 'test'] as const) {
    const s = d[name];
    const counts = classCounts(s.y, k);
    const missing = counts.map((c, i) => (c > 0 && !trained[i] ? i : -1)).filter((i) => i >= 0);
    if (!missing.length) continue;
    const list = missing.map((i) => `"${d.indexer.labels[i]}" (index ${i}, ${counts[i]} rows)`).join(', ');
    if (policy === 'error') throw new Error(`the ${name} data holds classes with no training rows: ${list}; set nids.data.unseen_labels to "skip" to drop those rows`);
    const keep = Int32Array.from({ length: s.n }, (_, i) => i).filter((i) => trained[s.y[i]]);
    const x = new Float32Array(keep.length * d.nFeatures);
    keep.forEach((r, j) => x.set(s.x.subarray(r * d.nFeatures, (r + 1) * d.nFeatures), j * d.nFeatures));
    d[name] = { x, y: Int32Array.from(keep, (r) => s.y[r]), w: Float32Array.from(keep, (r) => s.w[r]), n: keep.length };
    skipped[name] = Object.fromEntries(missing.map((i) => [d.indexer.labels[i], counts[i]]));
  }
  return skipped;
}

function featureNamesBeside(trainFile: string, f: number): string[] {
  const file = path.join(path.dirname(trainFile), 'preprocessing.json');
  try {
    const names = (JSON.parse(fs.readFileSync(file, 'utf8')) as { encoder?: { featureNames?: unknown } }).encoder?.featureNames;
    if (Array.isArray(names) && names.length === f) return names.map(String);
  } catch {
    // no names beside the file: generic ones
  }
  return Array.from({ length: f }, (_, i) => `f${i}`);
}
