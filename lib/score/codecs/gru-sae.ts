/**
 * GRU-SAE raw log rows → the run's feature rows: the schema's columns read as stage 1 reads them
 * (text and categorical cells as strings, numeric cells as numbers with unparsable ones null, the time
 * column to epoch ms, the label against the benign labels), then the run's saved encoder (TF-IDF
 * vocabularies, SVD, novelty, combination counts, one-hot with `<unknown>`, scaler) exactly as stage 2
 * applies it (lib/gru-sae/02-encode transformRows, row by row, so chunking changes nothing).
 */
import type { EncoderState, EncodeInput } from '../../gru-sae/02-encode/state';
import { transformRows } from '../../gru-sae/02-encode/state';
import type { DatasetSchema } from '../../gru-sae/schema';
import { parseNumberToken } from '../../io/numbers';
import { UsageError } from '../../run/errors';
import type { CsvRecord } from '../csv';
import { Tally, widthProblem, type Binding, type EncodedRows, type Malformed, type RowCodec } from '../codec';
import { parseTimeCell } from '../time';

export class GruSaeCodec implements RowCodec {
  readonly F: number;
  readonly required: readonly string[];
  readonly optional: readonly string[];
  private readonly text: string[];
  private readonly categorical: string[];
  private readonly numeric: string[];
  private readonly extra: string[];
  private readonly categories: Map<string, Set<string>>;
  private readonly benign: Set<string>;
  readonly unknown = new Tally();
  readonly unparsable = new Tally();
  private unlabelled = 0;

  constructor(readonly state: EncoderState, readonly schema: DatasetSchema) {
    this.F = state.feature_names.length;
    this.text = state.text.map((t) => t.column);
    this.categorical = state.categorical.map((c) => c.column);
    this.numeric = state.numeric.columns;
    const roles = new Set([...this.text, ...this.categorical]);
    this.extra = [...new Set(state.combinations?.tuples.flat() ?? [])].filter((c) => !roles.has(c));
    const group = state.windows.group_by;
    const time = schema.time_column;
    if (!time) throw new UsageError(`dataset "${schema.dataset}" has no time column: live and batch scoring order events by time, and this schema gives none`);
    this.required = [...new Set([time, ...this.text, ...this.categorical, ...this.numeric, ...this.extra, ...(group ? [group] : [])])];
    this.optional = [schema.label_column];
    this.categories = new Map(state.categorical.map((c) => [c.column, new Set(c.categories)]));
    this.benign = new Set(schema.benign_labels);
  }

  labelColumn(b: Binding): string | null {
    return b.at(this.schema.label_column) >= 0 ? this.schema.label_column : null;
  }

  checkTypes(records: readonly CsvRecord[], b: Binding): void {
    const rows = records.filter((r) => !widthProblem(r, b));
    if (!rows.length) return;
    const time = this.schema.time_column!;
    const ti = b.at(time);
    if (rows.every((r) => !Number.isFinite(parseTimeCell(r.cells[ti], this.schema.time_unit)))) {
      throw new UsageError(`${b.source}: column "${time}" holds no timestamp in its first ${rows.length} rows (line ${rows[0].line}: "${rows[0].cells[ti]}"); expected ISO-8601 or an epoch in ${this.schema.time_unit}`);
    }
    for (const c of this.numeric) {
      const i = b.at(c);
      const filled = rows.filter((r) => r.cells[i].trim() !== '');
      if (filled.length && filled.every((r) => parseNumberToken(r.cells[i]) === null)) {
        throw new UsageError(`${b.source}: column "${c}" is numeric in the run's schema but holds text (line ${filled[0].line}: "${filled[0].cells[i]}")`);
      }
    }
  }

  encode(records: readonly CsvRecord[], b: Binding, arrival: number, bad: Malformed[]): EncodedRows {
    const ti = b.at(this.schema.time_column!);
    const li = b.at(this.schema.label_column);
    const keep: CsvRecord[] = [];
    const times: number[] = [];
    for (const r of records) {
      const problem = widthProblem(r, b);
      const t = problem ? NaN : parseTimeCell(r.cells[ti], this.schema.time_unit);
      if (problem || !Number.isFinite(t)) {
        bad.push({ line: r.line, reason: problem ?? `column "${this.schema.time_column}" holds "${r.cells[ti]}", not a timestamp` });
        continue;
      }
      keep.push(r);
      times.push(t);
    }
    const n = keep.length;
    const strings = (c: string) => {
      const i = b.at(c);
      return keep.map((r) => r.cells[i]);
    };
    const input: EncodeInput = {
      n,
      text: Object.fromEntries(this.text.map((c) => [c, strings(c)])),
      categorical: Object.fromEntries(this.categorical.map((c) => [c, strings(c)])),
      numeric: Object.fromEntries(this.numeric.map((c) => [c, this.numbers(c, keep, b)])),
      time: Float64Array.from(times),
      ...(this.extra.length ? { strings: Object.fromEntries(this.extra.map((c) => [c, strings(c)])) } : {}),
    };
    for (const c of this.categorical) {
      const known = this.categories.get(c)!;
      let u = 0;
      for (const v of input.categorical[c]) if (!known.has(v)) u++;
      this.unknown.add(c, u);
    }
    const features = n ? transformRows(this.state, input).features : new Float32Array(0);
    const meta = keep.map((r, k) => ({ line: r.line, time: times[k], label: li >= 0 ? this.label(r.cells[li]) : -1, arrival, source: b.sourceIndex }));
    const group = this.state.windows.group_by;
    return { n, features, meta, groups: group ? strings(group) : null };
  }

  counts(): Record<string, unknown> {
    return { unknown_categories: this.unknown.counts, unparsable_numeric: this.unparsable.counts, rows_without_label: this.unlabelled };
  }

  /** 0 benign, 1 attack (as stage 1: any label that is not benign), −1 for an empty label. */
  private label(cell: string): number {
    if (cell === '') {
      this.unlabelled++;
      return -1;
    }
    return this.benign.has(cell) ? 0 : 1;
  }

  /** A numeric column as stage 1 casts it: numbers, with empty or unparsable cells NaN (the encoder counts and zeroes them). */
  private numbers(c: string, rows: CsvRecord[], b: Binding): Float64Array {
    const i = b.at(c);
    let bad = 0;
    const out = Float64Array.from(rows, (r) => {
      const v = parseNumberToken(r.cells[i]);
      if (v === null) bad++;
      return v ?? NaN;
    });
    this.unparsable.add(c, bad);
    return out;
  }
}
