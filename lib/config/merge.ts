/** A plain JSON-like config value. */
export type ConfigValue = string | number | boolean | null | ConfigValue[] | { [k: string]: ConfigValue };

/** A JSON object (not null, not an array). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * Layer `patch` over `base`. Every key of `patch` must exist in `base` with the same type
 * (objects recurse, arrays and scalars replace); `where` names the layer in errors.
 * A `null` default accepts any value (an optional setting).
 */
export function mergeStrict<T>(base: T, patch: unknown, where: string, prefix = ''): T {
  if (!isPlainObject(patch)) throw new Error(`${where}: expected an object${prefix ? ` at "${prefix}"` : ''}, got ${typeName(patch)}`);
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (!(key in out)) {
      const known = Object.keys(out).join(', ');
      throw new Error(`${where}: unknown config key "${name}" (known keys here: ${known})`);
    }
    const current = out[key];
    if (current === null) out[key] = value;
    else if (typeName(current) !== typeName(value)) {
      throw new Error(`${where}: config key "${name}" must be ${typeName(current)}, got ${typeName(value)} (${JSON.stringify(value)})`);
    } else if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new Error(`${where}: config key "${name}" must be a finite number, got ${value}`);
    } else if (isPlainObject(current)) out[key] = mergeStrict(current, value, where, name);
    else out[key] = value;
  }
  return out as T;
}

/** Parse a command-line string into the type of `template` (number, boolean, JSON array/object, string). */
export function coerceLike(template: unknown, raw: string, name: string): unknown {
  switch (typeName(template)) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new Error(`--${name} expects a number, got "${raw}"`);
      return n;
    }
    case 'boolean':
      if (raw === 'true' || raw === '1' || raw === '') return true;
      if (raw === 'false' || raw === '0') return false;
      throw new Error(`--${name} expects true or false, got "${raw}"`);
    case 'array':
    case 'object': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        parsed = undefined;
      }
      // `--budgets 0.04` parses as a number: a list flag takes it as a one-item list.
      if (typeName(parsed) === typeName(template)) return parsed;
      if (typeName(template) === 'array') return raw.split(',').map((s) => coerceLike((template as unknown[])[0] ?? '', s, name));
      throw new Error(`--${name} expects a JSON object, got "${raw}"`);
    }
    case 'null':
      try {
        return JSON.parse(raw);
      } catch {
        return raw;
      }
    default:
      return raw;
  }
}

/** Look up a dotted key in a nested object (undefined when any part is missing). */
export function getPath(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const part of dotted.split('.')) {
    if (!isPlainObject(cur) || !(part in cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Turn `{ "a.b": 1 }` into `{ a: { b: 1 } }`. */
export function unflatten(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [dotted, value] of Object.entries(flat)) {
    const parts = dotted.split('.');
    let cur = out;
    for (const p of parts.slice(0, -1)) cur = (cur[p] ??= {}) as Record<string, unknown>;
    cur[parts[parts.length - 1]] = value;
  }
  return out;
}
