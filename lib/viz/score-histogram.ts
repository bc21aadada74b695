import { histogram } from './histogram';
import { withRules } from './rules';
import type { ChartOptions, TopLevelSpec } from './spec';
import { checkLength, type Numbers } from './validate';

export interface ScoreHistogramOptions extends ChartOptions {
  /** Names of label 0 and label 1; default ['benign', 'attack']. */
  classNames?: [string, string];
  /** Append each class's size to its name, "benign (355)"; default false. */
  counts?: boolean;
  /**
   * Bin log10(score + logOffset) instead of the score: true, false or 'auto' (default: when every
   * score + logOffset and the threshold are > 0). The x-axis title says which.
   */
  log?: boolean | 'auto';
  /** Added before the log (e.g. 1e-9 so a zero error stays finite); default 0. */
  logOffset?: number;
  /** A dashed rule at this score (drawn on the same scale as the bins), named by `name`. */
  threshold?: { value: number; name: string };
  /** Equal-width bins over the common extent; default 50. */
  bins?: number;
  /** Legend title; default none. */
  groupTitle?: string;
}

/**
 * Score (or reconstruction error) distribution per class, each class as a fraction of itself so classes
 * of very different sizes compare; an empty class is left out. `labels`: 1 = attack (truthy), 0 = benign.
 */
export function scoreHistogram(scores: Numbers, labels: ArrayLike<number | boolean>, opts: ScoreHistogramOptions = {}): TopLevelSpec {
  checkLength('scoreHistogram labels', labels, scores.length, 'scores');
  const offset = opts.logOffset ?? 0;
  const th = opts.threshold;
  const log = opts.log === true || ((opts.log ?? 'auto') === 'auto' && everyPositive(scores, offset) && (!th || th.value + offset > 0));
  const at = (v: number) => (log ? Math.log10(v + offset) : v);
  const byClass: [number[], number[]] = [[], []];
  for (let i = 0; i < scores.length; i++) byClass[labels[i] ? 1 : 0].push(at(scores[i]));
  const names = opts.classNames ?? ['benign', 'attack'];
  const groups: Record<string, number[]> = {};
  byClass.forEach((values, c) => {
    if (values.length) groups[opts.counts ? `${names[c]} (${values.length})` : names[c]] = values;
  });
  const xTitle = opts.xTitle ?? 'score';
  const spec = histogram(Object.keys(groups).length ? groups : { [names[0]]: [] }, {
    title: opts.title, subtitle: opts.subtitle, width: opts.width, height: opts.height, yTitle: opts.yTitle,
    xTitle: log ? `log10 ${xTitle}` : xTitle, normalize: 'fraction', bins: opts.bins ?? 50, groupTitle: opts.groupTitle,
  });
  return th ? withRules(spec, [{ x: at(th.value), label: th.name }]) : spec;
}

function everyPositive(scores: Numbers, offset: number): boolean {
  for (let i = 0; i < scores.length; i++) if (!(scores[i] + offset > 0)) return false;
  return true;
}
