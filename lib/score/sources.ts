/**
 * Inputs of `npm run score`, read in bounded chunks: CSV and CSV.gz files streamed through the
 * incremental CSV reader, parquet files in row slices (polars), folders and `*` globs expanded in
 * natural name order; live sources: a growing file followed like `tail -f`, and stdin (CSV with a
 * header row, or JSON lines). Every source yields records with their 1-based line (parquet: row).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import * as zlib from 'node:zlib';
import pl from 'nodejs-polars';
import { isHeaderLine } from '../io/header';
import { globToRegExp, naturalCompare } from '../io/paths';
import { columnAsStrings } from '../io/tables';
import { UsageError } from '../run/errors';
import { CsvStream, type CsvRecord } from './csv';
import type { Malformed } from './codec';

export type HeaderMode = { mode: 'yes' | 'no' | 'auto'; names: string[] | null };

const TABLE = /\.(csv|csv\.gz|gz|parquet)$/i;

/**
 * Files of the `--input` values: a file as it is, a folder's table files (`glob` when given, else
 * every .csv/.csv.gz/.parquet), a `*` glob in the last path part. A UsageError names what is missing.
 */
export function expandInputs(inputs: readonly string[], glob: string | null = null): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(input);
    if (path.basename(abs).includes('*')) {
      const dir = path.dirname(abs);
      const re = globToRegExp(path.basename(abs));
      const found = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => re.test(f)).sort(naturalCompare) : [];
      if (!found.length) throw new UsageError(`--input ${input}: no file matches`);
      out.push(...found.map((f) => path.join(dir, f)));
    } else if (!fs.existsSync(abs)) {
      throw new UsageError(`--input ${input}: no such file or folder`);
    } else if (fs.statSync(abs).isDirectory()) {
      const re = glob ? globToRegExp(glob) : TABLE;
      const found = fs.readdirSync(abs).filter((f) => re.test(f) && fs.statSync(path.join(abs, f)).isFile()).sort(naturalCompare);
      if (!found.length) throw new UsageError(`--input ${input}: the folder holds no ${glob ? `files matching "${glob}"` : 'table files (.csv, .csv.gz, .parquet)'}`);
      out.push(...found.map((f) => path.join(abs, f)));
    } else {
      if (!TABLE.test(abs)) throw new UsageError(`--input ${input}: expected a .csv, .csv.gz or .parquet file`);
      out.push(abs);
    }
  }
  return out;
}

/** One input file opened for reading. */
export interface FileSource {
  file: string;
  header: string[];
  /** Records in chunks of about `chunk` records. */
  chunks: AsyncGenerator<CsvRecord[]>;
  /** Bytes of the file consumed so far (compressed bytes for .gz), and its size: for the progress bar. */
  bytesRead(): number;
  size: number;
}

/** Open a CSV, CSV.gz or parquet file; the header per `header`. Malformed tails go to `onMalformed`. */
export async function openFile(file: string, header: HeaderMode, opts: { chunk: number; onMalformed: (m: Malformed) => void }): Promise<FileSource> {
  return /\.parquet$/i.test(file) ? openParquet(file, opts.chunk) : openCsv(file, header, opts);
}

async function openCsv(file: string, header: HeaderMode, opts: { chunk: number; onMalformed: (m: Malformed) => void }): Promise<FileSource> {
  const size = fs.statSync(file).size;
  const raw = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  let read = 0;
  raw.on('data', (b) => {
    read += (b as Buffer).length;
  });
  const text = /\.gz$/i.test(file) ? raw.pipe(zlib.createGunzip()) : raw;
  const it = text[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const decoder = new StringDecoder('utf8');
  const csv = new CsvStream();
  const queue: CsvRecord[] = [];
  let done = false;
  const fill = async (want: number) => {
    while (!done && queue.length < want) {
      const next = await it.next();
      if (next.done) {
        done = true;
        const tail = csv.end();
        if (tail.record) queue.push(tail.record);
        if (tail.error) opts.onMalformed(tail.error);
      } else {
        queue.push(...csv.push(decoder.write(next.value)));
      }
    }
  };
  await fill(1);
  const names = header.mode === 'no' ? null : queue.length ? queue[0].cells.map(stripBom) : null;
  let headerCells: string[];
  if (header.mode === 'yes' || (header.mode === 'auto' && names && isHeaderLine(queue[0].cells.join(',')))) {
    if (!names) throw new UsageError(`${file}: empty file (a header row was expected)`);
    headerCells = names;
    queue.shift();
  } else {
    const width = queue[0]?.cells.length ?? 0;
    headerCells = header.names ?? Array.from({ length: width }, (_, j) => `f${j}`);
  }
  async function* chunks(): AsyncGenerator<CsvRecord[]> {
    for (;;) {
      await fill(opts.chunk);
      if (!queue.length) return;
      yield queue.splice(0, opts.chunk);
    }
  }
  return { file, header: headerCells, chunks: chunks(), bytesRead: () => read, size };
}

function openParquet(file: string, chunk: number): FileSource {
  const lf = () => pl.scanParquet(file);
  const first = lf().slice(0, 1).collectSync();
  const total = lf().select(pl.lit(1).alias('_one')).collectSync().height;
  let done = 0;
  async function* chunks(): AsyncGenerator<CsvRecord[]> {
    for (let offset = 0; ; offset += chunk) {
      const df = lf().slice(offset, chunk).collectSync();
      if (df.height === 0) return;
      const cols = df.columns.map((c) => columnAsStrings(df, c));
      yield Array.from({ length: df.height }, (_, i) => ({ line: offset + i + 1, cells: cols.map((col) => col[i]) }));
      done = offset + df.height;
      if (df.height < chunk) return;
    }
  }
  return { file, header: first.columns, chunks: chunks(), bytesRead: () => done, size: total };
}

const stripBom = (s: string, i: number) => (i === 0 && s.charCodeAt(0) === 0xfeff ? s.slice(1) : s);

/** A chunk of live text and when it arrived (performance.now() ms). */
export interface LiveChunk {
  text: string;
  arrival: number;
  restart?: boolean;
}

/** A live text source: chunks as they arrive, each with its arrival time. */
export interface LiveSource {
  /** Text as it arrives; `restart` when a followed file was rewritten (read again from its header). Ends at EOF, idle exit or stop(). */
  chunks: AsyncGenerator<LiveChunk>;
  stop(): void;
}

/** stdin as a live source; stop() ends it at once (the stream is destroyed). */
export function stdinSource(stream: NodeJS.ReadableStream = process.stdin): LiveSource {
  const decoder = new StringDecoder('utf8');
  let stopped = false;
  async function* chunks(): AsyncGenerator<LiveChunk> {
    try {
      for await (const b of stream as AsyncIterable<Buffer | string>) {
        if (stopped) return;
        yield { text: typeof b === 'string' ? b : decoder.write(b), arrival: performance.now() };
      }
    } catch (err) {
      if (!stopped) throw err; // destroyed by stop(): a normal end
    }
    const rest = decoder.end();
    if (rest) yield { text: rest, arrival: performance.now() };
  }
  return {
    chunks: chunks(),
    stop: () => {
      stopped = true;
      (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
    },
  };
}

/**
 * A growing file followed like `tail -f` from its start (its header is its first line): new bytes are
 * read as soon as the file grows (fs.watch, with a poll every `pollMs` as a fallback). A file that
 * shrinks was rewritten: reading restarts from its start. Ends after `idleExitS` seconds without growth
 * (0 = never) or on stop().
 */
export function followSource(file: string, opts: { pollMs?: number; idleExitS?: number } = {}): LiveSource {
  const pollMs = opts.pollMs ?? 100;
  const decoder = new StringDecoder('utf8');
  let pos = 0;
  let stopped = false;
  let wake: (() => void) | null = null;
  const poke = () => wake?.();
  let watcher: fs.FSWatcher | null = null;
  try {
    watcher = fs.watch(file, poke);
  } catch {
    watcher = null; // polling only
  }
  const timer = setInterval(poke, pollMs);
  async function* chunks(): AsyncGenerator<LiveChunk> {
    let lastGrowth = performance.now();
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(1 << 20);
    try {
      while (!stopped) {
        const size = fs.fstatSync(fd).size;
        if (size < pos) {
          pos = 0; // rewritten: start again from its header
          decoder.end();
          yield { text: '', arrival: performance.now(), restart: true };
        }
        if (size > pos) {
          const n = fs.readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
          pos += n;
          lastGrowth = performance.now();
          yield { text: decoder.write(buf.subarray(0, n)), arrival: lastGrowth };
          continue;
        }
        if (opts.idleExitS && performance.now() - lastGrowth > opts.idleExitS * 1000) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
      const rest = decoder.end();
      if (rest) yield { text: rest, arrival: performance.now() };
    } finally {
      fs.closeSync(fd);
      clearInterval(timer);
      watcher?.close();
    }
  }
  return {
    chunks: chunks(),
    stop: () => {
      stopped = true;
      poke();
    },
  };
}
