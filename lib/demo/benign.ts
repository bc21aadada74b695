/** Benign background of the Sysmon log: activities drawn hour by hour following a daily/weekly rhythm. */
import { adminActivity } from './benign-admin';
import { backupJob, systemActivity } from './benign-system';
import { userActivity } from './benign-user';
import type { GenCtx } from './context';
import { BENIGN as B, procCreate, spawn } from './events';
import { IMG } from './images';
import { svchostOf } from './parents';
import { SYSTEM, type Host } from './world';

const HOUR = 3_600_000;
/** Relative user activity by UTC hour on a weekday (office hours with a lunch dip). */
const WEEKDAY = [0.04, 0.03, 0.03, 0.03, 0.03, 0.05, 0.12, 0.4, 0.85, 1, 1, 0.95, 0.6, 0.9, 1, 1, 0.9, 0.7, 0.35, 0.18, 0.12, 0.1, 0.07, 0.05];

/** Relative interactive activity at the hour starting at `t` (weekends ~12% of weekdays). */
export function userRhythm(t: number): number {
  const d = new Date(t);
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
  return WEEKDAY[d.getUTCHours()] * (weekend ? 0.12 : 1);
}

/** Background rate: flat with a maintenance bump at 01:00–04:00. */
function systemRhythm(t: number): number {
  const h = new Date(t).getUTCHours();
  return h >= 1 && h <= 4 ? 1.5 : 1;
}

type Channel = 'user' | 'admin' | 'system';

/** Expected activity weight of each channel on host `h` in the hour starting at `t`. */
function channelWeights(c: GenCtx, h: Host, t: number): Record<Channel, number> {
  const u = userRhythm(t);
  const s = systemRhythm(t);
  if (h.role === 'workstation') return { user: u, admin: h === c.world.adminHost ? 0.3 * u : 0, system: 0.4 * s };
  return { user: 0, admin: 0.12 * u, system: (h.role === 'dc' ? 0.9 : 0.7) * (0.5 * s + 1.6 * u) };
}

const EVENTS_PER_ACTIVITY = 1.3;

/** Generate benign events for all hosts over [start, start + days) with about `target` events (unsorted). */
export function generateBenign(c: GenCtx, start: number, days: number, target: number): void {
  const hours = days * 24;
  let total = 0;
  for (const h of c.world.hosts) for (let i = 0; i < hours; i++) {
    const w = channelWeights(c, h, start + i * HOUR);
    total += h.weight * (w.user + w.admin + w.system);
  }
  const scale = target / EVENTS_PER_ACTIVITY / total;
  for (const h of c.world.hosts) {
    for (let i = 0; i < hours; i++) {
      const t0 = start + i * HOUR;
      const w = channelWeights(c, h, t0);
      for (const ch of ['user', 'admin', 'system'] as Channel[]) {
        const n = c.rng.poisson(scale * h.weight * w[ch]);
        for (let k = 0; k < n; k++) {
          const t = t0 + Math.floor(c.rng.next() * HOUR);
          if (ch === 'user') userActivity(c, h, t);
          else if (ch === 'admin') adminActivity(c, h, t);
          else systemActivity(c, h, t);
        }
      }
    }
  }
  scheduledJobs(c, start, days);
}

/** Daily jobs: file-server backup at ~02:00, AD snapshot on the DC at ~01:00. */
function scheduledJobs(c: GenCtx, start: number, days: number): void {
  const { fs, dc } = c.world;
  for (let d = 0; d < days; d++) {
    const day = start + d * 24 * HOUR;
    backupJob(c, fs, day + 2 * HOUR + c.rng.int(0, 20 * 60_000));
    const snap = spawn(c.rng, dc, SYSTEM, IMG.ntdsutil, 'ntdsutil snapshot "activate instance ntds" create quit quit');
    c.out.push(procCreate(day + HOUR + c.rng.int(0, 10 * 60_000), snap, svchostOf(dc, 'netsvcs'), B));
  }
}
