/** Background activity of every host (services, updates, Defender, logons), busier on servers. */
import { MS_IPS, CLOUD_IPS } from './addresses';
import { type GenCtx, isoDay } from './context';
import { BENIGN as B, logon, netConnect, procCreate, regEvent, serviceInstall, spawn } from './events';
import { IMG } from './images';
import { ccmOf, servicesOf, svchostOf } from './parents';
import { encodePs } from './encode';
import { LOCAL_SERVICE, NETWORK_SERVICE, SYSTEM, domainUser, shortName, userSid, type Host } from './world';

type Activity = (c: GenCtx, h: Host, t: number) => void;

const housekeeping: Activity = (c, h, t) => {
  const r = c.rng;
  const [img, cmd, parent] = r.weighted<[string, string, 'services' | 'DcomLaunch' | 'netsvcs']>(
    [
      [IMG.svchost, `C:\\Windows\\system32\\svchost.exe -k ${r.choice(['netsvcs', 'LocalService', 'NetworkService', 'wsappx', 'UnistackSvcGroup'])} -p -s ${r.choice(['BITS', 'Schedule', 'wuauserv', 'DoSvc', 'CDPSvc', 'WpnService'])}`, 'services'],
      [IMG.taskhostw, r.choice(['taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly', 'taskhostw.exe {222A245B-E637-4AE9-A93F-A59CA119A75E}', 'taskhostw.exe Install $(Arg0)']), 'netsvcs'],
      [IMG.bgTaskHost, `"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:App.AppX${r.hex(32)}.mca`, 'DcomLaunch'],
      [IMG.runtimeBroker, 'C:\\Windows\\System32\\RuntimeBroker.exe -Embedding', 'DcomLaunch'],
      [IMG.searchProtocolHost, `"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe${r.int(1, 900)} Global\\UsGthrCtrlFltPipeMssGthrPipe${r.int(1, 900)} 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 6.0 Robot)" "C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc" "DownLevelDaemon"`, 'services'],
      [IMG.gpupdate, 'gpupdate.exe /target:computer', 'netsvcs'],
      [IMG.rundll32, r.choice(['rundll32.exe C:\\Windows\\system32\\PcaSvc.dll,PcaPatchSdbTask', 'rundll32.exe Windows.Storage.ApplicationData.dll,CleanupTemporaryState', 'rundll32.exe AppXDeploymentExtensions.OneCore.dll,ShellRefresh', 'rundll32.exe C:\\Windows\\system32\\inetcpl.cpl,ClearMyTracksByProcess Flags:65536 WinX:0 WinY:0 IEFrame:0000000000000000']), 'netsvcs'],
    ],
    [4, 2, 1.5, 1.5, 1, 0.3, 1.2],
  );
  const par = parent === 'services' ? servicesOf(h) : svchostOf(h, parent);
  const user = img === IMG.svchost ? r.choice([SYSTEM, LOCAL_SERVICE, NETWORK_SERVICE]) : SYSTEM;
  c.out.push(procCreate(t, spawn(r, h, user, img, cmd), par, B));
};

const infraNet: Activity = (c, h, t) => {
  const r = c.rng;
  const sv = svchostOf(h, r.choice(['netsvcs', 'NetworkService']));
  const { dc } = c.world;
  const [ip, port, proto] = r.weighted<[string, number, 'tcp' | 'udp']>(
    [[dc.ip, 53, 'udp'], [dc.ip, 88, 'tcp'], [dc.ip, 389, 'tcp'], [dc.ip, 389, 'udp'], [dc.ip, 135, 'tcp'], [dc.ip, 445, 'tcp'], [dc.ip, 123, 'udp'], [r.choice(MS_IPS), 443, 'tcp'], [r.choice(MS_IPS), 80, 'tcp']],
    [5, 2, 2, 1, 0.5, 1.5, 0.3, 2, 0.5],
  );
  c.out.push(netConnect(t, h === dc && ip === dc.ip ? { ...sv, image: IMG.lsass } : sv, h === dc && port === 53 ? '8.8.8.8' : ip, port, proto, B));
};

const registry: Activity = (c, h, t) => {
  const r = c.rng;
  const sv = svchostOf(h, 'netsvcs');
  if (r.bool(0.55)) {
    const sid = h.user ? userSid(h.user) : 'S-1-5-18';
    c.out.push(regEvent(t, sv, 13, `HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\${sid}\\\\Device\\HarddiskVolume3\\Windows\\System32\\${r.choice(['cmd.exe', 'notepad.exe', 'mmc.exe', 'taskmgr.exe', 'WindowsPowerShell\\v1.0\\powershell.exe'])}`, 'Binary Data', B));
  } else if (r.bool(0.5)) {
    c.out.push(regEvent(t, { ...sv, image: IMG.mpCmdRun }, 13, `HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates\\${r.choice(['SignaturesLastUpdated', 'AVSignatureVersion', 'ASSignatureApplied'])}`, r.bool(0.5) ? `DWORD (0x${r.hex(8)})` : `1.407.${r.int(100, 700)}.0`, B));
  } else {
    const key = `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\${r.choice(['WindowsUpdate\\Auto Update\\Results\\Detect', 'Component Based Servicing\\SessionsPending', 'Group Policy\\History', 'Diagnostics\\DiagTrack'])}`;
    c.out.push(regEvent(t, sv, r.bool(0.3) ? 12 : 13, key, r.bool(0.5) ? `${isoDay(t)} ${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00` : `DWORD (0x0000000${r.int(0, 9)})`, B));
  }
};

const updates: Activity = (c, h, t) => {
  const r = c.rng;
  const ccm = ccmOf(h);
  if (r.bool(0.35)) {
    // SCCM inventory scripts run base64-encoded PowerShell, as attackers also do.
    const script = r.choice(['Get-CimInstance Win32_Product | Select Name,Version', 'Get-HotFix | Sort InstalledOn -Desc | Select -First 5', '(Get-Item C:\\Windows\\CCM\\CcmExec.exe).VersionInfo', `Get-ChildItem HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall | Measure-Object; # ${r.int(1, 1e6)}`]);
    const p = spawn(r, h, SYSTEM, IMG.powershell, `"${IMG.powershell}" -NoLogo -NonInteractive -ExecutionPolicy Bypass -EncodedCommand ${encodePs(script)}`);
    c.out.push(procCreate(t, p, ccm, B));
    return;
  }
  const [pkg, svc, svcFile] = r.choice([
    ['GoogleChromeStandaloneEnterprise64.msi', 'GoogleUpdaterService', '"C:\\Program Files (x86)\\Google\\GoogleUpdater\\updater.exe" --system --windows-service'],
    ['7z2301-x64.msi', '', ''],
    ['ZoomInstallerFull.msi', 'ZoomCptService', '"C:\\Program Files\\Common Files\\Zoom\\Support\\CptService.exe"'],
    ['Firefox Setup 123.0.msi', 'MozillaMaintenance', '"C:\\Program Files (x86)\\Mozilla Maintenance Service\\maintenanceservice.exe"'],
    ['AcroRdrDCx64.msi', 'AdobeARMservice', '"C:\\Program Files (x86)\\Common Files\\Adobe\\ARM\\1.0\\armsvc.exe"'],
  ]);
  const m = spawn(r, h, SYSTEM, IMG.msiexec, `msiexec.exe /i "C:\\Windows\\ccmcache\\${r.hex(2)}\\${pkg}" /qn REBOOT=ReallySuppress`);
  c.out.push(procCreate(t, m, ccm, B));
  c.out.push(netConnect(t + 400, m, r.bool(0.7) ? c.world.fs.ip : r.choice(CLOUD_IPS), r.bool(0.7) ? 445 : 443, 'tcp', B));
  if (svc && r.bool(0.3)) {
    c.out.push(serviceInstall(t + 9000, h, svc, svcFile, B));
    c.out.push(regEvent(t + 9100, { ...servicesOf(h) }, 13, `HKLM\\System\\CurrentControlSet\\Services\\${svc}\\ImagePath`, svcFile, B));
  }
  if (r.bool(0.2)) {
    const od = spawn(r, h, SYSTEM, IMG.oneDriveUpdater, `"${IMG.oneDriveUpdater}" /reporting`);
    c.out.push(procCreate(t + 20_000, od, svchostOf(h, 'netsvcs'), B));
    c.out.push(netConnect(t + 21_000, od, r.choice(MS_IPS), 443, 'tcp', B));
  }
};

/** Logons seen on `h`: service logons everywhere; on servers, network logons of workstation users. */
const logons: Activity = (c, h, t) => {
  const r = c.rng;
  const { workstations, adminHost, admin, vpnIps } = c.world;
  if (h.role === 'workstation') {
    const type = r.weighted([5, 2, 7, 11, 3, 10], [3, 1, 2, 0.6, 1, 0.15]);
    const ip = type === 3 ? adminHost.ip : type === 10 ? r.choice(vpnIps) : type === 5 ? '-' : '127.0.0.1';
    const who = type === 5 ? 'SYSTEM' : type === 3 ? r.choice([admin, `${shortName(h)}$`]) : h.user;
    c.out.push(logon(t, h, type, ip, who, B));
    return;
  }
  const ws = r.choice(workstations);
  const type = r.weighted([3, 5, 10, 2], [8, 1, 0.25, 0.05]);
  const ip = type === 5 ? '-' : type === 10 ? (r.bool(0.7) ? adminHost.ip : r.choice(vpnIps)) : ws.ip;
  const who = type === 5 ? 'SYSTEM' : type === 3 ? r.weighted([ws.user, `${shortName(ws)}$`, admin, c.world.backupUser, c.world.sccmUser], [5, 3, 0.6, 0.3, 0.3]) : admin;
  c.out.push(logon(t, h, type, ip, who, B));
};

/** Nightly backup on the file server: 7-Zip archive pushed to the backup target (looks like exfiltration). */
export function backupJob(c: GenCtx, h: Host, t: number): void {
  const r = c.rng;
  const p = spawn(r, h, domainUser(c.world.backupUser), IMG.sevenZip, `"${IMG.sevenZip}" a -t7z D:\\Backup\\Shares_${isoDay(t)}.7z D:\\Shares\\${r.choice(['Finance', 'HR', 'Projects', 'Sales', '*'])} -mx3 -mmt2`);
  c.out.push(procCreate(t, p, svchostOf(h, 'netsvcs'), B));
  const up = spawn(r, h, domainUser(c.world.backupUser), IMG.robocopy, `robocopy D:\\Backup \\\\10.0.0.30\\vault$ Shares_${isoDay(t)}.7z /Z /R:2 /W:5`);
  c.out.push(procCreate(t + r.int(60_000, 900_000), up, svchostOf(h, 'netsvcs'), B));
  c.out.push(netConnect(t + r.int(900_000, 1_500_000), up, r.bool(0.8) ? '10.0.0.30' : r.choice(CLOUD_IPS), r.bool(0.8) ? 445 : 443, 'tcp', B));
}

/** Weighted mix of background activities; servers log many more logons. */
export function systemActivity(c: GenCtx, h: Host, t: number): void {
  const acts: Activity[] = [housekeeping, infraNet, registry, updates, logons];
  const w = h.role === 'workstation' ? [4, 4, 4, 0.6, 2] : [3, 4, 3, 0.3, 9];
  c.rng.weighted(acts, w)(c, h, t);
}
