/** The progress bar over a suite's jobs: a pure line, redrawn in place on a terminal, one line per change elsewhere. */

export interface JobCounts {
  total: number;
  done: number;
  failed: number;
  running: number;
  skipped: number;
  retried: number;
}

/** `[#######.......]  7/16 jobs  2 running  1 failed  0 retried  1m20s` (width = bar cells). */
export function progressLine(c: JobCounts, seconds: number, width = 24): string {
  const finished = c.done + c.failed + c.skipped;
  const filled = c.total ? Math.round((finished / c.total) * width) : width;
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const extra = [c.running ? `${c.running} running` : '', c.skipped ? `${c.skipped} already complete` : '', c.failed ? `${c.failed} failed` : '', c.retried ? `${c.retried} retried` : ''].filter(Boolean);
  return `${bar} ${finished}/${c.total} jobs${extra.length ? `  ${extra.join('  ')}` : ''}  ${formatSeconds(seconds)}`;
}

/** 75 → "1m15s", 3725 → "1h02m". */
export function formatSeconds(s: number): string {
  if (s < 60) return `${Math.round(s)}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** A progress display on `stream`: redrawn in place on a terminal; elsewhere a line when the line changes. */
export function progressWriter(stream: NodeJS.WriteStream = process.stderr): { update(c: JobCounts): void; note(line: string): void; end(): void } {
  const t0 = performance.now();
  let last = '';
  let counts: JobCounts | null = null;
  const draw = () => {
    if (!counts) return;
    const line = progressLine(counts, (performance.now() - t0) / 1000);
    if (stream.isTTY) stream.write(`\r\x1b[K${line}`);
    else if (line.replace(/\s+\S+$/, '') !== last.replace(/\s+\S+$/, '')) stream.write(`${line}\n`);
    last = line;
  };
  const timer = stream.isTTY ? setInterval(draw, 1000) : null;
  timer?.unref();
  return {
    update(c) {
      counts = { ...c };
      draw();
    },
    note(line) {
      stream.write(stream.isTTY ? `\r\x1b[K${line}\n` : `${line}\n`);
      draw();
    },
    end() {
      if (timer) clearInterval(timer);
      if (stream.isTTY && last) stream.write('\n');
    },
  };
}
