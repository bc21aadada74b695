/** What made a run: tool version, git commit, command line, input file facts, config hash. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../io/paths';

function packageJson(): { version?: string; scripts?: Record<string, string> } {
  try {
    return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  } catch {
    return {};
  }
}

/** The tool's version (package.json). */
export function toolVersion(): string {
  return packageJson().version ?? 'unknown';
}

let commitCache: { commit: string | null; dirty: boolean | null } | undefined;

/** The repository's HEAD commit and whether tracked files differ from it; nulls without git. */
export function gitCommit(): { commit: string | null; dirty: boolean | null } {
  if (commitCache) return commitCache;
  const git = (args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  try {
    const commit = git(['rev-parse', 'HEAD']);
    let dirty: boolean | null = null;
    try {
      dirty = git(['status', '--porcelain', '--untracked-files=no']).length > 0;
    } catch {
      // a commit without a readable status still says what made the run
    }
    commitCache = { commit, dirty };
  } catch {
    commitCache = { commit: null, dirty: null };
  }
  return commitCache;
}

/** Size and modification time of an input file (a folder: the facts of every file under it, in name order). */
export interface InputFact {
  path: string;
  size: number;
  mtime_ms: number;
}

/** Facts of input files and folders (absolute paths); a missing path is an error naming it. */
export function inputFacts(paths: readonly string[]): InputFact[] {
  const out: InputFact[] = [];
  const visit = (p: string) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) visit(path.join(p, name));
    } else out.push({ path: p, size: st.size, mtime_ms: Math.round(st.mtimeMs) });
  };
  for (const p of paths) {
    if (!fs.existsSync(p)) throw new Error(`input not found: ${p}`);
    visit(path.resolve(p));
  }
  return out;
}

/** What differs between recorded and current input facts, as one line per change (empty = same). */
export function inputChanges(recorded: readonly InputFact[], now: readonly InputFact[]): string[] {
  const before = new Map(recorded.map((f) => [f.path, f]));
  const after = new Map(now.map((f) => [f.path, f]));
  const changes: string[] = [];
  for (const [p, f] of before) {
    const g = after.get(p);
    if (!g) changes.push(`${p} is gone`);
    else if (g.size !== f.size || g.mtime_ms !== f.mtime_ms) changes.push(`${p} changed (size ${f.size} → ${g.size}, modified ${new Date(f.mtime_ms).toISOString()} → ${new Date(g.mtime_ms).toISOString()})`);
  }
  for (const p of after.keys()) if (!before.has(p)) changes.push(`${p} is new`);
  return changes;
}

/** JSON with object keys sorted at every depth (a stable text for hashing and comparing). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** `sha256:<hex>` of a config's canonical JSON. */
export function configHash(config: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(config)).digest('hex')}`;
}

/** Quote one shell word when it needs it. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * How the user ran this process, as a command they can type again: `npm run <script> -- args` when
 * started by npm (npm_lifecycle_event), else `npx tsx <script file> args`.
 */
export function commandLine(args: readonly string[] = process.argv.slice(2), event = process.env.npm_lifecycle_event): string {
  const script = event && packageJson().scripts?.[event] ? event : undefined; // `npx` sets the event too
  const rest = args.map(shellQuote).join(' ');
  const head = script === 'start' ? 'npm start' : script ? `npm run ${script}` : `npx tsx ${shellQuote(path.relative(process.cwd(), process.argv[1] ?? '') || 'script')}`;
  if (!rest) return head;
  return script ? `${head} -- ${rest}` : `${head} ${rest}`;
}
