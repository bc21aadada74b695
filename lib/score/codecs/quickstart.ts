/**
 * Demo flow rows → the quickstart dense autoencoder's inputs, as lib/quickstart prepareFlows made them:
 * the run's columns read as float32, Infinity/NaN/empty → 0, signed log, the benign training scaler,
 * clipped to ±8. Labels from `Label` (BENIGN = 0), times from `Timestamp`, when present.
 */
import { signedLog1p, standardScore } from '../../features';
import { parseNumberToken } from '../../io/numbers';
import { UsageError } from '../../run/errors';
import type { CsvRecord } from '../csv';
import { widthProblem, type Binding, type EncodedRows, type Malformed, type RowCodec } from '../codec';
import { flowTime } from '../../nids/01-prepare/time';

export interface QuickstartPreprocessing {
  columns: string[];
  mean: number[];
  scale: number[];
}

const CLIP = 8;

export class QuickstartCodec implements RowCodec {
  readonly F: number;
  readonly required: readonly string[];
  readonly optional = ['Label', 'Timestamp'];

  constructor(readonly pre: QuickstartPreprocessing) {
    this.F = pre.columns.length;
    this.required = pre.columns;
  }

  labelColumn(b: Binding): string | null {
    return b.at('Label') >= 0 ? 'Label' : null;
  }

  checkTypes(records: readonly CsvRecord[], b: Binding): void {
    for (const c of this.pre.columns) {
      const i = b.at(c);
      const r = records.find((x) => !widthProblem(x, b) && parseNumberToken(x.cells[i]) === null);
      if (r) throw new UsageError(`${b.source}: column "${c}" must be numeric, but line ${r.line} holds "${r.cells[i]}"`);
    }
  }

  encode(records: readonly CsvRecord[], b: Binding, arrival: number, bad: Malformed[]): EncodedRows {
    const F = this.F;
    const idx = this.pre.columns.map((c) => b.at(c));
    const li = b.at('Label');
    const ti = b.at('Timestamp');
    const out = new Float32Array(records.length * F);
    const meta: EncodedRows['meta'] = [];
    let n = 0;
    for (const r of records) {
      let problem = widthProblem(r, b);
      for (let j = 0; !problem && j < F; j++) {
        const v = parseNumberToken(r.cells[idx[j]]);
        if (v === null) {
          problem = `column "${this.pre.columns[j]}" holds "${r.cells[idx[j]]}", not a number`;
          break;
        }
        const x = Math.fround(v);
        out[n * F + j] = standardScore(Number.isFinite(x) ? Math.fround(signedLog1p(x)) : 0, this.pre.mean[j], this.pre.scale[j], CLIP);
      }
      if (problem) {
        bad.push({ line: r.line, reason: problem });
        continue;
      }
      meta.push({ line: r.line, time: ti >= 0 ? flowTime(r.cells[ti]) : NaN, label: li >= 0 ? (r.cells[li] === 'BENIGN' ? 0 : 1) : -1, arrival, source: b.sourceIndex });
      n++;
    }
    return { n, features: out.subarray(0, n * F), meta, groups: null };
  }

  counts(): Record<string, unknown> {
    return {};
  }
}

/** The quickstart preprocessing saved in detector.json, checked. */
export function quickstartPreprocessing(p: unknown, where: string): QuickstartPreprocessing {
  const q = p as Partial<QuickstartPreprocessing> | null;
  if (!q || !Array.isArray(q.columns) || !Array.isArray(q.mean) || !Array.isArray(q.scale) || q.mean.length !== q.columns.length) {
    throw new UsageError(`${where}: the quickstart preprocessing (columns, mean, scale) is missing or malformed`);
  }
  return q as QuickstartPreprocessing;
}
