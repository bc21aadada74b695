/**
 * Workload 5: GRU-SAE stage 2 (encoding: split, TF-IDF + SVD, one-hot, scaling, combination counts,
 * windows, .npy writes) of the APT29 Day-1 events (../shared/data/apt29, 79,919 events) with the
 * dataset's default config. Stage 1 (aggregation) runs once first, untimed, into a temporary run folder,
 * which is removed at the end. Skips, saying so, when ../shared/data is absent.
 * Run: npm run bench -- --only apt29-encode
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sharedDataDir } from '../lib/io/paths';
import { aggregate } from '../lib/gru-sae/01-aggregate';
import { resolveGruSaeConfig } from '../lib/gru-sae/config';
import { encodeStage, type EncodeInfo } from '../lib/gru-sae/02-encode';
import { loadSchema } from '../lib/gru-sae/schema';
import { benchArgs, measure, setupEngine, skip } from './harness';

const WORKLOAD = 'apt29-encode (stage 2)';

async function main(): Promise<void> {
  const args = benchArgs();
  await setupEngine();
  const shared = sharedDataDir();
  if (!shared || !fs.existsSync(path.join(shared, 'apt29'))) {
    await skip(WORKLOAD, 'events/s', `${shared ? path.join(shared, 'apt29') : '../shared/data'} is absent (the real APT29 data is not part of the repository)`);
    return;
  }
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-bench-apt29-'));
  try {
    const cfg = resolveGruSaeConfig({ overrides: { dataset: 'apt29', out } });
    const t0 = performance.now();
    const agg = await aggregate(cfg, { log: () => {} });
    console.log(`stage 1 (untimed): ${agg.frame.height} events aggregated in ${((performance.now() - t0) / 1000).toFixed(1)} s into ${out}`);
    const schema = loadSchema(cfg.dataset, cfg.version);
    let info: EncodeInfo | null = null;
    await measure({
      workload: WORKLOAD, items: agg.frame.height, unit: 'events/s', args,
      run: async () => {
        info = await encodeStage(cfg, schema, { log: () => {} });
      },
      detail: () => ({
        events: agg.frame.height, seq_len: info!.seq_len, n_features: info!.n_features,
        windows: Object.fromEntries(Object.entries(info!.splits).map(([k, v]) => [k, v.windows])), last_run_phases_s: info!.timings_s,
      }),
    });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
