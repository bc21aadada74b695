import { randomBytes } from 'node:crypto';
import { renderSvg, svgToPng, type PngOptions } from './render';
import type { TopLevelSpec } from './spec';

/** MIME type Jupyter (JupyterLab, VS Code, nbviewer) renders natively with vega-embed. */
export const VEGALITE_MIME = 'application/vnd.vegalite.v5+json';

/** What one display_data message carries: spec, PNG fallback (base64), text. */
export interface MimeBundle {
  [VEGALITE_MIME]: TopLevelSpec;
  'image/png': string;
  'text/plain': string;
  [mime: string]: unknown;
}

/** A display_data message body (nbformat output minus `output_type`). */
export interface DisplayData {
  data: MimeBundle;
  /** `image/png` width/height in CSS px, so a 2× PNG shows at its natural size. */
  metadata: Record<string, unknown>;
}

/** Spec + PNG fallback + text for Jupyter; renders the PNG (about 0.1–0.3 s). */
export async function mimeBundle(spec: TopLevelSpec, opts: PngOptions = {}): Promise<MimeBundle> {
  return (await displayData(spec, opts)).data;
}

/** The MIME bundle plus display metadata. */
export async function displayData(spec: TopLevelSpec, opts: PngOptions = {}): Promise<DisplayData> {
  const scale = opts.scale ?? 2;
  const png = svgToPng(await renderSvg(spec), { ...opts, scale });
  return {
    data: {
      [VEGALITE_MIME]: spec,
      'image/png': Buffer.from(png.png).toString('base64'),
      'text/plain': describe(spec),
    },
    metadata: { 'image/png': { width: Math.round(png.width / scale), height: Math.round(png.height / scale) } },
  };
}

/** One-line text stand-in, e.g. `<Vega-Lite chart: Training loss>`. */
export function describe(spec: TopLevelSpec): string {
  const t = (spec as { title?: string | { text?: string | string[] } }).title;
  const raw = typeof t === 'string' ? t : t?.text;
  const text = Array.isArray(raw) ? raw.join(' ') : raw;
  return text ? `<Vega-Lite chart: ${text}>` : '<Vega-Lite chart>';
}

export type WriteDisplayData = (msg: { data: unknown; metadata: unknown; transient: { display_id?: string } }, update: boolean) => void;

/**
 * The running tslab kernel's display writer, or null outside a kernel. tslab's public
 * `display.raw` sends one MIME type per message; its internal `jupyter.lastWriteDisplayData`
 * (set for each executing cell) sends a whole bundle. Found through the module cache so it is the
 * kernel's own copy of tslab, wherever that is installed.
 */
export function kernelWriter(): WriteDisplayData | null {
  for (const [file, mod] of Object.entries(require.cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file)) continue;
    const w = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof w === 'function') return w as WriteDisplayData;
  }
  return null;
}

/** True inside a tslab kernel that is executing a cell. */
export function inKernel(): boolean {
  return kernelWriter() !== null;
}

/**
 * Display a chart in the current tslab notebook cell: one display_data message holding the
 * Vega-Lite spec, a PNG fallback and a text line. Outside a kernel (plain node, tsx, tests) it
 * does nothing, so notebook code also runs headless (see `inKernel`, `mimeBundle`). Resolves to
 * undefined so that `await show(x)` as a cell's last line prints nothing.
 */
export async function show(spec: TopLevelSpec, opts: PngOptions = {}): Promise<void> {
  await send(spec, opts, undefined, false);
}

/** A chart shown once and redrawn in place (update_display_data), e.g. a loss curve while training. */
export interface LiveChart {
  /** Jupyter display_id of the output being updated. */
  readonly id: string;
  /** Replace the shown chart with `spec` (renders a PNG each time; call per epoch, not per batch). */
  update(spec: TopLevelSpec): Promise<void>;
}

/**
 * Show `initial` (or a text placeholder) and return a handle whose `update` redraws it in place,
 * also from later cells. Outside a kernel the handle's calls do nothing.
 */
export async function showLive(initial?: TopLevelSpec, opts: PngOptions = {}): Promise<LiveChart> {
  const id = randomBytes(8).toString('hex');
  if (initial) await send(initial, opts, id, false);
  else kernelWriter()?.({ data: { 'text/plain': '<live chart: waiting for data>' }, metadata: {}, transient: { display_id: id } }, false);
  return { id, update: async (spec) => void (await send(spec, opts, id, true)) };
}

async function send(spec: TopLevelSpec, opts: PngOptions, id: string | undefined, update: boolean): Promise<boolean> {
  if (!kernelWriter()) return false;
  const d = await displayData(spec, opts);
  // Look the writer up again: tslab replaces it for every cell, and rendering took a moment.
  const write = kernelWriter();
  if (!write) return false;
  write({ data: d.data, metadata: d.metadata, transient: id ? { display_id: id } : {} }, update);
  return true;
}
