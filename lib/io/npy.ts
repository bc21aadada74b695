import * as fs from 'node:fs';
import { requireExists, writeFileAtomic } from './files';

/** Typed arrays that map to NumPy dtypes. */
export type NpyArray = Float32Array | Float64Array | Uint8Array | Int32Array;

/** An array with its shape, C order: what `.npy` files hold. */
export interface NdArray<T extends NpyArray = NpyArray> {
  data: T;
  shape: number[];
}

const DESCR: [string, new (n: number) => NpyArray, number][] = [
  ['<f4', Float32Array, 4],
  ['<f8', Float64Array, 8],
  ['|u1', Uint8Array, 1],
  ['<i4', Int32Array, 4],
];

function descrOf(data: NpyArray): string {
  const d = DESCR.find(([, ctor]) => data instanceof ctor);
  if (!d) throw new Error('npy: unsupported array type (use Float32Array, Float64Array, Uint8Array or Int32Array)');
  return d[0];
}

/** The `.npy` v1.0 header (magic, version, length, dict padded to 64 bytes) for a C-order array of `descr`. */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + header.length + 1; // magic(6) + version(2) + length(2) + header + '\n'
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0); // \x93NUMPY v1.0
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(Buffer.from(header, 'latin1'), 10);
  return out;
}

/** Serialise to NumPy's `.npy` format (version 1.0, little-endian, C order): readable by `numpy.load`. */
export function encodeNpy({ data, shape }: NdArray): Uint8Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== data.length) throw new Error(`npy: shape [${shape}] holds ${size} values but the data has ${data.length}`);
  const header = npyHeader(descrOf(data), shape);
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header, 0);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), header.length);
  return out;
}

/** Parse a `.npy` file's bytes (versions 1–3, little-endian, C order, the dtypes above). `where` names it in errors. */
export function decodeNpy(bytes: Uint8Array, where = 'npy data'): NdArray {
  const magic = Buffer.from(bytes.subarray(0, 6)).toString('latin1');
  if (magic !== '\x93NUMPY') throw new Error(`${where} is not a .npy file (bad magic)`);
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const start = major === 1 ? 10 : 12;
  const header = Buffer.from(bytes.subarray(start, start + headerLen)).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*True/.test(header);
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  const d = DESCR.find(([name]) => name === descr || (descr === '<u1' && name === '|u1'));
  if (!d || shapeText === undefined) throw new Error(`${where}: unsupported .npy header ${header.trim()} (supported dtypes: ${DESCR.map((x) => x[0]).join(', ')})`);
  if (fortran) throw new Error(`${where}: Fortran-order arrays are not supported`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  const size = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLen;
  if (bytes.byteLength - offset !== size * d[2]) throw new Error(`${where}: holds ${bytes.byteLength - offset} data bytes, shape [${shape}] needs ${size * d[2]}; the file is truncated or corrupt`);
  const copy = bytes.slice(offset).buffer; // aligned copy for the typed array view
  const Ctor = d[1] as unknown as new (buf: ArrayBuffer) => NpyArray;
  return { data: new Ctor(copy), shape };
}

/** Write an array as `.npy`, atomically. */
export function saveNpy(file: string, array: NdArray): void {
  writeFileAtomic(file, encodeNpy(array));
}

/** Read a `.npy` file, naming it in errors. */
export function loadNpy(file: string): NdArray {
  requireExists(file, '.npy file');
  return decodeNpy(new Uint8Array(fs.readFileSync(file)), file);
}
