import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { tf } from '../engine';
import type { HostArray } from '../engine/score';
import { gather } from './host-batches';
import { perSampleError, type AutoencoderLoss } from './loss';

/*
 * Data-parallel training over worker_threads (`train.workers N`): the main thread and N − 1 workers each
 * hold a replica of the model; every step splits the batch into N contiguous parts, each computes the
 * gradient of its part's summed per-sample error, the main thread adds the parts (in worker order) and
 * divides by the batch size — the gradient of the batch mean, as one process computes it up to float
 * summation order — and applies one optimizer update, whose weights every replica reads at the next step.
 *
 * Everything crosses threads through SharedArrayBuffers (the training data once, the weights and the
 * gradients every step), and the threads meet on Atomics.wait/notify: no messages, no copies through
 * the event loop. Workers run the single-threaded WASM build (one core each). Dropout replicas draw
 * their masks from the layer's seed offset by the worker's index, so a run is repeatable for a given N.
 * Only autoencoders with a named loss ('mse' or Huber) and fixed training data (no per-epoch resampling).
 */

/** Slots of the control block shared with the workers (data-parallel-worker.ts). */
export const SEQ = 0; // step counter the workers wait on (−1: stop)
export const DONE = 1; // workers done with the current step
export const FAILED = 2; // a worker's error (1 = see its message)

export interface DataParallelOptions {
  workers: number;
  loss: AutoencoderLoss;
  /** The training samples every step draws its batch from (shared with the workers once). */
  data: HostArray;
  /** Largest batch a step will be given. */
  maxBatch: number;
}

/** Int32 slots per replica in the shared index block: its part's size, then the part's sample indices. */
export const idxStride = (init: Pick<WorkerInit, 'maxPart'>): number => init.maxPart + 1;

/** What a worker needs to build its replica (structured-cloned once at start). */
export interface WorkerInit {
  index: number;
  modelJson: string;
  loss: 'mse' | { huber: number };
  shapes: number[][];
  dataShape: number[];
  maxPart: number;
  ctrl: SharedArrayBuffer;
  weights: SharedArrayBuffer;
  grads: SharedArrayBuffer;
  losses: SharedArrayBuffer;
  idx: SharedArrayBuffer;
  data: SharedArrayBuffer;
}

/** Contiguous parts of a batch of n over `k` replicas, sizes differing by at most one. */
export function splitBatch(n: number, k: number): [number, number][] {
  const parts: [number, number][] = [];
  for (let i = 0, start = 0; i < k; i++) {
    const size = Math.floor(n / k) + (i < n % k ? 1 : 0);
    parts.push([start, start + size]);
    start += size;
  }
  return parts;
}

/** Dropout layers of a replica draw from seed + index·7919 (so two replicas never share masks). */
export function replicaJson(modelJson: string, index: number): string {
  const json = JSON.parse(modelJson) as { config?: { layers?: { class_name: string; config: { seed?: number } }[] } };
  for (const layer of json.config?.layers ?? []) {
    if (layer.class_name === 'SeqSentryDropout' && typeof layer.config.seed === 'number') layer.config.seed += index * 7919;
  }
  return JSON.stringify(json);
}

export class DataParallel {
  private readonly ctrl: Int32Array;
  private readonly weights: Float32Array;
  private readonly grads: Float32Array;
  private readonly losses: Float64Array;
  private readonly idx: Int32Array;
  private readonly sizes: number[];
  private readonly total: number;
  private readonly stride: number;
  private closed = false;

  private constructor(
    private readonly model: tf.LayersModel,
    private readonly threads: Worker[],
    private readonly opts: DataParallelOptions,
    private readonly errors: string[],
    init: WorkerInit,
  ) {
    this.ctrl = new Int32Array(init.ctrl);
    this.weights = new Float32Array(init.weights);
    this.grads = new Float32Array(init.grads);
    this.losses = new Float64Array(init.losses);
    this.idx = new Int32Array(init.idx);
    this.sizes = init.shapes.map((s) => s.reduce((a, b) => a * b, 1));
    this.total = this.sizes.reduce((a, b) => a + b, 0);
    this.stride = idxStride(init);
  }

  /** Start the N − 1 workers and wait until each has built its replica. */
  static async start(model: tf.LayersModel, opts: DataParallelOptions): Promise<DataParallel> {
    const n = opts.workers;
    if (!Number.isInteger(n) || n < 2) throw new Error(`train.workers must be an integer ≥ 2 for data parallelism, got ${n}`);
    if (typeof opts.loss === 'function') throw new Error('train.workers > 1 needs a named loss (mse or { huber }), not a function: the workers rebuild it');
    const shapes = model.trainableWeights.map((w) => w.shape as number[]);
    const total = shapes.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);
    const maxPart = Math.ceil(opts.maxBatch / n);
    const data = new SharedArrayBuffer(opts.data.data.byteLength);
    new Float32Array(data).set(opts.data.data);
    const init: Omit<WorkerInit, 'index'> = {
      modelJson: JSON.stringify(model.toJSON(undefined, false)),
      loss: opts.loss,
      shapes,
      dataShape: opts.data.shape,
      maxPart,
      ctrl: new SharedArrayBuffer(4 * 4),
      weights: new SharedArrayBuffer(4 * total),
      grads: new SharedArrayBuffer(4 * total * (n - 1)),
      losses: new SharedArrayBuffer(8 * (n - 1)),
      idx: new SharedArrayBuffer(4 * idxStride({ maxPart }) * (n - 1)),
      data,
    };
    const errors: string[] = [];
    const file = path.join(__dirname, 'data-parallel-worker.ts');
    const threads: Worker[] = [];
    const ready: Promise<void>[] = [];
    for (let i = 1; i < n; i++) {
      // tsx's CommonJS hook loads the TypeScript worker (as lib/suite/spawn.ts does for its children).
      const w = new Worker(file, { workerData: { ...init, index: i } satisfies WorkerInit, execArgv: ['--require', require.resolve('tsx/cjs')] });
      threads.push(w);
      ready.push(new Promise<void>((resolve, reject) => {
        w.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error(String(m)))));
        w.once('error', reject);
        w.once('exit', (code) => reject(new Error(`data-parallel worker ${i} exited (code ${code}) before it was ready`)));
      }));
      w.on('message', (m) => {
        if (m !== 'ready') errors.push(String(m));
      });
    }
    const dp = new DataParallel(model, threads, opts, errors, { ...init, index: 0 });
    try {
      await Promise.all(ready);
    } catch (err) {
      await dp.close();
      throw err;
    }
    for (const w of threads) w.removeAllListeners('exit');
    return dp;
  }

  /**
   * Gradients of the batch's mean error (by the model's trainable weights, in order) and the batch's
   * error sum, computed by all replicas; the caller applies the update.
   */
  step(batch: ArrayLike<number>, errFn = perSampleError(this.opts.loss)): { grads: tf.Tensor[]; lossSum: number } {
    if (this.closed) throw new Error('DataParallel: used after close()');
    const k = this.threads.length + 1;
    const parts = splitBatch(batch.length, k);
    // Current weights for the replicas (the optimizer updated them after the last step).
    const vars = this.model.trainableWeights.map((w) => w.read() as tf.Variable);
    let at = 0;
    vars.forEach((v, j) => {
      this.weights.set(v.dataSync() as Float32Array, at);
      at += this.sizes[j];
    });
    for (let i = 1; i < k; i++) {
      const [s, e] = parts[i];
      const base = (i - 1) * this.stride;
      this.idx[base] = e - s;
      for (let j = s; j < e; j++) this.idx[base + 1 + j - s] = batch[j];
    }
    Atomics.store(this.ctrl, DONE, 0);
    Atomics.add(this.ctrl, SEQ, 1);
    Atomics.notify(this.ctrl, SEQ);
    // The main thread's own part meanwhile.
    const [s0, e0] = parts[0];
    const mine = Array.from({ length: e0 - s0 }, (_, j) => batch[s0 + j]);
    const own = tf.tidy(() => {
      const x = gather(this.opts.data, mine);
      const { value, grads } = tf.variableGrads(() => tf.sum(errFn(x, this.model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, vars);
      return { value, grads: vars.map((v) => grads[v.name]) };
    });
    const sums = own.grads.map((g) => Float32Array.from(g.dataSync() as Float32Array));
    let lossSum = own.value.dataSync()[0];
    tf.dispose([own.value, ...own.grads]);
    for (let done = Atomics.load(this.ctrl, DONE); done < k - 1; done = Atomics.load(this.ctrl, DONE)) Atomics.wait(this.ctrl, DONE, done);
    if (Atomics.load(this.ctrl, FAILED)) throw new Error(`data-parallel worker failed: ${this.errors.join('; ') || 'see its log'}`);
    for (let i = 1; i < k; i++) {
      let off = (i - 1) * this.total;
      sums.forEach((sum, j) => {
        for (let q = 0; q < sum.length; q++) sum[q] += this.grads[off + q];
        off += this.sizes[j];
      });
      lossSum += this.losses[i - 1];
    }
    const n = batch.length;
    const grads = sums.map((sum, j) => {
      for (let q = 0; q < sum.length; q++) sum[q] /= n;
      return tf.tensor(sum, vars[j].shape);
    });
    return { grads, lossSum };
  }

  /** Stop the workers (idempotent). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.ctrl, SEQ, -1);
    Atomics.notify(this.ctrl, SEQ);
    await Promise.all(this.threads.map((w) => w.terminate()));
  }
}
