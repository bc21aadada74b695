/**
 * The one command-line convention of every CLI: `--key value`, `--key=value`, `--flag` / `--no-flag`
 * for booleans, space-separated lists for list flags, any config key by its dotted name with `-` or `_`
 * (`--train.batch-size 64`), documented aliases (the originals' flag names, `--output-dir` for `--out`),
 * `--preset NAME`, `-h`/`--help`. Errors name the flag as typed. Exit codes: 0 ok, 1 the run failed,
 * 2 bad arguments, config or paths (nothing ran).
 */
import { coerceLike, getPath } from '../config/merge';
import { UsageError } from './errors';

export interface CliSpec {
  /** The npm script, for messages (`npm run <name> -- --help`). */
  name: string;
  /** Flag (without `--`) → dotted config key. */
  aliases?: Record<string, string>;
  /** Flags taking a space-separated list (`--encoder-units 64 32`); `--flag=a,b` works for every list. */
  lists?: readonly string[];
  /** Flags of the command itself, not config keys: `value` takes one, `switch` takes none. */
  controls?: Record<string, 'value' | 'switch'>;
}

export interface ParsedCli {
  /** Dotted config key → value typed like its default. */
  overrides: Record<string, unknown>;
  /** Control flags given (`switch` ones as 'true'). */
  controls: Record<string, string>;
  preset?: string;
  help: boolean;
}

/** Parse arguments against a config's defaults; every problem is a UsageError naming the flag. */
export function parseCli(argv: readonly string[], defaults: object, spec: CliSpec): ParsedCli {
  const out: ParsedCli = { overrides: {}, controls: {}, help: false };
  const hint = `npm run ${spec.name} -- --help lists the options`;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      out.help = true;
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') throw new UsageError(`unexpected argument "${arg}" (${hint})`);
    const [typed, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string?];
    const flag = `--${typed}`;
    const next = (): string => {
      const v = inline ?? argv[i + 1];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) throw new UsageError(`${flag} needs a value (${hint})`);
      if (inline === undefined) i++;
      return v;
    };
    const listValue = (): string => {
      const items: string[] = [];
      while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) items.push(argv[++i]);
      if (!items.length) throw new UsageError(`${flag} needs one or more values (${hint})`);
      return items.join(',');
    };
    if (typed === 'preset') {
      out.preset = next();
      continue;
    }
    const control = spec.controls?.[typed];
    if (control) {
      out.controls[typed] = control === 'switch' ? 'true' : spec.lists?.includes(typed) && inline === undefined ? listValue() : next();
      continue;
    }
    let key = configKey(typed, defaults, spec);
    let raw: string | undefined;
    const negated = key === undefined && typed.startsWith('no-') ? configKey(typed.slice(3), defaults, spec) : undefined;
    if (negated !== undefined && typeof getPath(defaults, negated) === 'boolean') {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      [key, raw] = [negated, 'false'];
    }
    if (key === undefined) throw new UsageError(`unknown option ${flag} (${hint})`);
    const template = getPath(defaults, key);
    if (raw === undefined) {
      const bareSwitch = typeof template === 'boolean' && inline === undefined && !/^(true|false|0|1)$/.test(argv[i + 1] ?? '');
      raw = bareSwitch ? 'true' : spec.lists?.includes(typed) && inline === undefined ? listValue() : next();
    }
    try {
      out.overrides[key] = coerceLike(template, raw, typed);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
  }
  return out;
}

/** The dotted config key a flag names: an alias, the key itself, or the key with `-` read as `_`. */
function configKey(typed: string, defaults: object, spec: CliSpec): string | undefined {
  for (const candidate of [spec.aliases?.[typed], typed, typed.replace(/-/g, '_')]) {
    if (candidate !== undefined && getPath(defaults, candidate) !== undefined) return candidate;
  }
  return undefined;
}

/**
 * Run a CLI's main and set the exit code: what main returns (default 0); 2 for a UsageError (with a
 * pointer to --help), 1 for any other error. Messages start with the command's name.
 */
export function runCliMain(name: string, main: () => Promise<number | void>): void {
  void cliExitCode(name, main).then((code) => {
    process.exitCode = code;
  });
}

/** What runCliMain does, without touching process.exitCode: the exit code, errors printed (tests run CLIs in-process with it). */
export async function cliExitCode(name: string, main: () => Promise<number | void>): Promise<number> {
  try {
    return (await main()) ?? 0;
  } catch (e) {
    const err = e as Error;
    const usage = err instanceof UsageError;
    console.error(`${name}: ${err.message}`);
    if (usage && !/--help/.test(err.message)) console.error(`(${name === 'start' ? 'npm start' : `npm run ${name}`} -- --help lists the options)`);
    return usage ? 2 : 1;
  }
}
