import { fromRoot } from '../io/paths';
import type { RunKind } from './manifest';

/**
 * The one naming scheme of run folders: `--out DIR` when given (a relative path is taken from the
 * repository root, where npm runs every script),
 * else `outputs/<kind>/<name>` under the repository, `name` saying what ran (e.g. demo-sysmon-v1,
 * smd-machine-1-6, cicids2017).
 */
export function defaultRunDir(kind: RunKind, name: string, out?: string | null): string {
  if (out) return fromRoot(out);
  const safe = name.replace(/[^\w.-]+/g, '_');
  return fromRoot('outputs', kind, safe);
}
