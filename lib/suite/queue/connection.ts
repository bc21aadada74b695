/**
 * Where the job queue lives: `redis://[:password@]HOST:PORT[/db]` (the REDIS_URL convention). Parsing
 * is pure; `checkRedis` answers within a few seconds whether the server can be reached, so the
 * benchmark and worker commands fail with a clear message (exit 2) instead of retrying forever.
 */
import IORedis from 'ioredis';

/** The BullMQ queue every seqsentry job goes through (jobs carry their kind as the job name). */
export const QUEUE_NAME = 'seqsentry';

export interface QueueAddress {
  host: string;
  port: number;
  db: number;
  password?: string;
  username?: string;
  /** The URL without its password, for messages. */
  shown: string;
}

/** Parse a queue URL; an error names what is wrong with it. */
export function parseQueueUrl(url: string): QueueAddress {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`--queue expects redis://HOST:PORT, got "${url}"`);
  }
  if (u.protocol !== 'redis:') throw new Error(`--queue expects redis://HOST:PORT, got "${url}" (protocol ${u.protocol.replace(/:$/, '')})`);
  if (!u.hostname) throw new Error(`--queue ${url}: no host`);
  const port = u.port ? Number(u.port) : 6379;
  const dbPart = u.pathname.replace(/^\//, '');
  const db = dbPart ? Number(dbPart) : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error(`--queue ${url}: the database after the "/" must be a number, got "${dbPart}"`);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return {
    host, port, db, ...(u.password ? { password: decodeURIComponent(u.password) } : {}), ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    shown: `redis://${u.host}${db ? `/${db}` : ''}`,
  };
}

/** ioredis options for BullMQ (workers need maxRetriesPerRequest null: they block on the queue). */
export function connectionOptions(a: QueueAddress): { host: string; port: number; db: number; password?: string; username?: string; maxRetriesPerRequest: null } {
  return { host: a.host, port: a.port, db: a.db, ...(a.password ? { password: a.password } : {}), ...(a.username ? { username: a.username } : {}), maxRetriesPerRequest: null };
}

/** Resolve when Redis answers PING within `timeoutMs`; else an error saying it cannot be reached and why. */
export async function checkRedis(a: QueueAddress, timeoutMs = 3000): Promise<void> {
  const client = new IORedis({ ...connectionOptions(a), lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  let last = '';
  client.on('error', (err: Error) => {
    last = err.message;
  });
  try {
    await withTimeout(client.connect().then(() => client.ping()), timeoutMs);
  } catch (err) {
    const why = last || (err as Error).message;
    throw new Error(`cannot reach Redis at ${a.shown}: ${why} (start one: redis-server --port ${a.port} --save '' --appendonly no)`);
  } finally {
    client.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then((v) => {
      clearTimeout(t);
      resolve(v);
    }, (e: unknown) => {
      clearTimeout(t);
      reject(e instanceof Error ? e : new Error(String(e)));
    });
  });
}
