/**
 * `npm run export`: every network detector of a run folder as `<detector>/model.onnx` with its fitted
 * preprocessing as `<detector>/preprocessing.json` (plain JSON: what to feed the model and how the run
 * turned raw rows into it; GRU-SAE's SVD components beside it as `svd_components.npy`), checked before
 * it is written: the ONNX model scores the same samples as TF.js within 1e-4 (the run's own encoded
 * windows where it keeps them, else seeded standard-normal samples) or the export fails.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadClassifier, loadDetector, NetworkDetector, reconstructionScores, samplesFromArray, type GruClassifier } from '../detectors';
import { initEngine, reconstructionErrors, tf } from '../engine';
import { encoderStateJson, SVD_COMPONENTS_FILE } from '../gru-sae/02-encode/persist';
import { writeJson } from '../io/files';
import { defaultRunDir, withRun } from '../run';
import { loadNpy, saveNpy } from '../io/npy';
import { readPreparedParquet } from '../nids/01-prepare/parquet';
import { createRng } from '../random';
import type { GruSaeCodec } from '../score/codecs/gru-sae';
import { openRun, RUN_DETECTORS, type RunProfile } from '../score/profile';
import { openScorer } from '../score/scorer';
import { resolveThreshold } from '../score/threshold';
import { networkToOnnx, type OnnxHead, type OnnxNetwork } from './convert';
import { ortLabel, OrtSession } from './ort';
import { IR_VERSION } from './proto';

export const EXPORT_TOLERANCE = 1e-4;

export interface ExportedDetector {
  detector: string;
  kind: string;
  model: string;
  preprocessing: string;
  opset: number;
  ir_version: number;
  input: OnnxNetwork['input'];
  outputs: OnnxNetwork['outputs'];
  ops: Record<string, number>;
  threshold: { name: string; value: number };
  parity: { samples: number; source: string; output: string; max_abs_diff: number; tolerance: number; engine: string };
}

/** Export every network detector of `runDir` into `outDir` (created; files replaced). */
export async function exportRun(runDir: string, outDir: string, o: { samples?: number; log?: (l: string) => void } = {}): Promise<ExportedDetector[]> {
  const log = o.log ?? console.log;
  await initEngine({ quiet: true });
  const first = openRun(runDir);
  const names = Object.keys(RUN_DETECTORS[first.kind]).filter((n) => fs.existsSync(path.join(first.runDir, RUN_DETECTORS[first.kind][n], 'detector.json')));
  const out: ExportedDetector[] = [];
  for (const name of names) {
    const profile = openRun(runDir, { detector: name });
    const dir = path.join(outDir, name);
    fs.mkdirSync(dir, { recursive: true });
    out.push(await exportDetector(profile, dir, o.samples ?? 1000));
    const e = out[out.length - 1];
    log(`export: ${name} → ${path.join(dir, 'model.onnx')} (${Object.values(e.ops).reduce((a, b) => a + b, 0)} nodes; ORT vs TF.js on ${e.parity.samples} ${e.parity.source}: max |Δ ${e.parity.output}| ${e.parity.max_abs_diff.toExponential(2)})`);
  }
  return out;
}

async function exportDetector(p: RunProfile, dir: string, samples: number): Promise<ExportedDetector> {
  const scorer = await openScorer(p);
  try {
    const threshold = await resolveThreshold(p, scorer);
    const isClassifier = p.kind === 'nids';
    const det = isClassifier ? await loadClassifier(p.detectorDir) : await loadDetector(p.detectorDir);
    try {
      const model = det instanceof NetworkDetector || isClassifier ? (det as NetworkDetector<never> | GruClassifier).network : null;
      if (!model) throw new Error(`${p.detector} has no network to export`);
      const head: OnnxHead = isClassifier ? { kind: 'classifier' } : (det as NetworkDetector<{ score_batch_size: number }>).head;
      const net = networkToOnnx(model, head, { name: p.detector, metadata: { detector: p.detector, run: p.runDir, threshold: `${threshold.name}=${threshold.value}` } });
      const parity = await checkParity(p, model, net, head, samples);
      if (!(parity.max_abs_diff <= EXPORT_TOLERANCE)) {
        throw new Error(`${p.detector}: the ONNX model differs from TF.js by ${parity.max_abs_diff} (> ${EXPORT_TOLERANCE}) on ${parity.samples} ${parity.source}; nothing written`);
      }
      fs.writeFileSync(path.join(dir, 'model.onnx'), net.bytes);
      writeJson(path.join(dir, 'preprocessing.json'), preprocessingJson(p, dir, threshold, net));
      return {
        detector: p.detector, kind: p.description.kind, model: 'model.onnx', preprocessing: 'preprocessing.json', opset: net.opset, ir_version: IR_VERSION,
        input: net.input, outputs: net.outputs, ops: net.ops, threshold, parity,
      };
    } finally {
      det.dispose();
    }
  } finally {
    scorer.dispose();
  }
}

/** ORT on the exported bytes against TF.js on the same samples: the largest absolute difference of the score (or probabilities). */
async function checkParity(p: RunProfile, model: tf.LayersModel, net: OnnxNetwork, head: OnnxHead, want: number): Promise<ExportedDetector['parity']> {
  const shape = model.inputs[0].shape.slice(1) as number[];
  const { x, n, source } = paritySamples(p, shape, want);
  const session = await OrtSession.create(net.bytes);
  try {
    if (head.kind === 'classifier') {
      const ort = (await session.run(x, [n, ...shape], ['probabilities'])).probabilities.data;
      const ref = tf.tidy(() => tf.softmax(model.predict(tf.tensor(x, [n, ...shape])) as tf.Tensor2D).dataSync() as Float32Array);
      return { samples: n, source, output: 'probabilities', max_abs_diff: maxAbsDiff(ort, ref), tolerance: EXPORT_TOLERANCE, engine: ortLabel(session.threads) };
    }
    const ort = (await session.run(x, [n, ...shape], ['score'])).score.data;
    const ref = head.reduction === 'mean'
      ? await reconstructionErrors(model, { data: x, shape: [n, ...shape] }, { batchSize: 256 })
      : (await reconstructionScores(model, samplesFromArray({ data: x, shape: [n, ...shape] }), { batchSize: 256, reduction: 'feature_mean', rows: head.rows })).errors;
    return { samples: n, source, output: 'score', max_abs_diff: maxAbsDiff(ort, ref), tolerance: EXPORT_TOLERANCE, engine: ortLabel(session.threads) };
  } finally {
    await session.release();
  }
}

/** The run's own samples where it keeps them (GRU-SAE test windows, NIDS test flows), else seeded N(0, 1) samples. */
function paritySamples(p: RunProfile, shape: number[], want: number): { x: Float32Array; n: number; source: string } {
  const size = shape.reduce((a, b) => a * b, 1);
  if (p.kind === 'gru-sae') {
    const file = path.join(p.runDir, 'encoded', 'X_test.npy');
    if (fs.existsSync(file)) {
      const a = loadNpy(file);
      const n = Math.min(want, a.shape[0]);
      if (n > 0) return { x: Float32Array.from(a.data.subarray(0, n * size) as Float32Array), n, source: 'test windows of the run' };
    }
  }
  if (p.kind === 'nids') {
    const file = path.join(p.runDir, 'prepared', 'test_df.parquet');
    const T = shape[0];
    if (fs.existsSync(file)) {
      const t = readPreparedParquet(file, 'prepared test split');
      const n = Math.min(want, t.n - T + 1);
      if (n > 0 && t.nFeatures === shape[1]) {
        const x = new Float32Array(n * size);
        for (let i = 0; i < n; i++) x.set(t.x.subarray(i * shape[1], (i + T) * shape[1]), i * size);
        return { x, n, source: 'test flows of the run' };
      }
    }
  }
  const rng = createRng(7);
  return { x: Float32Array.from({ length: want * size }, () => rng.normal()), n: want, source: 'seeded standard-normal samples' };
}

/** What a consumer of model.onnx needs besides the model: the run's fitted preprocessing, the windows, the threshold. */
function preprocessingJson(p: RunProfile, dir: string, threshold: { name: string; value: number }, net: OnnxNetwork): Record<string, unknown> {
  const base = {
    format: 'seqsentry.onnx-export/1', run: p.runDir, run_kind: p.kind, detector: p.detector, threshold,
    model: { file: 'model.onnx', input: net.input, outputs: net.outputs, score: scoreDoc(p) },
    window: { seq_len: p.window.seqLen, stride: p.window.stride, group_by: p.window.groupBy },
  };
  const pre = p.description.preprocessing as Record<string, unknown>;
  switch (p.kind) {
    case 'gru-sae': {
      const codec = p.codec as GruSaeCodec;
      const state = codec.state;
      if (state.svd) saveNpy(path.join(dir, SVD_COMPONENTS_FILE), { data: state.svd.components, shape: [state.svd.k, state.svd.d] });
      const s = codec.schema;
      return {
        ...base, kind: 'gru_sae.encoder',
        raw_input: { time_column: s.time_column, time_unit: s.time_unit, label_column: s.label_column, benign_labels: s.benign_labels, columns: s.columns, has_header: s.has_header, column_names: s.column_names },
        encoder_state: encoderStateJson(state),
        note: 'Rows are encoded with encoder_state (lib/gru-sae/02-encode/state.ts transformRows: TF-IDF → SVD (components in svd_components.npy, float64 [k, d]) → novelty → combination counts → one-hot with <unknown> → scaled numerics), then windowed per group in time order.',
      };
    }
    case 'l1':
      return { ...base, kind: 'l1.scaler', ...pre, note: 'z = clip((x − mean) / scale, clip_range), x read as float32; windows of window_size consecutive rows, stride 1.' };
    case 'nids':
      return { ...base, kind: 'nids.features', ...pre, classes: p.classes, note: 'Non-finite cells filled (fillNaN/fillPosInf/fillNegInf), sign·log1p when log, (x − mean) / scale clipped to ±clip, then one-hot per categorical column with <unknown> last; sequences of seq_len consecutive flows.' };
    case 'quickstart':
      return { ...base, kind: 'quickstart.scaler', ...pre, clip: 8, note: 'x read as float32, non-finite → 0, sign·log1p, (x − mean) / scale clipped to ±8.' };
  }
}

function scoreDoc(p: RunProfile): string {
  if (p.kind === 'nids') return 'probabilities: softmax of logits; the run\'s attack score is 1 − P(benign)';
  if (p.kind === 'l1') return 'score: per feature the mean squared error over time, then the mean over features (feature_errors holds the per-feature errors)';
  return 'score: mean squared reconstruction error over all values of the sample';
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return a.length === b.length ? m : Infinity;
}

/**
 * `npm run export`: the export run folder (kind export, default outputs/export/<run name>): every network
 * detector of `runDir` checked against TF.js and written by exportRun, and export.json listing them.
 */
export async function exportRunFolder(runDir: string, o: { out?: string | null; samples?: number; log?: (l: string) => void } = {}): Promise<{ dir: string; detectors: ExportedDetector[] }> {
  const samples = o.samples ?? 1000;
  const dir = defaultRunDir('export', path.basename(runDir), o.out ?? null);
  const detectors = await withRun({ dir, kind: 'export', config: { run: runDir, samples }, inputs: [runDir] }, async (run) => {
    const list = await run.stage('export', () => exportRun(runDir, run.dir, { samples, log: o.log }));
    writeJson(path.join(run.dir, 'export.json'), { run: runDir, detectors: list });
    return list;
  });
  return { dir, detectors };
}
