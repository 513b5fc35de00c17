import type { Environment } from './types.js';

/** What specgate takes from the environment a CI system sets. */
export interface CiEnvironment {
  /**
   * A CI system runs specgate: `CI` is set to anything but `false`, `0` or empty. Its log keeps every
   * frame, so no live view is drawn there.
   */
  ci: boolean;
  /** GitHub Actions (`GITHUB_ACTIONS=true`): annotations on stdout and the step summary. */
  githubActions: boolean;
  /**
   * The parallel job this is, for `--shard auto`: `position` is `i/n` with `i` counted from 1 (as read:
   * not checked for range), `source` names the variables read, as `NAME=value, NAME=value`.
   */
  parallel?: { position: string; source: string };
}

/** Parallel-job variables by CI system, with what to add to the index to count from 1. */
const PARALLEL: Array<[index: string, total: string, offset: number]> = [
  ['CI_NODE_INDEX', 'CI_NODE_TOTAL', 0], // GitLab's `parallel`, 1-based
  ['BUILDKITE_PARALLEL_JOB', 'BUILDKITE_PARALLEL_JOB_COUNT', 1], // Buildkite's `parallelism`, 0-based
  ['CIRCLE_NODE_INDEX', 'CIRCLE_NODE_TOTAL', 1], // CircleCI's `parallelism`, 0-based
];

/**
 * Reads what specgate needs to know about the CI system it runs in, from `env` (default: `process.env`,
 * read at each call). The one place that knows CI variables.
 *
 * Hand-written rather than `ci-info`: that package reads `process.env` once, when it is loaded, so it
 * cannot take an injected environment (tests pass one, and must pass under `CI=true`); it counts `CI=0` as
 * CI, where specgate documents `CI=0` and `CI=false` as "not CI"; and it knows nothing of parallel jobs,
 * which is what `--shard auto` needs.
 */
export function detectCi(env: Environment = process.env): CiEnvironment {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  const result: CiEnvironment = { ci, githubActions: env.GITHUB_ACTIONS === 'true' };
  for (const [indexVar, totalVar, offset] of PARALLEL) {
    const index = env[indexVar];
    const total = env[totalVar];
    if (index !== undefined && total !== undefined) {
      const source = `${indexVar}=${index}, ${totalVar}=${total}`;
      result.parallel = { position: `${Number(index) + offset}/${total}`, source };
      break;
    }
  }
  return result;
}
