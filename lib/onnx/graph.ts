/**
 * A small ONNX graph builder: named values, initializers and nodes in order, unique names, and the
 * layout of every rank-3 value. Keras layers see `[batch, time, channels]` (canonical, "NTC"); ONNX's
 * GRU wants time-major `[time, batch, channels]` and Conv channels-first `[batch, channels, time]`, so a
 * value records its `perm` (actual = transpose(canonical, perm)) and a Transpose is added only when a
 * consumer needs another layout (once per value and layout).
 */
import { attribute, encodeModel, tensorProto, valueInfo, type AttrValue, type onnx } from './proto';

/** Axis order of a rank-3 value relative to canonical [batch, time, channels]. */
export type Perm = readonly [number, number, number];
export const NTC: Perm = [0, 1, 2];
export const NCT: Perm = [0, 2, 1];
export const TNC: Perm = [1, 0, 2];

/** A value in the graph: its name, rank and (rank 3) layout. */
export interface Value {
  name: string;
  rank: number;
  perm: Perm | null;
}

const samePerm = (a: Perm | null, b: Perm | null) => (a === null ? b === null : b !== null && a.every((v, i) => v === b[i]));

export class OnnxGraph {
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly inits: onnx.ITensorProto[] = [];
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly used = new Set<string>();
  /** value name → layout key → transposed value. */
  private readonly layouts = new Map<string, Map<string, Value>>();

  /** `reserved`: names kept for graph inputs and outputs (no intermediate value takes them). */
  constructor(readonly name: string, reserved: readonly string[] = []) {
    this.reserved = new Set(reserved);
  }

  private readonly reserved: Set<string>;

  /** A fresh name starting with `base` (sanitised). */
  fresh(base: string): string {
    const stem = base.replace(/[^A-Za-z0-9_./:-]/g, '_') || 'v';
    let name = stem;
    for (let k = 1; this.used.has(name) || this.reserved.has(name); k++) name = `${stem}_${k}`;
    this.used.add(name);
    return name;
  }

  /** Take a reserved name (a graph input or output); each once. */
  private claim(name: string): string {
    if (!this.reserved.delete(name) || this.used.has(name)) throw new Error(`onnx graph ${this.name}: "${name}" is not a free reserved name`);
    this.used.add(name);
    return name;
  }

  /** A graph input of `shape` (strings are symbolic dimensions); its name must be reserved. */
  input(name: string, shape: (number | string)[]): Value {
    const n = this.claim(name);
    this.inputs.push(valueInfo(n, shape));
    return { name: n, rank: shape.length, perm: shape.length === 3 ? NTC : null };
  }

  /** A float32 initializer. */
  constant(name: string, dims: number[], data: Float32Array | number[]): Value {
    const n = this.fresh(name);
    this.inits.push(tensorProto(n, dims, data instanceof Float32Array ? data : Float32Array.from(data)));
    return { name: n, rank: dims.length, perm: null };
  }

  /** An int64 initializer (shapes, axes). */
  int64s(name: string, values: number[]): Value {
    const n = this.fresh(name);
    this.inits.push(tensorProto(n, [values.length], BigInt64Array.from(values.map((v) => BigInt(v)))));
    return { name: n, rank: 1, perm: null };
  }

  /** Add a node; returns its outputs' names (`outputs` of them). */
  node(opType: string, inputs: (Value | string | null)[], attrs: Record<string, AttrValue> = {}, opts: { outputs?: number; name?: string } = {}): string[] {
    const base = opts.name ?? opType.toLowerCase();
    const outs = Array.from({ length: opts.outputs ?? 1 }, (_, k) => this.fresh(`${base}${k ? `_out${k}` : ''}`));
    this.nodes.push({
      opType, name: this.fresh(`${base}/${opType}`), output: outs,
      input: inputs.map((v) => (v === null ? '' : typeof v === 'string' ? v : v.name)),
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** A one-output node whose result has the given rank and layout. */
  op(opType: string, inputs: (Value | string | null)[], rank: number, perm: Perm | null, attrs: Record<string, AttrValue> = {}, name?: string): Value {
    return { name: this.node(opType, inputs, attrs, { name })[0], rank, perm: rank === 3 ? perm : null };
  }

  /** `v` in the layout `perm` (a Transpose, added once per value and layout, when it differs). */
  layout(v: Value, perm: Perm): Value {
    if (v.rank !== 3 || !v.perm) throw new Error(`onnx: ${v.name} is not a rank-3 value`);
    if (samePerm(v.perm, perm)) return v;
    const key = perm.join();
    const cached = this.layouts.get(v.name)?.get(key);
    if (cached) return cached;
    // actual axis j of the result holds canonical axis perm[j], found at position v.perm.indexOf(perm[j]) of v.
    const t = this.op('Transpose', [v], 3, perm, { perm: { ints: perm.map((c) => v.perm!.indexOf(c)) } }, `${v.name}_${perm.join('')}`);
    if (!this.layouts.has(v.name)) this.layouts.set(v.name, new Map());
    this.layouts.get(v.name)!.set(key, t);
    return t;
  }

  /** Mark `v` as a graph output named `name`, a reserved name (canonical layout; an Identity renames it). */
  output(name: string, v: Value, shape: (number | string)[]): void {
    const c = v.rank === 3 ? this.layout(v, NTC) : v;
    const out = this.claim(name);
    this.nodes.push({ opType: 'Identity', name: this.fresh(`${out}/Identity`), input: [c.name], output: [out] });
    this.outputs.push(valueInfo(out, shape));
  }

  /** Count of nodes per op type (tests, export summaries). */
  opCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const n of this.nodes) out[n.opType!] = (out[n.opType!] ?? 0) + 1;
    return out;
  }

  /** The serialised model. */
  encode(meta: { metadata?: Record<string, string>; docString?: string } = {}): Uint8Array {
    return encodeModel({ name: this.name, nodes: this.nodes, initializers: this.inits, inputs: this.inputs, outputs: this.outputs, ...meta });
  }
}
