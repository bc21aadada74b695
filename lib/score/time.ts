/**
 * One timestamp cell → epoch milliseconds, by the rules GRU-SAE stage 1 applies to a whole column
 * (lib/gru-sae/01-aggregate/time.ts): a number is an epoch in the schema's unit; otherwise ISO-8601 or
 * 'YYYY-MM-DD HH:MM:SS[.fff…]', UTC unless an offset is given, fractions kept to the microsecond and
 * the result computed as stage 1 does (microseconds × 0.001, so 48.8559 s → …855.9001 ms). Anything else is NaN.
 */
import type { TimeUnit } from '../gru-sae/schema';
import { parseNumberToken } from '../io/numbers';

const PER_MS: Record<TimeUnit, number> = { s: 1e-3, ms: 1, us: 1e3, ns: 1e6 };
const STAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

/** Epoch ms of one cell, NaN when it is no timestamp. */
export function parseTimeCell(cell: string, unit: TimeUnit = 'ms'): number {
  const t = cell.trim();
  if (t === '') return NaN;
  const m = STAMP.exec(t);
  if (!m) {
    const v = parseNumberToken(t);
    return v === null ? NaN : v / PER_MS[unit];
  }
  const us = m[7] ? Number(m[7].slice(0, 6).padEnd(6, '0')) : 0;
  let seconds = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (m[8] && m[8] !== 'Z') {
    const sign = m[8][0] === '-' ? -1 : 1;
    const digits = m[8].slice(1).replace(':', '');
    seconds -= sign * (+digits.slice(0, 2) * 60 + +digits.slice(2)) * 60_000;
  }
  // Integer microseconds, then × 0.001: polars' `div(1000)` multiplies by the reciprocal, so this is stage 1's value to the bit.
  return (seconds * 1000 + us) * 0.001;
}

/** ISO-8601 text of an epoch ms (empty for NaN). */
export function isoTime(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}
