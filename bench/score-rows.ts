/**
 * How `score_rows` (the Conv1D AE's rows at the window's end that the score averages) was chosen: for
 * every conv1d_ae job of a finished series suite (default outputs/benchmark/smd-4-default), the saved
 * network reconstructs each test window once; per candidate the score is the mean per-feature error
 * over the window's last `rows` rows. The choice is the candidate with the best mean VUS-PR over the
 * series' VALIDATION prefixes (what the thresholds use; never the test split). Test VUS-PR is printed
 * beside it for reference only.
 *
 *   npx tsx bench/score-rows.ts [--suite-dir outputs/benchmark/smd-4-default] [--seed 42] [--rows 1,4,8,16,32,48,64,112]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Conv1dAeDetector, loadDetector, range, samplesFromSeries } from '../lib/detectors';
import { tf } from '../lib/engine';
import { vusPr } from '../lib/eval';
import { windowLabels } from '../lib/features';
import { readJson } from '../lib/io/files';
import { fromRoot } from '../lib/io/paths';
import { standardise } from '../lib/l1/01-inputs/preprocess';
import { splitWindows } from '../lib/l1/02-train-evaluate/evaluate';
import type { SeriesJobConfig } from '../lib/suite/plan';
import { loadSeries } from '../lib/suite/series';
import { flag } from './harness';

async function main(): Promise<void> {
  const suiteDir = fromRoot(flag('suite-dir', 'outputs/benchmark/smd-4-default'));
  const seed = flag('seed', '42');
  const candidates = flag('rows', '1,4,8,16,24,32,48,64,80,112').split(',').map(Number);
  const runs = path.join(suiteDir, 'runs');
  if (!fs.existsSync(runs)) throw new Error(`no suite runs in ${suiteDir}: run npm run benchmark -- --suite smd-4 first`);
  const table: { series: string; val: number[]; test: number[] }[] = [];
  for (const series of fs.readdirSync(runs).sort()) {
    const job = path.join(runs, series, 'conv1d_ae', `seed-${seed}`);
    if (!fs.existsSync(path.join(job, 'detector'))) continue;
    const cfg = readJson<SeriesJobConfig>(path.join(job, 'config.json'), 'job config');
    const data = loadSeries(cfg.series);
    const T = cfg.eval.window;
    const F = data.train.names.length;
    const std = standardise(data.train, data.test, { preprocess: { window: T, z_clip: cfg.eval.z_clip } });
    const det = (await loadDetector(path.join(job, 'detector'))) as Conv1dAeDetector;
    const x = samplesFromSeries({ data: std.test, F }, T);
    const scores = candidates.map(() => new Float64Array(x.n));
    const rows = candidates.map((r) => (r === 0 ? T : Math.min(r, T)));
    for (let b = 0; b < x.n; b += 256) {
      const c = Math.min(256, x.n - b);
      // Per window and row: the squared error averaged over features, [c, T].
      const e = tf.tidy(() => {
        const t = tf.tensor(x.gather(range(b, c)), [c, T, F]);
        return tf.mean(tf.squaredDifference(det.network.predict(t) as tf.Tensor, t), 2);
      });
      const v = (await e.data()) as Float32Array;
      e.dispose();
      for (let k = 0; k < c; k++) {
        rows.forEach((r, j) => {
          let s = 0;
          for (let t = T - r; t < T; t++) s += v[k * T + t];
          scores[j][b + k] = s / r;
        });
      }
    }
    det.dispose();
    const { valEnd } = splitWindows(x.n, cfg.eval.validation_fraction);
    const end = windowLabels(data.labels, T).end;
    const opts = { maxWindow: cfg.eval.vus_max_window };
    table.push({
      series,
      val: scores.map((s) => vusPr(end.subarray(0, valEnd), s.subarray(0, valEnd), opts)),
      test: scores.map((s) => vusPr(end.subarray(valEnd), s.subarray(valEnd), opts)),
    });
    console.error(`${series}: done`);
  }
  if (!table.length) throw new Error(`no conv1d_ae seed-${seed} job with a saved detector under ${runs}`);
  const mean = (k: 'val' | 'test', j: number) => table.reduce((a, r) => a + r[k][j], 0) / table.length;
  const best = candidates.reduce((bi, _, j) => (mean('val', j) > mean('val', bi) ? j : bi), 0);
  console.log(`score_rows on ${table.length} series (seed ${seed}): mean VUS-PR of the validation prefixes (chooses) and of the test split (reference only)`);
  console.log(['rows', ...table.map((r) => `val ${r.series}`), 'val mean', 'test mean'].join(' | '));
  candidates.forEach((r, j) => console.log([String(r || 'all'), ...table.map((t) => t.val[j].toFixed(3)), mean('val', j).toFixed(3), mean('test', j).toFixed(3)].join(' | ') + (j === best ? '   ← best on validation' : '')));
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
