import { fitStandardScaler, transformStandard, type StandardScaler } from '../../features';
import type { L1Config } from '../config';

/** What the second level needs to reproduce L1's inputs: written as preprocessing_config.json. */
export interface PreprocessingConfig {
  feature_names: string[];
  mean: number[];
  scale: number[];
  clip_range: [number, number];
  window_size: number;
  /** How a window's score is computed from its reconstruction. */
  error_metric: string;
  /** Rows the scaler was fitted on (training rows only). */
  fitted_on_rows: number;
}

export const ERROR_METRIC = 'mse_window_mean';

/** Fit the scaler on training rows only, then standardise and clip train and test. */
export function standardise(
  train: { data: Float32Array; names: string[] },
  test: { data: Float32Array },
  cfg: Pick<L1Config, 'preprocess'>,
): { train: Float32Array; test: Float32Array; scaler: StandardScaler; config: PreprocessingConfig } {
  const F = train.names.length;
  const scaler = fitStandardScaler(train.data, F);
  const clip = cfg.preprocess.z_clip;
  return {
    train: transformStandard(train.data, scaler, { clip }),
    test: transformStandard(test.data, scaler, { clip }),
    scaler,
    config: {
      feature_names: train.names,
      mean: scaler.mean,
      scale: scaler.scale,
      clip_range: [-clip, clip],
      window_size: cfg.preprocess.window,
      error_metric: ERROR_METRIC,
      fitted_on_rows: scaler.nSamples,
    },
  };
}
