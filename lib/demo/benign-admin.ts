/** Benign IT administration: scripts, discovery commands, PsExec/WMI/WinRM to servers, dumps for support. */
import { CLOUD_IPS } from './addresses';
import { WORDS, type GenCtx, isoDay } from './context';
import { BENIGN as B, logon, netConnect, procCreate, regEvent, serviceInstall, spawn, type Proc } from './events';
import { IMG } from './images';
import { explorerOf, servicesOf, svchostOf, wmiOf } from './parents';
import { SYSTEM, domainUser, shortName, type Host } from './world';

/** Discovery commands benign admins run too (attackers draw from the same list). */
export function discoveryCommand(c: GenCtx, target: string): [string, string] {
  const r = c.rng;
  return r.choice<[string, string]>([
    [IMG.whoami, r.choice(['whoami /all', 'whoami /groups', 'whoami /priv'])],
    [IMG.net, r.choice(['net group "Domain Admins" /domain', `net user ${r.choice(WORDS)}.${r.choice(WORDS)} /domain`, 'net localgroup administrators', 'net view \\\\FS01', 'net group "Domain Computers" /domain', 'net accounts /domain'])],
    [IMG.nltest, r.choice(['nltest /dsgetdc:corp.local', 'nltest /dclist:corp.local', 'nltest /domain_trusts', `nltest /sc_query:corp.local`])],
    [IMG.ipconfig, 'ipconfig /all'],
    [IMG.systeminfo, 'systeminfo'],
    [IMG.tasklist, r.choice(['tasklist /svc', 'tasklist /v', `tasklist /s ${target}`])],
    [IMG.netstat, r.choice(['netstat -ano', 'netstat -an'])],
    [IMG.quser, `quser /server:${target}`],
    [IMG.arp, 'arp -a'],
  ]);
}

function remoteTarget(c: GenCtx): Host {
  const { workstations, dc, fs } = c.world;
  return c.rng.weighted([dc, fs, ...workstations], [3, 3, ...workstations.map(() => 0.5)]);
}

/** PsExec / WMI / WinRM from `src` to `dst` as `user`: the remote side of lateral tooling. */
export function remoteExec(c: GenCtx, t: number, src: Proc, dst: Host, kind: 'psexec' | 'wmi' | 'winrm', cmd: string, tag = B): Proc {
  const r = c.rng;
  const u = src.user;
  const sam = u.slice(u.indexOf('\\') + 1);
  c.out.push(netConnect(t, src, dst.ip, kind === 'psexec' ? 445 : kind === 'wmi' ? 135 : 5985, 'tcp', tag));
  c.out.push(logon(t + 300, dst, 3, src.host.ip, sam, tag));
  let parent: Proc;
  if (kind === 'psexec') {
    c.out.push(serviceInstall(t + 900, dst, 'PSEXESVC', '%SystemRoot%\\PSEXESVC.exe', tag));
    parent = spawn(r, dst, SYSTEM, IMG.psexesvc, 'C:\\Windows\\PSEXESVC.exe');
    c.out.push(procCreate(t + 1200, parent, servicesOf(dst), tag));
  } else if (kind === 'wmi') {
    parent = wmiOf(dst, t);
  } else {
    parent = spawn(r, dst, u, IMG.wsmprovhost, 'C:\\Windows\\system32\\wsmprovhost.exe -Embedding');
    c.out.push(procCreate(t + 1000, parent, svchostOf(dst, 'DcomLaunch'), tag));
  }
  const img = cmd.startsWith('powershell') ? IMG.powershell : IMG.cmd;
  const child = spawn(r, dst, kind === 'psexec' && r.bool(0.7) ? SYSTEM : u, img, cmd);
  c.out.push(procCreate(t + 1800, child, parent, tag));
  return child;
}

/** One admin action at `t`, from the admin workstation or an RDP session on a server. */
export function adminActivity(c: GenCtx, h: Host, t: number): void {
  const r = c.rng;
  const u = domainUser(c.world.admin);
  const ex = explorerOf(h, c.world.admin, t);
  const shell = spawn(r, h, u, r.bool(0.6) ? IMG.powershell : IMG.cmd, r.bool(0.5) ? `"${IMG.powershell}" ` : `"${IMG.cmd}" `);
  const kind = r.weighted(
    ['script', 'discovery', 'psexec', 'wmi', 'winrm', 'procdump', 'reg', 'sc', 'schtasks', 'certutil', 'ntdsutil', 'zip'],
    [5, 5, 1.2, 1.2, 1, 0.5, 1, 0.8, 0.6, 0.3, h.role === 'dc' ? 0.8 : 0, 0.4],
  );
  const run = (img: string, cmd: string, parent: Proc = shell): Proc => {
    const p = spawn(r, h, u, img, cmd);
    c.out.push(procCreate(t, p, parent, B));
    return p;
  };
  const tgt = remoteTarget(c);
  switch (kind) {
    case 'script': {
      const s = r.choice([
        `-NoProfile -ExecutionPolicy Bypass -File C:\\Scripts\\${r.choice(['Get-DiskReport', 'Check-Backups', 'Sync-ADGroups', 'Export-Licenses', 'Rotate-Logs'])}.ps1`,
        `-Command "Get-ADUser -Filter * -Properties LastLogonDate | Export-Csv C:\\Temp\\users_${isoDay(t)}.csv -NoTypeInformation"`,
        '-Command "Get-ADComputer -Filter * -Properties OperatingSystem | Select-Object Name,OperatingSystem"',
        `-Command "Test-NetConnection ${shortName(tgt)} -Port ${r.choice([445, 3389, 5985])}"`,
        `-Command "Get-WinEvent -LogName Security -MaxEvents ${r.int(50, 500)}"`,
      ]);
      const p = run(IMG.powershell, `powershell.exe ${s}`, ex);
      if (r.bool(0.4)) c.out.push(netConnect(t + 500, p, r.bool(0.7) ? c.world.dc.ip : r.choice(CLOUD_IPS), r.bool(0.7) ? 389 : 443, 'tcp', B));
      break;
    }
    case 'discovery': {
      const [img, cmd] = discoveryCommand(c, shortName(tgt));
      const p = run(img, cmd);
      if (img === IMG.net) c.out.push(procCreate(t + 40, spawn(r, h, u, IMG.net1, cmd.replace(/^net /, 'C:\\Windows\\system32\\net1 ')), p, B));
      break;
    }
    case 'psexec': {
      const p = run(IMG.psexec, `PsExec64.exe \\\\${shortName(tgt)} -accepteula -s ${r.choice(['cmd /c "gpupdate /force"', 'ipconfig /flushdns', 'cmd /c "sc query Spooler"'])}`);
      remoteExec(c, t + 500, p, tgt, 'psexec', r.choice(['cmd /c "gpupdate /force"', 'ipconfig /flushdns', 'cmd /c "sc query Spooler"']));
      break;
    }
    case 'wmi': {
      const create = r.bool(0.3);
      const p = run(IMG.wmic, create ? `wmic /node:${shortName(tgt)} process call create "cmd /c gpupdate /force"` : `wmic /node:${shortName(tgt)} ${r.choice(['os get lastbootuptime', 'product get name,version', 'qfe list brief', 'logicaldisk get size,freespace'])}`);
      if (create) remoteExec(c, t + 400, p, tgt, 'wmi', 'cmd /c gpupdate /force');
      else {
        c.out.push(netConnect(t + 400, p, tgt.ip, 135, 'tcp', B));
        c.out.push(logon(t + 700, tgt, 3, h.ip, c.world.admin, B));
      }
      break;
    }
    case 'winrm': {
      const p = run(IMG.powershell, `powershell.exe -Command "Invoke-Command -ComputerName ${shortName(tgt)} -ScriptBlock { ${r.choice(['Get-Service', 'Get-Process', 'Restart-Service Spooler', 'Get-HotFix'])} }"`, ex);
      remoteExec(c, t + 600, p, tgt, 'winrm', `powershell.exe -NoProfile -Command ${r.choice(['Get-Service', 'Get-Process', 'Get-HotFix'])}`);
      break;
    }
    case 'procdump': {
      const proc = r.choice(['OUTLOOK.EXE', 'Teams.exe', 'spoolsv.exe', 'w3wp.exe', 'explorer.exe']);
      run(IMG.procdump, `procdump64.exe -accepteula -ma ${proc} C:\\Temp\\${proc.split('.')[0]}_${isoDay(t)}.dmp`);
      break;
    }
    case 'reg': {
      const p = run(IMG.reg, r.choice([
        'reg query HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall /s',
        `reg export HKLM\\SOFTWARE\\Policies C:\\Temp\\policies_${isoDay(t)}.reg /y`,
        'reg save HKLM\\SOFTWARE C:\\Backup\\software.hiv /y',
        'reg add "HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU" /v NoAutoReboot /t REG_DWORD /d 1 /f',
      ]));
      if (/reg add/.test(p.cmd)) c.out.push(regEvent(t + 50, p, 13, 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate\\AU\\NoAutoReboot', 'DWORD (0x00000001)', B));
      break;
    }
    case 'sc':
      run(IMG.sc, r.choice(['sc query type= service state= all', `sc \\\\${shortName(tgt)} query Spooler`, `sc config ${r.choice(['Spooler', 'wuauserv', 'BITS'])} start= auto`]));
      break;
    case 'schtasks':
      run(IMG.schtasks, r.choice(['schtasks /query /fo LIST /v', 'schtasks /create /tn "Maintenance\\CleanupTemp" /tr "C:\\Scripts\\cleanup.cmd" /sc daily /st 02:30 /ru SYSTEM /f', `schtasks /run /tn "Maintenance\\${r.choice(['CleanupTemp', 'Inventory'])}"`]));
      break;
    case 'certutil':
      run(IMG.certutil, r.choice(['certutil -urlcache -split -f http://fs01.corp.local/tools/agent.msi C:\\Temp\\agent.msi', 'certutil -verifystore Root', 'certutil -encode C:\\Temp\\cert.cer C:\\Temp\\cert.b64']));
      break;
    case 'ntdsutil':
      run(IMG.ntdsutil, r.choice(['ntdsutil snapshot "activate instance ntds" create quit quit', `ntdsutil "ac i ntds" ifm "create full C:\\IFM\\${isoDay(t)}" q q`]));
      break;
    case 'zip': {
      const rar = r.bool(0.5);
      const img = rar ? IMG.rar : IMG.sevenZip;
      run(img, `"${img}" a ${rar ? '-r ' : ''}C:\\Temp\\logs_${isoDay(t)}.${rar ? 'rar' : '7z'} C:\\Windows\\Logs\\${r.choice(['CBS', 'DISM', 'WindowsUpdate'])}`);
      break;
    }
  }
}
