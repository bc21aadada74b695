/**
 * The main job: `npm start [-- --preset smoke] [--epochs 5] …` = the GRU-SAE pipeline (all five stages)
 * with the default preset on the synthetic demo Sysmon log (generated on first use), ending with the
 * path of its report. Takes every flag of `npm run pipeline`.
 */
import { runCli } from './pipeline';

runCli(process.argv.slice(2), 'start');
