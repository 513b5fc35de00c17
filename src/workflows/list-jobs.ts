import type { JobChoice, JobListing, Mode } from '../core/types.js';
import { openRun, type QueueOptions } from './open-run.js';

/**
 * Lists, for each change of the queue, every configured job with "runs" or the reason it would not: not
 * in this pipeline, or left out by `--jobs`.
 */
export async function listJobs(options: QueueOptions & { mode: Mode; only?: string[] }): Promise<JobListing> {
  const { config, queue } = await openRun(options);
  const pipeline = new Set(config.pipelines[options.mode]);
  const choose = (name: string): JobChoice => {
    if (!pipeline.has(name)) return { name, runs: false, reason: `not in the ${options.mode} pipeline` };
    if (options.only && !options.only.includes(name)) return { name, runs: false, reason: 'not chosen by --jobs' };
    return { name, runs: true, reason: `in the ${options.mode} pipeline` };
  };
  const changes = queue.queue
    .filter((change) => options.mode === 'gate' || !change.pulledIn)
    .map((change) => ({ id: change.id, sha: change.sha, jobs: config.jobs.map((job) => choose(job.name)) }));
  return { mode: options.mode, target: queue.target, changes };
}
