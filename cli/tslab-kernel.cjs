#!/usr/bin/env node
// Launch tslab's TypeScript kernel with the repository root as working directory.
// Why: tslab sets TypeScript's rootDir (and the root for require) to the kernel's cwd, so a
// notebook in notebooks/ can only import local modules that live under that cwd. With cwd = repo
// root, notebooks import `./lib/...` wherever the .ipynb file itself lives.
// Used by Jupyter (kernelspec written by `npm run kernel:install`) and by `npm run notebooks`.
// Usage: node cli/tslab-kernel.cjs --config-path <connection.json>   or   node cli/tslab-kernel.cjs <connection.json>
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Worker, isMainThread, workerData } = require('node:worker_threads');
const { removeOwnTempDir } = require('../lib/io/temp-dirs.cjs');

// This file is also the parent watchdog's worker (see watchParent below).
if (isMainThread) main();
else watchParent(workerData);

function main() {
  const given = configPathFrom(process.argv.slice(2));
  if (!given) {
    console.error('usage: node cli/tslab-kernel.cjs --config-path <connection-file.json>');
    process.exit(2);
  }
  // Resolve before chdir: Jupyter may pass a path relative to its own working directory.
  const configPath = path.resolve(given);
  process.chdir(path.resolve(__dirname, '..'));
  startWatchdog();
  patchFolderImports();
  const { startKernel } = require('tslab/dist/main');
  const globalVersion = require('tslab/package.json').version;
  startKernel({ configPath, enableFindLocal: false, jsKernel: false, globalVersion });
}

function configPathFrom(argv) {
  const i = argv.findIndex((a) => a === '--config-path' || a.startsWith('--config-path='));
  if (i >= 0) return argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
  return argv.find((a) => !a.startsWith('--'));
}

/**
 * When launched by our executor (which sets SEQSENTRY_KERNEL_PARENT_PID; Jupyter does not), die
 * with it, e.g. when a CI timeout kills it with SIGKILL, so no orphaned kernel keeps running.
 * Why a worker: a cell such as `while (true) {}` blocks this thread's event loop, so a timer here
 * would never fire; a worker thread has its own event loop. It is unref'd, so it never keeps a
 * healthy kernel alive.
 */
function startWatchdog() {
  const parentPid = Number(process.env.SEQSENTRY_KERNEL_PARENT_PID);
  if (!(parentPid > 0)) return;
  // Our executor spawns the kernel directly; through a wrapper command the parent is someone else
  // and only the pid check below applies.
  const direct = process.ppid === parentPid;
  const connDir = process.env.SEQSENTRY_KERNEL_CONN_DIR || '';
  new Worker(__filename, { workerData: { parentPid, direct, connDir } }).unref();
}

/** Worker: poll every 250 ms; once the parent is gone, remove the connection folder and SIGKILL the whole kernel. */
function watchParent({ parentPid, direct, connDir }) {
  // No console here: a worker's console output passes through the (possibly blocked) main thread.
  setInterval(() => {
    if (!parentGone(parentPid, direct)) return;
    try {
      // Only a folder our executor made (`<tmpdir>/seqsentry-kernel-*`, ours) is removed, whatever the environment says.
      removeOwnTempDir(connDir, 'seqsentry-kernel-');
    } finally {
      process.kill(process.pid, 'SIGKILL');
    }
  }, 250);
}

function parentGone(parentPid, direct) {
  // An orphan is re-parented, so a changed ppid is proof even if the old pid has been reused.
  if (direct && process.ppid !== parentPid) return true;
  try {
    process.kill(parentPid, 0);
    return false;
  } catch (err) {
    return err.code === 'ESRCH';
  }
}


/**
 * tslab compiles local .ts imports itself but looks up `./lib/viz` only as `lib/viz.js`, never as
 * the folder's index (error: Cannot find module './lib/viz'). Its loader joins paths through
 * tspath.normalizeJoin, looked up at call time, so point relative folder imports at their index.
 * Checked against tslab 1.0.22 (pinned); `npm test` runs a notebook that imports a lib folder.
 */
function patchFolderImports() {
  const tspath = require('tslab/dist/tspath');
  const join = tspath.normalizeJoin;
  tspath.normalizeJoin = (...parts) => {
    const joined = join(...parts);
    const last = parts[parts.length - 1];
    if (parts.length === 2 && typeof last === 'string' && last.startsWith('.') && isFolderWithIndex(joined)) return `${joined}/index`;
    return joined;
  };
}

function isFolderWithIndex(p) {
  try {
    return fs.statSync(p).isDirectory() && (fs.existsSync(`${p}/index.ts`) || fs.existsSync(`${p}/index.js`));
  } catch {
    return false;
  }
}
