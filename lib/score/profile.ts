/**
 * What scoring new data with a run needs, read from the run folder alone: its detector (saved folder,
 * lib/detectors), the fitted preprocessing named in detector.json (a codec, codecs/*.ts), how rows
 * form windows, and the run's validation threshold (named, e.g. `val_q0.99`). A folder that is not a
 * complete enough run of a known pipeline is a UsageError naming what is missing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DetectorDescription } from '../detectors/contract';
import { readDescription } from '../detectors/contract';
import { loadEncoder } from '../gru-sae/02-encode/persist';
import type { DatasetSchema } from '../gru-sae/schema';
import { readJson } from '../io/files';
import type { PreprocessingConfig } from '../l1/01-inputs/preprocess';
import type { FeatureEncoder } from '../nids/01-prepare/features';
import { FLOW_DATASETS } from '../nids/01-prepare/datasets';
import { findBenign } from '../nids/01-prepare/data';
import { effectiveStatus, readManifest, type RunKind } from '../run/manifest';
import { UsageError } from '../run/errors';
import type { RowCodec } from './codec';
import { GruSaeCodec } from './codecs/gru-sae';
import { L1Codec } from './codecs/l1';
import { NidsCodec } from './codecs/nids';
import { QuickstartCodec, quickstartPreprocessing } from './codecs/quickstart';

export type ScoredKind = Extract<RunKind, 'gru-sae' | 'l1' | 'nids' | 'quickstart'>;

/** Saved detectors per run kind: metrics name → folder under the run. */
export const RUN_DETECTORS: Record<ScoredKind, Record<string, string>> = {
  'gru-sae': { gru_sae: path.join('model', 'best') },
  l1: { conv1d_ae_ft: path.join('finetuned', 'model'), conv1d_ae: 'model' },
  nids: { gru_classifier: 'best_model' },
  quickstart: { dense_ae: 'model' },
};

export interface RunProfile {
  runDir: string;
  kind: ScoredKind;
  /** The detector's name in the run's metrics (gru_sae, conv1d_ae_ft, gru_classifier, dense_ae, …). */
  detector: string;
  detectorDir: string;
  description: DetectorDescription;
  codec: RowCodec;
  window: { seqLen: number; stride: number; groupBy: string | null };
  /** The alert threshold; null for NIDS until the validation scores give it (thresholds.ts). */
  threshold: { name: string; value: number } | null;
  /** Classifier runs: class names (index order) and the benign class. */
  classes?: { names: string[]; benign: number | null };
  /**
   * Whether CSV sources start with a header row: `yes`, `no` (then `names` names the columns, as the
   * dataset's schema does), or `auto` (L1 runs trained on header-less files: a first row of numbers is data,
   * its columns f0, f1, …).
   */
  header: { mode: 'yes' | 'no' | 'auto'; names: string[] | null };
  /** The run's status when it did not complete (scoring still works when the detector and threshold exist). */
  note: string | null;
}

/** Open a run folder for scoring; `detector` picks one of the run's detectors (default: its final one). */
export function openRun(runDir: string, opts: { detector?: string } = {}): RunProfile {
  const dir = path.resolve(runDir);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`--run ${runDir}: no such folder`);
  const m = readManifest(dir);
  if (!m) throw new UsageError(`--run ${runDir}: not a seqsentry run folder (no run.json); train one first, e.g. npm start`);
  if (!(m.kind in RUN_DETECTORS)) throw new UsageError(`--run ${runDir}: a ${m.kind} run has no detector to score with (known: ${Object.keys(RUN_DETECTORS).join(', ')})`);
  const kind = m.kind as ScoredKind;
  const known = RUN_DETECTORS[kind];
  const present = Object.keys(known).filter((n) => fs.existsSync(path.join(dir, known[n], 'detector.json')));
  if (opts.detector && !(opts.detector in known)) throw new UsageError(`--detector ${opts.detector}: a ${kind} run has ${Object.keys(known).join(', ')}`);
  const name = opts.detector ?? present[0];
  if (!name || !present.includes(name)) {
    throw new UsageError(`--run ${runDir}: no saved detector ${opts.detector ?? Object.keys(known).join(' or ')} (${path.join(dir, known[opts.detector ?? Object.keys(known)[0]])}/detector.json is missing); did the run get that far? (run.json status: ${effectiveStatus(m)})`);
  }
  const detectorDir = path.join(dir, known[name]);
  const description = readDescription(detectorDir);
  const config = readJson<Record<string, unknown>>(path.join(dir, 'config.json'), 'run config');
  const status = effectiveStatus(m);
  const base = { runDir: dir, kind, detector: name, detectorDir, description, note: status === 'complete' ? null : `the run's status is ${status}` };
  switch (kind) {
    case 'gru-sae': return { ...base, ...gruSae(dir, detectorDir, description, config) };
    case 'l1': return { ...base, ...l1(dir, name, description) };
    case 'nids': return { ...base, ...nids(detectorDir, description, config) };
    case 'quickstart': return { ...base, ...quickstart(dir, detectorDir, description, config) };
  }
}

type KindParts = Pick<RunProfile, 'codec' | 'window' | 'threshold' | 'header' | 'classes'>;

function gruSae(dir: string, detectorDir: string, d: DetectorDescription, config: Record<string, unknown>): KindParts {
  const pre = d.preprocessing as { kind?: string; dir?: string } | null;
  if (pre?.kind !== 'gru_sae.encoder' || typeof pre.dir !== 'string') throw new UsageError(`${detectorDir}/detector.json: preprocessing must name the encoder folder ({kind: "gru_sae.encoder", dir}), got ${JSON.stringify(pre)}`);
  const state = asUsage(() => loadEncoder(path.resolve(detectorDir, pre.dir!)));
  const meta = path.join(dir, 'metadata', `gru_sae-${String(config.dataset)}-${String(config.version)}.json`);
  const schema = asUsage(() => readJson<{ schema: DatasetSchema }>(meta, 'stage-1 metadata (it holds the dataset schema)')).schema;
  const q = (config.eval as { threshold_quantile?: number } | undefined)?.threshold_quantile ?? 0.99;
  const thresholds = fs.existsSync(path.join(dir, 'thresholds.json')) ? readJson<Record<string, Record<string, number>>>(path.join(dir, 'thresholds.json'), 'thresholds') : {};
  const t = thresholds.gru_sae?.[`val_q${q}`] ?? metricThreshold(dir, 'gru_sae', q);
  return {
    codec: new GruSaeCodec(state, schema),
    window: { seqLen: state.windows.seq_len, stride: state.windows.stride, groupBy: state.windows.group_by },
    threshold: { name: `val_q${q}`, value: t },
    header: schema.has_header ? { mode: 'yes', names: null } : { mode: 'no', names: schema.column_names },
  };
}

function l1(dir: string, name: string, d: DetectorDescription): KindParts {
  const pre = d.preprocessing as PreprocessingConfig | null;
  if (!pre || !Array.isArray(pre.feature_names) || !Array.isArray(pre.mean) || !Array.isArray(pre.scale) || !pre.window_size) {
    throw new UsageError(`${name}: detector.json carries no L1 preprocessing (feature_names, mean, scale, clip_range, window_size)`);
  }
  const codec = new L1Codec(pre);
  return {
    codec, window: { seqLen: pre.window_size, stride: 1, groupBy: null }, threshold: { name: 'val_q0.99', value: metricThreshold(dir, name, 0.99) },
    header: { mode: codec.positional ? 'auto' : 'yes', names: null },
  };
}

function nids(detectorDir: string, d: DetectorDescription, config: Record<string, unknown>): KindParts {
  const pre = d.preprocessing as { kind?: string; encoder?: FeatureEncoder | null; label_indexer?: { labels: string[] } } | null;
  if (pre?.kind !== 'nids.features' || !pre.label_indexer) throw new UsageError(`${detectorDir}/detector.json: no NIDS feature preprocessing ({kind: "nids.features", encoder, label_indexer})`);
  if (!pre.encoder) throw new UsageError(`${detectorDir}: this NIDS run was trained from prepared parquet (no raw-flow encoder was fitted), so it cannot encode raw flows; score its prepared features with npm run nids instead`);
  const spec = FLOW_DATASETS[String(config.dataset)];
  if (!spec) throw new UsageError(`${detectorDir}: the run's dataset "${String(config.dataset)}" is not a known raw flow dataset`);
  const names = pre.label_indexer.labels;
  const data = config.data as { benign_label?: string | null } | undefined;
  const benign = asUsage(() => findBenign(names, data?.benign_label ?? spec.benignLabel));
  const seqLen = Number((d.config as { seq_len?: number }).seq_len ?? 1);
  return {
    codec: new NidsCodec(pre.encoder, { labelColumn: spec.labelColumn, timeColumn: spec.timeColumn, classes: names }),
    window: { seqLen, stride: 1, groupBy: null }, threshold: null, classes: { names, benign },
    header: spec.hasHeader ? { mode: 'yes', names: null } : { mode: 'no', names: spec.columnNames },
  };
}

function quickstart(dir: string, detectorDir: string, d: DetectorDescription, config: Record<string, unknown>): KindParts {
  const q = Number(config.threshold_quantile ?? 0.99);
  return {
    codec: new QuickstartCodec(quickstartPreprocessing(d.preprocessing, `${detectorDir}/detector.json`)),
    window: { seqLen: 1, stride: 1, groupBy: null }, threshold: { name: `val_q${q}`, value: metricThreshold(dir, 'dense_ae', q) },
    header: { mode: 'yes', names: null },
  };
}

/** `<detector>.test.threshold@val_q<q>` from the run's metrics.json (fitted on validation scores only). */
function metricThreshold(dir: string, detector: string, q: number): number {
  const file = path.join(dir, 'metrics.json');
  if (!fs.existsSync(file)) throw new UsageError(`${dir}: no metrics.json, so no validation threshold; did the run finish its evaluation?`);
  const key = `${detector}.test.threshold@val_q${q}`;
  const v = readJson<Record<string, number>>(file, 'metrics')[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new UsageError(`${file}: no ${key} (the validation threshold of ${detector})`);
  return v;
}

function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw err instanceof UsageError ? err : new UsageError((err as Error).message);
  }
}
