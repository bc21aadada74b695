/** Flow timestamps, shared by the raw reader and the scoring codecs (no polars here: scoring starts without it). */

/** A flow timestamp cell ("2017-07-07 13:39:36.26", "2024-03-04T00:05:00Z"; no zone = UTC) as epoch ms; NaN when it does not parse. */
export function flowTime(cell: string): number {
  const s = cell.trim().replace(' ', 'T');
  return s === '' ? NaN : Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`);
}

/** data.keep_timestamp's features of a time (epoch ms): [hour_sin, hour_cos] of the UTC hour of day. */
export function hourOfDay(t: number): [number, number] {
  const h = ((t / 3_600_000) % 24 + 24) % 24;
  return [Math.sin((2 * Math.PI * h) / 24), Math.cos((2 * Math.PI * h) / 24)];
}
