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
    fs.rmSync(tmp, { force: true });
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

/** Make a private temp folder `<os tmpdir>/<prefix>XXXXXX` (0700) for this process's own scratch files. */
export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Remove a temp folder made by makeTempDir with this `prefix`; anything else is refused (an error),
 * so a wrong path can never delete a user's folder.
 */
export function removeTempDir(dir: string, prefix: string): void {
  const resolved = path.resolve(dir);
  if (path.dirname(resolved) !== path.resolve(os.tmpdir()) || !path.basename(resolved).startsWith(prefix)) {
    throw new Error(`removeTempDir: ${dir} is not a ${prefix}* folder in ${os.tmpdir()}`);
  }
  fs.rmSync(resolved, { recursive: true, force: true });
}
