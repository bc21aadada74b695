/**
 * Streaming statistics of a scoring run in bounded memory: latencies in a log-bucketed histogram
 * (percentiles within 1%), counts, and — when the input has labels — the scores and labels needed for
 * ROC-AUC (5 bytes per window: float32 score, uint8 label).
 */

const BUCKETS = 1400;
const RATIO = 1.02;
const MIN_MS = 1e-4;

/** Latency histogram: bucket b holds values in [MIN·RATIO^b, MIN·RATIO^(b+1)) ms. */
export class LatencyHistogram {
  private readonly counts = new Float64Array(BUCKETS);
  count = 0;
  max = 0;

  add(ms: number): void {
    const v = Math.max(ms, MIN_MS);
    const b = Math.min(BUCKETS - 1, Math.floor(Math.log(v / MIN_MS) / Math.log(RATIO)));
    this.counts[b]++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** The q-quantile (0…1) in ms, the upper edge of its bucket (NaN when empty). */
  quantile(q: number): number {
    if (!this.count) return NaN;
    const want = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.counts[b];
      if (seen >= want) return Math.min(this.max, MIN_MS * RATIO ** (b + 1));
    }
    return this.max;
  }
}

/** A growable typed array. */
export class Grow<T extends Float32Array | Uint8Array | Int8Array> {
  private buf: T;
  length = 0;

  constructor(private readonly make: (n: number) => T) {
    this.buf = make(1024);
  }

  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = this.make(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }

  values(): T {
    return this.buf.subarray(0, this.length) as T;
  }
}
