import * as Flags from '@oclif/core/flags';

/** `--target`, shared by every command that takes a queue. */
export const targetFlag = {
  target: Flags.string({
    char: 't',
    description: 'Branch the changes merge into (default: config `target`, else main).',
  }),
};

/** The flags of the commands that run jobs (`check`, `gate`). */
export const runFlags = {
  ...targetFlag,
  jobs: Flags.string({
    description: 'Run only these jobs (comma-separated names).',
    delimiter: ',',
    multiple: true,
  }),
  concurrency: Flags.integer({
    char: 'j',
    min: 1,
    description: 'Most jobs running at once, in total (default: number of CPUs).',
  }),
  keep: Flags.boolean({
    description: 'Keep the state directories and print where they are.',
    default: false,
  }),
  'work-dir': Flags.directory({
    description: 'Put state directories here (default: a fresh temporary directory).',
  }),
  cache: Flags.boolean({
    description:
      'Take job results from the result cache (git notes under refs/notes/specgate). --no-cache runs every job; results are still kept.',
    default: true,
    allowNo: true,
  }),
  shard: Flags.string({
    description:
      'Run only shard i of n of the work and print a partial result (with --json) for `specgate report merge`; `auto` reads GitLab, Buildkite or CircleCI parallelism.',
    helpValue: 'i/n|auto',
  }),
  junit: Flags.string({
    description: 'Also write a JUnit XML report of every job to this file (checked writable before the run).',
    helpValue: 'FILE',
  }),
  html: Flags.string({
    description:
      'Also write a picture of the run to this file: one self-contained HTML page with the queue, every state and its builds on a time axis, resets, results and links to the logs (checked writable before the run).',
    helpValue: 'FILE',
  }),
};
