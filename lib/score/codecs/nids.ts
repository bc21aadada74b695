/**
 * Raw flow records → the NIDS classifier's features with the run's fitted encoder (lib/nids
 * transformFeatures: non-finite cells filled from training statistics, signed log, scaler, one-hot with
 * `<unknown>`), identifiers ignored. A numeric cell that is not a number makes the row malformed
 * (empty cells are NaN and imputed, as in training). Labels, when the input has the dataset's label
 * column, map through the run's label indexer (unseen labels counted, scored without a label).
 */
import type { FeatureEncoder } from '../../nids/01-prepare/features';
import { HOME_NET_FEATURES, homeNetMatcher } from '../../nids/01-prepare/home-net';
import { transformFeatures } from '../../nids/01-prepare/features';
import type { RawFlows } from '../../nids/01-prepare/raw';
import { flowTime, hourOfDay } from '../../nids/01-prepare/time';
import { parseNumberToken } from '../../io/numbers';
import { UsageError } from '../../run/errors';
import type { CsvRecord } from '../csv';
import { Tally, widthProblem, type Binding, type EncodedRows, type Malformed, type RowCodec } from '../codec';

const HOUR_FEATURES = ['hour_sin', 'hour_cos'];

export interface NidsCodecOptions {
  labelColumn: string;
  timeColumn: string | null;
  /** Class names in index order (the label indexer). */
  classes: string[];
}

export class NidsCodec implements RowCodec {
  readonly F: number;
  readonly required: readonly string[];
  readonly optional: readonly string[];
  /** Raw numeric columns (the encoder's, without hour_sin/hour_cos from the time column and the home-net features from the addresses). */
  private readonly rawNumeric: string[];
  private readonly hours: boolean;
  /** Source and destination address column indexes' names and the matcher, when the run derived home-net features. */
  private readonly homeNet: { src: string; dst: string; inside: (address: string) => 0 | 1 } | null;
  private readonly categories: Set<string>[];
  private readonly classIndex: Map<string, number>;
  readonly unknown = new Tally();
  readonly unseenLabels = new Tally();

  constructor(readonly enc: FeatureEncoder, readonly o: NidsCodecOptions) {
    this.F = enc.featureNames.length;
    this.hours = HOUR_FEATURES.every((h) => enc.numericNames.includes(h));
    const hn = enc.homeNet ?? null;
    this.homeNet = hn && { src: hn.srcColumn, dst: hn.dstColumn, inside: homeNetMatcher(hn.networks, 'the run\'s data.home_net') };
    const derived = [...(this.hours ? HOUR_FEATURES : []), ...(hn ? HOME_NET_FEATURES : [])];
    this.rawNumeric = enc.numericNames.filter((c) => !derived.includes(c));
    // encode() appends the derived features after the raw ones, in the order lib/nids raw.ts adds them.
    if (enc.numericNames.join('\u0000') !== [...this.rawNumeric, ...derived].join('\u0000')) {
      throw new UsageError(`the run's encoder lists its numeric features in an order this build cannot derive: ${enc.numericNames.join(', ')}`);
    }
    if (this.hours && !o.timeColumn) throw new UsageError('the run kept the flow timestamp (hour_sin, hour_cos) but its dataset names no time column');
    this.required = [...this.rawNumeric, ...enc.categoricalNames, ...(this.hours ? [o.timeColumn!] : []), ...(hn ? [hn.srcColumn, hn.dstColumn] : [])];
    this.optional = [o.labelColumn, ...(o.timeColumn && !this.hours ? [o.timeColumn] : [])];
    this.categories = enc.categories.map((c) => new Set(c));
    this.classIndex = new Map(o.classes.map((c, i) => [c, i]));
  }

  labelColumn(b: Binding): string | null {
    return b.at(this.o.labelColumn) >= 0 ? this.o.labelColumn : null;
  }

  checkTypes(records: readonly CsvRecord[], b: Binding): void {
    for (const c of this.rawNumeric) {
      const i = b.at(c);
      const r = records.find((x) => !widthProblem(x, b) && parseNumberToken(x.cells[i]) === null);
      if (r) {
        throw new UsageError(`${b.source}: column "${c}" is numeric for the run's encoder but line ${r.line} holds "${r.cells[i]}" ` +
          '(a categorical column of this run would be one-hot encoded; this one was numeric in training)');
      }
    }
  }

  encode(records: readonly CsvRecord[], b: Binding, arrival: number, bad: Malformed[]): EncodedRows {
    const numIdx = this.rawNumeric.map((c) => b.at(c));
    const catIdx = this.enc.categoricalNames.map((c) => b.at(c));
    const ti = this.o.timeColumn ? b.at(this.o.timeColumn) : -1;
    const li = b.at(this.o.labelColumn);
    const hn = this.homeNet && { ...this.homeNet, si: b.at(this.homeNet.src), di: b.at(this.homeNet.dst) };
    const keep: CsvRecord[] = [];
    const numeric = this.enc.numericNames.map(() => [] as number[]);
    const times: number[] = [];
    for (const r of records) {
      let problem = widthProblem(r, b);
      const values: number[] = [];
      for (let j = 0; !problem && j < numIdx.length; j++) {
        const v = parseNumberToken(r.cells[numIdx[j]]);
        if (v === null) problem = `column "${this.rawNumeric[j]}" holds "${r.cells[numIdx[j]]}", not a number`;
        else values.push(v);
      }
      const t = !problem && ti >= 0 ? flowTime(r.cells[ti]) : NaN;
      if (!problem && this.hours && !Number.isFinite(t)) problem = `column "${this.o.timeColumn}" holds "${r.cells[ti]}", not a time`;
      if (problem) {
        bad.push({ line: r.line, reason: problem });
        continue;
      }
      keep.push(r);
      times.push(t);
      values.forEach((v, j) => numeric[j].push(v));
      const derived: number[] = [];
      if (this.hours) derived.push(...hourOfDay(t));
      if (hn) derived.push(hn.inside(r.cells[hn.si]), hn.inside(r.cells[hn.di])); // as raw.ts data.home_net
      derived.forEach((v, j) => numeric[values.length + j].push(v));
    }
    const n = keep.length;
    const categorical = catIdx.map((i, c) => {
      const vals = keep.map((r) => r.cells[i]);
      let u = 0;
      for (const v of vals) if (!this.categories[c].has(v)) u++;
      this.unknown.add(this.enc.categoricalNames[c], u);
      return vals;
    });
    const raw = { numericNames: this.enc.numericNames, numeric: numeric.map((a) => Float64Array.from(a)), categoricalNames: this.enc.categoricalNames, categorical } as unknown as RawFlows;
    const features = n ? transformFeatures(raw, Int32Array.from({ length: n }, (_, i) => i), this.enc) : new Float32Array(0);
    const meta = keep.map((r, k) => ({ line: r.line, time: times[k], label: li >= 0 ? this.label(r.cells[li]) : -1, arrival, source: b.sourceIndex }));
    return { n, features, meta, groups: null };
  }

  counts(): Record<string, unknown> {
    return { unknown_categories: this.unknown.counts, unseen_labels: this.unseenLabels.counts };
  }

  private label(cell: string): number {
    const name = cell.trim();
    const k = this.classIndex.get(name);
    if (k === undefined) {
      this.unseenLabels.add(name);
      return -1;
    }
    return k;
  }
}

