import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as zmq from 'zeromq';
import { makeTempDir, removeTempDir } from '../io/files';
import { fromRoot, REPO_ROOT } from '../io/paths';
import { buildMessage, decodeMessage, encodeMessage, type ConnectionInfo, type JupyterMessage } from './protocol';

// A client for one tslab kernel process, speaking the Jupyter protocol over ZeroMQ.

/** Connection folders are `<tmpdir>/seqsentry-kernel-XXXXXX` (cli/tslab-kernel.cjs removes only such a folder). */
const CONN_PREFIX = 'seqsentry-kernel-';

/** Options for `KernelClient.start`; every field has a default. */
export interface KernelStartOptions {
  /** Environment of the kernel process (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /**
   * The kernel command for a connection file (default: `node cli/tslab-kernel.cjs --config-path <file>`;
   * a kernelspec's argv with `{connection_file}` substituted works too). Its environment names our
   * pid and the connection folder (SEQSENTRY_KERNEL_PARENT_PID, SEQSENTRY_KERNEL_CONN_DIR) so that
   * cli/tslab-kernel.cjs can kill itself and remove the folder should this process be SIGKILLed.
   */
  command?: (connectionFile: string) => string[];
  /** Give up when the kernel has not answered `kernel_info_request` by then (ms, default 60 000). */
  readyTimeoutMs?: number;
}

/** Options for one `execute` call. */
export interface ExecuteOptions {
  /** Stop waiting after this long (ms, default: no limit); the outcome is then `timeout`. */
  timeoutMs?: number;
  /** Called with each iopub message of this execution except `status`. */
  onOutput?: (msg: JupyterMessage) => void;
}

/** How an execution ended; `reply` is the `execute_reply` content when one came. */
export interface ExecuteOutcome {
  status: 'ok' | 'error' | 'timeout' | 'crashed';
  reply?: Record<string, unknown>;
  /** For `crashed`: exit code or signal and the end of the kernel's own stderr. */
  crash?: string;
}

interface Pending {
  iopub(msg: JupyterMessage): void;
  reply(msg: JupyterMessage): void;
  exit(why: string): void;
}

/** One running tslab kernel: `start`, then `execute` cells one at a time, then `shutdown`. */
export class KernelClient {
  /** Connection folders not yet removed, with the kernel process using each (for `killAll`). */
  private static readonly live = new Map<string, ChildProcess>();
  private static exitHooked = false;
  private readonly session = randomUUID();
  private readonly pending = new Map<string, Pending>();
  private readonly sendChains = new Map<zmq.Dealer, Promise<unknown>>();
  private exitInfo: string | null = null;
  private logTail = '';
  private asyncErrors: string[] = [];
  /** The kernel's `kernel_info_reply` content. */
  info: Record<string, unknown> = {};

  private constructor(
    private readonly proc: ChildProcess,
    private readonly conn: ConnectionInfo,
    private readonly connDir: string,
    private readonly shell: zmq.Dealer,
    private readonly control: zmq.Dealer,
    private readonly iopub: zmq.Subscriber,
  ) {
    KernelClient.live.set(connDir, proc);
    const keep = (b: Buffer) => {
      const text = b.toString();
      this.logTail = (this.logTail + text).slice(-8000);
      this.noteAsyncErrors(text);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const died = (info: string) => {
      // A dead kernel needs no connection file; do not leave its key lying around until shutdown.
      this.removeConnDir();
      this.exitInfo ??= info;
      // Let the pipes deliver the kernel's last words before telling waiters why it died.
      const notify = () => {
        const why = this.logTail.trim() ? `${this.exitInfo}; its last output:\n${this.logTail.trim()}` : `${this.exitInfo}`;
        for (const p of [...this.pending.values()]) p.exit(why);
      };
      const t = setTimeout(notify, 300);
      proc.once('close', () => { clearTimeout(t); notify(); });
    };
    proc.on('exit', (code, signal) => died(`kernel process exited (${signal ? `signal ${signal}` : `code ${code}`})`));
    proc.on('error', (err) => died(`kernel process failed: ${err.message}`));
    for (const sock of [shell, control]) void this.pump(sock, (m) => this.pending.get(m.parent_header.msg_id ?? '')?.reply(m));
    void this.pump(iopub, (m) => {
      const pending = this.pending.get(m.parent_header.msg_id ?? '');
      if (pending) pending.iopub(m);
      else if (m.header.msg_type === 'stream') this.noteAsyncErrors(String((m.content as { text?: unknown }).text ?? ''));
    });
  }

  /** Spawn a kernel with a fresh connection file and wait until it answers (slow-joiner safe). */
  static async start(opts: KernelStartOptions = {}): Promise<KernelClient> {
    const [shell_port, iopub_port, stdin_port, control_port, hb_port] = await freePorts(5);
    const conn: ConnectionInfo = {
      transport: 'tcp', ip: '127.0.0.1', shell_port, iopub_port, stdin_port, control_port, hb_port,
      key: randomBytes(32).toString('hex'), signature_scheme: 'hmac-sha256', kernel_name: 'seqsentry',
    };
    KernelClient.hookExit();
    const connDir = makeTempDir(CONN_PREFIX);
    const connFile = path.join(connDir, 'connection.json');
    let client: KernelClient;
    let proc: ChildProcess | undefined;
    try {
      // mkdtemp made the folder 0700; the file holds the HMAC key, so it is owner-only too.
      fs.writeFileSync(connFile, `${JSON.stringify(conn, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      const [cmd, ...args] = opts.command?.(connFile) ?? [process.execPath, fromRoot('cli', 'tslab-kernel.cjs'), '--config-path', connFile];
      if (!cmd) throw new Error('tslab kernel failed to start: the kernel command is empty');
      proc = spawn(cmd, args, {
        cwd: REPO_ROOT,
        // The kernel's watchdog (cli/tslab-kernel.cjs) kills it and removes connDir should we die first.
        env: { ...(opts.env ?? process.env), SEQSENTRY_KERNEL_PARENT_PID: String(process.pid), SEQSENTRY_KERNEL_CONN_DIR: connDir },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const url = (port: number) => `tcp://${conn.ip}:${port}`;
      const shell = new zmq.Dealer({ linger: 0 });
      const control = new zmq.Dealer({ linger: 0 });
      const iopub = new zmq.Subscriber({ linger: 0 });
      shell.connect(url(shell_port));
      control.connect(url(control_port));
      iopub.connect(url(iopub_port));
      iopub.subscribe();
      client = new KernelClient(proc, conn, connDir, shell, control, iopub);
    } catch (err) {
      // Failed before the client existed: nothing else knows about this process or folder.
      proc?.kill('SIGKILL');
      removeTempDir(connDir, CONN_PREFIX);
      throw err;
    }
    try {
      await client.waitReady(opts.readyTimeoutMs ?? 60_000);
    } catch (err) {
      await client.shutdown({ force: true });
      throw err;
    }
    return client;
  }

  /** Clean up synchronously however this process ends, short of SIGKILL (against which the kernel watches for our death itself). */
  private static hookExit(): void {
    if (KernelClient.exitHooked) return;
    process.on('exit', () => KernelClient.killAll());
    KernelClient.exitHooked = true;
  }

  /** SIGKILL every kernel this process started that is still running and remove every connection folder left (synchronous, for signal and exit handlers). */
  static killAll(): void {
    for (const [dir, proc] of KernelClient.live) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
      removeTempDir(dir, CONN_PREFIX);
      KernelClient.live.delete(dir);
    }
  }

  /** The kernel's connection file (in an owner-only folder, removed when the kernel dies or is shut down). */
  get connectionFile(): string {
    return path.join(this.connDir, 'connection.json');
  }

  /** Whether the kernel process is still running. */
  get alive(): boolean {
    return this.exitInfo === null;
  }

  /**
   * Between cells tslab prints errors from timers and stray promises either to its own stderr or as
   * iopub output parented to a cell that has already finished; both land here.
   */
  private noteAsyncErrors(text: string): void {
    for (const line of text.split('\n')) {
      const err = asyncErrorLine(line);
      if (err) this.asyncErrors.push(err);
    }
  }

  /** Errors the kernel printed outside any cell (uncaught exceptions, unhandled rejections) since the last call. */
  takeAsyncErrors(): string[] {
    const errs = this.asyncErrors;
    this.asyncErrors = [];
    return errs;
  }

  /** Run `code`; resolves when the reply and the iopub `idle` for it have both arrived, or on timeout/crash. */
  execute(code: string, opts: ExecuteOptions = {}): Promise<ExecuteOutcome> {
    if (this.exitInfo) return Promise.resolve({ status: 'crashed', crash: this.exitInfo });
    const msg = buildMessage('execute_request', {
      code, silent: false, store_history: true, user_expressions: {}, allow_stdin: false, stop_on_error: true,
    }, this.session);
    return new Promise((resolve) => {
      let reply: Record<string, unknown> | undefined;
      let idle = false;
      const timers: NodeJS.Timeout[] = [];
      const done = (outcome: ExecuteOutcome) => {
        timers.forEach(clearTimeout);
        this.pending.delete(msg.header.msg_id);
        resolve(outcome);
      };
      const maybeDone = () => {
        if (reply && idle) done({ status: reply.status === 'ok' ? 'ok' : 'error', reply });
      };
      if (opts.timeoutMs !== undefined) timers.push(setTimeout(() => done({ status: 'timeout', reply }), opts.timeoutMs));
      this.pending.set(msg.header.msg_id, {
        iopub: (m) => {
          if (m.header.msg_type === 'status') {
            idle ||= m.content.execution_state === 'idle';
            return maybeDone();
          }
          opts.onOutput?.(m);
        },
        reply: (m) => {
          reply = m.content;
          maybeDone();
          // Should the idle status be lost, do not hang: outputs have had 2 s to arrive.
          if (!idle) timers.push(setTimeout(() => { idle = true; maybeDone(); }, 2000));
        },
        exit: (why) => done({ status: 'crashed', reply, crash: why }),
      });
      this.send(this.shell, msg);
    });
  }

  /** Stop the kernel: `shutdown_request`, then SIGTERM/SIGKILL if it lingers (`force` kills at once); closes sockets. */
  async shutdown(opts: { force?: boolean } = {}): Promise<void> {
    try {
      if (this.alive && !opts.force) {
        this.send(this.control, buildMessage('shutdown_request', { restart: false }, this.session));
        await this.waitExit(3000);
      }
      if (this.alive) {
        this.proc.kill(opts.force ? 'SIGKILL' : 'SIGTERM');
        await this.waitExit(2000);
      }
      if (this.alive) {
        this.proc.kill('SIGKILL');
        await this.waitExit(2000);
      }
      for (const sock of [this.shell, this.control, this.iopub]) sock.close();
    } finally {
      this.removeConnDir();
    }
  }

  private removeConnDir(): void {
    removeTempDir(this.connDir, CONN_PREFIX);
    KernelClient.live.delete(this.connDir);
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let gotReply = false;
    let gotStatus = false;
    const asked: string[] = [];
    while (!(gotReply && gotStatus)) {
      if (this.exitInfo) throw new Error(`tslab kernel failed to start: ${this.exitInfo}\n${this.logTail.trim()}`);
      if (Date.now() > deadline) throw new Error(`tslab kernel did not answer within ${timeoutMs / 1000} s\n${this.logTail.trim()}`);
      // Slow joiner: iopub messages sent before our subscription is live are dropped, so ask again
      // until the iopub status for one of our requests gets through.
      const msg = buildMessage('kernel_info_request', {}, this.session);
      asked.push(msg.header.msg_id);
      this.pending.set(msg.header.msg_id, {
        iopub: (m) => { if (m.header.msg_type === 'status') gotStatus = true; },
        reply: (m) => { gotReply = true; this.info = m.content; },
        exit: () => {},
      });
      await this.send(this.shell, msg);
      await sleep(gotReply ? 100 : 250);
    }
    for (const id of asked) this.pending.delete(id);
  }

  private send(sock: zmq.Dealer, msg: JupyterMessage): Promise<unknown> {
    // zeromq v6 rejects a send while another is in flight on the same socket: chain them.
    const prev = this.sendChains.get(sock) ?? Promise.resolve();
    const next = prev.then(() => sock.send(encodeMessage(msg, this.conn.key))).catch(() => undefined);
    this.sendChains.set(sock, next);
    return next;
  }

  private async pump(sock: zmq.Dealer | zmq.Subscriber, handle: (m: JupyterMessage) => void): Promise<void> {
    try {
      for await (const frames of sock) {
        let msg: JupyterMessage;
        try {
          msg = decodeMessage(frames, this.conn.key);
        } catch {
          continue; // a malformed or wrongly signed message is not ours to act on
        }
        handle(msg);
      }
    } catch {
      // socket closed
    }
  }

  private waitExit(ms: number): Promise<void> {
    if (!this.alive) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.proc.once('exit', () => { clearTimeout(t); resolve(); });
    });
  }
}

/** `n` distinct free TCP ports on 127.0.0.1 (held open together so they differ). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: n }, () => new Promise<net.Server>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => resolve(s));
  })));
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * The uncaught error a kernel output line reports, or null. tslab's own start-up race is not one: it
 * starts its socket loops before its binds finish and sends iopub status without awaiting, so under load
 * zeromq may reject with "Socket is blocked by a bind or unbind operation" before any cell ran. Only
 * that status message is lost (waitReady asks again); it must not fail the notebook's first cell.
 */
export function asyncErrorLine(line: string): string | null {
  if (!/^(UncaughtException|UnhandledPromiseRejection):/.test(line)) return null;
  return /Socket is blocked by a bind or unbind operation/.test(line) ? null : line.trim();
}
