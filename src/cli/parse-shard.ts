import { UserError } from '../errors/specgate-error.js';
import { detectCi } from '../report/detect-ci.js';
import type { Shard } from '../workflows/run-shard.js';

/**
 * Parses `--shard`: `i/n` (1 ≤ i ≤ n), or `auto`, which reads the parallel job's place from the CI
 * system, as `detectCi` finds it: GitLab's `parallel` (CI_NODE_INDEX/CI_NODE_TOTAL, 1-based), Buildkite's
 * `parallelism` (BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT, 0-based) or CircleCI's
 * (CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL, 0-based).
 */
export function parseShard(value: string, env: NodeJS.ProcessEnv = process.env): Shard {
  if (value === 'auto') {
    const { parallel } = detectCi(env);
    if (parallel) return check(parallel.position, `--shard auto (${parallel.source})`);
    throw new UserError(
      'BAD_USAGE',
      '--shard auto: no parallel CI job found (CI_NODE_INDEX/CI_NODE_TOTAL, BUILDKITE_PARALLEL_JOB/BUILDKITE_PARALLEL_JOB_COUNT or CIRCLE_NODE_INDEX/CIRCLE_NODE_TOTAL)',
    );
  }
  return check(value, `--shard ${value}`);
}

function check(value: string, culprit: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const total = match ? Number(match[2]) : NaN;
  if (!(total >= 1 && index >= 1 && index <= total)) {
    throw new UserError('BAD_USAGE', `${culprit}: expected i/n with 1 ≤ i ≤ n, such as 1/3`);
  }
  return { index, total };
}
