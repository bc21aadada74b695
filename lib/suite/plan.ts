/**
 * A suite's jobs: one per (series, detector, seed), each with the resolved settings it runs with and
 * its key `<series>__<detector>__s<seed>__<hash>` (hash = the run layer's config hash of those
 * settings), so the same work always has the same key and a changed setting a new one. Pure.
 */
import type { Resolved } from '../config';
import { mergeStrict } from '../config/merge';
import { detectorDefaults, DETECTOR_KINDS } from '../detectors';
import type { L1Config } from '../l1/config';
import { conv1dAeConfig } from '../l1/run';
import { deriveSeed } from '../random';
import { configHash } from '../run/provenance';
import type { GruSaeJob, NidsJob } from './jobs';
import type { SeriesLocator } from './series';

/** Detectors a series suite can run: they fit on a standardised series under L1's conventions. */
export const SUITE_DETECTORS = ['conv1d_ae', 'pca', 'iforest', 'kmeans', 'knn', 'hbos', 'random'] as const;

/** L1's series conventions a job evaluates under (from the preset's "l1" section and the suite's "l1"). */
export interface SeriesEval {
  window: number;
  z_clip: number;
  validation_fraction: number;
  event_budgets: number[];
  vus_max_window: number;
  trim: number;
  /** The classical detectors: random windows of the first (1 − holdout_fraction) training rows they fit on. */
  fit_windows: number;
  holdout_fraction: number;
}

/** What one series job runs with: written as its run folder's config.json (the hash ignores `_meta`). */
export interface SeriesJobConfig {
  suite: string;
  series: SeriesLocator;
  detector: string;
  seed: number;
  /** Settings passed to createDetector(detector, …). */
  detector_config: Record<string, unknown>;
  eval: SeriesEval;
  _meta: { section: 'benchmark'; preset: string };
}

export interface SeriesJob {
  kind: 'series';
  key: string;
  /** Run folder relative to the suite folder: runs/<series>/<detector>/seed-<seed>. */
  rel: string;
  config: SeriesJobConfig;
}

/** The settings of `detector` for one seed: defaults derived from the L1 config, then the suite's settings. */
export function detectorConfig(detector: string, l1: L1Config, seed: number, suiteSettings: Record<string, unknown> = {}): Record<string, unknown> {
  const b = l1.eval.baselines;
  const base: Record<string, Record<string, unknown>> = {
    conv1d_ae: { ...conv1dAeConfig({ ...l1, seed }) },
    pca: { ...detectorDefaults('pca'), components: b.pca_components, representation: 'summarise' },
    iforest: { ...detectorDefaults('iforest'), trees: b.iforest_trees, sample_size: b.iforest_sample_size, seed: deriveSeed(seed, 'l1-iforest'), representation: 'summarise' },
    kmeans: { ...detectorDefaults('kmeans'), seed: deriveSeed(seed, 'suite-kmeans'), representation: 'summarise' },
    knn: { ...detectorDefaults('knn'), seed: deriveSeed(seed, 'suite-knn'), representation: 'summarise' },
    hbos: { ...detectorDefaults('hbos'), representation: 'summarise' },
    random: { ...detectorDefaults('random'), seed },
  };
  if (!(detector in base)) throw new Error(unknownDetector(detector));
  return mergeStrict(structuredClone(base[detector]), suiteSettings, `suite settings of detector "${detector}"`);
}

/** The message for a detector a suite cannot run. */
export function unknownDetector(name: string): string {
  const registry = DETECTOR_KINDS.includes(name) ? ` ("${name}" is a detector, but not one that fits on a series; ` : ' (';
  return `unknown detector "${name}" for a series suite${registry}suites run: ${SUITE_DETECTORS.join(', ')})`;
}

export interface PlanOptions {
  suite: string;
  series: SeriesLocator[];
  /** Detector → the suite's settings for it. */
  detectors: Record<string, Record<string, unknown>>;
  seeds: number[];
  l1: Resolved<L1Config>;
}

/** Every job of the suite, series-major (series, then detector, then seed). */
export function planJobs(o: PlanOptions): SeriesJob[] {
  for (const d of Object.keys(o.detectors)) if (!(SUITE_DETECTORS as readonly string[]).includes(d)) throw new Error(unknownDetector(d));
  const l1 = o.l1;
  const ev: SeriesEval = {
    window: l1.preprocess.window, z_clip: l1.preprocess.z_clip, validation_fraction: l1.eval.validation_fraction, event_budgets: l1.eval.event_budgets,
    vus_max_window: l1.eval.vus_max_window, trim: l1.eval.trim, fit_windows: l1.eval.baselines.fit_windows, holdout_fraction: l1.train.holdout_fraction,
  };
  const jobs: SeriesJob[] = [];
  for (const s of o.series) {
    for (const [detector, settings] of Object.entries(o.detectors)) {
      for (const seed of o.seeds) {
        const config: SeriesJobConfig = {
          suite: o.suite, series: s, detector, seed, detector_config: detectorConfig(detector, l1, seed, settings), eval: ev,
          _meta: { section: 'benchmark', preset: l1._meta.preset },
        };
        jobs.push({ kind: 'series', key: seriesJobKey(config), rel: `runs/${s.id}/${detector}/seed-${seed}`, config });
      }
    }
  }
  return jobs;
}

/** `<series>__<detector>__s<seed>__<first 12 hex of the config hash>`: a valid BullMQ job id (no ':'). */
export function seriesJobKey(c: SeriesJobConfig): string {
  return `${c.series.id}__${c.detector}__s${c.seed}__${jobHash(c)}`;
}

/** The hex config hash of a job's settings (what its run folder's manifest records as config_hash). */
export function jobHash(c: SeriesJobConfig): string {
  const { _meta, ...rest } = c;
  void _meta;
  return configHash(rest).replace(/^sha256:/, '').slice(0, 12);
}

/** One (dataset, seed) of a pipeline suite (spec.ts): the pipeline's job with its folder and what the leaderboard needs. */
export type PipelineJob = (NidsJob | GruSaeJob) & { rel: string; dataset: string; seed: number };

/**
 * Every job of a pipeline suite, dataset-major: the pipeline run with `dataset`, `seed` and the suite's
 * settings over the preset, in runs/<dataset>/seed-<seed>; key `<dataset>__<pipeline>__s<seed>__<hash>`
 * (hash of the pipeline, preset and config keys).
 */
export function planPipelineJobs(o: { suite: string; pipeline: 'gru-sae' | 'nids'; datasets: string[]; seeds: number[]; settings: Record<string, unknown>; preset: string }): PipelineJob[] {
  return o.datasets.flatMap((dataset) => o.seeds.map((seed): PipelineJob => {
    const keys = { ...o.settings, dataset, seed };
    const hash = configHash({ suite: o.suite, pipeline: o.pipeline, preset: o.preset, keys }).replace(/^sha256:/, '').slice(0, 12);
    const common = { key: `${dataset}__${o.pipeline}__s${seed}__${hash}`, rel: `runs/${dataset}/seed-${seed}`, dataset, seed };
    return o.pipeline === 'nids'
      ? { kind: 'nids', ...common, config: { preset: o.preset, nids: keys } }
      : { kind: 'gru-sae', ...common, config: { preset: o.preset, gru_sae: keys } };
  }));
}
