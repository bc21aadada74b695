/** Timestamps → epoch milliseconds (Float64), vectorised in polars. */
import pl from 'nodejs-polars';
import type { TimeUnit } from '../schema';

/**
 * Formats tried in order; the first that parses a value wins. Zone-less timestamps are UTC.
 * Offsets come first because the zone-less formats would otherwise match their prefix and drop them.
 */
const FORMATS = ['%Y-%m-%dT%H:%M:%S%.f%z', '%Y-%m-%d %H:%M:%S%.f%z', '%Y-%m-%dT%H:%M:%S%.fZ', '%Y-%m-%dT%H:%M:%S%.f', '%Y-%m-%d %H:%M:%S%.f'];
const PER_MS: Record<TimeUnit, number> = { s: 1e-3, ms: 1, us: 1e3, ns: 1e6 };

/**
 * Epoch ms of a text column: numbers are epochs in `unit`; otherwise ISO-8601 or
 * 'YYYY-MM-DD HH:MM:SS[.fff…]' (UTC unless an offset is given). Empty or unparsable values → null.
 */
export function parseTimeMs(s: pl.Series, unit: TimeUnit): pl.Series {
  const text = s.cast(pl.Utf8).str.strip();
  const asNumber = text.cast(pl.Float64, false);
  const ms = asNumber.nullCount() === text.nullCount() ? asNumber.div(PER_MS[unit]) : parseStrings(text);
  return ms.rename('_time_ms');
}

/**
 * A format that fails costs polars a slow scan per value, so the format that parses a sample best
 * runs first on the whole column. Zone-less formats also accept a prefix (offset ignored), so a
 * column with numeric offsets, or one that mixes formats, runs every format in FORMATS order.
 */
function parseStrings(text: pl.Series): pl.Series {
  const all = () => FORMATS.map((fmt) => strptimeMs(text, fmt)).reduce((ms, t) => ms.zipWith(ms.isNotNull(), t));
  if (text.str.contains('[+-][0-9]{2}:?[0-9]{2}$').cast(pl.Int32).sum() > 0) return all();
  const sample = text.dropNulls().head(200);
  const best = FORMATS.map((fmt) => ({ fmt, ok: sample.length - strptimeMs(sample, fmt).nullCount() })).reduce((a, b) => (b.ok > a.ok ? b : a));
  const first = strptimeMs(text, best.fmt);
  return first.nullCount() === text.nullCount() ? first : all();
}

function strptimeMs(text: pl.Series, fmt: string): pl.Series {
  return epochMs(text.str.strptime(pl.Datetime('ms'), fmt));
}

function epochMs(dt: pl.Series): pl.Series {
  return dt.cast(pl.Datetime('us', 'UTC')).cast(pl.Int64).cast(pl.Float64).div(1000);
}
