import { lineChart } from './line';
import { withRules, type RuleMark } from './rules';
import { VL_SCHEMA, type ChartOptions, type TopLevelSpec } from './spec';

/** The fields of a training-history row the chart reads (lib/train EpochRecord, or a history.json row). */
export interface HistoryPoint {
  epoch: number;
  loss: number;
  val_loss?: number;
  accuracy?: number;
  val_accuracy?: number;
  lr?: number;
}

export interface HistoryChartOptions extends ChartOptions {
  /** Log-scale loss axis: true, false or 'auto' (default: when every loss drawn is > 0). */
  logY?: boolean | 'auto';
  /** Legend names of the two series; default 'train' and 'validation'. */
  names?: { train?: string; val?: string };
  /** An accuracy panel under the loss: true, false or 'auto' (default: when every row has accuracy or val_accuracy). */
  accuracy?: boolean | 'auto';
  /** Dashed rules at the epochs where the learning rate changed (rows with `lr`); default true. */
  lrMarks?: boolean;
  /** Point markers; default: when there are at most 60 epochs. */
  points?: boolean;
}

/**
 * Training history: train and validation loss per epoch (validation when every row has a finite
 * val_loss), optionally an accuracy panel under it and rules where the learning rate changed.
 * Default title 'Training history', subtitle the number of epochs.
 */
export function historyChart(history: readonly HistoryPoint[], opts: HistoryChartOptions = {}): TopLevelSpec {
  if (history.length === 0) throw new Error('historyChart: history is empty');
  const names = { train: opts.names?.train ?? 'train', val: opts.names?.val ?? 'validation' };
  const lossSeries = pair(history, 'loss', 'val_loss', names);
  const logY = opts.logY === 'auto' || opts.logY === undefined ? lossSeries.every((s) => s.y.every((v) => v > 0)) : opts.logY;
  const title = opts.title ?? 'Training history';
  const subtitle = opts.subtitle ?? `${history.length} epochs`;
  const yTitle = `${opts.yTitle ?? 'loss'}${logY ? ' (log scale)' : ''}`;
  const withAccuracy = opts.accuracy === true || ((opts.accuracy ?? 'auto') === 'auto' && history.every((h) => finite(h.accuracy) || finite(h.val_accuracy)));
  const marks = opts.lrMarks === false ? [] : lrChanges(history);
  const panel = { xTitle: opts.xTitle ?? 'epoch', points: opts.points, width: opts.width, height: opts.height };
  if (!withAccuracy) {
    return withRules(lineChart(lossSeries, { ...panel, title, subtitle, yTitle, logY }), marks);
  }
  const small = { ...panel, width: opts.width ?? 420, height: opts.height ?? 200 };
  const loss = withRules(lineChart(lossSeries, { ...small, yTitle, logY }), marks);
  const acc = lineChart(pair(history, 'accuracy', 'val_accuracy', names), { ...small, yTitle: 'accuracy' });
  return {
    $schema: VL_SCHEMA, title: { text: title, subtitle }, config: { legend: { labelLimit: 0 } },
    vconcat: [body(loss), body(acc)],
  } as unknown as TopLevelSpec;
}

type Key = 'loss' | 'val_loss' | 'accuracy' | 'val_accuracy';

/** The train and validation series of one quantity; each only when every row has a finite value. */
function pair(history: readonly HistoryPoint[], train: Key, val: Key, names: { train: string; val: string }) {
  const x = history.map((h) => h.epoch);
  const series: { name: string; x: number[]; y: number[] }[] = [];
  for (const [key, name] of [[train, names.train], [val, names.val]] as const) {
    if (history.every((h) => finite(h[key]))) series.push({ name, x, y: history.map((h) => h[key] as number) });
  }
  if (series.length === 0) throw new Error(`historyChart: no row set has finite ${train} or ${val}`);
  return series;
}

/** Rules at each epoch whose rate differs from the one before: "lr 0.0005". */
function lrChanges(history: readonly HistoryPoint[]): RuleMark[] {
  const marks: RuleMark[] = [];
  for (let i = 1; i < history.length; i++) {
    const [a, b] = [history[i - 1].lr, history[i].lr];
    if (finite(a) && finite(b) && a !== b) marks.push({ x: history[i].epoch, label: `lr ${Number(b.toPrecision(3))}`, color: '#888888' });
  }
  return marks;
}

/** A sub-chart of a concatenation: no schema or config of its own. */
function body(spec: TopLevelSpec): Record<string, unknown> {
  const { $schema, config, ...rest } = spec as unknown as Record<string, unknown>;
  void $schema;
  void config;
  return rest;
}

const finite = (v: number | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
