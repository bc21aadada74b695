/** Long-running parent processes (explorer per user-day, services, svchost…) with stable ids. */
import type { Proc } from './events';
import { IMG } from './images';
import { SYSTEM, domainUser, stableGuid, stablePid, type Host } from './world';

function longRunning(host: Host, user: string, image: string, cmd: string, key: string): Proc {
  const k = `${host.name}|${key}`;
  return { host, user, image, cmd, guid: stableGuid(k), pid: stablePid(k) };
}

const dayOf = (t: number) => Math.floor(t / 86_400_000);

/** explorer.exe of `user` on `host` for the day of `t` (users log on once a day). */
export function explorerOf(host: Host, user: string, t: number): Proc {
  return longRunning(host, domainUser(user), IMG.explorer, 'C:\\Windows\\Explorer.EXE', `explorer|${user}|${dayOf(t)}`);
}

/** services.exe (one per host for the whole log). */
export function servicesOf(host: Host): Proc {
  return longRunning(host, SYSTEM, IMG.services, 'C:\\Windows\\system32\\services.exe', 'services');
}

/** A service host of group `group` (netsvcs, DcomLaunch, …). */
export function svchostOf(host: Host, group: string): Proc {
  return longRunning(host, SYSTEM, IMG.svchost, `C:\\Windows\\system32\\svchost.exe -k ${group} -p`, `svchost|${group}`);
}

/** The WMI provider host (parent of WMI-launched processes). */
export function wmiOf(host: Host, t: number): Proc {
  return longRunning(host, 'NT AUTHORITY\\NETWORK SERVICE', IMG.wmiPrvSe, 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', `wmi|${dayOf(t)}`);
}

/** The SCCM agent (parent of software-update installs and encoded admin scripts). */
export function ccmOf(host: Host): Proc {
  return longRunning(host, SYSTEM, IMG.ccmExec, 'C:\\Windows\\CCM\\CcmExec.exe', 'ccm');
}

/** Outlook of `user` for the day of `t`. */
export function outlookOf(host: Host, user: string, t: number): Proc {
  return longRunning(host, domainUser(user), IMG.outlook, `"${IMG.outlook}" `, `outlook|${user}|${dayOf(t)}`);
}

/** Main Chrome browser process of `user` for the day of `t`. */
export function chromeOf(host: Host, user: string, t: number): Proc {
  return longRunning(host, domainUser(user), IMG.chrome, `"${IMG.chrome}" `, `chrome|${user}|${dayOf(t)}`);
}
