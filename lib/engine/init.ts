import * as tf from '@tensorflow/tfjs';

/** A deterministic stream of 31-bit seeds derived from one seed (splitmix32). */
export class SeedStream {
  private state: number;
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) & 0x7fffffff;
  }
}

/**
 * Seeded initialisers for model builders: each call returns a fresh initialiser with the next seed,
 * so the same builder with the same seed produces the same weights on every backend.
 * Dropout masks are not seeded: a fixed TF.js dropout seed would repeat one mask every step.
 */
export function seededInitializers(seed: number) {
  const seeds = new SeedStream(seed);
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
