/** The simulated Windows domain: hosts, users, addresses, and stable ids of long-running processes. */
import { hash32 } from '../random';

export const DOMAIN = 'CORP';
export const SYSTEM = 'NT AUTHORITY\\SYSTEM';
export const NETWORK_SERVICE = 'NT AUTHORITY\\NETWORK SERVICE';
export const LOCAL_SERVICE = 'NT AUTHORITY\\LOCAL SERVICE';

export type Role = 'workstation' | 'dc' | 'fileserver';

export interface Host {
  name: string;
  role: Role;
  ip: string;
  /** Primary interactive user (sam account name) of a workstation; '' on servers. */
  user: string;
  /** Relative activity weight. */
  weight: number;
  /** Whether developer tooling (git, python, code) runs here. */
  dev: boolean;
}

export interface World {
  hosts: Host[];
  workstations: Host[];
  dc: Host;
  fs: Host;
  /** IT admin account (sam name) and the workstation it mostly works from. */
  admin: string;
  adminHost: Host;
  /** Service accounts. */
  backupUser: string;
  sccmUser: string;
  /** Remote-access (VPN) client addresses, used by benign RDP and by one campaign. */
  vpnIps: string[];
}

const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina', 'henry', 'ivan', 'judy', 'kate', 'liam'];

/** Build the domain for `n` workstations (plus DC01 and FS01). Pure and deterministic. */
export function buildWorld(n: number): World {
  const workstations: Host[] = [];
  for (let i = 0; i < n; i++) {
    const base = NAMES[i % NAMES.length];
    const user = i < NAMES.length ? base : `${base}${Math.floor(i / NAMES.length) + 1}`;
    workstations.push({
      name: `WS${String(i + 1).padStart(2, '0')}.corp.local`,
      role: 'workstation',
      ip: `10.0.${1 + Math.floor(i / 200)}.${11 + (i % 200)}`,
      user,
      weight: 1,
      dev: i % 3 === 2,
    });
  }
  const dc: Host = { name: 'DC01.corp.local', role: 'dc', ip: '10.0.0.10', user: '', weight: 1.4, dev: false };
  const fs: Host = { name: 'FS01.corp.local', role: 'fileserver', ip: '10.0.0.20', user: '', weight: 1.1, dev: false };
  const adminHost = workstations[workstations.length - 1];
  return {
    hosts: [...workstations, dc, fs],
    workstations,
    dc,
    fs,
    admin: 'adm-grace',
    adminHost,
    backupUser: 'svc-backup',
    sccmUser: 'svc-sccm',
    vpnIps: ['172.16.8.21', '172.16.8.34', '172.16.8.57', '172.16.8.102', '172.16.9.13'],
  };
}

/** `CORP\\name`. */
export function domainUser(sam: string): string {
  return `${DOMAIN}\\${sam}`;
}

/** Short host name (`WS01`). */
export function shortName(h: Host): string {
  return h.name.split('.')[0];
}

/** A SID-like string for a user, stable across runs. */
export function userSid(sam: string): string {
  return `S-1-5-21-3541430928-2051711210-1391384369-${1100 + (hash32(sam) % 900)}`;
}

/** A Sysmon ProcessGuid derived from a key (for long-running parents such as explorer.exe per day). */
export function stableGuid(key: string): string {
  const h = (k: string) => hash32(k).toString(16).padStart(8, '0');
  const a = h(key);
  const b = h(`${key}#b`);
  const c = h(`${key}#c`);
  return `{${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${h(`${key}#d`)}}`.toUpperCase();
}

/** A stable process id for a long-running parent. */
export function stablePid(key: string): number {
  return 400 + 4 * (hash32(key) % 4000);
}
