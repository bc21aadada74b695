import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Throw a clear error when `p` does not exist; `what` names the thing for the message. */
export function requireExists(p: string, what: string, hint = ''): void {
  if (!fs.existsSync(p)) throw new Error(`${what} not found: ${p}${hint ? ` (${hint})` : ''}`);
}

/** The temp-name suffix of `writeFileWith`: `<file>.tmp-<pid>-<ms>` (the run layer removes stale ones). */
export const FILE_TEMP_PATTERN = /\.tmp-\d+-\d+$/;

/**
 * Write a file atomically with `write(tmpPath)` (any writer: text, parquet, …): it writes a sibling
 * temp file, which is renamed over `file` only when `write` succeeds, so readers never see half a file.
 */
export function writeFileWith(file: string, write: (tmp: string) => void): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    write(tmp);
    fs.renameSync(tmp, file);
  } catch (err) {
    removeTempFile(tmp);
    throw err;
  }
}

/** Write a file atomically (see writeFileWith). */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  writeFileWith(file, (tmp) => fs.writeFileSync(tmp, data));
}

/** Pretty JSON, written atomically. */
export function writeJson(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/** Read and parse a JSON file, naming the file when it is missing or malformed. */
export function readJson<T = unknown>(file: string, what = 'JSON file'): T {
  requireExists(file, what);
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    throw new Error(`${what} ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/** The temp-folder names of `writeDirAtomic`: `.<name>.tmp-XXXXXX` (and `….old` while swapping). */
export const DIR_TEMP_PATTERN = /^\..+\.tmp-[A-Za-z0-9]{6}(\.old)?$/;

/**
 * Build a whole output folder atomically: `fill` writes into a fresh temp folder beside `dir`,
 * which replaces `dir` only when `fill` succeeds. On failure nothing half-written is left behind.
 */
export async function writeDirAtomic(dir: string, fill: (tmpDir: string) => void | Promise<void>): Promise<void> {
  const parent = path.dirname(path.resolve(dir));
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(dir)}.tmp-`));
  const old = `${tmp}.old`;
  try {
    await fill(tmp);
    fs.chmodSync(tmp, 0o777 & ~process.umask()); // mkdtemp makes 0700; give the folder normal permissions
    if (fs.existsSync(dir)) fs.renameSync(dir, old);
    try {
      fs.renameSync(tmp, dir);
    } catch (err) {
      if (fs.existsSync(old)) fs.renameSync(old, dir); // put the previous folder back
      throw err;
    }
    fs.rmSync(old, { recursive: true, force: true });
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

const tempDirs = require('./temp-dirs.cjs') as {
  makeTempDir(prefix: string, parent?: string): string;
  isTempDirPath(dir: string, prefix: string, parent?: string): boolean;
  removeOwnTempDir(dir: string, prefix: string, parent?: string): boolean;
};

/** Make a private folder `<parent>/<prefix>XXXXXX` (0700; parent: the OS temp folder) for this process's own scratch files. */
export function makeTempDir(prefix: string, parent = os.tmpdir()): string {
  return tempDirs.makeTempDir(prefix, parent);
}

/**
 * Remove a folder made by makeTempDir with this `prefix` and `parent`; anything else is refused (an
 * error), so a wrong path can never delete a user's folder. A folder already gone is fine.
 */
export function removeTempDir(dir: string, prefix: string, parent = os.tmpdir()): void {
  const refuse = () => new Error(`removeTempDir: ${dir} is not a ${prefix}* folder of this user in ${parent}`);
  if (!tempDirs.isTempDirPath(dir, prefix, parent)) throw refuse();
  const resolved = path.resolve(dir);
  if (fs.existsSync(resolved) && !tempDirs.removeOwnTempDir(resolved, prefix, parent)) throw refuse();
}

/** Remove a temp file of an atomic write (`….tmp-<pid>-<ms>`); any other name is refused (an error). */
export function removeTempFile(tmp: string): void {
  if (!FILE_TEMP_PATTERN.test(tmp)) throw new Error(`removeTempFile: ${tmp} is not the temp file of an atomic write`);
  fs.rmSync(tmp, { force: true });
}
