/**
 * The entry of a job's own Node process (spawn.ts forks it): it receives `{ job, dir }` over IPC, runs
 * the job, sends back `{ ok, result | error }` and exits. When its parent dies (kill -9 of a worker)
 * the IPC channel closes and it exits at once, so no orphan keeps writing; the run layer then reads
 * the job's folder as interrupted.
 */
import { runJob, type Job } from './jobs';

process.on('disconnect', () => process.exit(70));
process.once('message', (msg: { job: Job; dir: string }) => {
  runJob(msg.job, msg.dir, (line) => console.log(line)).then(
    (result) => process.send!({ ok: true, result }, () => process.exit(0)),
    (err: Error) => process.send!({ ok: false, error: err.message || String(err) }, () => process.exit(0)),
  );
});
