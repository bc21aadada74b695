/**
 * The leaderboard's files in the suite folder: leaderboard.csv (per detector: means and medians over
 * series), leaderboard_series.csv (per series and detector), leaderboard.json (both, the failures and
 * the jobs) and leaderboard.html (sortable tables and a chart; vega inlined by lib/viz, works offline).
 */
import * as path from 'node:path';
import { writeFileAtomic, writeJson } from '../io/files';
import { writeReportHtml } from '../viz/html';
import type { TopLevelSpec } from '../viz/spec';
import { CONTROL, toCsv, type Leaderboard } from './leaderboard';
import type { JobRecord } from './local';

export interface LeaderboardFiles {
  suite: string;
  preset: string;
  /** What the suite runs (the page says how its test split and thresholds come about). */
  pipeline: 'series' | 'gru-sae' | 'nids';
  engine: string;
  board: Leaderboard;
  /** Every planned job: how it ended (complete, failed with its error, or complete from an earlier run). */
  jobs: (JobRecord & { label: string })[];
  seconds: number;
}

const SPLITS = {
  series: 'test split = the test windows after the validation prefix',
  'gru-sae': "series = datasets; test split = the GRU-SAE pipeline's test split",
  nids: "series = datasets; test split = the NIDS run's test split",
};
const HOW = {
  series: `Thresholds come from each series' validation prefix only. "${CONTROL}" is the seeded random score of every job, the level chance reaches on the same windows. ttd_median_steps: lower is better.`,
  'gru-sae': `One GRU-SAE pipeline run per dataset and seed; every detector fitted on the same benign training windows, thresholds from the validation split only. "${CONTROL}" is each run's seeded random score. ttd_median_steps: lower is better.`,
  nids: 'One NIDS run per dataset and seed: the GRU classifier and its baselines on the same test split; ranked by macro-F1. Each job\'s metrics.json has every class\'s F1 (f1@<class>).',
};

/** Write the four files into `dir`; returns the HTML page's path. */
export function writeLeaderboard(dir: string, f: LeaderboardFiles): string {
  writeFileAtomic(path.join(dir, 'leaderboard.csv'), toCsv(f.board.summary));
  writeFileAtomic(path.join(dir, 'leaderboard_series.csv'), toCsv(f.board.series));
  const failed = f.jobs.filter((j) => j.status === 'failed').map((j) => ({ job: j.label, key: j.key, attempts: j.attempts, error: j.error ?? '' }));
  writeJson(path.join(dir, 'leaderboard.json'), { suite: f.suite, preset: f.preset, engine: f.engine, seconds: f.seconds, metrics: f.board.metrics, summary: f.board.summary, series: f.board.series, failed, jobs: f.jobs });
  const complete = f.jobs.filter((j) => j.status === 'complete').length;
  return writeReportHtml(path.join(dir, 'leaderboard.html'), {
    title: `Benchmark suite ${f.suite}`,
    subtitle: `preset ${f.preset}; ${complete} of ${f.jobs.length} jobs complete; engine ${f.engine}; ${SPLITS[f.pipeline]}`,
    sections: [
      {
        heading: 'Per detector (mean and median over series)',
        text: `${HOW[f.pipeline]} Click a column to sort.`,
        table: f.board.summary, sortable: true,
        charts: f.board.series.length ? [{ name: `leaderboard_${f.board.metrics[0]}`, spec: leaderboardChart(f.board, f.board.metrics[0]) }] : [],
      },
      { heading: 'Per series', table: f.board.series, sortable: true },
      ...(failed.length ? [{ heading: `Failed jobs (${failed.length})`, table: failed }] : []),
    ],
  });
}

/** Each series' value of `metric` per detector (points) and the mean over series (a tick). */
export function leaderboardChart(board: Leaderboard, metric: string): TopLevelSpec {
  const values = board.series.filter((r) => typeof r[metric] === 'number').map((r) => ({ detector: r.detector, series: r.series, value: r[metric] }));
  const order = board.summary.map((r) => r.detector as string);
  const x = { field: 'detector', type: 'nominal', sort: order, title: null, axis: { labelAngle: -30 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${metric} (test) per series; bar = mean over series`,
    width: Math.max(240, 70 * order.length), height: 260,
    data: { values },
    layer: [
      { mark: { type: 'bar', opacity: 0.35 }, encoding: { x, y: { aggregate: 'mean', field: 'value', type: 'quantitative', title: metric } } },
      { mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y: { field: 'value', type: 'quantitative' }, color: { field: 'series', type: 'nominal' }, tooltip: [{ field: 'series' }, { field: 'detector' }, { field: 'value', format: '.4f' }] } },
    ],
  } as TopLevelSpec;
}
