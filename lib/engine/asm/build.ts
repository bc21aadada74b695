/**
 * Build the fused kernels (kernels.ts, AssemblyScript) into kernels.wasm (for TF.js's single-threaded
 * WASM build, whose memory is not shared) and kernels-shared.wasm (the threaded build's shared memory).
 * Run: npm run build:kernels [-- --out-dir DIR]   (default: beside the source; the test builds into a
 * temp folder and compares with the committed binaries).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const KERNEL_SOURCE = path.join(__dirname, 'kernels.ts');
export const KERNEL_BINARIES = ['kernels.wasm', 'kernels-shared.wasm'] as const;

const COMMON = ['-O3', '--enable', 'simd', '--runtime', 'stub', '--importMemory', '--noExportMemory', '--noAssert', '--use', 'abort='];
const SHARED = ['--sharedMemory', '--maximumMemory', '65536', '--enable', 'threads'];

function asc(): string {
  return path.join(path.dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
}

/** Section ids of a WASM binary (the module must hold no data segment: it shares TF.js's memory). */
export function wasmSections(bytes: Uint8Array): number[] {
  const ids: number[] = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const b = bytes[at++];
      size |= (b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
    ids.push(id);
    at += size;
  }
  return ids;
}

export function buildKernels(outDir: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  return KERNEL_BINARIES.map((name) => {
    const out = path.join(outDir, name);
    const flags = name === 'kernels-shared.wasm' ? [...COMMON, ...SHARED] : COMMON;
    execFileSync(process.execPath, [asc(), KERNEL_SOURCE, ...flags, '-o', out], { stdio: ['ignore', 'inherit', 'inherit'] });
    const sections = wasmSections(fs.readFileSync(out));
    if (sections.includes(11)) throw new Error(`${out}: the module has a data segment; it would overwrite TF.js's memory when instantiated`);
    return out;
  });
}

if (require.main === module) {
  const i = process.argv.indexOf('--out-dir');
  const outDir = i >= 0 ? process.argv[i + 1] : __dirname;
  if (!outDir) {
    console.error('--out-dir needs a folder');
    process.exit(2);
  }
  for (const f of buildKernels(path.resolve(outDir))) console.log(`built ${path.relative(process.cwd(), f)} (${fs.statSync(f).size} bytes)`);
}
