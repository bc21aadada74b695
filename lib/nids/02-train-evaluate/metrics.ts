/** The flat metrics record of a NIDS run (metrics.json). */
import { prefixRecord } from '../../eval';
import type { NidsRunResult } from '../run';

/** Detector names in metrics.json. */
export const NIDS_DETECTOR = 'gru_classifier';
/** Every detector of the record: the classifier, then its baselines. */
export const NIDS_RECORD_DETECTORS = [NIDS_DETECTOR, 'softmax_regression', 'majority'] as const;

/** The flat metrics record: `gru_classifier.test.weighted_f1`, `….binary_roc_auc`, baselines alike. */
export function nidsMetrics(r: Pick<NidsRunResult, 'evaluation' | 'baselines'>): Record<string, number> {
  return {
    ...prefixRecord(r.evaluation.test.metrics, `${NIDS_DETECTOR}.test`),
    ...prefixRecord(r.evaluation.val.metrics, `${NIDS_DETECTOR}.val`),
    ...prefixRecord(r.baselines.softmaxRegression.metrics, `${NIDS_RECORD_DETECTORS[1]}.test`),
    ...prefixRecord(r.baselines.majority.metrics, `${NIDS_RECORD_DETECTORS[2]}.test`),
  };
}

