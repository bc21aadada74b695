import { header, round6, type ChartOptions, type TopLevelSpec } from './spec';
import { checkFinite, checkLength, type Numbers } from './validate';

export interface HeatmapOptions extends ChartOptions {
  /** Row names, top to bottom. Default '0', '1', ... */
  rowNames?: string[];
  /** Column names, left to right. Default '0', '1', ... */
  colNames?: string[];
  /** Colour by the row share (recall per true class) or column share; text still shows raw values. Default 'none'. */
  normalize?: 'none' | 'row' | 'col';
  /** Print each cell's value. Default true up to 400 cells. */
  showValues?: boolean;
  /** Vega colour scheme. Default 'blues'. */
  scheme?: string;
}

/**
 * Heatmap of a matrix given as rows, e.g. a confusion matrix `[[tn, fp], [fn, tp]]` with
 * `rowNames`/`colNames` = class names. Axis titles default to 'actual' (rows) and 'predicted' (columns).
 */
export function heatmap(matrix: Numbers[], opts: HeatmapOptions = {}): TopLevelSpec {
  const nr = matrix.length;
  if (nr === 0) throw new Error('heatmap: matrix has no rows');
  const nc = matrix[0].length;
  matrix.forEach((row, r) => {
    checkLength(`heatmap row ${r}`, row, nc, 'row 0');
    checkFinite(`heatmap row ${r}`, row);
  });
  const rowNames = opts.rowNames ?? Array.from({ length: nr }, (_, i) => String(i));
  const colNames = opts.colNames ?? Array.from({ length: nc }, (_, i) => String(i));
  checkLength('heatmap rowNames', rowNames, nr, 'the matrix (rows)');
  checkLength('heatmap colNames', colNames, nc, 'the matrix (columns)');
  const shade = shades(matrix, opts.normalize ?? 'none');
  const maxShade = Math.max(...shade.flat());
  const rows: { row: string; col: string; value: number; shade: number; dark: boolean }[] = [];
  for (let r = 0; r < nr; r++) for (let c = 0; c < nc; c++) {
    rows.push({ row: rowNames[r], col: colNames[c], value: round6(matrix[r][c]), shade: round6(shade[r][c]), dark: maxShade > 0 && shade[r][c] > 0.55 * maxShade });
  }
  const showValues = opts.showValues ?? nr * nc <= 400;
  const x = { field: 'col', type: 'nominal', sort: colNames, title: opts.xTitle ?? 'predicted', axis: { labelAngle: colNames.some((c) => c.length > 4) ? -40 : 0 } };
  const y = { field: 'row', type: 'nominal', sort: rowNames, title: opts.yTitle ?? 'actual' };
  const rect = {
    mark: { type: 'rect', tooltip: true },
    encoding: {
      x, y,
      color: { field: 'shade', type: 'quantitative', title: opts.normalize && opts.normalize !== 'none' ? `${opts.normalize} share` : null, scale: { scheme: opts.scheme ?? 'blues' } },
    },
  };
  const text = {
    mark: { type: 'text', fontSize: 11 },
    encoding: { x, y, text: { field: 'value', type: 'quantitative' }, color: { condition: { test: 'datum.dark', value: 'white' }, value: 'black' } },
  };
  return {
    ...header(opts, { width: Math.min(640, Math.max(180, 64 * nc)), height: Math.min(640, Math.max(120, 40 * nr)) }),
    data: { values: rows },
    layer: showValues ? [rect, text] : [rect],
  } as TopLevelSpec;
}

function shades(m: Numbers[], normalize: 'none' | 'row' | 'col'): number[][] {
  const plain = m.map((row) => Array.from(row));
  if (normalize === 'none') return plain;
  if (normalize === 'row') return plain.map((row) => {
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (s ? v / s : 0));
  });
  const colSums = plain[0].map((_, c) => plain.reduce((a, row) => a + row[c], 0));
  return plain.map((row) => row.map((v, c) => (colSums[c] ? v / colSums[c] : 0)));
}
