import path from 'node:path';
import type { SpecgateConfig } from '../config/types.js';
import { validateConfig } from '../config/validate-config.js';
import { chooseJobs } from '../core/jobs/choose-jobs.js';
import type { JobChoice, JobListing, Mode } from '../core/types.js';
import type { ConfigAdapter } from './adapters.js';
import { openRun, type QueueOptions } from './open-run.js';
import { scopeChange } from './scope-change.js';
import { selectPipelineJobs } from './select-pipeline-jobs.js';

/**
 * Lists, for each change of the queue, the files it touches and every configured job (abstract ones
 * too) with "runs" or the reason it would not: abstract, not in this pipeline, left out by `--jobs`, a
 * file matcher (naming the pattern and the file), or a skipped hard dependency. Jobs that run say why
 * when a matcher or a configuration change decided it. The rules are `chooseJobs`'s, applied to the
 * files between the change's merge base with the target and its tip, as `check` and `gate` apply them.
 * An unknown `--jobs` name is a user error, as for `check` and `gate`.
 */
export async function listJobs(options: QueueOptions & { mode: Mode; only?: string[] }): Promise<JobListing> {
  const { repository, config, queue } = await openRun(options);
  const pipeline = new Set(config.pipelines[options.mode]);
  const selected = selectPipelineJobs({
    jobs: config.jobs,
    pipeline: config.pipelines[options.mode],
    only: options.only,
  });
  const declared = await declaredJobs(options.adapters.config, options.cwd, config);

  const changes: JobListing['changes'] = [];
  for (const change of queue.queue) {
    if (options.mode === 'check' && change.pulledIn) continue;
    const { files, configChangedJobs } = await scopeChange({
      repository,
      config,
      targetSha: queue.target.sha,
      change,
    });
    const { reasons, run } = chooseJobs({
      jobs: selected,
      changedFiles: files,
      configChangedJobs,
      compileGlob: options.adapters.jobs.compileGlob,
    });
    const runs = new Set(run.map((job) => job.name));
    const choose = ({ name, abstract }: { name: string; abstract: boolean }): JobChoice => {
      if (abstract) return { name, runs: false, reason: 'abstract: only inherited from, never run' };
      if (!pipeline.has(name)) return { name, runs: false, reason: `not in the ${options.mode} pipeline` };
      if (options.only && !options.only.includes(name))
        return { name, runs: false, reason: 'not chosen by --jobs' };
      return { name, runs: runs.has(name), reason: reasons.get(name) ?? `in the ${options.mode} pipeline` };
    };
    changes.push({ id: change.id, sha: change.sha, files, jobs: declared.map(choose) });
  }
  await repository.close();
  return { mode: options.mode, target: queue.target, changes };
}

/**
 * Every job of the configuration file in declaration order, abstract ones too (the normalised config
 * keeps only concrete jobs); the concrete jobs alone when the raw file cannot be read again.
 */
async function declaredJobs(
  configs: ConfigAdapter,
  cwd: string,
  config: SpecgateConfig,
): Promise<Array<{ name: string; abstract: boolean }>> {
  const concrete = config.jobs.map((job) => ({ name: job.name, abstract: false }));
  if (config.filepath === undefined) return concrete;
  const raw = await configs
    .loadFile({ cwd, stopDir: path.dirname(config.filepath), file: config.filepath })
    .catch(() => undefined);
  const jobs = raw && validateConfig(raw.config).config?.jobs;
  if (typeof jobs !== 'object' || jobs === null) return concrete;
  const names = new Set(config.jobs.map((job) => job.name));
  const all = Object.entries(jobs).map(([name, job]) => ({
    name,
    abstract: !names.has(name) && job?.abstract === true,
  }));
  // A concrete job the raw file does not name would be a bug elsewhere; never hide a job.
  return all.every(({ name, abstract }) => abstract || names.has(name)) &&
    concrete.every(({ name }) => jobs[name] !== undefined)
    ? all
    : concrete;
}
