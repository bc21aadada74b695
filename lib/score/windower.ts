/**
 * Windows over a stream of encoded rows, exactly as lib/features planWindows lays them out over a
 * time-ordered table: per group (GRU-SAE's `group_by`; one group otherwise) a window of `seqLen` rows
 * ends at the group's rows seqLen−1, seqLen−1+stride, …; a window never crosses groups. Each group keeps
 * only its last `seqLen` rows (a ring), so memory is O(groups · seqLen · F) whatever the stream's length.
 */

/** What a stream row carries besides its features. */
export interface RowMeta {
  /** Source line of the row (1-based), for messages and output. */
  line: number;
  /** Epoch ms, NaN when the input has no time. */
  time: number;
  /** 0/1 (anomaly detectors) or a class index (classifier); −1 when unknown or absent. */
  label: number;
  /** When the row arrived (performance.now() ms), for live latency. */
  arrival: number;
  /** Which input it came from (index into the batch's files; 0 for live sources). */
  source?: number;
}

/** A complete window, in the order windows complete (the order of their last rows); its values were written where push() was told. */
export interface Window {
  /** 0-based over all windows of the stream. */
  index: number;
  group: string;
  end: RowMeta;
  /** 1 when any row of the window has label 1 (anomaly detectors). */
  anyLabel: number;
}

interface Ring {
  rows: Float32Array;
  meta: RowMeta[];
  /** Rows seen in this group. */
  count: number;
}

export class Windower {
  private readonly groups = new Map<string, Ring>();
  private windows = 0;
  /** Rows whose time is earlier than their group's previous row (the stream is not in time order there). */
  outOfOrder = 0;
  firstOutOfOrderLine: number | null = null;

  constructor(readonly seqLen: number, readonly stride: number, readonly F: number) {
    if (!(Number.isInteger(seqLen) && seqLen > 0 && Number.isInteger(stride) && stride > 0 && Number.isInteger(F) && F > 0)) {
      throw new Error(`windower: seqLen, stride and F must be positive integers, got ${seqLen}, ${stride}, ${F}`);
    }
  }

  get groupCount(): number {
    return this.groups.size;
  }

  /**
   * Add one row (`features` holds F values from `offset`). When it completes a window, the window's
   * values `[seqLen, F]` (oldest row first) are written into `out` at `outOffset` (a batch buffer: no
   * allocation per window) and its description is returned; otherwise null and `out` is untouched.
   */
  push(group: string, features: Float32Array, offset: number, meta: RowMeta, out: Float32Array, outOffset: number): Window | null {
    const { seqLen, F } = this;
    let g = this.groups.get(group);
    if (!g) {
      g = { rows: new Float32Array(seqLen * F), meta: new Array<RowMeta>(seqLen), count: 0 };
      this.groups.set(group, g);
    }
    const slot = g.count % seqLen;
    if (g.count > 0) {
      const prev = g.meta[(g.count - 1) % seqLen];
      if (meta.time < prev.time) {
        this.outOfOrder++;
        this.firstOutOfOrderLine ??= meta.line;
      }
    }
    g.rows.set(features.subarray(offset, offset + F), slot * F);
    g.meta[slot] = meta;
    g.count++;
    const k = g.count - seqLen; // rows after the first complete window
    if (k < 0 || k % this.stride !== 0) return null;
    // The ring holds the window as two runs: oldest rows from `slot + 1` to the end, then from 0 to `slot`.
    const start = g.count % seqLen;
    out.set(g.rows.subarray(start * F), outOffset);
    out.set(g.rows.subarray(0, start * F), outOffset + (seqLen - start) * F);
    let any = 0;
    for (let t = 0; t < seqLen; t++) if (g.meta[t].label === 1) any = 1;
    return { index: this.windows++, group, end: meta, anyLabel: any };
  }
}
