import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { spawnSync } from 'node:child_process';
import { WASM_THREADS_ENV, wasmThreads } from '../lib/engine/wasm-threads';

/* The threaded WASM build (lib/engine/wasm-threads.ts), each case in a fresh process: a process sets its backend once. */

/** A matMul and a Conv1D gradient, printed exactly, on the WASM backend with `threads`; the child must exit by itself. */
function runChild(threads: string): { log: string; values: number[] } {
  const code = `
    const { initEngine, tf } = require('./lib/engine');
    initEngine({ force: 'wasm' }).then(() => {
      const a = tf.randomNormal([300, 200], 0, 1, 'float32', 1), b = tf.randomNormal([200, 170], 0, 1, 'float32', 2);
      const x = tf.randomNormal([4, 40, 24], 0, 1, 'float32', 3), w = tf.randomNormal([3, 24, 16], 0, 1, 'float32', 4);
      const g = tf.grad((k) => tf.sum(tf.square(tf.conv1d(x, k, 1, 'same'))))(w);
      console.log('VALUES ' + JSON.stringify([...tf.matMul(a, b).dataSync(), ...g.dataSync()]));
    });`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { env: { ...process.env, [WASM_THREADS_ENV]: threads }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `child with ${threads} thread(s) failed or did not exit by itself: ${r.error ?? ''} ${r.stderr}`);
  const line = r.stdout.split('\n').find((l) => l.startsWith('VALUES '));
  assert.ok(line, r.stdout);
  return { log: r.stdout.split('\n').find((l) => l.startsWith('[seqsentry]')) ?? '', values: JSON.parse(line.slice(7)) };
}

test('WASM with 2 threads: the log says so, results are bit-identical to 1 thread, and the process exits by itself', () => {
  const one = runChild('1');
  const two = runChild('2');
  assert.match(one.log, /backend: wasm \(forced by SEQSENTRY_BACKEND\), 1 thread$/);
  assert.match(two.log, /backend: wasm \(forced by SEQSENTRY_BACKEND\), 2 threads$/);
  assert.equal(two.values.length, 300 * 170 + 3 * 24 * 16);
  assert.deepEqual(two.values, one.values);
});

test(`${WASM_THREADS_ENV}: one thread per core by default (at most 8); bad values are named errors`, () => {
  assert.equal(wasmThreads(undefined), Math.min(8, os.availableParallelism()));
  assert.equal(wasmThreads('1'), 1);
  assert.equal(wasmThreads('3'), 3);
  for (const bad of ['0', '9', '1.5', 'two', '-2']) assert.throws(() => wasmThreads(bad), new RegExp(`${WASM_THREADS_ENV}="${bad}" must be an integer from 1 to 8`));
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', "require('./lib/engine').initEngine().catch((e) => { console.error('ERR ' + e.message); process.exit(3); })"], { env: { ...process.env, [WASM_THREADS_ENV]: 'lots' }, encoding: 'utf8' });
  assert.equal(r.status, 3);
  assert.match(r.stderr, /ERR SEQSENTRY_WASM_THREADS="lots" must be an integer from 1 to 8/);
});
