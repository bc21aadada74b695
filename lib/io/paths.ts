import * as fs from 'node:fs';
import * as path from 'node:path';

/** Absolute path of the repository root: the nearest folder above this file holding package.json. */
export const REPO_ROOT: string = findRoot(__dirname);

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`seqsentry: no package.json above ${start}`);
    dir = up;
  }
  return dir;
}

/** Resolve a repo-relative path (absolute paths pass through). */
export function fromRoot(...parts: string[]): string {
  return path.resolve(REPO_ROOT, ...parts);
}

/** Where the shared real datasets live (`../shared/data` beside the repo), or null when absent. */
export function sharedDataDir(): string | null {
  const dir = process.env.SEQSENTRY_SHARED_DATA ?? path.resolve(REPO_ROOT, '..', 'shared', 'data');
  return fs.existsSync(dir) ? dir : null;
}

/** How configs name the shared datasets folder beside the repository. */
export const SHARED_PREFIX = '../shared/data';

/**
 * Absolute folder of a dataset's raw files (a schema's `raw_dir`, a NIDS dataset's `dir`): repo-relative paths resolve from the repo root, and
 * `../shared/data/...` follows SEQSENTRY_SHARED_DATA when that is set (as sharedDataDir() does).
 */
export function resolveRawDir(rawDir: string): string {
  const norm = rawDir.replace(/\\/g, '/');
  const env = process.env.SEQSENTRY_SHARED_DATA;
  if (env && (norm === SHARED_PREFIX || norm.startsWith(`${SHARED_PREFIX}/`))) return path.resolve(env, norm.slice(SHARED_PREFIX.length + 1));
  return fromRoot(rawDir);
}

/** `*`-only glob → anchored RegExp over a file name. */
export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.split('*').map((p) => p.replace(/[.+^${}()|[\]\\?]/g, '\\$&')).join('.*')}$`);
}

/** Natural order of file names: dataset-2.csv before dataset-10.csv. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
