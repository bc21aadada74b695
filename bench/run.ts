/**
 * Run the benchmarks: `npm run bench [-- --only <name>]`. Each bench/<name>.bench.ts is a script that
 * prints its own numbers; they run one after another in fresh processes so none warms another's JIT.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const dir = __dirname;
const all = fs.readdirSync(dir).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length)).sort();
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
if (onlyAt >= 0 && (!only || !all.includes(only))) {
  console.error(`bench: --only needs one of: ${all.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of only ? [only] : all) {
  console.log(`\n== ${name}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.bench.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
