#!/usr/bin/env node
// Launch tslab's TypeScript kernel with the repository root as working directory.
// Why: tslab sets TypeScript's rootDir (and the root for require) to the kernel's cwd, so a
// notebook in notebooks/ can only import local modules that live under that cwd. With cwd = repo
// root, notebooks import `./lib/...` wherever the .ipynb file itself lives.
// Used by Jupyter (kernelspec written by `npm run kernel:install`) and by `npm run notebooks`.
// Usage: node cli/tslab-kernel.cjs --config-path <connection.json>   or   node cli/tslab-kernel.cjs <connection.json>
'use strict';
const path = require('node:path');

function configPathFrom(argv) {
  const i = argv.findIndex((a) => a === '--config-path' || a.startsWith('--config-path='));
  if (i >= 0) return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
  return argv.find((a) => !a.startsWith('--'));
}

const given = configPathFrom(process.argv.slice(2));
if (!given) {
  console.error('usage: node cli/tslab-kernel.cjs --config-path <connection-file.json>');
  process.exit(2);
}
// Resolve before chdir: Jupyter may pass a path relative to its own working directory.
const configPath = path.resolve(given);
const repoRoot = path.resolve(__dirname, '..');
process.chdir(repoRoot);

// When launched by our executor, exit if the executor dies (e.g. killed by a CI timeout), so no
// orphaned kernel keeps running. Jupyter does not set this variable.
const parentPid = Number(process.env.SEQSENTRY_KERNEL_PARENT_PID);
if (parentPid > 0) {
  setInterval(() => {
    try {
      process.kill(parentPid, 0);
    } catch {
      process.exit(1);
    }
  }, 2000).unref();
}

// tslab compiles local .ts imports itself but looks up `./lib/viz` only as `lib/viz.js`, never as
// the folder's index (error: Cannot find module './lib/viz'). Its loader joins paths through
// tspath.normalizeJoin, looked up at call time, so point relative folder imports at their index.
// Checked against tslab 1.0.22 (pinned); `npm test` runs a notebook that imports a lib folder.
const fs = require('node:fs');
const tspath = require('tslab/dist/tspath');
const join = tspath.normalizeJoin;
tspath.normalizeJoin = (...parts) => {
  const joined = join(...parts);
  const last = parts[parts.length - 1];
  if (parts.length === 2 && typeof last === 'string' && last.startsWith('.') && isFolderWithIndex(joined)) return `${joined}/index`;
  return joined;
};
function isFolderWithIndex(p) {
  try {
    return fs.statSync(p).isDirectory() && (fs.existsSync(`${p}/index.ts`) || fs.existsSync(`${p}/index.js`));
  } catch {
    return false;
  }
}

const { startKernel } = require('tslab/dist/main');
const globalVersion = require('tslab/package.json').version;
startKernel({ configPath, enableFindLocal: false, jsKernel: false, globalVersion });
