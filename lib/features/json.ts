/**
 * Checked reading of fitted states from JSON, shared by every `…FromJSON` in lib/features. Every
 * error starts with `where` and names the field and what was expected.
 *
 * Float64 values round-trip exactly through JSON text (JSON.stringify writes the shortest string
 * that parses back to the same double) with one exception: negative zero, which JSON.stringify
 * writes as `0`. `float64ToJSON` writes it as the string "-0" so that a loaded state is bit for
 * bit the fitted one; NaN and ±Infinity have no JSON form and are refused.
 */

/** Float64 values as JSON: numbers, negative zero as the string "-0". */
export type Float64Json = (number | '-0')[];

/** Values → their exact JSON form; a non-finite value is an error naming its index. */
export function float64ToJSON(values: ArrayLike<number>, where: string): Float64Json {
  const out: Float64Json = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new Error(`${where}: value ${v} at index ${i} has no JSON form (only finite numbers can be saved)`);
    out[i] = Object.is(v, -0) ? '-0' : v;
  }
  return out;
}

/** Read float64 values written by float64ToJSON (plain JSON numbers are accepted too). */
export function float64FromJSON(json: unknown, where: string, opts: { length?: number; check?: (v: number) => string | null } = {}): Float64Array {
  if (!Array.isArray(json)) throw new Error(`${where}: expected a list of numbers, got ${describe(json)}`);
  if (opts.length !== undefined && json.length !== opts.length) throw new Error(`${where}: expected ${opts.length} numbers, got ${json.length}`);
  const out = new Float64Array(json.length);
  for (let i = 0; i < json.length; i++) {
    const v = json[i] === '-0' ? -0 : json[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${where}[${i}]: expected a finite number, got ${describe(json[i])}`);
    const bad = opts.check?.(v);
    if (bad) throw new Error(`${where}[${i}]: ${v} ${bad}`);
    out[i] = v;
  }
  return out;
}

/** A JSON object with exactly the keys `required` (+ any of `optional`); anything else is an error naming it. */
export function objectFromJSON(json: unknown, where: string, required: readonly string[], optional: readonly string[] = []): Record<string, unknown> {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error(`${where}: expected an object, got ${describe(json)}`);
  const obj = json as Record<string, unknown>;
  const missing = required.filter((k) => !(k in obj));
  if (missing.length) throw new Error(`${where}: missing ${missing.map((k) => `"${k}"`).join(', ')}`);
  const known = new Set([...required, ...optional]);
  const unknown = Object.keys(obj).filter((k) => !known.has(k));
  if (unknown.length) throw new Error(`${where}: unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (expected ${[...known].join(', ')})`);
  return obj;
}

/** An integer ≥ min. */
export function intFromJSON(json: unknown, where: string, min = 0): number {
  if (typeof json !== 'number' || !Number.isInteger(json) || json < min) throw new Error(`${where}: expected an integer ≥ ${min}, got ${describe(json)}`);
  return json;
}

/** A list of strings, optionally all distinct. */
export function stringsFromJSON(json: unknown, where: string, opts: { distinct?: boolean } = {}): string[] {
  if (!Array.isArray(json)) throw new Error(`${where}: expected a list of strings, got ${describe(json)}`);
  const bad = json.findIndex((v) => typeof v !== 'string');
  if (bad >= 0) throw new Error(`${where}[${bad}]: expected a string, got ${describe(json[bad])}`);
  if (opts.distinct) {
    const seen = new Set<string>();
    for (const v of json as string[]) {
      if (seen.has(v)) throw new Error(`${where}: "${v}" appears more than once`);
      seen.add(v);
    }
  }
  return (json as string[]).slice();
}

/** A short description of a JSON value for messages. */
export function describe(v: unknown): string {
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
}
