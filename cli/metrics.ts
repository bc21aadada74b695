/**
 * The flat metric record for scores from any tool:
 *   npm run metrics -- --input scores.csv [--label-col label] [--score-col score] [--time-col ts]
 *                      [--time-unit ms|s] [--budget 0.04[,0.01]] [--val val.csv] [--threshold T]
 *                      [--prefix gru_sae.test] [--vus-window 100] [--seed 0]
 * Thresholds are fitted on --val (same columns) only, or given by --threshold (metrics `…@fixed`);
 * without either, threshold metrics are left out.
 */
import { metricsRecord, prefixRecord } from '../lib/eval';
import { loadScoresCsv, type ScoreColumns } from '../lib/io/scores';

const FLAGS = ['input', 'val', 'label-col', 'score-col', 'time-col', 'time-unit', 'budget', 'threshold', 'prefix', 'vus-window', 'seed'];

function parse(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2) as [string, string?];
    const name = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !FLAGS.includes(name)) throw new Error(`unknown argument ${flag} (options: ${FLAGS.map((f) => `--${f}`).join(' ')})`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`option --${name} needs a value`);
    out[name] = value;
  }
  if (!out.input) throw new Error('--input scores.csv is required');
  return out;
}

function numberList(raw: string, flag: string): number[] {
  const values = raw.split(',').map(Number);
  if (values.some((v) => !(v > 0 && v <= 1))) throw new Error(`--${flag} takes shares in (0, 1], e.g. 0.04 or 0.01,0.04; got "${raw}"`);
  return values;
}

function main(): void {
  const a = parse(process.argv.slice(2));
  if (a['time-unit'] && a['time-unit'] !== 'ms' && a['time-unit'] !== 's') throw new Error(`--time-unit must be ms or s, got "${a['time-unit']}"`);
  const cols: ScoreColumns = { labelCol: a['label-col'], scoreCol: a['score-col'], timeCol: a['time-col'], timeUnit: a['time-unit'] as 'ms' | 's' | undefined };
  const test = loadScoresCsv(a.input, cols);
  const val = a.val ? loadScoresCsv(a.val, { ...cols, timeCol: undefined }) : undefined;
  const record = metricsRecord(test.labels, test.scores, {
    timestampsMs: test.timestampsMs,
    val,
    ...(a.budget ? { budgets: numberList(a.budget, 'budget') } : {}),
    ...(a['vus-window'] ? { vusMaxWindow: Number(a['vus-window']) } : {}),
    ...(a.seed ? { randomSeed: Number(a.seed) } : {}),
    ...(a.threshold ? { thresholds: { fixed: Number(a.threshold) } } : {}),
  });
  console.log(JSON.stringify(a.prefix ? prefixRecord(record, a.prefix) : record, null, 2));
}

try {
  main();
} catch (err) {
  console.error(`metrics: ${(err as Error).message}`);
  process.exit(2);
}
