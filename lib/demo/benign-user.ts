/** Benign activity of the interactive user of a workstation (follows the working-day rhythm). */
import { CLOUD_IPS, MS_IPS, WEB_IPS } from './addresses';
import { WORDS, type GenCtx, isoDay } from './context';
import { BENIGN as B, netConnect, procCreate, regEvent, spawn, type Proc } from './events';
import { IMG, teams, teamsUpdate } from './images';
import { chromeOf, explorerOf, outlookOf } from './parents';
import { domainUser, userSid, type Host } from './world';

type Activity = (c: GenCtx, h: Host, t: number) => void;

const DOC_EXT = ['.docx', '.docx', '.xlsx', '.pdf', '.docm', '.xlsm'];

function docName(c: GenCtx): string {
  return `${c.rng.choice(WORDS)}_${c.rng.int(100, 9999)}${c.rng.choice(DOC_EXT)}`;
}

function recentDoc(c: GenCtx, h: Host, t: number, name: string): void {
  const ext = name.slice(name.lastIndexOf('.'));
  const key = `HKU\\${userSid(h.user)}\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\RecentDocs\\${ext}\\${c.rng.int(0, 40)}`;
  c.out.push(regEvent(t + 800, explorerOf(h, h.user, t), 13, key, 'Binary Data', B));
}

const browse: Activity = (c, h, t) => {
  const main = chromeOf(h, h.user, t);
  let proc = main;
  if (c.rng.bool(0.35)) {
    const r = c.rng;
    proc = spawn(r, h, domainUser(h.user), IMG.chrome, `"${IMG.chrome}" --type=renderer --field-trial-handle=${r.int(1000, 9999)},i,${r.int(1e15, 9e15)} --lang=en-US --renderer-client-id=${r.int(5, 400)} --launch-time-ticks=${r.int(1e9, 9e10)} /prefetch:1`);
    c.out.push(procCreate(t, proc, main, B));
  }
  for (let i = c.rng.int(1, 3); i > 0; i--) c.out.push(netConnect(t + i * c.rng.int(50, 4000), main, c.rng.choice(WEB_IPS), c.rng.bool(0.9) ? 443 : 80, c.rng.bool(0.2) ? 'udp' : 'tcp', B));
};

const mail: Activity = (c, h, t) => {
  const ol = outlookOf(h, h.user, t);
  c.out.push(netConnect(t, ol, c.rng.choice(MS_IPS), 443, 'tcp', B));
  if (c.rng.bool(0.15)) {
    const name = docName(c);
    const app = /\.xls/.test(name) ? IMG.excel : IMG.winword;
    const doc = spawn(c.rng, h, domainUser(h.user), app, `"${app}" /n "C:\\Users\\${h.user}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\${c.rng.hex(8).toUpperCase()}\\${name}" /o ""`);
    c.out.push(procCreate(t + 1500, doc, ol, B));
    recentDoc(c, h, t + 1600, name);
  }
};

const office: Activity = (c, h, t) => {
  const name = docName(c);
  const app = /\.xls/.test(name) ? IMG.excel : IMG.winword;
  const ex = explorerOf(h, h.user, t);
  const path = c.rng.bool(0.5) ? `\\\\FS01\\Shared\\${c.rng.choice(['Finance', 'HR', 'Projects', 'Sales'])}\\${name}` : `C:\\Users\\${h.user}\\Documents\\${name}`;
  c.out.push(procCreate(t, spawn(c.rng, h, domainUser(h.user), app, `"${app}" /n "${path}"`), ex, B));
  if (path.startsWith('\\\\')) c.out.push(netConnect(t + 200, ex, c.world.fs.ip, 445, 'tcp', B));
  recentDoc(c, h, t, name);
};

const chat: Activity = (c, h, t) => {
  const ex = explorerOf(h, h.user, t);
  if (c.rng.bool(0.12)) {
    const up = spawn(c.rng, h, domainUser(h.user), teamsUpdate(h.user), `"${teamsUpdate(h.user)}" --processStart "Teams.exe"${c.rng.bool(0.5) ? ' --process-start-args "--system-initiated"' : ''}`);
    c.out.push(procCreate(t, up, ex, B));
    c.out.push(netConnect(t + 900, up, c.rng.choice(MS_IPS), 443, 'tcp', B));
    const run = `HKU\\${userSid(h.user)}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\com.squirrel.Teams.Teams`;
    c.out.push(regEvent(t + 1200, up, 13, run, `${teamsUpdate(h.user)} --processStart "Teams.exe" --process-start-args "--system-initiated"`, B));
    return;
  }
  const tm: Proc = { ...ex, image: teams(h.user), cmd: `"${teams(h.user)}"`, guid: ex.guid.replace(/^\{../, '{7E'), pid: ex.pid + 4 };
  const udp = c.rng.bool(0.3);
  c.out.push(netConnect(t, tm, c.rng.choice(MS_IPS), udp ? c.rng.int(3478, 3481) : 443, udp ? 'udp' : 'tcp', B));
};

const dev: Activity = (c, h, t) => {
  const r = c.rng;
  const u = domainUser(h.user);
  const ex = explorerOf(h, h.user, t);
  const shell = spawn(r, h, u, r.bool(0.5) ? IMG.powershell : IMG.cmd, r.bool(0.5) ? `"${IMG.powershell}" ` : `"${IMG.cmd}" `);
  if (r.bool(0.2)) c.out.push(procCreate(t - 5000, shell, ex, B));
  const kind = r.weighted(['git', 'python', 'curl', 'code'], [5, 3, 1.5, 1]);
  let p: Proc;
  if (kind === 'git') {
    const sub = r.choice(['fetch origin', 'status', 'pull --rebase', `commit -m "fix: ${r.choice(WORDS)} ${r.int(1, 999)}"`, `push origin feature/${r.choice(WORDS)}-${r.int(1, 300)}`, `checkout -b bug/${r.int(1000, 9999)}`]);
    p = spawn(r, h, u, IMG.git, `git ${sub}`);
    c.out.push(procCreate(t, p, shell, B));
    if (/fetch|pull|push/.test(sub)) c.out.push(netConnect(t + 300, p, r.choice(WEB_IPS.slice(-12)), r.bool(0.7) ? 443 : 22, 'tcp', B));
  } else if (kind === 'python') {
    const cmd = r.choice([`python.exe -m pip install ${r.choice(['requests', 'pandas', 'numpy', 'pyyaml', 'boto3'])}==${r.int(1, 3)}.${r.int(0, 30)}.${r.int(0, 9)}`, 'python.exe manage.py runserver 0.0.0.0:8000', `python.exe C:\\Users\\${h.user}\\src\\etl\\run.py --date ${isoDay(t)}`, `python.exe -m pytest -q tests\\test_${r.choice(WORDS)}.py`]);
    p = spawn(r, h, u, IMG.python, cmd);
    c.out.push(procCreate(t, p, shell, B));
    c.out.push(netConnect(t + 700, p, r.choice(CLOUD_IPS), r.bool(0.8) ? 443 : 8000, 'tcp', B));
  } else if (kind === 'curl') {
    p = spawn(r, h, u, IMG.curl, r.bool(0.5) ? `curl.exe -s -o NUL -w "%{http_code}" https://api.corp.local/health` : `curl.exe -L -o C:\\Users\\${h.user}\\Downloads\\${r.choice(['tool', 'sdk', 'release'])}-${r.int(1, 9)}.${r.int(0, 20)}.zip https://github.com/${r.choice(WORDS)}/releases/download/v${r.int(1, 9)}`);
    c.out.push(procCreate(t, p, shell, B));
    c.out.push(netConnect(t + 200, p, r.choice([...WEB_IPS.slice(-12), ...CLOUD_IPS]), 443, 'tcp', B));
  } else {
    p = spawn(r, h, u, IMG.code, `"${IMG.code}" C:\\Users\\${h.user}\\src\\${r.choice(WORDS)}`);
    c.out.push(procCreate(t, p, ex, B));
  }
};

/** Occasional utilities users run themselves (some overlap with what attackers run). */
const misc: Activity = (c, h, t) => {
  const r = c.rng;
  const u = domainUser(h.user);
  const ex = explorerOf(h, h.user, t);
  const d = `C:\\Users\\${h.user}\\Documents`;
  const [img, cmd] = r.weighted<[string, string]>(
    [
      [IMG.notepad, `"C:\\Windows\\system32\\NOTEPAD.EXE" C:\\Users\\${h.user}\\Desktop\\${r.choice(WORDS)}.txt`],
      [IMG.sevenZip, `"${IMG.sevenZip}" a -tzip "${d}\\${r.choice(WORDS)}_${r.int(1, 99)}.zip" "${d}\\${r.choice(WORDS)}\\*"`],
      [IMG.rar, `"${IMG.rar}" a -r "${d}\\archive_${isoDay(t)}.rar" "${d}\\${r.choice(WORDS)}"`],
      [IMG.ipconfig, r.choice(['ipconfig /all', 'ipconfig /flushdns', 'ipconfig'])],
      [IMG.whoami, r.choice(['whoami', 'whoami /groups', 'whoami /upn'])],
      [IMG.net, r.choice(['net use Z: \\\\FS01\\Shared /persistent:yes', 'net use', 'net time \\\\DC01'])],
      [IMG.certutil, `certutil -hashfile "C:\\Users\\${h.user}\\Downloads\\setup_${r.int(1, 50)}.exe" SHA256`],
      [IMG.rundll32, r.choice(['rundll32.exe shell32.dll,Control_RunDLL desk.cpl', 'rundll32.exe printui.dll,PrintUIEntry /il', 'rundll32.exe C:\\Windows\\System32\\shell32.dll,SHCreateLocalServerRunDll {9aa46009-3ce0-458a-a354-715610a075e6} -Embedding'])],
      [IMG.cmd, `"${IMG.cmd}" /c "C:\\Users\\${h.user}\\scripts\\${r.choice(['sync', 'backup', 'cleanup'])}.bat"`],
      [IMG.powershell, `"${IMG.powershell}" `],
    ],
    [3, 1.2, 0.8, 1.5, 0.5, 1.5, 0.4, 1, 0.8, 0.6],
  );
  c.out.push(procCreate(t, spawn(r, h, u, img, cmd), ex, B));
};

/** Weighted mix of workstation user activities; dev tooling only on developer hosts. */
export function userActivity(c: GenCtx, h: Host, t: number): void {
  const acts: Activity[] = [browse, mail, office, chat, misc, dev];
  const w = [10, 5, 2.5, 3, 1.6, h.dev ? 4 : 0];
  c.rng.weighted(acts, w)(c, h, t);
}
