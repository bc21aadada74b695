import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromRoot } from '../io/paths';
import { parseNotebook, type Notebook } from './nbformat';

// Finding and reading notebooks (the file-system edge of lib/notebook).

/** The folder notebooks live in; executed copies mirror its layout. */
export const NOTEBOOK_DIR = fromRoot('notebooks');

/** Default folder for executed copies. */
export const EXECUTED_DIR = fromRoot('outputs', 'notebooks');

/**
 * Expand files and folders into absolute notebook paths, sorted and de-duplicated. Folders are
 * searched recursively for `*.ipynb`, skipping `.ipynb_checkpoints` and `node_modules`. A missing
 * path or a file that is not `.ipynb` is an error naming it.
 */
export function findNotebooks(inputs: string[], cwd = process.cwd()): string[] {
  const found = new Set<string>();
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    if (!fs.existsSync(abs)) throw new Error(`notebook path not found: ${input}`);
    if (fs.statSync(abs).isDirectory()) walk(abs, found);
    else if (abs.endsWith('.ipynb')) found.add(abs);
    else throw new Error(`not a notebook (expected a .ipynb file or a folder): ${input}`);
  }
  return [...found].sort();
}

function walk(dir: string, found: Set<string>): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.ipynb_checkpoints' || entry.name === 'node_modules') continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, found);
    else if (entry.name.endsWith('.ipynb')) found.add(p);
  }
}

/** Read and validate a notebook file; errors name the path. */
export function loadNotebook(file: string): Notebook {
  return parseNotebook(fs.readFileSync(file, 'utf8'), displayPath(file));
}

/**
 * Where the executed copy of `file` goes: `<outDir>/<path relative to notebooks/>` for notebooks
 * under notebooks/, else `<outDir>/<basename>`.
 */
export function executedPath(file: string, outDir = EXECUTED_DIR): string {
  return path.join(outDir, notebookKey(file));
}

/**
 * A notebook's name in tracked records and baselines: its path under notebooks/ with `/` separators
 * (`gru-sae/04-evaluation.ipynb`), else its file name; the same path its executed copy gets under --out-dir.
 */
export function notebookKey(file: string): string {
  const rel = path.relative(NOTEBOOK_DIR, path.resolve(file));
  const inside = rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  return inside ? rel.split(path.sep).join('/') : path.basename(file);
}

/** Where a notebook's tracked record goes: beside its executed copy, `<name>.tracked.json`. */
export function trackedRecordPath(executedCopy: string): string {
  return executedCopy.replace(/\.ipynb$/, '') + '.tracked.json';
}

/** A path for messages: relative to the current directory when inside it, else absolute. */
export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/**
 * Throw unless `dir` is a folder this process can write into or can create: nothing but folders at
 * it and its ancestors, and the nearest existing one writable. `what` (e.g. a flag) starts the message.
 */
export function checkOutputFolder(dir: string, what: string): void {
  const abs = path.resolve(dir);
  let existing = abs;
  while (!pathExists(existing)) existing = path.dirname(existing); // the root always exists
  const where = existing === abs ? abs : `${abs}: its ancestor ${existing}`;
  const st = statOrNull(existing);
  if (!st?.isDirectory()) {
    const kind = !st ? 'a broken symbolic link' : st.isFile() ? 'an existing file' : 'not a folder';
    throw new Error(`${what} ${where} is ${kind}; pass a folder that exists or can be created, or move ${existing} out of the way`);
  }
  try {
    fs.accessSync(existing, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw new Error(`${what} ${where} is not writable; pass a folder you can write to, or fix its permissions`);
  }
}

/** Whether anything (even a broken symbolic link) is at `p`. */
function pathExists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

function statOrNull(p: string): fs.Stats | null {
  try {
    return fs.statSync(p);
  } catch {
    return null;
  }
}
