/**
 * The alert threshold of a run, fitted on validation scores only. Anomaly runs saved it (thresholds.json
 * or metrics.json; profile.ts reads it). A NIDS run saves its prepared validation split instead: its
 * threshold is the 0.99 quantile of the attack score 1 − P(benign) over benign validation flows, scored
 * here with the same engine that scores the new flows.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { classifierProba } from '../detectors';
import { validationThresholds } from '../eval';
import { readPreparedParquet } from '../nids/01-prepare/parquet';
import { UsageError } from '../run/errors';
import type { RunProfile } from './profile';
import type { WindowScorer } from './scorer';

export const NIDS_THRESHOLD_QUANTILE = 0.99;

/** The run's threshold: saved, or (NIDS) fitted on its prepared validation split now. */
export async function resolveThreshold(p: RunProfile, scorer: WindowScorer): Promise<{ name: string; value: number }> {
  if (p.threshold) return p.threshold;
  const file = path.join(p.runDir, 'prepared', 'val_df.parquet');
  if (!fs.existsSync(file)) throw new UsageError(`${p.runDir}: no prepared/val_df.parquet, so no validation split to fit the alert threshold on`);
  const clf = scorer.classifier;
  if (!clf || p.classes?.benign === null || p.classes?.benign === undefined) throw new UsageError(`${p.runDir}: the classifier has no benign class, so no attack score to threshold`);
  const t = readPreparedParquet(file, 'prepared validation split');
  const shape = clf.describe().input!.shape;
  if (t.nFeatures !== shape[1]) throw new UsageError(`${file}: ${t.nFeatures} features, but the classifier takes ${shape[1]}`);
  const names = p.classes.names;
  const y = t.labelIndex ?? Int32Array.from(t.labelNames!, (n) => names.indexOf(n));
  const split = { x: t.x, y, w: new Float32Array(t.n).fill(1), n: t.n };
  const s = await classifierProba(clf.network, split, { nFeatures: shape[1], seqLen: shape[0], batchSize: clf.config.eval_batch_size });
  const b = p.classes.benign;
  const scores = Float64Array.from({ length: s.yTrue.length }, (_, i) => 1 - s.probs[i * s.k + b]);
  const labels = Uint8Array.from(s.yTrue, (c) => (c === b ? 0 : 1));
  const key = `val_q${NIDS_THRESHOLD_QUANTILE}`;
  const value = validationThresholds(labels, scores, NIDS_THRESHOLD_QUANTILE)[key];
  if (value === undefined) throw new UsageError(`${file}: no benign validation flow to fit the threshold on`);
  return { name: key, value };
}
