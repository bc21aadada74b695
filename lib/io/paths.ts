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
