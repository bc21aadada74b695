// The nightly regression end to end: real tslab kernels (about 5–15 s each) run a fixture notebook
// whose tracked values come from environment variables, so a test can move them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fromRoot, REPO_ROOT } from '../lib/io/paths';
import { parseBaseline } from '../lib/notebook/baseline';

const NB = fromRoot('test', 'fixtures', 'notebooks', 'tracked.ipynb');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqsentry-nbreg-'));
test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const FIXTURE_ENV = ['SEQSENTRY_TEST_AUC', 'SEQSENTRY_TEST_WINDOWS', 'SEQSENTRY_TEST_DROP', 'SEQSENTRY_TEST_EXTRA'];

/** Run the notebooks CLI with the fixture's knobs in `vars` (others unset); stdout and stderr together. */
function cli(vars: Record<string, string>, ...args: string[]): { code: number | null; out: string } {
  const env = { ...process.env, ...vars };
  for (const k of FIXTURE_ENV) if (!(k in vars)) delete env[k];
  delete env.SEQSENTRY_PRESET;
  const r = spawnSync(process.execPath, ['--import', 'tsx', fromRoot('cli', 'notebooks.ts'), ...args], {
    cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000, env,
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test('--update-baseline then --check round-trips; a moved metric, a halved count and a missing key fail, named; a new key warns', () => {
  const baseline = path.join(tmp, 'baseline.json');
  const history = path.join(tmp, 'history');
  const common = ['--preset', 'smoke', '--out-dir', path.join(tmp, 'out'), '--baseline', baseline];

  const made = cli({}, ...common, '--update-baseline', NB);
  assert.equal(made.code, 0, made.out);
  assert.match(made.out, /updated .*baseline\.json:\n {2}no tracked value changed \(timings aside\)\n {2}tracked\.ipynb: added \(\d+ values\)/);
  const b = parseBaseline(fs.readFileSync(baseline, 'utf8'), baseline);
  assert.equal(b.preset, 'smoke');
  const values = b.notebooks['tracked.ipynb'].values;
  assert.equal(values['demo.test.roc_auc'], 0.95, 'from metrics.json of the run folder');
  assert.equal(values['count.windows_scored'], 1000);
  assert.equal(values['demo.nan'], null);
  assert.equal('demo.test.note' in values, false, 'non-numbers are not tracked');
  assert.ok((values['seconds.total'] ?? 0) > 0 && (values['seconds.cell.2'] ?? -1) >= 0, 'the executor adds its timings');
  assert.equal(b.notebooks['tracked.ipynb'].context.config_hash, 'sha256:test');
  const record = JSON.parse(fs.readFileSync(path.join(tmp, 'out', 'tracked.tracked.json'), 'utf8'));
  assert.deepEqual(record.values, values, 'the record beside the executed copy is what went into the baseline');
  const executed = JSON.parse(fs.readFileSync(path.join(tmp, 'out', 'tracked.ipynb'), 'utf8'));
  const display = executed.cells[2].outputs[0];
  assert.equal(display.output_type, 'display_data');
  assert.equal(display.data['application/vnd.seqsentry.tracked+json'].values['demo.test.roc_auc'], 0.95, 'kept as an ordinary display output');

  const same = cli({}, ...common, '--check', '--history', history, NB);
  assert.equal(same.code, 0, same.out);
  assert.match(same.out, /check against .*baseline\.json:[\s\S]*→ passed/);

  const moved = cli({ SEQSENTRY_TEST_AUC: '0.9', SEQSENTRY_TEST_WINDOWS: '500', SEQSENTRY_TEST_DROP: '1', SEQSENTRY_TEST_EXTRA: 'demo.test.new' }, ...common, '--check', '--history', history, NB);
  assert.equal(moved.code, 1, moved.out);
  assert.match(moved.out, /notebook\s+key\s+baseline\s+now\s+change\s+tolerance\s+status/);
  assert.match(moved.out, /tracked\.ipynb\s+demo\.test\.roc_auc\s+0\.95\s+0\.9\s+-0\.05 \(-5\.26%\)\s+±0\.04\s+FAIL/);
  assert.match(moved.out, /tracked\.ipynb\s+count\.windows_scored\s+1000\s+500\s+-500 \(-50%\)\s+±1%\s+FAIL/);
  assert.match(moved.out, /tracked\.ipynb\s+demo\.toy\s+0\.25\s+—\s+±0\.04\s+MISSING \(fails\)/);
  assert.match(moved.out, /tracked\.ipynb\s+demo\.test\.new\s+—\s+0\.5\s+±0\.04\s+new \(warns\)/);
  assert.match(moved.out, /→ FAILED/);
  assert.match(moved.out, /1 notebook\(s\): 1 ok, 0 not ok/, 'the notebook itself ran fine: the check is what fails');
  const page = fs.readFileSync(path.join(tmp, 'out', 'summary.html'), 'utf8');
  assert.match(page, /check FAILED/);
  assert.match(page, /<title>2 run\(s\): 0\.95, 0\.9<\/title>/, 'the sparkline holds the earlier run from --history and this one');
  assert.equal(fs.readdirSync(history).length, 2);

  const updated = cli({ SEQSENTRY_TEST_AUC: '0.9' }, ...common, '--update-baseline', NB);
  assert.equal(updated.code, 0, updated.out);
  assert.match(updated.out, /tracked\.ipynb\s+demo\.test\.roc_auc\s+0\.95\s+0\.9\s+-0\.05/, 'says what changed');
  const again = cli({ SEQSENTRY_TEST_AUC: '0.9', SEQSENTRY_TEST_EXTRA: 'demo.test.new' }, ...common, '--check', NB);
  assert.equal(again.code, 0, again.out);
  assert.match(again.out, /demo\.test\.new\s+—\s+0\.5\s+±0\.04\s+new \(warns\)/);
  assert.match(again.out, /→ passed/);
});

test('bad regression arguments exit 2 naming the flag, before any kernel starts; --help documents the flags', () => {
  const file = path.join(tmp, 'a-file');
  fs.writeFileSync(file, 'x');
  const badJson = path.join(tmp, 'bad-baseline.json');
  fs.writeFileSync(badJson, '{');
  const otherPreset = path.join(tmp, 'default-baseline.json');
  fs.writeFileSync(otherPreset, JSON.stringify({ format: 1, preset: 'default', tolerances: [], notebooks: {} }));
  const out = ['--preset', 'smoke', '--out-dir', path.join(tmp, 'never')];
  const cases: Array<[string[], RegExp]> = [
    [['--check', '--update-baseline'], /--check and --update-baseline cannot be used together/],
    [['--history', file], /--history .*a-file is an existing file/],
    [['--history'], /option --history needs a value/],
    [['--baseline', otherPreset], /--baseline needs --check or --update-baseline/],
    [['--check', '--baseline', path.join(tmp, 'missing.json')], /--check: no baseline at .*missing\.json for preset "smoke"; make it with `SEQSENTRY_PRESET=smoke npm run notebooks -- --update-baseline`/],
    [['--check', '--baseline', badJson], /--baseline .*bad-baseline\.json: .*invalid JSON/],
    [['--update-baseline', '--baseline', badJson], /invalid JSON.*\(fix it, or remove it to start afresh\)/],
    [['--check', '--baseline', otherPreset], /--baseline .*default-baseline\.json holds preset "default" but this run uses preset "smoke"/],
    [['--check', '--baseline', tmp], /--baseline .*is not a file/],
    [['--update-baseline=yes'], /option --update-baseline takes no value/],
    [['--check=1'], /option --check takes no value/],
  ];
  for (const [args, want] of cases) {
    const t = Date.now();
    const r = cli({}, ...out, NB, ...args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.out}`);
    assert.match(r.out, want);
    assert.doesNotMatch(r.out, /▶/, 'no notebook was started');
    assert.ok(Date.now() - t < 20_000);
  }
  assert.equal(fs.existsSync(path.join(tmp, 'never')), false);
  const help = cli({}, '--help');
  assert.equal(help.code, 0);
  for (const flag of ['--check', '--update-baseline', '--baseline FILE', '--history DIR']) assert.ok(help.out.includes(flag), flag);
});
