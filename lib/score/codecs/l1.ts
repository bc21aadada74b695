/**
 * SmartNetGuard L1 feature rows → standardised rows, as the run's preprocessing did: the training
 * scaler's mean/scale (preprocessing_config.json), z-scores clipped to the saved range, values read as
 * float32 first (L1 reads its tables as float32). A missing or non-finite cell makes the row malformed
 * (L1 takes finite numbers only). Labels, when present, are a `label` (or y / is_anomaly / attack)
 * column with 0/1. Runs trained on header-less files (features f0 … fN) take header-less input.
 */
import type { PreprocessingConfig } from '../../l1/01-inputs/preprocess';
import { standardScore } from '../../features';
import { parseNumberToken } from '../../io/numbers';
import { UsageError } from '../../run/errors';
import type { CsvRecord } from '../csv';
import { widthProblem, type Binding, type EncodedRows, type Malformed, type RowCodec } from '../codec';

export const LABEL_NAMES = ['label', 'labels', 'y', 'is_anomaly', 'attack'];

export class L1Codec implements RowCodec {
  readonly F: number;
  readonly required: readonly string[];
  readonly optional = LABEL_NAMES;
  private readonly clip: number;
  private nonFinite = 0;
  private badLabels = 0;

  constructor(readonly pre: PreprocessingConfig) {
    this.F = pre.feature_names.length;
    this.required = pre.feature_names;
    this.clip = Math.max(Math.abs(pre.clip_range[0]), Math.abs(pre.clip_range[1]));
  }

  /** True when the run was trained on header-less files (features named f0 … f{F−1}). */
  get positional(): boolean {
    return this.pre.feature_names.every((n, j) => n === `f${j}`);
  }

  labelColumn(b: Binding): string | null {
    return LABEL_NAMES.find((c) => b.at(c) >= 0) ?? null;
  }

  checkTypes(records: readonly CsvRecord[], b: Binding): void {
    for (const name of this.pre.feature_names) {
      const i = b.at(name);
      const r = records.find((x) => !widthProblem(x, b) && parseNumberToken(x.cells[i]) === null);
      if (r) throw new UsageError(`${b.source}: column "${name}" must be numeric (L1 features), but line ${r.line} holds "${r.cells[i]}"`);
    }
  }

  encode(records: readonly CsvRecord[], b: Binding, arrival: number, bad: Malformed[]): EncodedRows {
    const F = this.F;
    const idx = this.pre.feature_names.map((name) => b.at(name));
    const lc = this.labelColumn(b);
    const li = lc ? b.at(lc) : -1;
    const out = new Float32Array(records.length * F);
    const meta: EncodedRows['meta'] = [];
    let n = 0;
    for (const r of records) {
      const problem = widthProblem(r, b) ?? this.fill(r, idx, out, n * F);
      if (problem) {
        bad.push({ line: r.line, reason: problem });
        continue;
      }
      meta.push({ line: r.line, time: NaN, label: li >= 0 ? this.label(r.cells[li]) : -1, arrival, source: b.sourceIndex });
      n++;
    }
    return { n, features: out.subarray(0, n * F), meta, groups: null };
  }

  counts(): Record<string, unknown> {
    return { non_finite_rows: this.nonFinite, bad_labels: this.badLabels };
  }

  /** Standardise one row into `out` at `at`; a reason when a cell is missing or not a finite number. */
  private fill(r: CsvRecord, idx: number[], out: Float32Array, at: number): string | null {
    for (let j = 0; j < idx.length; j++) {
      const v = parseNumberToken(r.cells[idx[j]]);
      if (v === null || !Number.isFinite(v)) {
        this.nonFinite++;
        return `column "${this.pre.feature_names[j]}" holds "${r.cells[idx[j]]}": L1 needs finite numbers`;
      }
      out[at + j] = standardScore(Math.fround(v), this.pre.mean[j], this.pre.scale[j], this.clip);
    }
    return null;
  }

  private label(cell: string): number {
    const t = cell.trim().toLowerCase();
    if (t === '1' || t === 'true') return 1;
    if (t === '0' || t === 'false') return 0;
    this.badLabels++;
    return -1;
  }
}
