/**
 * Does a CSV file start with a header row? `isHeaderLine` decides from the text (pure);
 * `firstLineIsHeader` reads just enough of a `.csv` or `.csv.gz` file to call it.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import { isNumberToken } from './numbers';

/** The cells of the first CSV record of `text` (quotes removed, `""` → `"`), and whether a line end closed it. */
export function firstCsvRecord(text: string): { cells: string[]; complete: boolean } {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (quoted || (ch !== ',' && ch !== '\n')) {
      cell += ch;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else {
      cells.push(cell.endsWith('\r') ? cell.slice(0, -1) : cell);
      return { cells, complete: true };
    }
  }
  cells.push(cell);
  return { cells, complete: false };
}

/**
 * True when the first line of a CSV text names columns: it has at least one cell that is not a
 * number (see lib/io/numbers: `NaN`, `-inf`, `Infinity`, `NA`, empty and quoted numbers all count
 * as numbers). A leading UTF-8 byte-order mark is ignored. `f1,f2` is a header; `1.5,NaN,` is data.
 */
export function isHeaderLine(line: string): boolean {
  return firstCsvRecord(line).cells.some((cell) => !isNumberToken(cell));
}

/** `isHeaderLine` of a `.csv` or `.csv.gz` file's first record, reading only a prefix of the file. */
export function firstLineIsHeader(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    // Grow the prefix until it holds the whole first record: a cut cell ("Infin") would look like a name.
    for (let want = 65536; ; want *= 4) {
      const n = Math.min(want, size);
      const raw = Buffer.alloc(n);
      fs.readSync(fd, raw, 0, n, 0);
      // Z_SYNC_FLUSH: decompress what a prefix of the stream holds instead of failing on the cut.
      const body = /\.gz$/i.test(file) ? gunzipPrefix(raw, file) : raw;
      const text = body.toString('utf8');
      if (n === size || firstCsvRecord(text).complete) return isHeaderLine(text);
    }
  } finally {
    fs.closeSync(fd);
  }
}

function gunzipPrefix(raw: Buffer, file: string): Buffer {
  try {
    return zlib.gunzipSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch (err) {
    throw new Error(`cannot read the first line of ${file}: ${(err as Error).message}`);
  }
}
