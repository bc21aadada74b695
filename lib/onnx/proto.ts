/**
 * The one place that speaks ONNX's protobuf: messages are built and encoded with `onnx-proto` (the
 * official onnx.proto of ONNX 1.10, compiled by protobufjs), never by hand. IR version 8 with the
 * default-domain opset 17 (LayerNormalization is native there; ReduceMean still takes `axes` as an attribute).
 */
import { onnx } from 'onnx-proto';

export const IR_VERSION = 8;
export const OPSET = 17;
export const PRODUCER = 'seqsentry';

/** Element types used here (onnx.TensorProto.DataType). */
export const DTYPE = { float: onnx.TensorProto.DataType.FLOAT, int64: onnx.TensorProto.DataType.INT64 } as const;

/** An attribute value: a number is an int when integral unless `floats`/`float` say otherwise (see attribute()). */
export type AttrValue = { f: number } | { i: number } | { s: string } | { floats: number[] } | { ints: number[] };

/** One attribute of a node. */
export function attribute(name: string, v: AttrValue): onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if ('f' in v) return { name, type: T.FLOAT, f: v.f };
  if ('i' in v) return { name, type: T.INT, i: v.i };
  if ('s' in v) return { name, type: T.STRING, s: new TextEncoder().encode(v.s) };
  if ('floats' in v) return { name, type: T.FLOATS, floats: v.floats };
  return { name, type: T.INTS, ints: v.ints };
}

/** A float32 or int64 initializer with raw little-endian data (`dims` its shape). */
export function tensorProto(name: string, dims: readonly number[], data: Float32Array | BigInt64Array): onnx.ITensorProto {
  const size = dims.reduce((a, b) => a * b, 1);
  if (data.length !== size) throw new Error(`onnx tensor ${name}: ${data.length} values for dims [${dims}]`);
  const bytes = new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  return { name, dims: [...dims], dataType: data instanceof Float32Array ? DTYPE.float : DTYPE.int64, rawData: bytes };
}

/** A graph input or output: float32 of `shape`, a string dimension being symbolic (e.g. 'batch'). */
export function valueInfo(name: string, shape: readonly (number | string)[], elemType: number = DTYPE.float): onnx.IValueInfoProto {
  const dim = shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

export interface ModelParts {
  name: string;
  nodes: onnx.INodeProto[];
  initializers: onnx.ITensorProto[];
  inputs: onnx.IValueInfoProto[];
  outputs: onnx.IValueInfoProto[];
  /** Stored as the model's metadata_props (key → value). */
  metadata?: Record<string, string>;
  docString?: string;
}

/** The serialised ModelProto (what `model.onnx` holds). */
export function encodeModel(p: ModelParts): Uint8Array {
  const model: onnx.IModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: PRODUCER,
    producerVersion: '1',
    docString: p.docString ?? '',
    graph: { name: p.name, node: p.nodes, initializer: p.initializers, input: p.inputs, output: p.outputs },
    metadataProps: Object.entries(p.metadata ?? {}).map(([key, value]) => ({ key, value })),
  };
  const err = onnx.ModelProto.verify(model);
  if (err) throw new Error(`onnx model ${p.name}: ${err}`);
  return onnx.ModelProto.encode(model).finish();
}

/** Decode a serialised model (tests and inspection). */
export function decodeModel(bytes: Uint8Array): onnx.ModelProto {
  return onnx.ModelProto.decode(bytes);
}

export type { onnx };
