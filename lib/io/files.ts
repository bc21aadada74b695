import * as fs from 'node:fs';
import * as path from 'node:path';

/** Throw a clear error when `p` does not exist; `what` names the thing for the message. */
export function requireExists(p: string, what: string, hint = ''): void {
  if (!fs.existsSync(p)) throw new Error(`${what} not found: ${p}${hint ? ` (${hint})` : ''}`);
}

/** Write a file atomically: write a sibling temp file, then rename, so readers never see half a file. */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
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
