import * as fs from 'node:fs';
import * as path from 'node:path';
import type pl from 'nodejs-polars';
import { readJson } from '../../io/files';
import { columnAsFloat64, readCsv, requireColumns } from '../../io/tables';

/** Scores of one split (R/scores/<split>.csv): one row per window, detectors in file order. */
export interface ScoreTable {
  index: Float64Array;
  /** Window-end time, epoch ms (or row order for datasets without time). */
  tMs: Float64Array;
  /** Window-end label, 1 = attack. */
  label: Uint8Array;
  /** Any attack inside the window. */
  labelAny: Uint8Array;
  /** Score per detector (higher = more anomalous), e.g. gru_sae, pca, iforest, random. */
  scores: Record<string, Float64Array>;
}

/** One epoch of R/history.json. */
export interface HistoryRow {
  epoch: number;
  loss: number;
  val_loss?: number;
  seconds?: number;
  lr?: number;
}

/** Everything stage 5 reads besides the model and encoded arrays. */
export interface VisualiseInputs {
  test: ScoreTable;
  /** Per detector, thresholds fitted on validation: `{ gru_sae: { 'val_q0.99': t, val_best_f1: t } }`. */
  thresholds: Record<string, Record<string, number>>;
  /** Flat `<detector>.<split>.<metric>` record. */
  metrics: Record<string, number>;
  /** null when training history is absent (e.g. a run that only re-evaluated). */
  history: HistoryRow[] | null;
}

const FIXED = ['index', 't_ms', 'label', 'label_any'];

/** Score table from a parsed scores CSV: every column other than index/t_ms/label/label_any/*_pred is a detector. */
export function parseScoreTable(df: pl.DataFrame, where: string): ScoreTable {
  requireColumns(df, FIXED, where);
  const detectors = df.columns.filter((c) => !FIXED.includes(c) && !c.endsWith('_pred'));
  if (detectors.length === 0) throw new Error(`${where}: no detector score columns (expected e.g. gru_sae, pca, iforest, random)`);
  const binary = (name: string): Uint8Array => {
    const v = columnAsFloat64(df, name);
    const out = new Uint8Array(v.length);
    v.forEach((x, i) => {
      if (x !== 0 && x !== 1) throw new Error(`${where}: column "${name}" row ${i} is ${x}; labels must be 0 or 1`);
      out[i] = x;
    });
    return out;
  };
  const scores: Record<string, Float64Array> = {};
  for (const d of detectors) {
    const s = columnAsFloat64(df, d);
    const bad = s.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`${where}: detector "${d}" has a non-finite score at row ${bad} (${s[bad]})`);
    scores[d] = s;
  }
  return { index: columnAsFloat64(df, 'index'), tMs: columnAsFloat64(df, 't_ms'), label: binary('label'), labelAny: binary('label_any'), scores };
}

/** Read stage 4's outputs (and stage 3's history) from the run folder `R`, naming any missing file. */
export function loadVisualiseInputs(R: string): VisualiseInputs {
  const testCsv = path.join(R, 'scores', 'test.csv');
  const hint = 'run stage 4 (evaluate) first';
  if (!fs.existsSync(testCsv)) throw new Error(`test scores not found: ${testCsv} (${hint})`);
  const test = parseScoreTable(readCsv(testCsv), testCsv);
  const thresholds = readJson<Record<string, Record<string, number>>>(path.join(R, 'thresholds.json'), `thresholds (${hint})`);
  const metrics = readJson<Record<string, number>>(path.join(R, 'metrics.json'), `metrics (${hint})`);
  const historyFile = path.join(R, 'history.json');
  const history = fs.existsSync(historyFile) ? readJson<HistoryRow[]>(historyFile, 'training history') : null;
  if (history && !Array.isArray(history)) throw new Error(`${historyFile}: expected an array of {epoch, loss, val_loss}`);
  return { test, thresholds, metrics, history };
}
