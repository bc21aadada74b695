import { VAL_LOSS, type Monitor } from './types';

/**
 * Early-stopping strategies as small pure state machines: feed one value of the monitored metric per
 * epoch (val_loss by default; any metric, lower or higher is better), get back whether this epoch is
 * the best so far (keep its weights) and whether to stop, with a sentence saying why. `stepStopping`
 * is the pure kernel; `createStopper` wraps it with state. A metric where higher is better is fed
 * negated, so every rule below reads "lower is better"; sentences show the metric's own values.
 *
 * Two notions of "best" on purpose:
 * - `best` (checkpoint) is the lowest loss seen, so restoring it gives the lowest validation loss;
 * - the *reference* of the patience rule moves only on an improvement that counts (smart: ≥
 *   min_improvement relative; adaptive: > adaptive_factor × loss), as Keras's `min_delta` does, so
 *   many tiny improvements still add up to one that counts.
 */

export type StoppingStrategy = 'standard' | 'smart' | 'adaptive' | 'none';
export const STOPPING_STRATEGIES: readonly StoppingStrategy[] = ['standard', 'smart', 'adaptive', 'none'];

/** Stopping settings (the config's `train.stopping`); missing fields take `STOPPING_DEFAULTS`. */
export interface StoppingConfig {
  /** 'standard' | 'smart' | 'adaptive' | 'none' (a string so a config section passes as is). */
  strategy: string;
  /** Epochs without an improvement that counts before stopping. */
  patience?: number;
  /** smart: relative improvement over the reference that counts (0.005 = 0.5%). */
  min_improvement?: number;
  /** smart: epochs the window rules look back over. */
  window?: number;
  /** smart: over the window the loss must fall by this share of its value `window` epochs ago. */
  window_improvement?: number;
  /** smart: minimum mean relative improvement per epoch over the window (signed; 0.001 = 0.1%/epoch). */
  min_rate?: number;
  /** adaptive: an improvement counts when it exceeds this share of the current loss. */
  adaptive_factor?: number;
  /** Put the best epoch's weights back at the end. */
  restore_best?: boolean;
}

export const STOPPING_DEFAULTS: Required<StoppingConfig> = {
  strategy: 'smart',
  patience: 5,
  min_improvement: 0.005,
  window: 10,
  window_improvement: 0.02,
  min_rate: 0.001,
  adaptive_factor: 0.01,
  restore_best: true,
};

/** Which rule stopped training. */
export type StopRule = 'patience' | 'window' | 'rate';

export interface StopDecision {
  /** Stop after this epoch. */
  stop: boolean;
  /** This epoch has the best monitored value so far: keep its weights. */
  best: boolean;
  /** The rule that fired when `stop`, else null. */
  rule: StopRule | null;
  /** Human-readable: why it stops, or how the epoch counted. */
  reason: string;
}

/** Settings with defaults filled and the monitored metric (from `resolveStopping`). */
export type ResolvedStopping = Required<StoppingConfig> & { strategy: StoppingStrategy; monitor: Monitor };

/** Signed values (lower is better: the metric for mode 'min', its negation for 'max'). */
export interface StoppingState {
  /** Values seen, one per epoch. */
  losses: number[];
  bestLoss: number;
  /** 1-based epoch of `bestLoss` (0 before the first epoch). */
  bestEpoch: number;
  /** Loss at the last improvement that counted (patience reference). */
  reference: number;
  /** Epochs since the last improvement that counted. */
  wait: number;
}

export const initialStoppingState = (): StoppingState => ({ losses: [], bestLoss: Infinity, bestEpoch: 0, reference: Infinity, wait: 0 });

/** Fill defaults and check ranges; names the bad key. `monitor` defaults to val_loss, lower is better. */
export function resolveStopping(cfg: StoppingConfig, monitor: Monitor = VAL_LOSS): ResolvedStopping {
  if (!['val_loss', 'val_accuracy'].includes(monitor?.metric) || !['min', 'max'].includes(monitor?.mode)) {
    throw new Error(`monitor must be { metric: 'val_loss' | 'val_accuracy', mode: 'min' | 'max' }, got ${JSON.stringify(monitor)}`);
  }
  const c = { ...STOPPING_DEFAULTS, ...definedOnly(cfg), monitor: { ...monitor } };
  if (!(STOPPING_STRATEGIES as readonly string[]).includes(c.strategy)) {
    throw new Error(`stopping.strategy "${c.strategy}" is unknown; use one of ${STOPPING_STRATEGIES.join(', ')}`);
  }
  const bad = (key: string, want: string) => new Error(`stopping.${key} must be ${want}, got ${JSON.stringify((c as Record<string, unknown>)[key])}`);
  if (!(Number.isInteger(c.patience) && c.patience >= 1)) throw bad('patience', 'an integer ≥ 1');
  if (!(Number.isInteger(c.window) && c.window >= 1)) throw bad('window', 'an integer ≥ 1');
  for (const key of ['min_improvement', 'window_improvement', 'min_rate', 'adaptive_factor'] as const) {
    if (!(Number.isFinite(c[key]) && c[key] >= 0 && c[key] < 1)) throw bad(key, 'a number in [0, 1)');
  }
  if (typeof c.restore_best !== 'boolean') throw bad('restore_best', 'true or false');
  return c as ResolvedStopping;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : String(x));
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/**
 * One epoch of a stopping strategy (pure): the state after this epoch's `value` of the monitored
 * metric, and the decision. A non-finite value never counts as an improvement. `cfg` must come from
 * `resolveStopping`.
 */
export function stepStopping(cfg: ResolvedStopping, state: StoppingState, value: number): { state: StoppingState; decision: StopDecision } {
  const loss = signOf(cfg) * value;
  const losses = [...state.losses, loss];
  const epoch = losses.length;
  const finite = Number.isFinite(loss);
  const best = finite && loss < state.bestLoss;
  const counts = finite && countsAsImprovement(cfg, state.reference, loss);
  const next: StoppingState = {
    losses,
    bestLoss: best ? loss : state.bestLoss,
    bestEpoch: best ? epoch : state.bestEpoch,
    reference: counts ? loss : state.reference,
    wait: counts ? 0 : state.wait + 1,
  };
  const stopped = cfg.strategy === 'none' ? null : firedRule(cfg, next);
  const decision: StopDecision = stopped
    ? { stop: true, best, rule: stopped.rule, reason: stopped.reason }
    : { stop: false, best, rule: null, reason: progressNote(cfg, state, next, counts) };
  return { state: next, decision };
}

/** +1 when lower is better, −1 when higher is (the state holds the metric times this). */
const signOf = (cfg: ResolvedStopping) => (cfg.monitor.mode === 'max' ? -1 : 1);

/** The best value in the metric's own units (±Infinity before any finite one). */
export function bestValue(cfg: ResolvedStopping, state: StoppingState): number {
  return signOf(cfg) * state.bestLoss;
}

function countsAsImprovement(cfg: ResolvedStopping, reference: number, loss: number): boolean {
  if (!Number.isFinite(reference)) return true; // the first finite loss always counts
  const gain = reference - loss;
  switch (cfg.strategy) {
    case 'smart':
      return gain > 0 && gain / Math.abs(reference) >= cfg.min_improvement;
    case 'adaptive':
      return gain > cfg.adaptive_factor * Math.abs(loss);
    default:
      return gain > 0;
  }
}

/** The first rule that fires, in order patience → window → rate, or null. */
function firedRule(cfg: ResolvedStopping, s: StoppingState): { rule: StopRule; reason: string } | null {
  const { metric } = cfg.monitor;
  const show = (x: number) => fmt(signOf(cfg) * x);
  const bestNote = `best ${metric} ${show(s.bestLoss)} at epoch ${s.bestEpoch}`;
  if (s.wait >= cfg.patience) {
    const what = cfg.strategy === 'smart' ? `by at least ${pct(cfg.min_improvement)}`
      : cfg.strategy === 'adaptive' ? `by more than ${pct(cfg.adaptive_factor)} of its value` : '';
    return { rule: 'patience', reason: `${metric} did not improve${what ? ` ${what}` : ''} for ${s.wait} epochs (patience ${cfg.patience}); ${bestNote}` };
  }
  if (cfg.strategy !== 'smart' || s.losses.length <= cfg.window) return null;
  const w = cfg.window;
  const recent = s.losses.slice(-(w + 1)); // w epochs of change need w + 1 values
  const start = recent[0];
  if (!recent.every(Number.isFinite) || start === 0) return null; // a NaN epoch is patience's business
  const fell = (start - Math.min(...recent.slice(1))) / Math.abs(start);
  if (fell < cfg.window_improvement) {
    const moved = cfg.monitor.mode === 'max' ? 'rose' : 'fell';
    return { rule: 'window', reason: `${metric} ${moved} by only ${pct(fell)} over the last ${w} epochs (needs ${pct(cfg.window_improvement)}); ${bestNote}` };
  }
  let sum = 0;
  for (let i = 1; i < recent.length; i++) sum += (recent[i - 1] - recent[i]) / Math.abs(recent[i - 1]);
  const rate = sum / w;
  if (!(rate >= cfg.min_rate)) {
    return { rule: 'rate', reason: `${metric} improved by ${pct(rate)} per epoch on average over the last ${w} epochs (needs ${pct(cfg.min_rate)}); ${bestNote}` };
  }
  return null;
}

function progressNote(cfg: ResolvedStopping, before: StoppingState, after: StoppingState, counts: boolean): string {
  const { metric } = cfg.monitor;
  const show = (x: number) => fmt(signOf(cfg) * x);
  const epoch = after.losses.length;
  const loss = after.losses[epoch - 1];
  if (!Number.isFinite(loss)) return `${metric} is ${signOf(cfg) * loss} at epoch ${epoch}; not an improvement`;
  if (!Number.isFinite(before.reference)) return `first epoch: ${metric} ${show(loss)}`;
  const change = (before.reference - loss) / Math.abs(before.reference);
  if (counts) return `${metric} ${show(loss)} improved ${pct(change)} on ${show(before.reference)}`;
  const tail = cfg.strategy === 'none' ? '' : `; ${after.wait}/${cfg.patience} epochs without an improvement that counts`;
  return `${metric} ${show(loss)} (${change >= 0 ? `${pct(change)} better` : `${pct(-change)} worse`} than ${show(before.reference)})${tail}`;
}

/** A stateful wrapper: `update(value)` per epoch. */
export interface Stopper {
  readonly config: ResolvedStopping;
  update(value: number): StopDecision;
  readonly state: StoppingState;
}

/** A stopper for `cfg` (defaults filled, validated) watching `monitor` (default val_loss, lower is better). */
export function createStopper(cfg: StoppingConfig, monitor: Monitor = VAL_LOSS): Stopper {
  const config = resolveStopping(cfg, monitor);
  let state = initialStoppingState();
  return {
    config,
    update(value) {
      const r = stepStopping(config, state, value);
      state = r.state;
      return r.decision;
    },
    get state() {
      return state;
    },
  };
}
