/**
 * GRU-SAE stage 2 (encode): R/processed/gru_sae-<dataset>-<version>.parquet → R/encoded/*
 * (see README.md, "stages, artefacts, contracts"). Split first, fit on train only, encode every
 * split with the same state, window, write everything atomically.
 */
import * as path from 'node:path';
import { writeDirAtomic, writeJson } from '../../io/files';
import { saveNpy } from '../../io/npy';
import { columnAsStrings, readParquet, requireColumns } from '../../io/tables';
import { runDir, type GruSaeConfig } from '../config';
import { buildEncoded, selectColumns, type BuildResult } from './build';
import { readEncodeInput, readStageColumns, toEncodingColumns, type EncodingColumns, type SchemaColumns } from './frame';
import { checkCombinationTuples } from './combos';
import { saveEncoder } from './persist';
import { SPLITS, windowLabels, type SplitName, type WindowLabels } from '../../features';
import { writeWindowsNpy } from './write';

export type { EncodingColumns, SchemaColumns } from './frame';
export { loadEncoder } from './persist';
export { encodeRows, encodeWindows } from './apply';

/** The stage-1 parquet of a run. */
export function processedParquet(cfg: GruSaeConfig): string {
  return path.join(runDir(cfg), 'processed', `gru_sae-${cfg.dataset}-${cfg.version}.parquet`);
}

/** The folder stage 2 writes (R/encoded). */
export function encodedDir(cfg: GruSaeConfig): string {
  return path.join(runDir(cfg), 'encoded');
}

/** What stage 2 did, as written to encoded/encode_info.json. */
export interface EncodeInfo {
  dataset: string;
  version: string;
  strategy: 'campaign' | 'time';
  seq_len: number;
  stride: number;
  group_by: string | null;
  n_features: number;
  feature_blocks: { svd: number; novelty: number; combinations: number; onehot: number; numeric: number; time: number };
  columns: { text: string[]; categorical: string[]; numeric: string[] };
  splits: Record<SplitName, { rows_in_split: number; rows_encoded: number; windows: number; windows_before_cap: number; shape: number[]; attack_windows: number; any_attack_windows: number; benign_windows: number; non_finite_numeric: number }>;
  sampling: BuildResult['sampling'];
  memory: BuildResult['memory'] & { estimated_gb: number; limit_gb: number };
  svd: { components: number; input_dim: number; explained_variance_ratio_sum: number } | null;
  /** The final SVD of the whole encoded row (encoding.max_features): encoded width → n_features. */
  final_svd: { components: number; input_dim: number; explained_variance_ratio_sum: number } | null;
  train_windows_note: string;
  messages: string[];
  /** Wall time of the phases: reading the parquet, split + fit + encode, writing the artefacts. */
  timings_s: { read: number; encode: number; write: number };
  seconds: number;
}

/**
 * Run stage 2 for a resolved config. `columns`: the feature columns by role, either as
 * EncodingColumns or the dataset schema itself (its `columns` and top-level `tfidf_vocab`).
 */
export async function encodeStage(cfg: GruSaeConfig, schemaOrColumns: EncodingColumns | SchemaColumns, opts: { log?: (msg: string) => void } = {}): Promise<EncodeInfo> {
  const started = Date.now();
  const columns = toEncodingColumns(schemaOrColumns);
  const log = opts.log ?? (() => {});
  const file = processedParquet(cfg);
  const df = readParquet(file, 'stage-1 parquet', 'run stage 1 (aggregate) first');
  const chosen = selectColumns(cfg.encoding, columns);
  const groupBy = cfg.encoding.group_by;
  requireColumns(df, ['_time_ms', '_label', '_campaign', ...chosen.text, ...chosen.categorical, ...chosen.numeric, ...(groupBy ? [groupBy] : [])], file);
  const combos = checkCombinationTuples(cfg.encoding.combination_counts, df.columns.filter((c) => !c.startsWith('_')), 'encoding.combination_counts');
  const input = readEncodeInput(df, { ...chosen, strings: combos.flat() });
  const stage = readStageColumns(df);
  const groupValues = groupBy ? columnAsStrings(df, groupBy) : null;
  const read = (Date.now() - started) / 1000;
  const built = buildEncoded(input, stage, groupValues, cfg, columns, { log });
  const targets = Object.fromEntries(SPLITS.map((name) => {
    const s = built.splits[name];
    return [name, windowLabels(s.plan, s.stage.label, s.stage.time)];
  })) as Record<(typeof SPLITS)[number], WindowTargets>;
  const info = describe(cfg, built, targets, started);
  const tWrite = Date.now();
  info.timings_s = { read, encode: (tWrite - started) / 1000 - read, write: 0 };
  await writeDirAtomic(encodedDir(cfg), (dir) => {
    for (const name of SPLITS) {
      const s = built.splits[name];
      const F = built.state.feature_names.length;
      const { end: y, any: yAny, t } = targets[name];
      const n = s.plan.ends.length;
      writeWindowsNpy(path.join(dir, `X_${name}.npy`), s.plan, s.features, F);
      saveNpy(path.join(dir, `y_${name}.npy`), { data: y, shape: [n] });
      saveNpy(path.join(dir, `y_any_${name}.npy`), { data: yAny, shape: [n] });
      saveNpy(path.join(dir, `t_${name}.npy`), { data: t, shape: [n] });
    }
    writeJson(path.join(dir, 'feature_names.json'), built.state.feature_names);
    saveEncoder(dir, built.state);
    writeJson(path.join(dir, 'split.json'), { strategy: built.split.strategy, notes: built.split.notes, config: cfg.split, ...built.split.summary });
    info.timings_s.write = (Date.now() - tWrite) / 1000;
    info.seconds = (Date.now() - started) / 1000;
    writeJson(path.join(dir, 'encode_info.json'), info);
  });
  log(`encode: ${SPLITS.map((n) => `${n} ${info.splits[n].shape.join('×')}`).join(', ')} in ${info.seconds.toFixed(1)} s → ${encodedDir(cfg)}`);
  return info;
}

/** Per split's windows: y (window-end label), y_any (any attack in the window) and t (window-end time). */
type WindowTargets = WindowLabels & { t: Float64Array };

function describe(cfg: GruSaeConfig, built: BuildResult, targets: Record<(typeof SPLITS)[number], WindowTargets>, started: number): EncodeInfo {
  const { state, splits } = built;
  const enc = cfg.encoding;
  const F = state.feature_names.length;
  const F0 = state.final_svd?.input_names.length ?? F;
  const svdK = state.svd?.k ?? 0;
  const nNovelty = state.novelty ? 2 * state.text.length : 0;
  const nTime = state.time_of_day ? 2 : 0;
  const nCombos = state.combinations?.tuples.length ?? 0;
  const perSplit = Object.fromEntries(SPLITS.map((name) => {
    const s = splits[name];
    const { end: y, any: yAny } = targets[name];
    const attack = y.reduce((a, v) => a + v, 0);
    const any = yAny.reduce((a, v) => a + v, 0);
    return [name, {
      rows_in_split: s.rowsInSplit, rows_encoded: s.stage.time.length, windows: y.length, windows_before_cap: s.windowsPlanned,
      shape: [y.length, enc.seq_len, F], attack_windows: attack, any_attack_windows: any, benign_windows: y.length - any, non_finite_numeric: s.nonFinite,
    }];
  })) as EncodeInfo['splits'];
  return {
    dataset: cfg.dataset,
    version: cfg.version,
    strategy: built.split.strategy,
    seq_len: enc.seq_len,
    stride: enc.stride,
    group_by: enc.group_by,
    n_features: F,
    feature_blocks: { svd: svdK, novelty: nNovelty, combinations: nCombos, onehot: F0 - svdK - nNovelty - nCombos - state.numeric.columns.length - nTime, numeric: state.numeric.columns.length, time: nTime },
    columns: { text: state.text.map((t) => t.column), categorical: state.categorical.map((c) => c.column), numeric: state.numeric.columns },
    splits: perSplit,
    sampling: built.sampling,
    memory: { ...built.memory, estimated_gb: built.memory.estimated_bytes / 1024 ** 3, limit_gb: enc.memory_limit_gb },
    svd: state.svd ? { components: state.svd.k, input_dim: state.svd.d, explained_variance_ratio_sum: state.svd.explainedVarianceRatio.reduce((a, b) => a + b, 0) } : null,
    final_svd: state.final_svd ? { components: state.final_svd.model.k, input_dim: state.final_svd.model.d, explained_variance_ratio_sum: state.final_svd.model.explainedVarianceRatio.reduce((a, b) => a + b, 0) } : null,
    train_windows_note: 'X_train holds ALL training windows, benign and not; stage 3 trains the autoencoder on the benign ones only (y_any_train = 0, which implies y_train = 0).',
    messages: built.messages,
    timings_s: { read: 0, encode: 0, write: 0 },
    seconds: (Date.now() - started) / 1000,
  };
}
