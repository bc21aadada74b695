'use strict';
// Private scratch folders `<parent>/<prefix>XXXXXX` (parent: the OS temp folder unless given): made with
// mkdtemp, removed only when the path really is such a folder of this user. Plain CommonJS so that the
// kernel wrapper (cli/tslab-kernel.cjs, run by node without tsx) shares the one check with lib/io/files.ts.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** Make `<parent>/<prefix>XXXXXX` (0700); the parent is created if missing. */
function makeTempDir(prefix, parent = os.tmpdir()) {
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(path.join(parent, prefix));
}

/** True when `dir` names a `<parent>/<prefix>…` path (whatever is there, if anything). */
function isTempDirPath(dir, prefix, parent = os.tmpdir()) {
  const resolved = path.resolve(dir);
  return path.dirname(resolved) === path.resolve(parent) && path.basename(resolved).startsWith(prefix);
}

/** True when `dir` is an absolute `<parent>/<prefix>…` folder (not a link) owned by this user. */
function isOwnTempDir(dir, prefix, parent = os.tmpdir()) {
  if (!dir || !path.isAbsolute(dir) || !isTempDirPath(dir, prefix, parent)) return false;
  try {
    const st = fs.lstatSync(path.resolve(dir));
    return st.isDirectory() && (process.getuid === undefined || st.uid === process.getuid());
  } catch {
    return false;
  }
}

/** Remove `dir` when it is such a folder (true), else leave everything as it is (false). */
function removeOwnTempDir(dir, prefix, parent = os.tmpdir()) {
  if (!isOwnTempDir(dir, prefix, parent)) return false;
  fs.rmSync(path.resolve(dir), { recursive: true, force: true });
  return true;
}

module.exports = { makeTempDir, isTempDirPath, isOwnTempDir, removeOwnTempDir };
