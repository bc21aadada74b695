// Shared test helpers (not a test file: the runner only picks up *.test.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { generateDemoData, withDefaults } from '../lib/demo';
import type { Csr } from '../lib/features';
import type { Rng } from '../lib/random';

/** A 0/1 sequence of runs (two-state Markov chain), with at least one 1 when `nonEmpty`. */
export function randomMask(rng: Rng, n: number, nonEmpty: boolean): number[] {
  const pOn = rng.uniform(0.01, 0.3);
  const pStay = rng.uniform(0.3, 0.95);
  const x: number[] = [];
  let on = false;
  for (let i = 0; i < n; i++) {
    on = on ? rng.bool(pStay) : rng.bool(pOn);
    x.push(on ? 1 : 0);
  }
  if (nonEmpty && !x.includes(1)) x[rng.int(0, n - 1)] = 1;
  return x;
}

/**
 * The smoke-sized demo Sysmon log written as one APT29-format file under `<root>/shared/apt29/`, for
 * pipeline runs in temp folders: `SEQSENTRY_SHARED_DATA=<returned folder> --dataset apt29` (the repository's
 * data/demo is never touched). Returns the shared-data folder.
 */
export async function sharedApt29(root: string): Promise<string> {
  const demo = path.join(root, 'demo');
  const d = withDefaults();
  const m = await generateDemoData(withDefaults({ seed: 42, out: demo, sysmon: { ...d.sysmon, files: 12, days: 7, events: 15000 }, flows: { ...d.flows, rows: 3000, days: 2, bursts: 6 } }));
  const shared = path.join(root, 'shared');
  fs.mkdirSync(path.join(shared, 'apt29'), { recursive: true });
  const texts = m.sysmon.files.map((f, i) => fs.readFileSync(path.join(demo, f.file), 'utf8').split('\n').slice(i === 0 ? 0 : 1).join('\n'));
  fs.writeFileSync(path.join(shared, 'apt29', 'day1.csv.gz'), zlib.gzipSync(texts.join('')));
  return shared;
}

/** A CSR matrix as dense rows. */
export function dense(a: Csr): number[][] {
  const out = Array.from({ length: a.nRows }, () => new Array<number>(a.nCols).fill(0));
  for (let r = 0; r < a.nRows; r++) for (let p = a.indptr[r]; p < a.indptr[r + 1]; p++) out[r][a.indices[p]] = a.values[p];
  return out;
}

/** Dense rows as a CSR matrix (zeros not stored). */
export function csrFromDense(rows: number[][]): Csr {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const row of rows) {
    row.forEach((v, j) => {
      if (v !== 0) {
        indices.push(j);
        values.push(v);
      }
    });
    indptr.push(indices.length);
  }
  return { indptr: Int32Array.from(indptr), indices: Int32Array.from(indices), values: Float64Array.from(values), nRows: rows.length, nCols: rows[0].length };
}
