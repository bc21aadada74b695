import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { BackendWasm, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { writeFileAtomic } from '../io/files';

/*
 * The multi-threaded WASM build of TF.js (SIMD + pthreads: XNNPACK's matrix products and convolutions
 * split across threads) in Node. TF.js ships the build but turns it off in Node (flags_wasm.js:
 * WASM_HAS_MULTITHREAD_SUPPORT is false when IS_NODE, tfjs issue #3830) because its loader hands the
 * pthread workers Blob URLs, which Node's worker_threads cannot load. Here the build's own Emscripten
 * factory is started with real file paths instead. Measured on 2 cores (helper study, scratch notes in
 * the issue): matMul [4096,512]·[512,512] and a Conv1D layer 1.8× faster with 2 threads than 1, a
 * Conv1D gradient 1.4×; results bit-identical to the single-threaded build.
 *
 * Fixes needed, each below: (1) the package's `.worker.js` is a module exporting the worker script as a
 * string, so it is written to a file once; (2) the C++ side caps the pool at os.cpus().length / 2 (read
 * when the module starts), so that count is raised while it starts; (3) pthread workers keep Node's event
 * loop alive, so they are unref'd (the process exits when the main thread is done); (4) the glue
 * pre-starts 8 workers (~75 MB): the unused ones are stopped.
 */

/** Environment variable: WASM threads (1 = the single-threaded build; unset = one per core, at most 8). */
export const WASM_THREADS_ENV = 'SEQSENTRY_WASM_THREADS';
const MAX_THREADS = 8; // the build pre-starts this many pthread workers

interface EmscriptenModule {
  cwrap(name: string, ret: string | null, args: string[]): unknown;
  PThread: { runningWorkers: { unref(): void }[]; unusedWorkers: { terminate(): void }[] };
}

/** Threads to use: $SEQSENTRY_WASM_THREADS or one per core (at most 8). Bad values are named errors. */
export function wasmThreads(env: string | undefined = process.env[WASM_THREADS_ENV]): number {
  if (env === undefined || env === '') return Math.min(MAX_THREADS, os.availableParallelism?.() ?? os.cpus().length);
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1 || n > MAX_THREADS) throw new Error(`${WASM_THREADS_ENV}="${env}" must be an integer from 1 to ${MAX_THREADS} (1 = single-threaded WASM)`);
  return n;
}

function buildDir(): string {
  return path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
}

/** The pthread worker script, written once per content to the temp folder (atomically: other processes may race). */
function workerScript(dir: string): string {
  const { wasmWorkerContents } = require(path.join(dir, 'tfjs-backend-wasm-threaded-simd.worker.js')) as { wasmWorkerContents: string };
  // As backend_wasm.js does before making its Blob: the exported template literal turned '\n' escapes into newlines.
  const source = wasmWorkerContents.replace(/\n/g, '\\n');
  const hash = crypto.createHash('sha256').update(source).digest('hex').slice(0, 16);
  const file = path.join(os.tmpdir(), `seqsentry-tfjs-wasm-worker-${hash}.cjs`);
  if (!fs.existsSync(file)) writeFileAtomic(file, source);
  return file;
}

/** Start the threaded module and wrap it in TF.js's own WASM backend class. */
async function threadedBackend(threads: number): Promise<tf.KernelBackend> {
  const dir = buildDir();
  const mainScript = path.join(dir, 'tfjs-backend-wasm-threaded-simd.js');
  const factory = require(mainScript) as (config: object) => Promise<EmscriptenModule>;
  const worker = workerScript(dir);
  // backend.cc: num_cores = emscripten_num_logical_cores() / 2 (os.cpus().length in Node), read while the
  // module starts; the thread pool is capped at it, which would give 1 thread on 2 cores.
  // The module object Emscripten's require('os') sees (the ESM namespace is read-only).
  const nodeOs = require('node:os') as { cpus: typeof os.cpus };
  const realCpus = nodeOs.cpus;
  const cores = Math.max(realCpus().length, 2 * threads);
  nodeOs.cpus = () => {
    const c = realCpus();
    while (c.length < cores) c.push(c[0]);
    return c;
  };
  let module: EmscriptenModule;
  try {
    module = await factory({
      locateFile: (p: string) => (p.endsWith('.worker.js') ? worker : path.join(dir, p)),
      mainScriptUrlOrBlob: mainScript,
    });
  } finally {
    nodeOs.cpus = realCpus;
  }
  // What tfjs-backend-wasm's init() attaches before constructing the backend.
  (module as unknown as { tfjs: object }).tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  setThreadsCount(threads);
  const backend = new BackendWasm(module as unknown as ConstructorParameters<typeof BackendWasm>[0]);
  for (const w of module.PThread.runningWorkers) w.unref();
  for (const w of module.PThread.unusedWorkers) w.terminate();
  module.PThread.unusedWorkers = [];
  return backend as unknown as tf.KernelBackend;
}

/**
 * Make the `wasm` backend the threaded build with `threads` threads (before it is first used; the
 * kernels registered for `wasm`, seqsentry's included, apply unchanged). If the threaded module cannot
 * start, the single-threaded one is used and `onFallback` hears why. Returns false when `wasm` was
 * already running (nothing changed) or threads is 1.
 */
export function useThreadedWasm(threads: number, onFallback: (why: string) => void): boolean {
  if (threads <= 1 || tf.engine().registry.wasm) return false;
  const stock = tf.findBackendFactory('wasm');
  if (!stock) return false;
  const priority = 2; // what tfjs-backend-wasm registers with
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', async () => {
    try {
      return await threadedBackend(threads);
    } catch (err) {
      onFallback((err as Error).message.split('\n')[0]);
      return stock();
    }
  }, priority);
  return true;
}

/** Threads of the running WASM backend (1 for the single-threaded build), or null when WASM is not running. */
export function runningWasmThreads(): number | null {
  if (tf.getBackend() !== 'wasm') return null;
  const b = tf.backend() as unknown as { wasm: { tfjs: { getThreadsCount(): number } } };
  return b.wasm.tfjs.getThreadsCount();
}
