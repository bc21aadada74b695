// Register the "seqsentry" Jupyter kernelspec without Python: writes <data dir>/kernels/seqsentry/kernel.json.
// Usage: npm run kernel:install [-- --prefix DIR]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeJson } from '../lib/io/files';
import { fromRoot } from '../lib/io/paths';
import { SEQSENTRY_KERNELSPEC } from '../lib/notebook/nbformat';

const USAGE = `usage: npm run kernel:install [-- --prefix DIR]

Writes the Jupyter kernelspec "${SEQSENTRY_KERNELSPEC.name}" (display name "${SEQSENTRY_KERNELSPEC.display_name}") to
  $JUPYTER_DATA_DIR/kernels/${SEQSENTRY_KERNELSPEC.name}, else the per-user Jupyter data dir
  (~/.local/share/jupyter on Linux, ~/Library/Jupyter on macOS, %APPDATA%\\jupyter on Windows);
  with --prefix DIR: DIR/share/jupyter/kernels/${SEQSENTRY_KERNELSPEC.name}.
The kernel runs this checkout's cli/tslab-kernel.cjs with this Node; rerun after moving the repo.`;

/** The per-user Jupyter data directory, as jupyter_core computes it. */
function jupyterDataDir(): string {
  if (process.env.JUPYTER_DATA_DIR) return path.resolve(process.env.JUPYTER_DATA_DIR);
  const home = os.homedir();
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Jupyter');
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'jupyter');
  return path.join(process.env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'jupyter');
}

function parsePrefix(argv: string[]): string | undefined {
  let prefix: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--prefix') prefix = argv[++i];
    else if (a.startsWith('--prefix=')) prefix = a.slice('--prefix='.length);
    else throw new Error(`unknown argument ${a}`);
    if (!prefix) throw new Error('--prefix needs a folder');
  }
  return prefix;
}

function main(argv: string[]): number {
  if (argv.includes('-h') || argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  let prefix: string | undefined;
  try {
    prefix = parsePrefix(argv);
  } catch (err) {
    console.error(`kernel:install: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const kernelsDir = prefix ? path.resolve(prefix, 'share', 'jupyter', 'kernels') : path.join(jupyterDataDir(), 'kernels');
  const dir = path.join(kernelsDir, SEQSENTRY_KERNELSPEC.name);
  const launcher = fromRoot('cli', 'tslab-kernel.cjs');
  writeJson(path.join(dir, 'kernel.json'), {
    argv: [process.execPath, launcher, '{connection_file}'],
    display_name: SEQSENTRY_KERNELSPEC.display_name,
    language: SEQSENTRY_KERNELSPEC.language,
    interrupt_mode: 'signal',
    metadata: {},
  });
  // tslab 1.0.22 ships no logo files; copy them should a later version add some.
  const logos = ['logo-32x32.png', 'logo-64x64.png', 'logo-svg.svg']
    .map((f) => [f, fromRoot('node_modules', 'tslab', 'python', f)] as const)
    .filter(([, src]) => fs.existsSync(src));
  for (const [name, src] of logos) fs.copyFileSync(src, path.join(dir, name));
  console.log(`Installed Jupyter kernelspec "${SEQSENTRY_KERNELSPEC.name}" in ${dir}`);
  console.log(`  kernel: ${process.execPath} ${launcher} {connection_file}`);
  console.log(`  logos: ${logos.length ? logos.map(([n]) => n).join(', ') : 'none (tslab ships none)'}`);
  console.log(`Use it: open a notebook in Jupyter and pick "${SEQSENTRY_KERNELSPEC.display_name}"`);
  console.log(`  (notebooks in notebooks/ already declare it). The kernel runs with the repo root as`);
  console.log(`  working directory, so cells import local code as \`import { fromRoot } from './lib/io/paths';\`.`);
  if (prefix) console.log(`  Jupyter finds kernels under --prefix only if DIR/share/jupyter is on its path (JUPYTER_PATH=${path.resolve(prefix, 'share', 'jupyter')}).`);
  console.log('Headless runs need no Jupyter: npm run notebooks');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
