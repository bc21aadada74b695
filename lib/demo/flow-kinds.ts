/** Benign and attack flow shapes; parameters overlap on purpose so no single feature gives attacks away. */
import type { FlowSpec } from './flow-features';
import type { Rng } from '../random';

export const NET = {
  dns: '192.168.10.3',
  web: '192.168.10.50',
  ftp: '192.168.10.51',
  ssh: '192.168.10.52',
  files: '192.168.10.20',
  backup: '192.168.10.30',
  clients: Array.from({ length: 40 }, (_, i) => `192.168.10.${100 + i}`),
  external: Array.from({ length: 240 }, (_, i) => `${[23, 34, 52, 66, 91, 104, 172, 185, 203, 205][i % 10]}.${(i * 37) % 250 + 3}.${(i * 11) % 250 + 1}.${(i * 53) % 250 + 2}`),
};

const WIN_OS = [8192, 64240, 65535, 29200, 26883, 14600, 2048, 1024];
const WIN_W = [4, 6, 3, 4, 1, 1, 0.3, 0.15];

type Base = Pick<FlowSpec, 't' | 'label'>;
const tcp = (r: Rng, n: number, fin: boolean, rst = false) => ({ syn: 1, fin: fin ? 1 : 0, rst: rst ? 1 : 0, psh: Math.min(n, r.int(0, Math.ceil(n / 2))), ack: Math.max(0, n - 1) });
const udp = { syn: 0, fin: 0, rst: 0, psh: 0, ack: 0 };
const eph = (r: Rng) => (r.bool(0.6) ? r.int(49152, 65535) : r.int(32768, 60999));
const win = (r: Rng) => r.weighted(WIN_OS, WIN_W);
const ln = (median: number, sigma: number) => (r: Rng) => r.lognormal(median, sigma);
const between = (lo: number, hi: number) => (r: Rng) => r.uniform(lo, hi);

/** One benign flow starting at `b.t`. */
export function benignFlow(r: Rng, b: Base): FlowSpec {
  const kind = r.weighted(['https', 'http-out', 'http-in', 'dns', 'ssh', 'ftp', 'smb', 'bulk', 'refused', 'ntp', 'idle'], [38, 6, 7, 15, 3, 1.2, 6, 2.5, 3.5, 1, 2.5]);
  const client = r.choice(NET.clients);
  const ext = r.choice(NET.external);
  const base = { ...b, sport: eph(r), winFwd: win(r), winBwd: r.weighted([65160, 28960, 8192, 65535, 0], [3, 2, 1, 3, 0.3]) };
  switch (kind) {
    case 'https': case 'http-out': case 'http-in': {
      const fwd = Math.max(1, Math.round(r.lognormal(9, 0.8)));
      const bwd = Math.max(0, Math.round(fwd * r.uniform(0.6, 2.5)));
      const inbound = kind === 'http-in';
      return { ...base, src: inbound ? ext : client, dst: inbound ? NET.web : ext, dport: kind === 'https' ? 443 : 80, proto: 6, fwd, bwd, fwdLen: ln(r.lognormal(220, 0.6), 0.5), bwdLen: ln(r.lognormal(800, 0.6), 0.6), durationUs: Math.round(r.lognormal(1.2e6, 1.8)), flags: tcp(r, fwd + bwd, r.bool(0.7)) };
    }
    case 'dns': {
      const bwd = r.bool(0.93) ? 1 : 0;
      return { ...base, src: client, dst: NET.dns, dport: 53, proto: 17, fwd: 1, bwd, fwdLen: between(28, 70), bwdLen: between(45, 320), durationUs: Math.round(r.lognormal(900, 1.2)), flags: udp, winFwd: 0, winBwd: 0 };
    }
    case 'ssh': {
      const git = r.bool(0.6);
      const fwd = git ? r.int(9, 35) : r.int(40, 1500);
      return { ...base, src: r.bool(0.8) ? client : ext, dst: NET.ssh, dport: 22, proto: 6, fwd, bwd: Math.round(fwd * r.uniform(0.9, 1.6)), fwdLen: ln(git ? 90 : 60, 0.8), bwdLen: ln(git ? 180 : 90, 1), durationUs: Math.round(git ? r.lognormal(2.5e6, 0.8) : r.lognormal(3e8, 1)), flags: tcp(r, 2 * fwd, true) };
    }
    case 'ftp': {
      const fwd = r.int(5, 40);
      return { ...base, src: ext, dst: NET.ftp, dport: 21, proto: 6, fwd, bwd: r.int(6, 45), fwdLen: ln(22, 0.6), bwdLen: ln(45, 0.7), durationUs: Math.round(r.lognormal(8e6, 1.2)), flags: tcp(r, 2 * fwd, r.bool(0.8)) };
    }
    case 'smb': {
      const fwd = r.int(3, 120);
      return { ...base, src: client, dst: NET.files, dport: r.bool(0.8) ? 445 : 389, proto: 6, fwd, bwd: Math.round(fwd * r.uniform(0.8, 1.5)), fwdLen: ln(180, 1), bwdLen: ln(600, 1.1), durationUs: Math.round(r.lognormal(4e5, 2)), flags: tcp(r, 2 * fwd, r.bool(0.6)) };
    }
    case 'bulk': {
      const fwd = r.int(200, 1500);
      const up = r.bool(0.5);
      return { ...base, src: client, dst: up ? NET.backup : ext, dport: up ? 873 : 443, proto: 6, fwd, bwd: Math.round(fwd * r.uniform(0.3, 0.7)), fwdLen: up ? between(1200, 1460) : between(40, 120), bwdLen: up ? between(40, 80) : between(1200, 1460), durationUs: Math.round(r.lognormal(4e6, 1)), flags: tcp(r, fwd, true) };
    }
    case 'refused': {
      return { ...base, src: r.bool(0.5) ? client : ext, dst: r.choice([NET.web, NET.files, NET.ftp, ...NET.clients.slice(0, 5)]), dport: r.choice([8080, 3389, 5985, 139, 8443, r.int(1, 65535)]), proto: 6, fwd: r.int(1, 2), bwd: r.int(0, 1), fwdLen: () => 0, bwdLen: () => 0, durationUs: Math.round(r.lognormal(400, 1.5)), flags: { syn: 1, fin: 0, rst: 1, psh: 0, ack: r.int(0, 1) } };
    }
    case 'ntp':
      return { ...base, src: client, dst: NET.dns, dport: 123, proto: 17, fwd: 1, bwd: 1, fwdLen: () => 48, bwdLen: () => 48, durationUs: Math.round(r.lognormal(1200, 0.8)), flags: udp, winFwd: 0, winBwd: 0 };
    default: {
      const fwd = r.int(3, 14);
      return { ...base, src: client, dst: r.bool(0.5) ? NET.web : ext, dport: r.bool(0.5) ? 80 : 443, proto: 6, fwd, bwd: r.int(1, 8), fwdLen: ln(30, 1), bwdLen: ln(60, 1), durationUs: Math.round(r.uniform(2e7, 1.2e8)), flags: tcp(r, fwd + 2, r.bool(0.4)) };
    }
  }
}

/** Per-burst attacker state (source addresses chosen once per burst). */
export interface Burst {
  label: string;
  src: string[];
  target: string;
}

/** One attack flow of `burst` starting at `b.t`. */
export function attackFlow(r: Rng, b: Base, burst: Burst): FlowSpec {
  const base = { ...b, src: r.choice(burst.src), sport: eph(r), winFwd: r.weighted([29200, 64240, 8192, 1024, 2048], [5, 2, 1, 1, 0.5]), winBwd: r.weighted([65160, 28960, 8192, 65535, 0], [3, 2, 1, 3, 0.5]) };
  switch (burst.label) {
    case 'DoS Hulk': {
      const fwd = r.int(2, 9);
      const bwd = r.bool(0.2) ? 0 : r.int(1, 8);
      return { ...base, dst: NET.web, dport: 80, proto: 6, fwd, bwd, fwdLen: ln(r.lognormal(330, 0.3), 0.4), bwdLen: ln(r.lognormal(700, 0.7), 0.7), durationUs: Math.round(r.lognormal(8e4, 2)), flags: tcp(r, fwd + bwd, r.bool(0.3), r.bool(0.2)) };
    }
    case 'DoS slowloris': {
      const fwd = r.int(3, 12);
      return { ...base, dst: NET.web, dport: 80, proto: 6, fwd, bwd: r.int(0, 4), fwdLen: ln(25, 0.9), bwdLen: ln(40, 1), durationUs: Math.round(r.uniform(1.2e7, 1.15e8)), flags: tcp(r, fwd + 2, r.bool(0.3)) };
    }
    case 'DDoS': {
      const fwd = r.int(1, 6);
      return { ...base, dst: NET.web, dport: 80, proto: 6, fwd, bwd: r.int(0, 5), fwdLen: ln(r.bool(0.5) ? 20 : 250, 1), bwdLen: ln(500, 1.2), durationUs: Math.round(r.lognormal(3e4, 2.2)), flags: tcp(r, fwd + 2, r.bool(0.3), r.bool(0.3)) };
    }
    case 'PortScan': {
      const port = r.bool(0.7) ? r.int(1, 1024) : r.int(1025, 65535);
      return { ...base, dst: burst.target, dport: port, proto: 6, fwd: r.int(1, 2), bwd: r.weighted([0, 1, 2], [3, 6, 1]), fwdLen: () => 0, bwdLen: () => 0, durationUs: Math.round(r.lognormal(150, 1.8)), flags: { syn: 1, fin: 0, rst: r.int(0, 1), psh: 0, ack: r.int(0, 1) } };
    }
    case 'SSH-Patator': {
      const fwd = r.int(10, 28);
      return { ...base, dst: NET.ssh, dport: 22, proto: 6, fwd, bwd: Math.round(fwd * r.uniform(1, 1.5)), fwdLen: ln(85, 0.8), bwdLen: ln(150, 0.9), durationUs: Math.round(r.lognormal(3.5e6, 0.6)), flags: tcp(r, 2 * fwd, r.bool(0.85)) };
    }
    default: {
      const fwd = r.int(4, 14);
      return { ...base, dst: NET.ftp, dport: 21, proto: 6, fwd, bwd: r.int(5, 16), fwdLen: ln(18, 0.6), bwdLen: ln(40, 0.6), durationUs: Math.round(r.lognormal(4e6, 0.9)), flags: tcp(r, 2 * fwd, r.bool(0.7)) };
    }
  }
}
