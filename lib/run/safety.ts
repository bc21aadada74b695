/**
 * Never destroy what the tool did not create: a run may write only into a folder that does not exist,
 * is empty, or holds this tool's run manifest (of the same kind). Everything else is refused before
 * anything is written, naming the folder and how to proceed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../io/paths';
import { UsageError } from './errors';
import { MANIFEST_FILE, readManifest, TOOL, type RunKind } from './manifest';

export interface RunDirCheck {
  kind: RunKind;
  /** Input files or folders of the run: the run folder may not hold (or be) any of them. */
  inputs?: readonly string[];
  /** The flag that chose the folder, for messages (default `--out`). */
  flag?: string;
  /** Another manifest this kind accepts as its own (the demo data's `manifest.json` before run.json existed). */
  legacy?: (dir: string) => boolean;
}

/** The real absolute path of `p`, resolving symbolic links of its existing part. */
export function realPath(p: string): string {
  const abs = path.resolve(p);
  let head = abs;
  const tail: string[] = [];
  while (!fs.existsSync(head)) {
    const up = path.dirname(head);
    if (up === head) break;
    tail.unshift(path.basename(head));
    head = up;
  }
  return path.join(fs.realpathSync(head), ...tail);
}

/** True when `inner` is `outer` or lies inside it. */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Check that a run may use `dir` (throws UsageError otherwise). Allowed: a missing folder, an empty
 * one, or a run folder of this tool and kind. Refused: `/`, the home folder, the repository root or
 * any folder above it, a folder that holds an input of the run, a file, any other non-empty folder.
 */
export function checkRunDir(dir: string, opts: RunDirCheck): void {
  const flag = opts.flag ?? '--out';
  const real = realPath(dir);
  const how = `choose another ${flag}, or remove it yourself if you no longer need it`;
  const refuse = (why: string) => {
    throw new UsageError(`refusing to use ${dir} as the run folder: ${why}; ${how}`);
  };
  const home = os.homedir();
  if (real === path.parse(real).root) refuse('it is the file-system root');
  if (home && real === realPath(home)) refuse('it is your home folder');
  if (isInside(realPath(REPO_ROOT), real)) refuse(real === realPath(REPO_ROOT) ? 'it is the repository root' : `it contains the repository ${REPO_ROOT}`);
  for (const input of opts.inputs ?? []) {
    if (isInside(realPath(input), real)) refuse(`it holds an input of this run (${input}), which a run could overwrite`);
  }
  if (!fs.existsSync(real)) return;
  if (!fs.statSync(real).isDirectory()) refuse('it is a file, not a folder');
  const entries = fs.readdirSync(real);
  if (entries.length === 0) return;
  const m = readManifest(real);
  if (m) {
    if (m.kind !== opts.kind) refuse(`it is a ${m.kind} run folder, not a ${opts.kind} one`);
    return;
  }
  if (opts.legacy?.(real)) return;
  const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? `, … (${entries.length} entries)` : '');
  const note = entries.includes(MANIFEST_FILE) ? `its ${MANIFEST_FILE} is not a ${TOOL} run manifest` : `it is not empty (${shown}) and has no ${MANIFEST_FILE}, so ${TOOL} did not create it`;
  const old = entries.includes('config.json') ? ' (a run folder written by a seqsentry version from before run manifests looks like this too)' : '';
  refuse(note + old);
}
