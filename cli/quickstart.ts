/**
 * The quickstart (notebook 00 as one job): npm run quickstart -- [options]; see USAGE.
 * demo flows → benign-only dense autoencoder → validation threshold → test metrics.
 */
import { resolveConfig } from '../lib/config';
import { DEMO_DEFAULTS } from '../lib/demo';
import { checkEngineEnv } from '../lib/engine';
import { QUICKSTART_DEFAULTS, quickstartRunDir, runQuickstart, validateQuickstartConfig } from '../lib/quickstart';
import { asUsage, checkRunDir } from '../lib/run';
import { parseCli, runCliMain } from '../lib/run/cli';

const USAGE = `usage: npm run quickstart -- [options]

The quickstart of notebook 00: a dense autoencoder on the demo flows (generated if missing), trained on
benign rows of the first 60% of the timeline, threshold from benign validation errors, test metrics.
Run folder (default outputs/quickstart/demo-flows/): config.json, metrics.json, history.json,
summary.json, scaler.json, the model and charts.

options:
  --epochs N  --units 24,8  --batch-size N  --learning-rate X  --threshold-quantile Q  --seed N
  --split.train F  --split.val F      time-ordered split shares (test is the rest)
  --regenerate-data         regenerate the demo data even when it matches the preset
  --out DIR                 run folder (only an empty folder or a quickstart run folder)
  --preset NAME             config preset (default $SEQSENTRY_PRESET or "default")
  -h, --help
exit codes: 0 ok, 1 the run failed, 2 bad arguments, config or run folder`;

async function main(argv: string[]): Promise<void> {
  const args = parseCli(argv, QUICKSTART_DEFAULTS, { name: 'quickstart', aliases: { 'output-dir': 'out' } });
  if (args.help) return console.log(USAGE);
  const { cfg, demo } = asUsage(() => {
    const cfg = resolveConfig('quickstart', QUICKSTART_DEFAULTS, { preset: args.preset, overrides: args.overrides });
    validateQuickstartConfig(cfg);
    checkEngineEnv();
    const demo = resolveConfig('demo', DEMO_DEFAULTS, { preset: args.preset });
    checkRunDir(quickstartRunDir(cfg), { kind: 'quickstart' });
    return { cfg, demo };
  });
  console.log(`seqsentry quickstart (preset "${cfg._meta.preset}")`);
  await runQuickstart(cfg, demo);
}

runCliMain('quickstart', () => main(process.argv.slice(2)));
