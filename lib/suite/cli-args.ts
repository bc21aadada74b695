/** What the benchmark command reads from its flags: the suite file by name or path, and comma lists. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fromRoot } from '../io/paths';
import { parseSuite, type Suite } from './spec';

/** Folder of the shipped suites. */
export const SUITE_DIR = fromRoot('configs', 'suites');

/** The suites shipped in configs/suites/. */
export function listSuites(dir = SUITE_DIR): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort() : [];
}

/** `--suite NAME` (configs/suites/NAME.json) or `--suite path/to/file.json`, read and parsed. */
export function findSuite(nameOrPath: string, dir = SUITE_DIR): { suite: Suite; file: string } {
  const byName = /^[\w.-]+$/.test(nameOrPath) && !nameOrPath.endsWith('.json') ? path.join(dir, `${nameOrPath}.json`) : null;
  const file = byName ?? path.resolve(nameOrPath);
  if (!fs.existsSync(file)) {
    throw new Error(`suite "${nameOrPath}" not found (${file}); shipped suites: ${listSuites(dir).join(', ') || 'none'} in ${dir}`);
  }
  return { suite: parseSuite(fs.readFileSync(file, 'utf8'), file), file };
}

/** `a,b,c` → ['a', 'b', 'c'] (no empty items). */
export function parseList(raw: string, flag: string): string[] {
  const items = raw.split(',').map((s) => s.trim());
  if (!items.length || items.some((s) => !s)) throw new Error(`${flag} expects a comma-separated list, got "${raw}"`);
  return items;
}

/** `1,2,3` → [1, 2, 3]. */
export function parseIntList(raw: string, flag: string): number[] {
  return parseList(raw, flag).map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n)) throw new Error(`${flag} expects integers, got "${s}"`);
    return n;
  });
}
