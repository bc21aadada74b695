import { createHash } from 'node:crypto';
import { isPlainObject } from '../config/merge';

// nbformat 4 notebooks: parse, validate, normalise and serialise (pure: no file access).
// https://nbformat.readthedocs.io/en/latest/format_description.html

/** Multi-line text as stored in a notebook: one string or an array of lines. */
export type MultilineString = string | string[];

/** A MIME bundle: `text/plain` → string, JSON types (`application/json`, `*+json`) → any JSON value. */
export type MimeBundle = Record<string, unknown>;

/** One code-cell output. */
export type Output =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: string }
  | { output_type: 'display_data'; data: MimeBundle; metadata: Record<string, unknown> }
  | { output_type: 'execute_result'; data: MimeBundle; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

/** A notebook cell; code cells carry outputs and an execution count. */
export interface Cell {
  cell_type: 'code' | 'markdown' | 'raw';
  id?: string;
  metadata: Record<string, unknown>;
  source: MultilineString;
  outputs?: Output[];
  execution_count?: number | null;
  attachments?: Record<string, unknown>;
}

/** A notebook (nbformat 4). */
export interface Notebook {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** The kernelspec every seqsentry notebook declares. */
export const SEQSENTRY_KERNELSPEC = { name: 'seqsentry', display_name: 'TypeScript (seqsentry)', language: 'typescript' } as const;

const CELL_TYPES = new Set(['code', 'markdown', 'raw']);
const CELL_ID = /^[a-zA-Z0-9-_]{1,64}$/;

/** Parse and validate notebook JSON; `where` (the file path) names the notebook in every error. */
export function parseNotebook(text: string, where: string): Notebook {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: invalid notebook JSON: ${(err as Error).message}`);
  }
  if (!isPlainObject(raw)) throw new Error(`${where}: not a notebook (top level is not a JSON object)`);
  if (raw.nbformat !== 4) throw new Error(`${where}: unsupported nbformat ${JSON.stringify(raw.nbformat)} (need 4)`);
  if (!Array.isArray(raw.cells)) throw new Error(`${where}: not a notebook ("cells" is not an array)`);
  raw.cells.forEach((cell, i) => checkCell(cell, `${where}: cell ${i + 1}`));
  return {
    nbformat: 4,
    nbformat_minor: typeof raw.nbformat_minor === 'number' ? raw.nbformat_minor : 0,
    metadata: isPlainObject(raw.metadata) ? raw.metadata : {},
    cells: raw.cells as Cell[],
  };
}

function checkCell(cell: unknown, where: string): void {
  if (!isPlainObject(cell)) throw new Error(`${where} is not an object`);
  if (typeof cell.cell_type !== 'string' || !CELL_TYPES.has(cell.cell_type)) {
    throw new Error(`${where} has unknown cell_type ${JSON.stringify(cell.cell_type)}`);
  }
  const src = cell.source;
  if (!(typeof src === 'string' || (Array.isArray(src) && src.every((s) => typeof s === 'string')))) {
    throw new Error(`${where} has no valid "source" (string or array of strings)`);
  }
  if (cell.id !== undefined && (typeof cell.id !== 'string' || !CELL_ID.test(cell.id))) {
    throw new Error(`${where} has an invalid id ${JSON.stringify(cell.id)}`);
  }
}

/** A multi-line string joined into one string. */
export function joinText(text: MultilineString): string {
  return Array.isArray(text) ? text.join('') : text;
}

/** The first non-blank line of a cell's source ('' for an empty cell). */
export function firstSourceLine(cell: Cell): string {
  return joinText(cell.source).split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

/**
 * Normalise a notebook to nbformat 4.5: every cell gets `metadata` and a unique `id` (existing unique
 * ids are kept; new ones are derived from position and source, so reruns give the same ids), code cells
 * get `outputs` and `execution_count`. Returns a new notebook; the input is not changed.
 */
export function toNbformat45(nb: Notebook): Notebook {
  const cells: Cell[] = structuredClone(nb.cells).map((c) => ({ ...c, metadata: c.metadata ?? {} }));
  // The first holder of an id keeps it; later duplicates (invalid in 4.5) get new ids.
  const seen = new Set<string>();
  for (const cell of cells) {
    if (typeof cell.id !== 'string' || !cell.id || seen.has(cell.id)) delete cell.id;
    else seen.add(cell.id);
  }
  const used = new Set(seen);
  cells.forEach((cell, i) => {
    if (cell.id) return;
    let id = createHash('sha1').update(`${i}\n${joinText(cell.source)}`).digest('hex').slice(0, 8);
    while (used.has(id)) id = createHash('sha1').update(id).digest('hex').slice(0, 8);
    used.add(id);
    cell.id = id;
  });
  const ordered = cells.map(({ cell_type, id, metadata, outputs, execution_count, ...rest }): Cell =>
    cell_type === 'code'
      ? { cell_type, id, metadata, execution_count: execution_count ?? null, outputs: outputs ?? [], ...rest }
      : { cell_type, id, metadata, ...rest });
  return { nbformat: 4, nbformat_minor: Math.max(5, nb.nbformat_minor), metadata: structuredClone(nb.metadata), cells: ordered };
}

const JSON_MIME = /^application\/(.+\+)?json$/;

/** Normalise a MIME bundle: JSON types that arrive as strings (tslab sends them so) are parsed. */
export function normalizeMimeBundle(data: MimeBundle): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, value] of Object.entries(data)) {
    out[mime] = JSON_MIME.test(mime) && typeof value === 'string' ? parseOr(value) : value;
  }
  return out;
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Serialise as Jupyter does: 1-space indent, trailing newline. */
export function serializeNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + '\n';
}

