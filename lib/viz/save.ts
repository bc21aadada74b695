import * as path from 'node:path';
import { writeFileAtomic, writeJson } from '../io/files';
import { renderSvg, svgToPng, type PngOptions } from './render';
import type { TopLevelSpec } from './spec';

/** Paths written by saveChart. */
export interface SavedChart {
  svg: string;
  png: string;
  spec: string;
}

/** Write `<name>.svg`, `<name>.png` and `<name>.vl.json` into `dir` (created if needed), each atomically. */
export async function saveChart(spec: TopLevelSpec, dir: string, name: string, opts: PngOptions = {}): Promise<SavedChart> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) throw new Error(`saveChart: name must be a plain file stem (letters, digits, . _ -), got "${name}"`);
  const svg = await renderSvg(spec);
  const out = { svg: path.join(dir, `${name}.svg`), png: path.join(dir, `${name}.png`), spec: path.join(dir, `${name}.vl.json`) };
  writeJson(out.spec, spec);
  writeFileAtomic(out.svg, svg);
  writeFileAtomic(out.png, svgToPng(svg, opts).png);
  return out;
}
