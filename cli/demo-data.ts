/**
 * Write the deterministic synthetic demo data set.
 *   npm run demo-data -- [--preset smoke] [--seed 7] [--out data/demo] [--sysmon.files 30] [--flows.rows 20000] …
 * Layers: DEMO_DEFAULTS → configs/presets/<preset>.json "demo" → command-line options.
 */
import { parseArgs, resolveConfig } from '../lib/config';
import { fromRoot } from '../lib/io/paths';
import { DEMO_DEFAULTS, generateDemoData, summarize } from '../lib/demo';

async function main(): Promise<void> {
  const t0 = performance.now();
  const { overrides, reserved, positional } = parseArgs(process.argv.slice(2), DEMO_DEFAULTS);
  if (positional.length) throw new Error(`unexpected argument(s): ${positional.join(' ')}`);
  const cfg = resolveConfig('demo', DEMO_DEFAULTS, { preset: reserved.preset, overrides });
  const manifest = await generateDemoData(cfg);
  console.log(`demo data (preset "${cfg._meta.preset}", seed ${cfg.seed}) → ${fromRoot(cfg.out)}`);
  console.log(summarize(manifest, (performance.now() - t0) / 1000));
}

main().catch((err: Error) => {
  console.error(`demo-data: ${err.message}`);
  process.exit(1);
});
