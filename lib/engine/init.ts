import * as tf from '@tensorflow/tfjs';
import { createRng } from '../random';

/**
 * Seeded initialisers for model builders: each call returns a fresh initialiser with the next seed,
 * so the same builder with the same seed produces the same weights on every backend.
 * Dropout masks are seeded by lib/engine's SeededDropout (a fresh mask every step, repeatable).
 */
export function seededInitializers(seed: number) {
  const rng = createRng(seed);
  const seeds = { next: () => rng.int(0, 0x7fffffff) };
  return {
    glorotUniform: () => tf.initializers.glorotUniform({ seed: seeds.next() }),
    glorotNormal: () => tf.initializers.glorotNormal({ seed: seeds.next() }),
    heNormal: () => tf.initializers.heNormal({ seed: seeds.next() }),
    heUniform: () => tf.initializers.heUniform({ seed: seeds.next() }),
    orthogonal: (gain = 1) => tf.initializers.orthogonal({ seed: seeds.next(), gain }),
    nextSeed: () => seeds.next(),
  };
}

export type SeededInitializers = ReturnType<typeof seededInitializers>;

/**
 * Run a model builder without TF.js's "Orthogonal initializer is being called on a matrix with more than
 * 2000 elements" warning, printed for every recurrent kernel of 26+ units (Keras does not warn); other
 * warnings pass through.
 */
export function quietOrthogonal<T>(f: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Orthogonal initializer is being called')) return;
    warn(...args);
  };
  try {
    return f();
  } finally {
    console.warn = warn;
  }
}
