import * as fs from 'node:fs';
import * as path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import type { TopLevelSpec } from './spec';

// vega and vega-lite are ESM-only (with top-level await). tslab turns every import in TypeScript
// into require(), which cannot load them, so a plain .cjs helper does the real import().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const esm = require('./esm.cjs') as { importEsm(specifier: string): Promise<unknown> };

/** The little of vega's API used here (hand-written: its types are ESM-only and too new for tslab's TypeScript). */
interface VegaModule {
  parse(spec: object): unknown;
  View: new (runtime: unknown, opts: { renderer: 'none' }) => { toSVG(): Promise<string>; finalize(): void };
}
interface VegaLiteModule {
  compile(spec: TopLevelSpec): { spec: object };
}

let loaded: Promise<{ vega: VegaModule; vl: VegaLiteModule }> | undefined;

/** Load vega + vega-lite once (~0.4 s the first time). */
function loadVega(): Promise<{ vega: VegaModule; vl: VegaLiteModule }> {
  loaded ??= Promise.all([esm.importEsm('vega'), esm.importEsm('vega-lite')]).then(([vega, vl]) => ({
    vega: vega as VegaModule,
    vl: vl as VegaLiteModule,
  }));
  return loaded;
}

/** Compile a Vega-Lite spec to a Vega spec (throws vega-lite's error for an invalid spec). */
export async function compileSpec(spec: TopLevelSpec): Promise<object> {
  const { vl } = await loadVega();
  return vl.compile(structuredClone(spec)).spec;
}

/** Render a Vega-Lite spec to an SVG string, headless (no browser, no canvas). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vl } = await loadVega();
  // Clone: vega tags inline data rows with a tuple-id symbol, which would alter the caller's spec.
  const view = new vega.View(vega.parse(vl.compile(structuredClone(spec)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Pixel density: 2 gives crisp images on high-DPI screens. Default 2. */
  scale?: number;
  /** Background colour (the SVG itself is transparent). Default 'white'. */
  background?: string;
}

/** A rendered PNG and its size in pixels. */
export interface Png {
  png: Uint8Array;
  width: number;
  height: number;
}

/** Render a Vega-Lite spec to PNG bytes (vega SVG → resvg). */
export async function renderPng(spec: TopLevelSpec, opts: PngOptions = {}): Promise<Uint8Array> {
  return svgToPng(await renderSvg(spec), opts).png;
}

/** Rasterise an SVG string with resvg. */
export function svgToPng(svg: string, opts: PngOptions = {}): Png {
  const scale = opts.scale ?? 2;
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 16)) throw new Error(`png scale must be in (0, 16], got ${scale}`);
  const r = new Resvg(svg, {
    background: opts.background ?? 'white',
    fitTo: { mode: 'zoom', value: scale },
    font: fontOptions(),
  }).render();
  return { png: new Uint8Array(r.asPng()), width: r.width, height: r.height };
}

const DEJAVU_DIR = '/usr/share/fonts/truetype/dejavu';
let fonts: object | undefined;

/**
 * vega writes font-family "sans-serif"; resvg maps that to Arial by default and otherwise falls
 * back to a serif font. Use DejaVu Sans when installed (loading only its files, which is also
 * faster than scanning all system fonts); otherwise let resvg pick from the system fonts.
 */
function fontOptions(): object {
  if (fonts) return fonts;
  const files = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(DEJAVU_DIR, f));
  fonts = files.every((f) => fs.existsSync(f))
    ? { fontFiles: files, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' }
    : { loadSystemFonts: true };
  return fonts;
}
