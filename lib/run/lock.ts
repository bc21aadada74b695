/**
 * One writer per run folder: `run.lock` holds the writer's pid, host and command. A second run on the
 * same folder fails fast; a lock left by a dead process on this host is taken over with a warning.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from './errors';
import { pidAlive } from './manifest';

export const LOCK_FILE = 'run.lock';

export interface LockInfo {
  pid: number;
  host: string;
  started_at: string;
  command: string;
}

/** A held lock; `release` removes it (only if it is still ours). */
export interface RunLock {
  file: string;
  release(): void;
}

/**
 * Take the lock of `dir` (which must exist). The lock file is created complete (written aside, then
 * hard-linked into place, which fails if another holds it), so a reader never sees half of one.
 */
export function acquireLock(dir: string, command: string, warn: (line: string) => void, opts: { abandoned?: (holder: LockInfo) => boolean; waitMs?: number } = {}): RunLock {
  const file = path.join(dir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: os.hostname(), started_at: new Date().toISOString(), command };
  const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
  fs.writeFileSync(tmp, JSON.stringify(info, null, 2) + '\n');
  try {
    const deadline = Date.now() + (opts.waitMs ?? 0);
    for (let takeovers = 0; ; ) {
      try {
        fs.linkSync(tmp, file);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || takeovers > 3) throw err;
      }
      if (!fs.existsSync(file)) continue; // released in between: try again
      const holder = readLock(file);
      const dead = holder !== null && holder.host === info.host && (!pidAlive(holder.pid) || opts.abandoned?.(holder) === true);
      if (holder && !dead && Date.now() < deadline) {
        sleepSync(200);
        continue;
      }
      if (holder && !dead) {
        throw new UsageError(`run folder ${dir} is in use by pid ${holder.pid} on ${holder.host} since ${holder.started_at} (${holder.command}); wait for it to finish or choose another --out`);
      }
      const why = !holder ? 'an unreadable lock file' : holder.pid === process.pid ? 'an earlier run of this process that never ended' : `pid ${holder.pid}, which is no longer running`;
      warn(`warning: taking over the lock of ${dir} left by ${why}`);
      fs.rmSync(file, { force: true });
      takeovers++;
    }
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  return {
    file,
    release() {
      const holder = readLock(file);
      if (holder && holder.pid === info.pid && holder.host === info.host) fs.rmSync(file, { force: true });
    },
  };
}

/** The lock's holder, or null when absent or unreadable. */
export function readLock(file: string): LockInfo | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? v : null;
  } catch {
    return null;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
