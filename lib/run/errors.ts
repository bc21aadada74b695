/**
 * A bad argument, config value, path or run folder: the run did not start. CLIs exit 2 for it and 1
 * for any other error (a failed run).
 */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Run `f`; any error it throws becomes a UsageError (config resolution and validation phases). */
export function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError((err as Error).message);
  }
}
