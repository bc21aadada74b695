/**
 * The flat metric record for scores from any tool: npm run metrics -- --input scores.csv [options]; see USAGE.
 * Thresholds are fitted on --val (same columns) only, or given by --threshold (metrics `…@fixed`);
 * without either, threshold metrics are left out.
 */
import { metricsRecord, prefixRecord } from '../lib/eval';
import { loadScoresCsv, type ScoreColumns } from '../lib/io/scores';
import { asUsage, UsageError } from '../lib/run';
import { parseCli, runCliMain } from '../lib/run/cli';

const USAGE = `usage: npm run metrics -- --input scores.csv [options]

Prints the flat metric record (JSON) of labelled scores from any tool: ROC-AUC, AP, VUS-PR, event
metrics, … beside a seeded random-score control.

options:
  --input FILE              CSV with a header: a 0/1 label column and a score column (higher = more anomalous)
  --label-col NAME          default label       --score-col NAME    default score
  --time-col NAME           optional timestamps (epoch numbers or ISO-8601 dates); --time-unit ms|s for numbers
  --budget 0.04[,0.01]      alert budgets (shares in (0, 1]) for event metrics
  --val FILE                labelled validation scores (same columns): thresholds fitted on them only
  --threshold T             a fixed threshold (metrics keyed …@fixed)
  --prefix P                key prefix, e.g. gru_sae.test
  --vus-window N            VUS maximum window (default 100)
  --seed N                  seed of the random control (default 0)
  -h, --help
exit codes: 0 ok, 2 bad arguments or input (the message names the flag, file, row and column)`;

/** Flag templates: each value's type is what the flag takes (parseCli types values by them). */
const FLAGS = { input: '', val: '', label_col: 'label', score_col: 'score', time_col: '', time_unit: 'ms', budget: [0.04], threshold: 0, prefix: '', vus_window: 100, seed: 0 };

async function main(argv: string[]): Promise<void> {
  const args = parseCli(argv, FLAGS, { name: 'metrics' });
  if (args.help) return console.log(USAGE);
  const a = args.overrides as Partial<typeof FLAGS>;
  const record = asUsage(() => {
    if (!a.input) throw new UsageError('--input scores.csv is required');
    if (a.time_unit !== undefined && a.time_unit !== 'ms' && a.time_unit !== 's') throw new UsageError(`--time-unit must be ms or s, got "${a.time_unit}"`);
    if (a.budget && !a.budget.every((v) => v > 0 && v <= 1)) throw new UsageError(`--budget takes shares in (0, 1], e.g. 0.04 or 0.01,0.04; got "${a.budget.join(',')}"`);
    if (a.vus_window !== undefined && !(Number.isInteger(a.vus_window) && a.vus_window >= 0)) throw new UsageError(`--vus-window must be an integer ≥ 0, got ${a.vus_window}`);
    if (a.seed !== undefined && !Number.isInteger(a.seed)) throw new UsageError(`--seed must be an integer, got ${a.seed}`);
    const cols: ScoreColumns = { labelCol: a.label_col, scoreCol: a.score_col, timeCol: a.time_col || undefined, timeUnit: a.time_unit as 'ms' | 's' | undefined };
    const test = loadScoresCsv(a.input, cols);
    const val = a.val ? loadScoresCsv(a.val, { ...cols, timeCol: undefined }) : undefined;
    return metricsRecord(test.labels, test.scores, {
      timestampsMs: test.timestampsMs,
      val,
      ...(a.budget ? { budgets: a.budget } : {}),
      ...(a.vus_window !== undefined ? { vusMaxWindow: a.vus_window } : {}),
      ...(a.seed !== undefined ? { randomSeed: a.seed } : {}),
      ...(a.threshold !== undefined ? { thresholds: { fixed: a.threshold } } : {}),
    });
  });
  console.log(JSON.stringify(a.prefix ? prefixRecord(record, a.prefix) : record, null, 2));
}

runCliMain('metrics', () => main(process.argv.slice(2)));
