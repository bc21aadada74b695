/**
 * scores/{val,test}.csv of a run (GRU-SAE stage 4, the quickstart): one row per window or row with its time, both labellings, every
 * detector's score and its 0/1 prediction at that detector's validation-quantile threshold.
 */
import type { Numbers } from '../eval';

export interface ScoreTable {
  tMs: Numbers;
  label: Numbers;
  labelAny: Numbers;
  /** Scores by detector name, in column order. */
  scores: Record<string, Numbers>;
  /** Validation-quantile threshold by detector name: `<name>_pred` = score ≥ threshold. */
  thresholds: Record<string, number>;
}

/** CSV text: index, t_ms, label, label_any, <detector>…, <detector>_pred… (numbers in full precision). */
export function scoresCsv(t: ScoreTable): string {
  const names = Object.keys(t.scores);
  const n = t.label.length;
  for (const [what, a] of [['t_ms', t.tMs], ['label_any', t.labelAny], ...names.map((k) => [k, t.scores[k]] as const)] as const) {
    if (a.length !== n) throw new Error(`scoresCsv: column ${what} has ${a.length} values, label has ${n}`);
  }
  for (const k of names) if (!(k in t.thresholds)) throw new Error(`scoresCsv: no threshold for detector "${k}"`);
  const lines = [['index', 't_ms', 'label', 'label_any', ...names, ...names.map((k) => `${k}_pred`)].join(',')];
  for (let i = 0; i < n; i++) {
    const cells: (number | string)[] = [i, t.tMs[i], t.label[i], t.labelAny[i]];
    for (const k of names) cells.push(t.scores[k][i]);
    for (const k of names) cells.push(t.scores[k][i] >= t.thresholds[k] ? 1 : 0);
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}
