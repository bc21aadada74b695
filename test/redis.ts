// A real Redis for the queue tests (not a test file): Debian's redis-server on 127.0.0.1 and a free
// port, persistence off, stopped by its pid. Null (with the reason) when redis-server cannot be had.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';

export interface TestRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Start redis-server; `{ skip }` says why not when it is not installed or does not start. */
export async function startRedis(): Promise<TestRedis | { skip: string }> {
  const which = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (which.error || which.status !== 0) return { skip: 'redis-server is not installed (apt-get install -y redis-server; .ci/run installs it)' };
  const port = await freePort();
  const proc: ChildProcess = spawn('redis-server', ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
  const ok = await waitForPort(port, 10_000);
  if (!ok) {
    proc.kill('SIGKILL');
    return { skip: `redis-server did not listen on 127.0.0.1:${port} within 10 s` };
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: () => new Promise<void>((resolve) => {
      if (proc.exitCode !== null) return resolve();
      proc.once('exit', () => resolve());
      process.kill(proc.pid!, 'SIGTERM');
    }),
  };
}

async function waitForPort(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const up = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.end();
        resolve(true);
      });
      c.once('error', () => resolve(false));
    });
    if (up) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
