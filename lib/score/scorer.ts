/**
 * Scores windows of a run's detector in batches, by the engine the detectors use (ONNX Runtime where
 * the network exports, else TF.js: lib/detectors/engine.ts), chosen once: a live stream calls this
 * for every few events, so nothing is converted or hashed per call.
 */
import { loadClassifier, loadDetector, networkEngine, NetworkDetector, samplesFromArray, type Detector, type GruClassifier } from '../detectors';
import type { OrtSession } from '../onnx/ort';
import type { RunProfile } from './profile';

export interface WindowScores {
  /** One per window, higher = more anomalous (classifier: 1 − P(benign)). */
  scores: Float64Array;
  /** Classifier: class probabilities `[n, k]`. */
  probs?: Float32Array;
}

export interface WindowScorer {
  /** The engine, e.g. `onnxruntime-node 1.30.0 (cpu, 1 thread)` or `TF.js (SEQSENTRY_SCORER=tfjs)`. */
  readonly engine: string;
  /** Shape of one sample the detector takes (`[T, F]` windows or `[d]` rows). */
  readonly shape: readonly number[];
  score(x: Float32Array, n: number): Promise<WindowScores>;
  /** The loaded network detector (validation thresholds of NIDS runs score with it). */
  readonly classifier?: GruClassifier;
  dispose(): void;
}

/** Load the run's detector and pick its engine. */
export async function openScorer(p: RunProfile): Promise<WindowScorer> {
  return p.kind === 'nids' ? classifierScorer(await loadClassifier(p.detectorDir), p) : anomalyScorer(await loadDetector(p.detectorDir));
}

async function anomalyScorer(det: Detector): Promise<WindowScorer> {
  const shape = det.describe().input?.shape ?? [];
  if (!(det instanceof NetworkDetector)) {
    return { engine: det.kind, shape, score: async (x, n) => ({ scores: await det.score(samplesFromArray({ data: x, shape: [n, ...shape] })) }), dispose: () => det.dispose() };
  }
  const e = await networkEngine(det.network, det.head, det.kind);
  const label = e.engine === 'ort' ? e.label : `${e.label} (${e.reason})`;
  if (e.engine === 'tfjs') {
    return { engine: label, shape, score: async (x, n) => ({ scores: await det.score(samplesFromArray({ data: x, shape: [n, ...shape] })) }), dispose: () => det.dispose() };
  }
  const session: OrtSession = e.session;
  return {
    engine: label, shape,
    score: async (x, n) => ({ scores: Float64Array.from((await session.run(x, [n, ...shape], ['score'])).score.data) }),
    dispose: () => det.dispose(),
  };
}

async function classifierScorer(clf: GruClassifier, p: RunProfile): Promise<WindowScorer> {
  const shape = clf.describe().input?.shape ?? [];
  const e = await networkEngine(clf.network, { kind: 'classifier' }, clf.kind);
  const benign = p.classes?.benign ?? null;
  const k = p.classes?.names.length ?? 0;
  const toScores = (probs: Float32Array, n: number) => {
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let max = 0;
      for (let c = 0; c < k; c++) max = Math.max(max, probs[i * k + c]);
      // 1 − P(benign), the NIDS run's attack-vs-benign score; without a benign class, 1 − the top probability.
      scores[i] = 1 - (benign === null ? max : probs[i * k + benign]);
    }
    return scores;
  };
  const probabilities = e.engine === 'ort'
    ? async (x: Float32Array, n: number) => (await e.session.run(x, [n, ...shape], ['probabilities'])).probabilities.data
    : (x: Float32Array, n: number) => clf.probabilities(x, n);
  return {
    engine: e.engine === 'ort' ? e.label : `${e.label} (${e.reason})`, shape, classifier: clf,
    score: async (x, n) => {
      const probs = await probabilities(x, n);
      return { scores: toScores(probs, n), probs };
    },
    dispose: () => clf.dispose(),
  };
}
