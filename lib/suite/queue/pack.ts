/**
 * A job's folder as it travels back through Redis: every file, gzip'd and base64'd in one JSON value.
 * Workers on other machines share no file system with the submitter, so the folder itself comes back
 * and is unpacked into the suite folder, where the leaderboard reads it like a local run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { writeDirAtomic } from '../../io/files';

export interface PackedDir {
  files: { path: string; gz: string }[];
  bytes: number;
}

/** Refuse to send back a folder larger than this through Redis (one job's folder is ~0.1–5 MB). */
export const MAX_PACKED_BYTES = 256 * 1024 * 1024;

/** Every file under `dir` (relative paths with "/"), compressed. */
export function packDir(dir: string): PackedDir {
  const files: PackedDir['files'] = [];
  let bytes = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name !== 'run.lock') {
        const data = fs.readFileSync(p);
        bytes += data.length;
        if (bytes > MAX_PACKED_BYTES) throw new Error(`${dir} holds more than ${MAX_PACKED_BYTES / 2 ** 20} MB; too large to send back through the queue`);
        files.push({ path: path.relative(dir, p).split(path.sep).join('/'), gz: zlib.gzipSync(data).toString('base64') });
      }
    }
  };
  walk(dir);
  return { files, bytes };
}

/** Replace `dir` with the packed files, atomically (the caller has checked `dir` may be replaced). */
export async function unpackDir(packed: PackedDir, dir: string): Promise<void> {
  await writeDirAtomic(dir, (tmp) => {
    for (const f of packed.files) {
      if (f.path.split('/').some((part) => part === '..' || part === '') || path.isAbsolute(f.path)) throw new Error(`packed folder: refusing the path "${f.path}"`);
      const out = path.join(tmp, ...f.path.split('/'));
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, zlib.gunzipSync(Buffer.from(f.gz, 'base64')));
    }
  });
}
