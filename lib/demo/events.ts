/** The Sysmon-like event record and constructors for each EventID used by the demo log. */
import type { Rng } from '../random';
import { SYSTEM, type Host } from './world';

/** One log row; empty string / '' means "not applicable" (an empty CSV field). */
export interface SysEvent {
  /** Epoch milliseconds (written as ISO-8601 UTC). */
  t: number;
  host: string;
  channel: string;
  eventId: number;
  user: string;
  image: string;
  cmd: string;
  parentImage: string;
  parentCmd: string;
  guid: string;
  parentGuid: string;
  pid: number | '';
  targetObject: string;
  details: string;
  serviceName: string;
  serviceFile: string;
  logonType: number | '';
  ipAddress: string;
  targetUser: string;
  dstIp: string;
  dstPort: number | '';
  protocol: string;
  label: 0 | 1;
  campaign: string;
  reason: string;
}

/** Ground truth attached to each event. */
export interface Tag {
  label: 0 | 1;
  campaign: string;
  reason: string;
}

export const BENIGN: Tag = { label: 0, campaign: '', reason: '' };

/** A running process (parent or child) as seen by Sysmon. */
export interface Proc {
  host: Host;
  user: string;
  image: string;
  cmd: string;
  guid: string;
  pid: number;
}

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

function blank(t: number, host: Host, channel: string, eventId: number, tag: Tag): SysEvent {
  return {
    t, host: host.name, channel, eventId, user: '', image: '', cmd: '', parentImage: '', parentCmd: '',
    guid: '', parentGuid: '', pid: '', targetObject: '', details: '', serviceName: '', serviceFile: '',
    logonType: '', ipAddress: '', targetUser: '', dstIp: '', dstPort: '', protocol: '',
    label: tag.label, campaign: tag.campaign, reason: tag.reason,
  };
}

/** A fresh Sysmon ProcessGuid. */
export function newGuid(rng: Rng): string {
  return `{${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}}`.toUpperCase();
}

/** A new process record (not yet an event). */
export function spawn(rng: Rng, host: Host, user: string, image: string, cmd: string): Proc {
  return { host, user, image, cmd, guid: newGuid(rng), pid: 4 * rng.int(100, 4000) };
}

/** EventID 1: process creation of `child` by `parent`. */
export function procCreate(t: number, child: Proc, parent: Proc, tag: Tag): SysEvent {
  const e = blank(t, child.host, SYSMON, 1, tag);
  e.user = child.user;
  e.image = child.image;
  e.cmd = child.cmd;
  e.parentImage = parent.image;
  e.parentCmd = parent.cmd;
  e.guid = child.guid;
  e.parentGuid = parent.guid;
  e.pid = child.pid;
  return e;
}

/** EventID 3: outbound network connection made by `proc`. */
export function netConnect(t: number, proc: Proc, dstIp: string, dstPort: number, protocol: 'tcp' | 'udp', tag: Tag): SysEvent {
  const e = blank(t, proc.host, SYSMON, 3, tag);
  e.user = proc.user;
  e.image = proc.image;
  e.guid = proc.guid;
  e.pid = proc.pid;
  e.dstIp = dstIp;
  e.dstPort = dstPort;
  e.protocol = protocol;
  return e;
}

/** EventID 12 (key create/delete) or 13 (value set) by `proc`. */
export function regEvent(t: number, proc: Proc, eventId: 12 | 13, targetObject: string, details: string, tag: Tag): SysEvent {
  const e = blank(t, proc.host, SYSMON, eventId, tag);
  e.user = proc.user;
  e.image = proc.image;
  e.guid = proc.guid;
  e.pid = proc.pid;
  e.targetObject = targetObject;
  e.details = eventId === 13 ? details : '';
  return e;
}

/** Security 4624: successful logon on `host` of `targetUser` (sam name) from `ip`. */
export function logon(t: number, host: Host, logonType: number, ip: string, targetUser: string, tag: Tag): SysEvent {
  const e = blank(t, host, 'Security', 4624, tag);
  e.user = SYSTEM;
  e.image = logonType === 3 || logonType === 5 ? '' : 'C:\\Windows\\System32\\svchost.exe';
  e.logonType = logonType;
  e.ipAddress = ip;
  e.targetUser = targetUser;
  return e;
}

/** System 7045: a service was installed on `host`. */
export function serviceInstall(t: number, host: Host, name: string, file: string, tag: Tag): SysEvent {
  const e = blank(t, host, 'System', 7045, tag);
  e.user = SYSTEM;
  e.serviceName = name;
  e.serviceFile = file;
  return e;
}
