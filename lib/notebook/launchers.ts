/**
 * The executor's own parent-death check. `npm run notebooks` starts it as npm → sh → tsx → node, and
 * kill -9 of npm (or of the tsx wrapper) leaves the executor running as an orphan, its kernel with it.
 * So the executor watches the processes that launched it, up to and including npm, and stops
 * (killing its kernels) when one of them is gone. The executor's event loop is free while a kernel
 * works, so a timer here always fires (the kernel has its own watchdog, cli/tslab-kernel.cjs).
 */
import * as fs from 'node:fs';

/** `[command name, parent pid]` of a process from /proc, or null when it is gone (or not Linux). */
function procInfo(pid: number): [string, number] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    return [stat.slice(stat.indexOf('(') + 1, close), Number(stat.slice(close + 2).split(' ')[1])];
  } catch {
    return null;
  }
}

/**
 * The launchers of this process: its parent and, when npm started it through wrappers (sh, tsx),
 * every process up to and including npm (at most 4). Without npm in reach: the parent alone.
 */
export function launcherPids(ppid = process.ppid): number[] {
  const chain: number[] = [];
  for (let pid = ppid; chain.length < 4 && pid > 1; ) {
    const info = procInfo(pid);
    if (!info) break;
    chain.push(pid);
    if (/^npm/.test(info[0])) return chain;
    pid = info[1];
  }
  return [ppid];
}

/** Call `onGone` (once) when one of `pids` has exited; polls every `ms`; the timer never holds the process open. */
export function watchLaunchers(pids: readonly number[], onGone: (pid: number) => void, ms = 500): NodeJS.Timeout {
  const timer = setInterval(() => {
    const gone = pids.find((p) => !alive(p));
    if (gone === undefined) return;
    clearInterval(timer);
    onGone(gone);
  }, ms);
  return timer.unref();
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
