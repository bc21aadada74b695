/**
 * Write the deterministic synthetic demo data set: npm run demo-data -- [options]; see USAGE.
 * Layers: DEMO_DEFAULTS → configs/presets/<preset>.json "demo" → command-line options.
 */
import { resolveConfig } from '../lib/config';
import { DEMO_DEFAULTS, generateDemoData, summarize, validateDemoOptions } from '../lib/demo';
import { demoRunOptions } from '../lib/demo/generate';
import { asUsage, checkRunDir } from '../lib/run';
import { parseCli, runCliMain } from '../lib/run/cli';

const USAGE = `usage: npm run demo-data -- [options]

Writes the synthetic demo data (a Sysmon-like log in sysmon/dataset-<n>.csv and flows/flows.csv,
with manifest.json) into data/demo/ or --out DIR. Same seed and options → identical bytes.

options:
  --out DIR                 output folder: missing, empty, or demo data made by this tool (default data/demo)
  --seed N                  seed of every random draw (default 42)
  --preset NAME             config preset (default $SEQSENTRY_PRESET or "default"; smoke = small)
  --sysmon.files N  --sysmon.events N  --sysmon.days N  --flows.rows N  --flows.bursts N  …
                            any key of the "demo" config section
  -h, --help
exit codes: 0 ok, 1 generation failed, 2 bad arguments or output folder`;

async function main(argv: string[]): Promise<void> {
  const t0 = performance.now();
  const args = parseCli(argv, DEMO_DEFAULTS, { name: 'demo-data', aliases: { 'output-dir': 'out' } });
  if (args.help) return console.log(USAGE);
  const cfg = asUsage(() => {
    const cfg = resolveConfig('demo', DEMO_DEFAULTS, { preset: args.preset, overrides: args.overrides });
    validateDemoOptions(cfg);
    const run = demoRunOptions(cfg);
    checkRunDir(run.dir, run);
    return cfg;
  });
  const manifest = await generateDemoData(cfg);
  console.log(`demo data (preset "${cfg._meta.preset}", seed ${cfg.seed}) → ${demoRunOptions(cfg).dir}`);
  console.log(summarize(manifest, (performance.now() - t0) / 1000));
}

runCliMain('demo-data', () => main(process.argv.slice(2)));
