import { header, round6, type ChartOptions, type TopLevelSpec } from './spec';
import { checkFinite, checkInt, checkLength, checkRange, type Numbers } from './validate';
import { pathIndices } from './downsample';

/** Precomputed ROC curve points, in curve order; `auc` is shown in the legend/subtitle. */
export interface RocPoints {
  fpr: Numbers;
  tpr: Numbers;
  auc?: number;
}

/** Precomputed precision-recall curve points, in curve order; `ap` (average precision) is shown. */
export interface PrPoints {
  recall: Numbers;
  precision: Numbers;
  ap?: number;
}

export interface CurveOptions extends ChartOptions {
  /** Cap on drawn points per curve (path-length thinning keeps corners). Default 500. */
  maxPoints?: number;
  /** Legend title. */
  seriesTitle?: string;
}

export interface RocOptions extends CurveOptions {
  /** Dashed chance diagonal. Default true. */
  diagonal?: boolean;
}

export interface PrOptions extends CurveOptions {
  /** Chance level (positive rate), drawn as a dashed horizontal rule. */
  baseline?: number;
}

/** ROC curve(s): one `RocPoints` or several named ones `{ 'GRU-SAE': roc1, PCA: roc2 }`. Axes are 0..1; default title 'ROC curve'. */
export function rocCurve(curves: RocPoints | Record<string, RocPoints>, opts: RocOptions = {}): TopLevelSpec {
  const named: [string, RocPoints][] = 'fpr' in curves && 'tpr' in curves ? [['ROC', curves as RocPoints]] : Object.entries(curves as Record<string, RocPoints>);
  const lines = named.map(([name, c]) => ({ name, x: c.fpr, y: c.tpr, score: c.auc }));
  const extra = opts.diagonal === false ? [] : [{
    data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
    mark: { type: 'line', strokeDash: [4, 4], color: '#999999', strokeWidth: 1 },
    encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
  }];
  return curveChart('rocCurve', lines, 'AUC', { title: 'ROC curve', xTitle: 'false positive rate', yTitle: 'true positive rate', ...opts }, extra);
}

/** Precision-recall curve(s): one `PrPoints` or several named ones. Axes are 0..1; default title 'Precision-recall curve'. */
export function prCurve(curves: PrPoints | Record<string, PrPoints>, opts: PrOptions = {}): TopLevelSpec {
  const named: [string, PrPoints][] = 'recall' in curves && 'precision' in curves ? [['PR', curves as PrPoints]] : Object.entries(curves as Record<string, PrPoints>);
  const lines = named.map(([name, c]) => ({ name, x: c.recall, y: c.precision, score: c.ap }));
  const b = opts.baseline;
  if (b !== undefined && !(Number.isFinite(b) && b >= 0 && b <= 1)) throw new Error(`prCurve baseline must be in [0, 1], got ${b}`);
  const extra = b === undefined ? [] : [{
    data: { values: [{ y: b }] },
    mark: { type: 'rule', strokeDash: [4, 4], color: '#999999', strokeWidth: 1 },
    encoding: { y: { field: 'y', type: 'quantitative' } },
  }];
  return curveChart('prCurve', lines, 'AP', { title: 'Precision-recall curve', xTitle: 'recall', yTitle: 'precision', ...opts }, extra);
}

interface Curve { name: string; x: Numbers; y: Numbers; score?: number }

function curveChart(fn: string, curves: Curve[], scoreName: string, opts: CurveOptions, extra: object[]): TopLevelSpec {
  const maxPoints = opts.maxPoints ?? 500;
  checkInt(`${fn} maxPoints`, maxPoints, 4);
  if (curves.length === 0) throw new Error(`${fn}: no curves given`);
  const axes = fn === 'rocCurve' ? ['fpr', 'tpr'] : ['recall', 'precision'];
  const rows: { x: number; y: number; curve: string; i: number }[] = [];
  const labels: string[] = [];
  for (const c of curves) {
    const what = `${fn} curve "${c.name}"`;
    checkFinite(`${what} ${axes[0]}`, c.x);
    checkFinite(`${what} ${axes[1]}`, c.y);
    checkLength(`${what} ${axes[1]}`, c.y, c.x.length, axes[0]);
    if (c.x.length === 0) throw new Error(`${what} is empty`);
    checkRange(`${what} ${axes[0]}`, c.x, 0, 1);
    checkRange(`${what} ${axes[1]}`, c.y, 0, 1);
    if (c.score !== undefined && !Number.isFinite(c.score)) throw new Error(`${what} ${scoreName} is not a finite number (${c.score})`);
    const label = c.score === undefined ? c.name : `${c.name} (${scoreName} ${c.score.toFixed(3)})`;
    labels.push(label);
    pathIndices(c.x, c.y, maxPoints).forEach((j, i) => rows.push({ x: round6(c.x[j]), y: round6(c.y[j]), curve: label, i }));
  }
  const single = curves.length === 1;
  const subtitle = opts.subtitle ?? (single && curves[0].score !== undefined ? `${scoreName} = ${curves[0].score.toFixed(3)}` : undefined);
  const unit = { scale: { domain: [0, 1] }, axis: { tickCount: 5 } };
  const main = {
    data: { values: rows },
    // `order` keeps the given point order: ROC/PR curves are not functions of x.
    mark: { type: 'line', strokeWidth: 2, tooltip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: opts.xTitle, ...unit },
      y: { field: 'y', type: 'quantitative', title: opts.yTitle, ...unit },
      order: { field: 'i' },
      ...(single ? {} : { color: { field: 'curve', type: 'nominal', title: opts.seriesTitle ?? null, sort: labels } }),
    },
  };
  return {
    ...header({ ...opts, subtitle: opts.title === undefined ? undefined : subtitle }, { width: 320, height: 320 }),
    layer: [...extra, main],
  } as TopLevelSpec;
}
