/** Stale temp files and folders of this tool, left by a run killed part-way (kill -9, power loss). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIR_TEMP_PATTERN, FILE_TEMP_PATTERN } from '../io/files';

/**
 * Remove this tool's temp names inside `dir` (any depth) and `.<name>.tmp-*` folders beside it.
 * Only called while holding the run folder's lock, so no live writer owns them. Returns what went.
 */
export function removeStaleTemps(dir: string): string[] {
  const removed: string[] = [];
  const drop = (p: string) => {
    fs.rmSync(p, { recursive: true, force: true });
    removed.push(p);
  };
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (DIR_TEMP_PATTERN.test(e.name) || FILE_TEMP_PATTERN.test(e.name)) drop(p);
      else if (e.isDirectory()) walk(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  const parent = path.dirname(dir);
  const prefix = `.${path.basename(dir)}.tmp-`;
  if (fs.existsSync(parent)) {
    for (const name of fs.readdirSync(parent)) if (name.startsWith(prefix) && DIR_TEMP_PATTERN.test(name)) drop(path.join(parent, name));
  }
  return removed;
}
