/** Helpers shared by the six campaign scripts: tagging, stage clocks within the campaign's window. */
import type { GenCtx } from './context';
import { netConnect, procCreate, spawn, type Proc, type Tag } from './events';
import { IMG } from './images';
import { domainUser, type Host } from './world';

export type Stage = 'initial-access' | 'execution' | 'persistence' | 'discovery' | 'credential-access' | 'lateral-movement' | 'collection' | 'exfiltration' | 'command-and-control';

/** Fractions of the campaign window in which each kill-chain phase starts. */
const PHASE: Record<string, [number, number]> = {
  initial: [0.02, 0.1],
  discovery: [0.12, 0.3],
  credential: [0.34, 0.5],
  lateral: [0.55, 0.72],
  exfil: [0.78, 0.9],
};

export interface Kit {
  c: GenCtx;
  name: string;
  /** Campaign window [w0, w1) in epoch ms (inside its file range). */
  w0: number;
  w1: number;
  /** UTC hours the operator prefers (hands-on-keyboard time). */
  hours: number[];
  /** The kit's clock: where the next step happens. */
  t: number;
  victim: Host;
  /** Ground-truth tag for a step. */
  tag(stage: Stage, technique: string): Tag;
  /** Jump the clock to a random preferred-hour time in a phase window. */
  phase(name: keyof typeof PHASE): void;
  /** Advance the clock by an operator pause (exponential, mean in seconds). */
  pause(meanSec?: number): number;
  /** Spawn `cmd` under `parent` on the parent's host (or `host`) as `user`, log it, return it. */
  run(parent: Proc, image: string, cmd: string, tag: Tag, user?: string, host?: Host): Proc;
  /** Log an outbound connection of `p`. */
  connect(p: Proc, ip: string, port: number, tag: Tag, proto?: 'tcp' | 'udp'): void;
}

/** Create a kit for campaign `name` over [w0, w1). */
export function makeKit(c: GenCtx, name: string, w0: number, w1: number, hours: number[], victim: Host): Kit {
  const kit: Kit = {
    c, name, w0, w1, hours, victim, t: w0,
    tag: (stage, technique) => ({ label: 1, campaign: name, reason: `${name} ${stage} ${technique}` }),
    phase(p) {
      const [a, b] = PHASE[p];
      let t = w0 + (w1 - w0) * c.rng.uniform(a, b);
      for (let i = 0; i < 40; i++) {
        const cand = w0 + (w1 - w0) * c.rng.uniform(a, b);
        if (hours.includes(new Date(cand).getUTCHours())) {
          t = cand;
          break;
        }
      }
      kit.t = Math.max(kit.t, Math.floor(t));
    },
    pause(meanSec = 25) {
      kit.t += Math.floor(1000 * (2 + c.rng.exp(meanSec)));
      return kit.t;
    },
    run(parent, image, cmd, tag, user, host) {
      const p = spawn(c.rng, host ?? parent.host, user ?? parent.user, image, cmd);
      c.out.push(procCreate(kit.pause(), p, parent, tag));
      return p;
    },
    connect(p, ip, port, tag, proto = 'tcp') {
      c.out.push(netConnect(kit.pause(3), p, ip, port, proto, tag));
    },
  };
  return kit;
}

/** Implant check-ins and occasional tasking from `implant` to `c2` until `budget` events, spread over [from, w1). */
export function beacons(k: Kit, implant: Proc, c2: string[], port: number, budget: number, from: number): void {
  const { c } = k;
  const tag = k.tag('command-and-control', 'T1071.001 beacon');
  const times: number[] = [];
  for (let i = 0; i < budget; i++) times.push(Math.floor(c.rng.uniform(from, k.w1 - 60_000)));
  times.sort((a, b) => a - b);
  for (const t of times) {
    if (c.rng.bool(0.12)) {
      const task = c.rng.choice(['cmd.exe /c dir', 'cmd.exe /c tasklist', 'cmd.exe /c whoami', 'cmd.exe /c cd', 'cmd.exe /c ipconfig']);
      const p = spawn(c.rng, implant.host, implant.user, IMG.cmd, `${task}${task.endsWith('dir') ? ` C:\\Users\\${implant.user.split('\\')[1] ?? 'Public'}\\Documents` : ''}`);
      c.out.push(procCreate(t, p, implant, k.tag('execution', 'T1059.003 tasking')));
    } else c.out.push(netConnect(t, implant, c.rng.choice(c2), port, 'tcp', tag));
  }
}

export { domainUser };
