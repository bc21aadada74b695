/** Windows image paths shared by benign activity and campaigns (attackers live off the land). */
const S32 = 'C:\\Windows\\System32';

export const IMG = {
  system: 'System',
  services: `${S32}\\services.exe`,
  svchost: `${S32}\\svchost.exe`,
  lsass: `${S32}\\lsass.exe`,
  explorer: 'C:\\Windows\\explorer.exe',
  taskhostw: `${S32}\\taskhostw.exe`,
  bgTaskHost: `${S32}\\backgroundTaskHost.exe`,
  runtimeBroker: `${S32}\\RuntimeBroker.exe`,
  searchProtocolHost: `${S32}\\SearchProtocolHost.exe`,
  wmiPrvSe: `${S32}\\wbem\\WmiPrvSE.exe`,
  wsmprovhost: `${S32}\\wsmprovhost.exe`,
  conhost: `${S32}\\conhost.exe`,
  powershell: `${S32}\\WindowsPowerShell\\v1.0\\powershell.exe`,
  cmd: `${S32}\\cmd.exe`,
  net: `${S32}\\net.exe`,
  net1: `${S32}\\net1.exe`,
  whoami: `${S32}\\whoami.exe`,
  nltest: `${S32}\\nltest.exe`,
  ipconfig: `${S32}\\ipconfig.exe`,
  systeminfo: `${S32}\\systeminfo.exe`,
  tasklist: `${S32}\\tasklist.exe`,
  netstat: `${S32}\\NETSTAT.EXE`,
  arp: `${S32}\\ARP.EXE`,
  quser: `${S32}\\quser.exe`,
  reg: `${S32}\\reg.exe`,
  sc: `${S32}\\sc.exe`,
  schtasks: `${S32}\\schtasks.exe`,
  wmic: `${S32}\\wbem\\WMIC.exe`,
  rundll32: `${S32}\\rundll32.exe`,
  certutil: `${S32}\\certutil.exe`,
  curl: `${S32}\\curl.exe`,
  robocopy: `${S32}\\Robocopy.exe`,
  ntdsutil: `${S32}\\ntdsutil.exe`,
  msiexec: `${S32}\\msiexec.exe`,
  notepad: `${S32}\\notepad.exe`,
  gpupdate: `${S32}\\gpupdate.exe`,
  mpCmdRun: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24020.7-0\\MpCmdRun.exe',
  ccmExec: 'C:\\Windows\\CCM\\CcmExec.exe',
  chrome: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  outlook: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
  winword: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
  excel: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE',
  git: 'C:\\Program Files\\Git\\cmd\\git.exe',
  python: 'C:\\Program Files\\Python311\\python.exe',
  code: 'C:\\Program Files\\Microsoft VS Code\\Code.exe',
  sevenZip: 'C:\\Program Files\\7-Zip\\7z.exe',
  rar: 'C:\\Program Files\\WinRAR\\Rar.exe',
  psexec: 'C:\\Tools\\SysinternalsSuite\\PsExec64.exe',
  procdump: 'C:\\Tools\\SysinternalsSuite\\procdump64.exe',
  psexesvc: 'C:\\Windows\\PSEXESVC.exe',
  oneDriveUpdater: 'C:\\Program Files\\Microsoft OneDrive\\OneDriveStandaloneUpdater.exe',
} as const;

/** Per-user images under the profile folder. */
export function teamsUpdate(user: string): string {
  return `C:\\Users\\${user}\\AppData\\Local\\Microsoft\\Teams\\Update.exe`;
}
export function teams(user: string): string {
  return `C:\\Users\\${user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe`;
}

/** Base name of a Windows path (`C:\\x\\y.exe` → `y.exe`). */
export function baseName(p: string): string {
  return p.slice(p.lastIndexOf('\\') + 1);
}
