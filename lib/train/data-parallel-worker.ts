/**
 * A data-parallel replica (data-parallel.ts): builds the model from its JSON on the single-threaded WASM
 * build, then per step reads the weights and its part of the batch from shared memory, writes the
 * gradient of its part's summed error and the sum itself, and signals the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { initEngine, tf } from '../engine';
import { WASM_THREADS_ENV } from '../engine/wasm-threads';
import { DONE, FAILED, SEQ, idxStride, replicaJson, type WorkerInit } from './data-parallel';
import { gather } from './host-batches';
import { perSampleError } from './loss';

async function main(): Promise<void> {
  const init = workerData as WorkerInit;
  process.env[WASM_THREADS_ENV] = '1'; // one core per replica
  await initEngine({ force: 'wasm', quiet: true });
  // The replica's initial weights are overwritten every step: silence TF.js's warning about initialising
  // large orthogonal kernels, as the model builders do (quietOrthogonal), for this thread's lifetime.
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!(typeof args[0] === 'string' && args[0].startsWith('Orthogonal initializer is being called'))) warn(...args);
  };
  const model = await tf.models.modelFromJSON(JSON.parse(replicaJson(init.modelJson, init.index)));
  const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const sizes = init.shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  const ctrl = new Int32Array(init.ctrl);
  const weights = new Float32Array(init.weights);
  const grads = new Float32Array(init.grads, 4 * total * (init.index - 1), total);
  const losses = new Float64Array(init.losses);
  const stride = idxStride(init);
  const idx = new Int32Array(init.idx, 4 * stride * (init.index - 1), stride);
  const data = { data: new Float32Array(init.data), shape: init.dataShape };
  const errFn = perSampleError(init.loss);
  // Read the step counter before saying ready: the main thread may start step 1 the moment it hears.
  let seen = Atomics.load(ctrl, SEQ);
  parentPort!.postMessage('ready');
  for (;;) {
    Atomics.wait(ctrl, SEQ, seen);
    seen = Atomics.load(ctrl, SEQ);
    if (seen < 0) return;
    try {
      let at = 0;
      vars.forEach((v, j) => {
        v.assign(tf.tensor(weights.subarray(at, at + sizes[j]), v.shape));
        at += sizes[j];
      });
      const n = idx[0];
      const part = idx.subarray(1, 1 + n);
      const out = tf.tidy(() => {
        const x = gather(data, part);
        const { value, grads: g } = tf.variableGrads(() => tf.sum(errFn(x, model.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, vars);
        return { value, grads: vars.map((v) => g[v.name]) };
      });
      at = 0;
      out.grads.forEach((g, j) => {
        grads.set(g.dataSync() as Float32Array, at);
        at += sizes[j];
      });
      losses[init.index - 1] = out.value.dataSync()[0];
      tf.dispose([out.value, ...out.grads]);
    } catch (err) {
      Atomics.store(ctrl, FAILED, 1);
      // The main thread is blocked in Atomics.wait and reads no message until it throws: log here too.
      console.error(`seqsentry data-parallel worker ${init.index}:`, err);
      parentPort!.postMessage(`worker ${init.index}: ${(err as Error).stack ?? err}`);
    }
    Atomics.add(ctrl, DONE, 1);
    Atomics.notify(ctrl, DONE);
  }
}

main().catch((err) => {
  parentPort!.postMessage(`worker ${(workerData as WorkerInit).index} failed to start: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
