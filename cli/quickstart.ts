/**
 * The quickstart (notebook 00 as one job): `npm run quickstart [-- --preset smoke] [--epochs 5] …`:
 * demo flows → benign-only dense autoencoder → validation threshold → test metrics.
 */
import { parseArgs, resolveConfig } from '../lib/config';
import { DEMO_DEFAULTS } from '../lib/demo';
import { QUICKSTART_DEFAULTS, runQuickstart } from '../lib/quickstart';

async function main(): Promise<void> {
  const { overrides, reserved, positional } = parseArgs(process.argv.slice(2), QUICKSTART_DEFAULTS);
  if (positional.length) throw new Error(`unexpected argument(s): ${positional.join(' ')}`);
  const cfg = resolveConfig('quickstart', QUICKSTART_DEFAULTS, { preset: reserved.preset, overrides });
  const demo = resolveConfig('demo', DEMO_DEFAULTS, { preset: reserved.preset });
  console.log(`seqsentry quickstart (preset "${cfg._meta.preset}")`);
  await runQuickstart(cfg, demo);
}

main().catch((err: Error) => {
  console.error(`quickstart: ${err.message}`);
  process.exit(1);
});
